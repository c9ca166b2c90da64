from django.urls import path

from .views import orga as views

app_name = "orga_stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("live/", views.dashboard_live, name="live"),
    path("refresh/", views.refresh, name="refresh"),
]
