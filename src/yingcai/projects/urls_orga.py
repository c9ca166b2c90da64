from django.urls import path  # noqa: F401

app_name = "orga_projects"

# Organisers: the verification queue of projects and the approval queue of demands.
urlpatterns = []
