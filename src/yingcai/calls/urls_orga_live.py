from django.urls import path

from .views import orga_live

app_name = "orga_live"

# Organisers: the live panels of one call (mounted at orga/calls/<call_pk>/live/).
urlpatterns = [
    path("", orga_live.stages, name="stages"),
    path("<int:stage_pk>/", orga_live.panel, name="panel"),
    path("<int:stage_pk>/judges/", orga_live.seat, name="seat"),
    path("<int:stage_pk>/judges/<int:pk>/remove/", orga_live.unseat, name="unseat"),
    path("<int:stage_pk>/order/", orga_live.order, name="order"),
    path("<int:stage_pk>/<slug:action>/", orga_live.act, name="act"),
]
