"""The stored recommendations' pages, under the team's and the organisation's prefixes.

Mounted at the site's root (`path("", include(...))` in yingcai/urls.py): the two pages
live beside a project's team pages and a demand's organisation pages.
"""

from django.urls import path

from .views import recommendations

app_name = "project_recommendations"

urlpatterns = [
    path(
        "me/projects/<int:pk>/recommendations/",
        recommendations.for_project,
        name="for_project",
    ),
    path(
        "organisations/<int:org_pk>/demands/<int:pk>/recommendations/",
        recommendations.for_demand,
        name="for_demand",
    ),
]
