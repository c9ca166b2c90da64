"""Admin classes that ask the rules (each app's rules.py) for every decision."""

from django.db import transaction
from modeltranslation.admin import TranslationAdmin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from . import audit


class RulesModelAdmin(ObjectPermissionsModelAdmin):
    """Every admin page of Yingcai. A change with a service of its own overrides save_model /
    delete_model to call it; whatever still writes through the bare admin is at least in the
    audit trail, so no admin page changes data unseen."""

    list_per_page = 50
    show_full_result_count = False

    def _action(self, verb: str) -> str:
        return f"{self.opts.app_label}.{self.opts.model_name}.{verb}_in_admin"

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            request.user,
            self._action("changed" if change else "added"),
            obj,
            fields=list(form.changed_data),
        )

    @transaction.atomic
    def delete_model(self, request, obj):
        audit.record(request.user, self._action("deleted"), obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        audit.record_many(request.user, self._action("deleted"), queryset)
        super().delete_queryset(request, queryset)


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
