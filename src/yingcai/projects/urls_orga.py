from django.urls import path

from .views import orga_demands

app_name = "orga_projects"

# Organisers: the verification queue of projects and the approval queue of demands.
urlpatterns = [
    path("demands/", orga_demands.queue, name="demands"),
    path("demands/<int:pk>/", orga_demands.review, name="demand_review"),
]
