from django.urls import path

from .views import public as views

app_name = "stats"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("live/", views.live, name="live"),
]
