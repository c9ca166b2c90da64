"""Admin classes that ask the permission module (yingcai.permissions) for every decision."""

from modeltranslation.admin import TranslationAdmin
from rules.contrib.admin import ObjectPermissionsModelAdmin


class RulesModelAdmin(ObjectPermissionsModelAdmin):
    list_per_page = 50
    show_full_result_count = False


class TranslatedRulesAdmin(RulesModelAdmin, TranslationAdmin):
    pass


class ReadOnlyRulesAdmin(RulesModelAdmin):
    """For records changed only through their services (which keep the audit trail): the
    administration looks them up; the permission rules decide who sees what."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
