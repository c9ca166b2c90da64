from django.contrib import admin

from yingcai.core.admin_base import RulesModelAdmin, TranslatedRulesAdmin

from .models import AuditEntry, District


@admin.register(District)
class DistrictAdmin(TranslatedRulesAdmin):
    """Looked up only: the districts are the administrative division, loaded and changed by
    migrations in a release (they are referenced from organisations, venues and profiles, and
    their codes and slugs are part of URLs, filters and exports)."""

    list_display = ["name", "code", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name_zh_hans", "name_en", "code", "slug"]
    ordering = ["position"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(RulesModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action", "content_type", "created_at"]
    search_fields = ["action", "object_repr", "actor__email", "actor__name"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
