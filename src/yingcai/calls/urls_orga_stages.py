from django.urls import path

from .views import orga_stages as views

app_name = "orga_stages"

# Organisers: a call's stages, each stage's rubric and advancement rules.
urlpatterns = [
    path("", views.stages, name="stages"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.change, name="change"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/rubric/", views.rubric, name="rubric"),
    path("<int:pk>/advancement/", views.advancement, name="advancement"),
]
