from django.urls import path

from .views import live

app_name = "live"

# Judges on live panels (their phones), and the results screen for the hall's projector.
urlpatterns = [
    path("", live.panels, name="panels"),
    path("<int:stage_pk>/", live.sheet, name="sheet"),
    path("scores/<int:pk>/", live.score, name="score"),
    path("<int:stage_pk>/<slug:division>/screen/", live.screen, name="screen"),
    path("<int:stage_pk>/<slug:division>/screen/rows/", live.screen_rows, name="screen_rows"),
]
