from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from yingcai.core.admin_base import RulesModelAdmin

from . import services
from .models import User


@admin.register(User)
class UserAdmin(RulesModelAdmin, DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["email", "name", "mobile", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", "groups", "date_joined"]
    search_fields = ["email", "name", "mobile"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["name", "mobile", "mobile_verified", "language"]}),
        (_("Organiser staff"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]

    def save_model(self, request, obj, form, change):
        services.save_user_as_staff(request.user, obj, form.changed_data)


# Third-party models shown in the back office get search, filters and the rules too.
for model in (EmailAddress, Authenticator, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(EmailAddress)
class EmailAddressAdmin(RulesModelAdmin):
    list_display = ["email", "user", "verified", "primary"]
    list_filter = ["verified", "primary"]
    search_fields = ["email", "user__email", "user__name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Authenticator)
class AuthenticatorAdmin(RulesModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    exclude = ["data"]


@admin.register(Group)
class StaffRoleAdmin(RulesModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    list_filter = ["name"]
