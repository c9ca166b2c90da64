from django.urls import path

from .views import talent_search

app_name = "talent_search"
urlpatterns = [
    path("talents/", talent_search.talent_search, name="search"),
    path("talents/<int:user_id>/", talent_search.profile, name="profile"),
]
