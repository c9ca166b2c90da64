"""Calls in the back office: read-only lists for the organisers who run them.

Calls, entries, reviews and decisions change only through their services (calls/services)
on the organisers' pages (/orga/calls/) and the teams' and reviewers' pages.
"""

from django.contrib import admin

from yingcai.core.admin_base import ReadOnlyRulesAdmin

from .models import (
    Advancement,
    Appeal,
    Assignment,
    AwardCategory,
    Call,
    Certificate,
    Conflict,
    Criterion,
    Decision,
    Division,
    Entry,
    EntryDocument,
    OutboxMessage,
    PanelMember,
    Review,
    Reviewer,
    Stage,
    StageEntry,
    Track,
)


@admin.register(Call)
class CallAdmin(ReadOnlyRulesAdmin):
    list_display = ["title", "kind", "opens_at", "closes_at", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title_zh_hans", "title_en", "slug"]
    date_hierarchy = "opens_at"
    raw_id_fields = ["created_by"]


@admin.register(Track, Division)
class CallPartAdmin(ReadOnlyRulesAdmin):
    list_display = ["name", "call", "position"]
    list_select_related = ["call"]
    raw_id_fields = ["call"]


@admin.register(Stage)
class StageAdmin(ReadOnlyRulesAdmin):
    list_display = ["name", "call", "position", "kind", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["call"]
    raw_id_fields = ["call"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyRulesAdmin):
    list_display = ["project", "call", "track", "division", "status", "first_submitted_at"]
    list_filter = ["status"]
    search_fields = ["project__title_zh_hans", "project__title_en"]
    list_select_related = ["project", "call", "track", "division"]
    raw_id_fields = ["call", "project", "track", "division", "created_by"]
    exclude = ["answers"]


@admin.register(EntryDocument)
class EntryDocumentAdmin(ReadOnlyRulesAdmin):
    list_display = ["original_name", "entry", "key", "size", "uploaded_at"]
    list_select_related = ["entry__project"]
    raw_id_fields = ["entry", "uploaded_by"]
    exclude = ["file"]


@admin.register(Reviewer)
class ReviewerAdmin(ReadOnlyRulesAdmin):
    list_display = ["user", "call", "affiliation", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user", "call"]
    raw_id_fields = ["call", "user", "organisation", "added_by"]


@admin.register(
    Advancement,
    Criterion,
    StageEntry,
    PanelMember,
    Conflict,
    Assignment,
    Decision,
    OutboxMessage,
    Appeal,
)
class ReviewPartAdmin(ReadOnlyRulesAdmin):
    list_display = ["__str__"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyRulesAdmin):
    list_display = ["assignment", "total", "submitted_at"]
    list_select_related = ["assignment"]
    raw_id_fields = ["assignment"]


@admin.register(AwardCategory, Certificate)
class AwardAdmin(ReadOnlyRulesAdmin):
    list_display = ["__str__"]
