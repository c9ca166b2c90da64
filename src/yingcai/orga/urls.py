from django.urls import path

from . import views

app_name = "orga"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path(
        "organisations/<int:pk>/<slug:decision>/",
        views.organisation_decide,
        name="organisation_decide",
    ),
    path("messages/", views.message_queue, name="messages"),
    path("messages/<int:pk>/<slug:action>/", views.message_action, name="message_action"),
    path("reports/", views.report_queue, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
]
