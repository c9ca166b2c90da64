from django.urls import path

from .views import orga_outcomes

app_name = "orga_docking"

# Organisers: docking sessions, scheduling, publishing, confirmation of agreements.
urlpatterns = [
    # --- Signed agreements to confirm (views/orga_outcomes.py) ---
    path("outcomes/", orga_outcomes.queue, name="outcomes"),
    path("outcomes/<int:pk>/confirm/", orga_outcomes.confirm, name="confirm_outcome"),
]
