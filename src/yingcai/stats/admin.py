"""Press reports and exports in the administration: to look up, never to change.

Press reports are drafted, edited and published in the back office (`press_report:`) and
exports are made by their task: both through `services`, which keep the audit trail.
"""

from django.contrib import admin

from yingcai.core.admin_base import ReadOnlyRulesAdmin as ReadOnlyAdmin

from .models import Export, PressReport


@admin.register(PressReport)
class PressReportAdmin(ReadOnlyAdmin):
    list_display = ["title_zh", "moment", "status", "created_by", "published_at"]
    list_filter = ["status", "moment"]
    search_fields = ["title_zh", "title_en"]
    list_select_related = ["created_by"]


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "requested_by", "format", "status", "created_at", "finished_at"]
    list_filter = ["status", "format"]
    search_fields = ["requested_by__name", "requested_by__email", "error"]
    list_select_related = ["requested_by"]
    exclude = ["file"]
