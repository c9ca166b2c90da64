from django.urls import path

from .views import organisation as views

app_name = "org_demands"

# An organisation's project demands: post, edit, submit, close, Excel import and export.
urlpatterns = [
    path("", views.demands, name="list"),
    path("new/", views.demand_create, name="create"),
    path("template.xlsx", views.demands_template, name="template"),
    path("import/", views.demands_import, name="import"),
    path("export.xlsx", views.demands_export, name="export"),
    path("<int:pk>/", views.demand_detail, name="detail"),
    path("<int:pk>/edit/", views.demand_edit, name="edit"),
    path("<int:pk>/submit/", views.demand_submit, name="submit"),
    path("<int:pk>/close/", views.demand_close, name="close"),
]
