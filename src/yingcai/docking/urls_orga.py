from django.urls import path  # noqa: F401

app_name = "orga_docking"

# Organisers: docking sessions, scheduling, publishing, confirmation of agreements.
urlpatterns = []
