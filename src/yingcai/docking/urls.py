from django.urls import path

from .views import interests, outcomes

app_name = "docking"

# Interest, docking sessions, meeting requests, agendas and outcomes of a project team or an
# organisation.
urlpatterns = [
    # --- Interest and outcomes (views/interests.py, views/outcomes.py) ---
    path("interests/", interests.inbox, name="interests"),
    path("interests/<int:pk>/", interests.interest, name="interest"),
    path("interests/<int:pk>/answer/", interests.answer, name="answer"),
    path("interests/<int:pk>/withdraw/", interests.withdraw, name="withdraw"),
    path("interests/<int:pk>/share-plan/", interests.share_plan, name="share_plan"),
    path("projects/<int:project_pk>/interest/", interests.express_project, name="express_project"),
    path("demands/<int:demand_pk>/interest/", interests.express_demand, name="express_demand"),
    path("meetings/", outcomes.meetings, name="meetings"),
    path("seats/<int:pk>/attendance/", outcomes.attendance, name="attendance"),
    path("seats/<int:pk>/outcome/", outcomes.outcome, name="outcome"),
]
