from django.urls import path

from .views import agenda, interests, outcomes, sessions

app_name = "docking"

# Interest, docking sessions, meeting requests, agendas and outcomes of a project team or an
# organisation.
urlpatterns = []

# --- Docking sessions, meeting requests, agendas (views/sessions.py, views/agenda.py) ---------
urlpatterns += [
    path("sessions/", sessions.sessions, name="sessions"),
    path("sessions/<int:pk>/", sessions.session, name="session"),
    path("sessions/<int:pk>/join/", sessions.join, name="join"),
    path("participants/<int:pk>/", sessions.participant, name="participant"),
    path("participants/<int:pk>/slots/", sessions.availability, name="availability"),
    path("participants/<int:pk>/request/", sessions.request_meeting, name="request_meeting"),
    path("participants/<int:pk>/withdraw/", sessions.withdraw, name="withdraw"),
    path("requests/<int:pk>/answer/", sessions.answer, name="answer_request"),
    path("requests/<int:pk>/cancel/", sessions.cancel_request, name="cancel_request"),
    path("participants/<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path("participants/<int:pk>/agenda.pdf", agenda.agenda_pdf, name="agenda_pdf"),
    path("participants/<int:pk>/feed/reset/", agenda.reset_feed, name="reset_feed"),
    path("feed/<str:token>.ics", agenda.feed, name="feed"),
    path("meetings/<int:pk>/cancel/", agenda.cancel_meeting, name="cancel_meeting"),
]

urlpatterns += [
    # --- Interest and outcomes (views/interests.py, views/outcomes.py) ---
    path("interests/", interests.inbox, name="interests"),
    path("interests/<int:pk>/", interests.interest, name="interest"),
    path("interests/<int:pk>/answer/", interests.answer, name="answer"),
    path("interests/<int:pk>/withdraw/", interests.withdraw, name="withdraw_interest"),
    path("interests/<int:pk>/share-plan/", interests.share_plan, name="share_plan"),
    path("projects/<int:project_pk>/interest/", interests.express_project, name="express_project"),
    path("demands/<int:demand_pk>/interest/", interests.express_demand, name="express_demand"),
    path("meetings/", outcomes.meetings, name="meetings"),
    path("seats/<int:pk>/attendance/", outcomes.attendance, name="attendance"),
    path("seats/<int:pk>/outcome/", outcomes.outcome, name="outcome"),
]
