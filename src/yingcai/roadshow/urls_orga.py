from django.urls import path

from .views import orga

app_name = "orga_roadshow"

# Organisers: sessions of a roadshow call, the selected projects placed in them.
urlpatterns = [
    path("", orga.calls, name="calls"),
    path("calls/<int:pk>/", orga.call, name="call"),
    path("calls/<int:pk>/sessions/new/", orga.create_session, name="create_session"),
    path("sessions/<int:pk>/", orga.session, name="session"),
    path("sessions/<int:pk>/edit/", orga.change_session, name="change_session"),
    path("sessions/<int:pk>/place/", orga.place, name="place"),
    path("pitches/<int:pk>/", orga.change_pitch, name="pitch"),
    path("pitches/<int:pk>/move/", orga.move, name="move"),
    path("pitches/<int:pk>/remove/", orga.remove, name="remove"),
]
