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


class CallsAdmin(ReadOnlyRulesAdmin):
    """Read-only, for the call managers (`calls.browse_back_office`)."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("calls.browse_back_office")


CALL = ["call__title_zh_hans", "call__title_en", "call__slug"]
ENTRY = ["entry__project__title_zh_hans", "entry__project__title_en"]
STAGE = ["stage__name_zh_hans", "stage__name_en", "stage__call__slug"]


@admin.register(Call)
class CallAdmin(CallsAdmin):
    list_display = ["title", "kind", "opens_at", "closes_at", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title_zh_hans", "title_en", "slug"]
    date_hierarchy = "opens_at"
    raw_id_fields = ["created_by"]


@admin.register(Track)
class TrackAdmin(CallsAdmin):
    list_display = ["name", "call", "position"]
    list_filter = ["call__kind"]
    search_fields = ["name_zh_hans", "name_en", "slug", *CALL]
    list_select_related = ["call"]
    raw_id_fields = ["call"]


@admin.register(Division)
class DivisionAdmin(CallsAdmin):
    list_display = ["name", "city", "call", "is_online", "position"]
    list_filter = ["is_online", "call__kind"]
    search_fields = ["name_zh_hans", "name_en", "city_zh_hans", "city_en", "slug", *CALL]
    list_select_related = ["call"]
    raw_id_fields = ["call"]


@admin.register(Stage)
class StageAdmin(CallsAdmin):
    list_display = ["name", "call", "position", "kind", "status"]
    list_filter = ["kind", "method", "status"]
    search_fields = ["name_zh_hans", "name_en", "slug", *CALL]
    list_select_related = ["call"]
    raw_id_fields = ["call"]


@admin.register(Advancement)
class AdvancementAdmin(CallsAdmin):
    list_display = ["stage", "division", "top_n"]
    list_filter = ["stage__kind"]
    search_fields = [*STAGE, "division__name_zh_hans", "division__name_en"]
    list_select_related = ["stage", "division"]
    raw_id_fields = ["stage", "division"]


@admin.register(Criterion)
class CriterionAdmin(CallsAdmin):
    list_display = ["name", "stage", "weight", "min_score", "max_score"]
    list_filter = ["stage__kind"]
    search_fields = ["name_zh_hans", "name_en", *STAGE]
    list_select_related = ["stage"]
    raw_id_fields = ["stage"]


@admin.register(Entry)
class EntryAdmin(CallsAdmin):
    list_display = ["project", "call", "track", "division", "status", "first_submitted_at"]
    list_filter = ["status", "call__kind"]
    search_fields = ["project__title_zh_hans", "project__title_en", *CALL]
    list_select_related = ["project", "call", "track", "division"]
    raw_id_fields = ["call", "project", "track", "division", "created_by"]
    date_hierarchy = "created_at"


@admin.register(EntryDocument)
class EntryDocumentAdmin(CallsAdmin):
    list_display = ["original_name", "entry", "key", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "key", *ENTRY]
    list_select_related = ["entry__project"]
    raw_id_fields = ["entry", "uploaded_by"]
    exclude = ["file"]


@admin.register(Reviewer)
class ReviewerAdmin(CallsAdmin):
    list_display = ["user", "call", "affiliation", "is_active"]
    list_filter = ["is_active", "call__kind"]
    search_fields = ["user__name", "user__email", "affiliation", *CALL]
    list_select_related = ["user", "call"]
    raw_id_fields = ["call", "user", "organisation", "added_by"]


@admin.register(Conflict)
class ConflictAdmin(CallsAdmin):
    list_display = ["reviewer", "entry", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["reviewer__user__name", "reviewer__user__email", *ENTRY]
    list_select_related = ["reviewer__user", "entry__project"]
    raw_id_fields = ["reviewer", "entry"]


@admin.register(StageEntry)
class StageEntryAdmin(CallsAdmin):
    list_display = ["entry", "stage", "wildcard", "order", "added_at"]
    list_filter = ["wildcard", "stage__kind"]
    search_fields = [*ENTRY, *STAGE]
    list_select_related = ["entry__project", "stage"]
    raw_id_fields = ["entry", "stage"]


@admin.register(PanelMember)
class PanelMemberAdmin(CallsAdmin):
    list_display = ["reviewer", "stage", "division"]
    list_filter = ["stage__kind"]
    search_fields = ["reviewer__user__name", "reviewer__user__email", *STAGE]
    list_select_related = ["reviewer__user", "stage", "division"]
    raw_id_fields = ["reviewer", "stage", "division"]


@admin.register(Assignment)
class AssignmentAdmin(CallsAdmin):
    list_display = ["entry", "reviewer", "stage", "source", "created_at"]
    list_filter = ["source", "stage__kind"]
    search_fields = ["reviewer__user__name", "reviewer__user__email", *ENTRY]
    list_select_related = ["entry__project", "reviewer__user", "stage"]
    raw_id_fields = ["entry", "reviewer", "stage"]


@admin.register(Review)
class ReviewAdmin(CallsAdmin):
    list_display = ["assignment", "total", "submitted_at", "updated_at"]
    list_filter = ["assignment__stage__kind"]
    search_fields = [
        "assignment__reviewer__user__name",
        "assignment__entry__project__title_zh_hans",
        "assignment__entry__project__title_en",
    ]
    list_select_related = [
        "assignment__stage",
        "assignment__reviewer__user",
        "assignment__entry__project",
    ]
    raw_id_fields = ["assignment"]


@admin.register(Decision)
class DecisionAdmin(CallsAdmin):
    list_display = ["entry", "stage", "proposed", "outcome", "rank", "confirmed_at"]
    list_filter = ["proposed", "outcome", "tied", "wildcard"]
    search_fields = [*ENTRY, *STAGE]
    list_select_related = ["entry__project", "stage"]
    raw_id_fields = ["entry", "stage", "confirmed_by"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(CallsAdmin):
    list_display = ["subject", "entry", "stage", "language", "status", "created_at"]
    list_filter = ["status", "language"]
    search_fields = ["subject", *ENTRY]
    list_select_related = ["entry__project", "stage"]
    raw_id_fields = ["entry", "stage", "released_by"]


@admin.register(Appeal)
class AppealAdmin(CallsAdmin):
    list_display = ["entry", "stage", "status", "created_at", "answered_at"]
    list_filter = ["status"]
    search_fields = [*ENTRY, "text"]
    list_select_related = ["entry__project", "stage"]
    raw_id_fields = ["entry", "stage", "created_by"]


@admin.register(AwardCategory)
class AwardCategoryAdmin(CallsAdmin):
    list_display = ["name", "call", "position"]
    list_filter = ["call__kind"]
    search_fields = ["name_zh_hans", "name_en", "slug", *CALL]
    list_select_related = ["call"]
    raw_id_fields = ["call"]


@admin.register(Certificate)
class CertificateAdmin(CallsAdmin):
    list_display = ["code", "entry", "award", "issued_at", "revoked_at"]
    list_filter = ["award__call__kind"]
    search_fields = ["code", *ENTRY]
    list_select_related = ["entry__project", "award"]
    raw_id_fields = ["entry", "award", "issued_by"]
