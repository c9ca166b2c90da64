from django.urls import path

from .views import orga as views

app_name = "orga_jobs"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.review, name="review"),
]
