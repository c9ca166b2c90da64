from django.urls import path

from .views import orga_demands, orga_projects

app_name = "orga_projects"

# Organisers: the verification queue of projects and the approval queue of demands.
urlpatterns = [
    path("", orga_projects.queue, name="queue"),
    path("<int:pk>/", orga_projects.review, name="review"),
    path("demands/", orga_demands.queue, name="demands"),
    path("demands/<int:pk>/", orga_demands.review, name="demand_review"),
]
