"""Guests and honours in the back office: read-only lists for the protocol staff. Guests and
honours change only through their services (the pages under /orga/guests/), which keep the
audit trail and send the mail."""

from django.contrib import admin

from yingcai.core.admin_base import ReadOnlyRulesAdmin

from .models import Guest, Honour


@admin.register(Guest)
class GuestAdmin(ReadOnlyRulesAdmin):
    list_display = ["name", "category", "status", "arrival_at", "seat"]
    list_filter = ["category", "status", "arrival"]
    search_fields = ["name_zh_hans", "name_en", "email", "organisation_zh_hans"]
    raw_id_fields = ["conference", "user", "honour"]
    exclude = ["rsvp_digest"]


@admin.register(Honour)
class HonourAdmin(ReadOnlyRulesAdmin):
    list_display = ["name", "kind", "year", "category", "affiliation"]
    list_filter = ["kind", "year"]
    search_fields = ["name_zh_hans", "name_en", "email", "affiliation_zh_hans"]
    raw_id_fields = ["talent"]
