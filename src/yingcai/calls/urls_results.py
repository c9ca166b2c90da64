from django.urls import path

from .views import results as views

app_name = "call_results"

# Public results of a call's stages, mounted at calls/<slug:call_slug>/results/; a team's own
# result and its appeal.
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:stage_slug>/", views.stage, name="stage"),
    path("<slug:stage_slug>/entries/<int:entry_pk>/", views.entry, name="entry"),
]
