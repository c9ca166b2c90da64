from django.urls import path

from .views import orga_outcomes, orga_sessions

app_name = "orga_docking"

# Organisers: docking sessions, scheduling, publishing, confirmation of agreements.
urlpatterns = []

# --- Docking sessions (views/orga_sessions.py) ------------------------------------------------
urlpatterns += [
    path("sessions/", orga_sessions.sessions, name="sessions"),
    path("sessions/new/", orga_sessions.create, name="create_session"),
    path("sessions/<int:pk>/", orga_sessions.session, name="session"),
    path("sessions/<int:pk>/edit/", orga_sessions.change, name="change_session"),
    path("sessions/<int:pk>/status/", orga_sessions.status, name="session_status"),
    path("sessions/<int:pk>/tables/", orga_sessions.tables, name="add_tables"),
    path("sessions/<int:pk>/table-plans.pdf", orga_sessions.table_plans, name="table_plans"),
    path("sessions/<int:pk>/<slug:action>/", orga_sessions.act, name="session_action"),
    path("meetings/<int:pk>/move/", orga_sessions.move, name="move_meeting"),
    path("requests/<int:pk>/place/", orga_sessions.place, name="place_request"),
]

urlpatterns += [
    # --- Signed agreements to confirm (views/orga_outcomes.py) ---
    path("outcomes/", orga_outcomes.queue, name="outcomes"),
    path("outcomes/<int:pk>/confirm/", orga_outcomes.confirm, name="confirm_outcome"),
]
