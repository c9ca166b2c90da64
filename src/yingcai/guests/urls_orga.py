from django.urls import path

from .views import orga

app_name = "orga_guests"

# The protocol staff: guests, invitations, itineraries; the honours registry.
urlpatterns = [
    path("", orga.guests, name="guests"),
    path("export/", orga.export, name="export"),
    path("itineraries/", orga.itineraries, name="itineraries"),
    path("new/", orga.add, name="add"),
    path("<int:pk>/", orga.guest, name="guest"),
    path("<int:pk>/edit/", orga.edit, name="edit"),
    path("<int:pk>/invite/", orga.invite, name="invite"),
    path("<int:pk>/itinerary/", orga.itinerary, name="itinerary"),
    path("honours/", orga.honours, name="honours"),
    path("honours/new/", orga.add_honour, name="add_honour"),
    path("honours/import/", orga.import_honours, name="import_honours"),
    path("honours/template/", orga.honours_template, name="honours_template"),
    path("honours/match/", orga.match, name="match"),
    path("honours/invite/", orga.invite_group, name="invite_group"),
    path("honours/<int:pk>/link/", orga.link, name="link"),
]
