from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from yingcai.core import audit
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
    # The label for people; the code stays beside it for searching and filtering.
    list_display = ["created_at", "actor", "what", "action", "object_repr"]
    list_filter = ["action", "content_type", "created_at"]
    search_fields = ["action", "object_repr", "actor__email", "actor__name"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    @admin.display(description=_("what happened"))
    def what(self, entry):
        return audit.label(entry.action, entry.data)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
