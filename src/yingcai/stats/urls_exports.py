from django.urls import path

from .views import exports as views

app_name = "stats_exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.export_list, name="mine"),
    path("mine/rows/", views.export_rows, name="rows"),
    path("mine/<int:pk>/download/", views.export_download, name="download"),
    path("<slug:key>.<slug:format>", views.figure_download, name="figure"),
]
