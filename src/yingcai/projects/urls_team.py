from django.urls import path  # noqa: F401

app_name = "project_team"

# A talent's own projects: register, edit, team, business plan, sharing.
urlpatterns = []
