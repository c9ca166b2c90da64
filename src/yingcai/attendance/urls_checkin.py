"""The gates (mounted at /check-in/): the staff phone's check-in page and its sync, the
organisers' live counters, gates and badges."""

from django.urls import path

from .views import checkin

app_name = "checkin"

urlpatterns = [
    path("", checkin.start, name="start"),
    path("counters/", checkin.counters, name="counters"),
    path("counters/rows/", checkin.counters_rows, name="counters_rows"),
    path("gates/", checkin.gates, name="gates"),
    path("gates/<int:gate_pk>/remove/", checkin.remove_gate, name="remove_gate"),
    path("badges/guests.pdf", checkin.guest_badges, name="guest_badges"),
    path("badges/<int:session_pk>.pdf", checkin.participant_badges, name="participant_badges"),
    path("<int:session_pk>/revoked/", checkin.revoked, name="revoked"),
    path("<int:session_pk>/<int:gate_pk>/", checkin.scan, name="scan"),
    path("<int:session_pk>/<int:gate_pk>/sync/", checkin.sync, name="sync"),
]
