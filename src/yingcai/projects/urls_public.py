from django.urls import path

from .views import project, public

app_name = "projects"

# Public pages: the list and search of projects and of demands, a project's and a demand's
# page.
urlpatterns = [
    path("<int:pk>/", project.project, name="project"),
    path("", public.project_list, name="list"),
    # The project's page, "<int:pk>/" named "project", is the projects module's.
    path("demands/", public.demand_list, name="demands"),
    path("demands/<int:pk>/", public.demand_detail, name="demand"),
]
