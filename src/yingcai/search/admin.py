from django.contrib import admin

from yingcai.core.admin_base import RulesModelAdmin

from .models import SynonymGroup


@admin.register(SynonymGroup)
class SynonymGroupAdmin(RulesModelAdmin):
    """Organisers' synonym groups, searched beside the built-in list (search/synonyms.txt).
    Saved through RulesModelAdmin: the permission rules decide, the audit trail records."""

    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["words", "note"]
    list_filter = ["updated_at"]
    fields = ["words", "note"]
