from django.urls import path

from .views import review

app_name = "review"

# Reviewers: their assignments, scoring one entry per page, conflicts of interest.
urlpatterns = [
    path("", review.assignments, name="assignments"),
    path("assignments/<int:pk>/", review.score, name="score"),
    path("calls/<int:call_pk>/conflicts/", review.conflicts, name="conflicts"),
    path("calls/<int:call_pk>/conflicts/<int:entry_pk>/", review.declare, name="declare"),
    path("calls/<int:call_pk>/conflicts/withdraw/<int:pk>/", review.withdraw, name="withdraw"),
]
