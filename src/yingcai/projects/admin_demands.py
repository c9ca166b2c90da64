"""Project demands in the back office: a read-only list for the organisers who approve them.

Demands are changed by their organisations and decided in the approval queue
(/orga/projects/demands/); nothing is added, edited or deleted here. Imported by the app's
`admin.py` (`from . import admin_demands  # noqa: F401`).
"""

from django.contrib import admin

from yingcai.core.admin_base import RulesModelAdmin

from .models import Demand


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
