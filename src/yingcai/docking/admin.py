"""The docking in the back office: read-only lists for the organisers.

Interests and outcomes change only through their services (docking/services): the sides
express, answer and record on the site; the verifiers confirm agreements in their queue
(/orga/docking/outcomes/).
"""

from django.contrib import admin

from yingcai.core.admin_base import ReadOnlyRulesAdmin

from .models import Interest, Outcome


@admin.register(Interest)
class InterestAdmin(ReadOnlyRulesAdmin):
    list_display = ["project", "organisation", "initiated_by", "status", "created_at"]
    list_filter = ["status", "initiated_by"]
    search_fields = ["project__title_zh_hans", "project__title_en", "organisation__name_zh_hans"]
    list_select_related = ["project", "organisation"]
    date_hierarchy = "created_at"
    raw_id_fields = ["project", "organisation", "demand", "sender", "answered_by"]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyRulesAdmin):
    list_display = ["project", "result", "agreement_kind", "amount", "currency", "district"]
    list_filter = ["result", "agreement_kind", "currency", "district"]
    search_fields = ["project__title_zh_hans", "project__title_en"]
    list_select_related = ["project", "district"]
    date_hierarchy = "recorded_at"
    raw_id_fields = ["meeting", "participant", "project", "recorded_by", "confirmed_by"]
