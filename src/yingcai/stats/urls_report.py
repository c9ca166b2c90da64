from django.urls import path

from .views import orga as views

app_name = "press_report"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_edit, name="edit"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path(
        "<int:pk>/download/<str:language>.<str:extension>",
        views.report_download,
        name="download",
    ),
]
