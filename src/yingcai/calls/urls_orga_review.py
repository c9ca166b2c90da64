from django.urls import path

from .views import orga_review

app_name = "orga_review"

# Organisers, mounted at orga/calls/<call_pk>/review/: the pool, the stages' assignment.
urlpatterns = [
    path("", orga_review.index, name="index"),
    path("reviewers/", orga_review.reviewers, name="reviewers"),
    path("reviewers/<int:pk>/", orga_review.reviewer, name="reviewer"),
    path("reviewers/<int:pk>/deactivate/", orga_review.deactivate, name="deactivate"),
    path("stages/<int:stage_pk>/", orga_review.stage, name="stage"),
    path("stages/<int:stage_pk>/do/<slug:action>/", orga_review.act, name="act"),
    path("stages/<int:stage_pk>/entries/<int:entry_pk>/", orga_review.entry, name="entry"),
    path("assignments/<int:pk>/remove/", orga_review.remove, name="remove"),
]
