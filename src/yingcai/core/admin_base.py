"""Admin classes that ask the permission module (yingcai.permissions) for every decision."""

from modeltranslation.admin import TranslationAdmin
from rules.contrib.admin import ObjectPermissionsModelAdmin


class RulesModelAdmin(ObjectPermissionsModelAdmin):
    list_per_page = 50
    show_full_result_count = False


class TranslatedRulesAdmin(RulesModelAdmin, TranslationAdmin):
    pass
