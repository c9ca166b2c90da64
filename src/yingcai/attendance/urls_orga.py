from django.urls import path

from .views import orga

app_name = "orga_attendance"

# The organisers' registrations: sessions and their counts, a session's registrations.
urlpatterns = [
    path("", orga.sessions, name="sessions"),
    path("sessions/<int:pk>/", orga.session, name="session"),
    path("attendances/<int:pk>/cancel/", orga.cancel, name="cancel"),
]
