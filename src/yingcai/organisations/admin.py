from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yingcai.core.admin_base import RulesModelAdmin, TranslatedRulesAdmin

from . import services
from .models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["user", "role", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(TranslatedRulesAdmin):
    list_display = ["name", "kind", "level", "district", "status", "created_at"]
    list_filter = ["status", "kind", "level", "district"]
    search_fields = ["name_zh_hans", "name_en", "credit_code", "contact_email"]
    list_select_related = ["district"]
    readonly_fields = [
        "status",
        "status_reason",
        "verified_at",
        "verified_by",
        "created_at",
        "created_by",
    ]
    date_hierarchy = "created_at"
    inlines = [MembershipInline]
    actions = ["verify"]

    def save_model(self, request, obj, form, change):
        if change:
            services.update_organisation(request.user, obj, form.changed_data)
        else:
            services.create_organisation(request.user, obj)

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request, queryset):
        done = 0
        for organisation in queryset:
            try:
                services.verify_organisation(request.user, organisation)
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{organisation}: {' '.join(error.messages)}", messages.WARNING
                )
        self.message_user(request, _("%(n)d verified.") % {"n": done}, messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(RulesModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = [
        "user__email",
        "user__name",
        "organisation__name_zh_hans",
        "organisation__name_en",
    ]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        services.change_role(request.user, obj, obj.role)

    def delete_model(self, request, obj):
        services.remove_member(request.user, obj)


@admin.register(Invitation)
class InvitationAdmin(RulesModelAdmin):
    list_display = [
        "email",
        "organisation",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "created_at"]
    search_fields = ["email", "organisation__name_zh_hans", "organisation__name_en"]
    list_select_related = ["organisation"]
    readonly_fields = ["token"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]
