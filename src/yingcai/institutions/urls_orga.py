from django.urls import path

from .views import orga as views

app_name = "orga_recruitment"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("new/", views.round_create, name="round_create"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("<int:pk>/steps/<slug:step>/", views.round_step, name="round_step"),
    path("posts/<int:pk>/reduce/", views.post_reduce, name="post_reduce"),
    path("posts/<int:pk>/cancel/", views.post_cancel, name="post_cancel"),
    path("objections/<int:pk>/", views.objection_handle, name="objection_handle"),
]
