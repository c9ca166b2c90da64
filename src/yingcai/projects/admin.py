"""The back office's view of projects: looked up here, changed through the site's services
(verification in the organisers' queue, the team on the project's page)."""

from django.contrib import admin

from yingcai.core.admin_base import ReadOnlyRulesAdmin, RulesModelAdmin, TranslatedRulesAdmin

from .models import (
    BusinessPlan,
    Demand,
    Industry,
    PlanSharing,
    Project,
    TeamInvitation,
    TeamMember,
)


@admin.register(Industry)
class IndustryAdmin(TranslatedRulesAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    list_filter = [("projects", admin.EmptyFieldListFilter)]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyRulesAdmin):
    list_display = ["title", "field", "stage", "origin", "district", "status", "first_submitted_at"]
    list_filter = ["status", "stage", "origin", "field", "district"]
    search_fields = ["title_zh_hans", "title_en"]
    list_select_related = ["field", "district"]
    date_hierarchy = "created_at"
    inlines = [TeamMemberInline]
    exclude = ["search_document"]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyRulesAdmin):
    list_display = ["project", "user", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["project__title_zh_hans", "project__title_en", "user__email", "user__name"]
    list_select_related = ["project", "user"]
    raw_id_fields = ["project", "user"]


@admin.register(TeamInvitation)
class TeamInvitationAdmin(ReadOnlyRulesAdmin):
    list_display = ["project", "email", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = [
        ("accepted_at", admin.EmptyFieldListFilter),
        ("revoked_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email", "project__title_zh_hans", "project__title_en"]
    list_select_related = ["project"]
    exclude = ["token"]
    raw_id_fields = ["project", "invited_by", "accepted_by"]


@admin.register(BusinessPlan)
class BusinessPlanAdmin(ReadOnlyRulesAdmin):
    # The file itself is opened on the project's page, where the rule decides.
    list_display = ["project", "original_name", "size", "is_current", "uploaded_at"]
    list_filter = ["is_current"]
    search_fields = ["project__title_zh_hans", "project__title_en", "original_name"]
    list_select_related = ["project"]
    exclude = ["file"]
    raw_id_fields = ["project", "uploaded_by"]


@admin.register(PlanSharing)
class PlanSharingAdmin(ReadOnlyRulesAdmin):
    list_display = ["project", "organisation", "given_at", "withdrawn_at"]
    list_filter = [("withdrawn_at", admin.EmptyFieldListFilter), "organisation__kind"]
    search_fields = [
        "project__title_zh_hans",
        "project__title_en",
        "organisation__name_zh_hans",
        "organisation__name_en",
    ]
    list_select_related = ["project", "organisation"]
    raw_id_fields = ["project", "organisation", "given_by"]


# Demands are changed by their organisations and decided in the approval queue
# (/orga/projects/demands/): a read-only list for the organisers who approve them.
@admin.register(Demand)
class DemandAdmin(RulesModelAdmin):
    list_display = ["title", "organisation", "kind", "status", "first_submitted_at", "published_at"]
    list_filter = ["status", "kind", "currency", "organisation__kind"]
    search_fields = [
        "title_zh_hans",
        "title_en",
        "organisation__name_zh_hans",
        "organisation__name_en",
    ]
    list_select_related = ["organisation"]
    date_hierarchy = "created_at"
    exclude = ["search_document"]
    readonly_fields = ["first_submitted_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
