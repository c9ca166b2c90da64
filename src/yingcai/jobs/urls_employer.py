from django.urls import path

from .views import employer as views

app_name = "employer"
urlpatterns = [
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/new/", views.job_create, name="job_create"),
    path("jobs/template.xlsx", views.jobs_template, name="jobs_template"),
    path("jobs/import/", views.jobs_import, name="jobs_import"),
    path("jobs/export.xlsx", views.jobs_export, name="jobs_export"),
    path("jobs/<int:job_pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_pk>/edit/", views.job_edit, name="job_edit"),
    path("jobs/<int:job_pk>/submit/", views.job_submit, name="job_submit"),
    path("jobs/<int:job_pk>/close/", views.job_close, name="job_close"),
    path("jobs/<int:job_pk>/applicants/", views.applicants, name="applicants"),
    path("applicants/export.xlsx", views.applicants_export, name="applicants_export"),
    path("applications/<int:application_pk>/", views.application, name="application"),
    path(
        "applications/<int:application_pk>/<slug:action>/",
        views.application_action,
        name="application_action",
    ),
    path("stages/", views.stages, name="stages"),
]
