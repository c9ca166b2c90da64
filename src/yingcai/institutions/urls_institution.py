"""/organisations/<org_pk>/recruitment/…: a public institution's posts, applicants, assessment."""

from django.urls import path

from .views import institution as views

app_name = "recruitment_institution"
urlpatterns = [
    path("", views.posts, name="posts"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:post_pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_pk>/ranking/", views.ranking, name="ranking"),
    path("posts/template.xlsx", views.posts_template, name="posts_template"),
    path("posts/import/", views.posts_import, name="posts_import"),
    path("posts/export.xlsx", views.posts_export, name="posts_export"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:application_pk>/", views.application, name="application"),
    path(
        "applications/<int:application_pk>/<slug:action>/",
        views.application_action,
        name="application_action",
    ),
    path("certificates/<int:certificate_pk>/", views.certificate, name="certificate"),
]
