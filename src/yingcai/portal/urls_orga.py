from django.urls import path

from . import views_orga as views

app_name = "orga_portal"
urlpatterns = [
    path("messages/", views.message_queue, name="messages"),
    path("messages/<int:pk>/<slug:action>/", views.message_action, name="message_action"),
    path("reports/", views.report_queue, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
]
