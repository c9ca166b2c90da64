"""The roadshow in the back office: read-only lists. The programme changes only through its
services (the organisers' pages under /orga/roadshow/), the marks through the audience's taps."""

from django.contrib import admin

from yingcai.core.admin_base import ReadOnlyRulesAdmin

from .models import Pitch, RoadshowSession, SpotInterest


@admin.register(RoadshowSession)
class RoadshowSessionAdmin(ReadOnlyRulesAdmin):
    list_display = ["title", "call", "starts_at", "venue"]
    list_select_related = ["call"]
    date_hierarchy = "starts_at"


@admin.register(Pitch)
class PitchAdmin(ReadOnlyRulesAdmin):
    list_display = ["session", "order", "entry", "starts_at", "online"]
    list_filter = ["online"]
    list_select_related = ["session", "entry__project"]
    raw_id_fields = ["session", "entry"]


@admin.register(SpotInterest)
class SpotInterestAdmin(ReadOnlyRulesAdmin):
    list_display = ["pitch", "organisation", "marked_at"]
    list_select_related = ["pitch__session", "pitch__entry__project", "organisation"]
    raw_id_fields = ["pitch", "organisation", "interest", "marked_by"]
