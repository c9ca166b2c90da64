"""The roadshow in the back office: read-only lists. The programme changes only through its
services (the organisers' pages under /orga/roadshow/), the marks through the audience's taps."""

from django.contrib import admin

from yingcai.core.admin_base import ReadOnlyRulesAdmin

from .models import Pitch, RoadshowSession, SpotInterest


@admin.register(RoadshowSession)
class RoadshowSessionAdmin(ReadOnlyRulesAdmin):
    list_display = ["title", "call", "starts_at", "venue"]
    list_filter = ["call"]
    search_fields = ["title_zh_hans", "title_en", "venue_zh_hans", "venue_en"]
    list_select_related = ["call"]
    date_hierarchy = "starts_at"


@admin.register(Pitch)
class PitchAdmin(ReadOnlyRulesAdmin):
    list_display = ["session", "order", "entry", "starts_at", "online"]
    list_filter = ["online", "session__call"]
    search_fields = ["entry__project__title_zh_hans", "entry__project__title_en"]
    list_select_related = ["session", "entry__project"]
    raw_id_fields = ["session", "entry"]


@admin.register(SpotInterest)
class SpotInterestAdmin(ReadOnlyRulesAdmin):
    list_display = ["pitch", "organisation", "marked_at"]
    list_filter = ["pitch__session"]
    search_fields = [
        "organisation__name_zh_hans",
        "organisation__name_en",
        "pitch__entry__project__title_zh_hans",
    ]
    list_select_related = ["pitch__session", "pitch__entry__project", "organisation"]
    raw_id_fields = ["pitch", "organisation", "interest", "marked_by"]
