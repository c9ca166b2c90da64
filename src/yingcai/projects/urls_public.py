from django.urls import path  # noqa: F401

app_name = "projects"

# Public pages: the list and search of projects and of demands, a project's and a demand's
# page.
urlpatterns = []
