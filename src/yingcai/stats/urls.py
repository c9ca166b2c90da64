from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("live/", views.live, name="live"),
]
