from django.urls import path

from .views import project

app_name = "projects"

# Public pages: the list and search of projects and of demands, a project's and a demand's
# page.
urlpatterns = [
    path("<int:pk>/", project.project, name="project"),
]
