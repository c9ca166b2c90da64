from django.urls import path

from . import views_orga as views

app_name = "orga_organisations"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:decision>/", views.decide, name="decide"),
]
