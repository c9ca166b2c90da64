from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingcai.core.admin_base import ReadOnlyRulesAdmin, RulesModelAdmin

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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not services.may_manage_staff(request.user):
            fields += ["is_staff", "is_superuser", "groups"]
            if obj is not None and services.is_staff_account(obj):
                fields += ["email", "mobile", "mobile_verified", "is_active"]
        return fields

    def save_model(self, request, obj, form, change):
        groups = form.cleaned_data.get("groups") if "groups" in form.changed_data else None
        services.save_user_as_staff(request.user, obj, form.changed_data, groups=groups)

    def save_related(self, request, form, formsets, change):
        # The staff roles were set by the service (checked and audited), not by the form.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None and request.method == "POST":
            if not services.may_set_password(request.user, user):
                raise PermissionDenied
            form = self.change_password_form(user, request.POST)
            usable = form.is_valid() and form.cleaned_data["set_usable_password"]
            if form.is_valid() and (usable or "unset-password" in request.POST):
                password = form.cleaned_data["password1"] if usable else None
                user = services.set_password_as_staff(request.user, user, password)
                messages.success(
                    request,
                    gettext("Password changed successfully.")
                    if usable
                    else gettext("Password-based authentication was disabled."),
                )
                update_session_auth_hash(request, user)
                return redirect("admin:accounts_user_change", user.pk)
        elif user is not None and not services.may_set_password(request.user, user):
            raise PermissionDenied
        # Showing the form, or showing it again with its errors: nothing is written there.
        return super().user_change_password(request, id, form_url)


# Third-party models shown in the back office get search, filters and the rules too.
for model in (EmailAddress, Authenticator, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(EmailAddress)
class EmailAddressAdmin(ReadOnlyRulesAdmin):
    """Looked up only: an address added or verified here could receive a staff member's
    password reset. People manage their addresses themselves, where allauth verifies them."""

    list_display = ["email", "user", "verified", "primary"]
    list_filter = ["verified", "primary"]
    search_fields = ["email", "user__email", "user__name"]
    list_select_related = ["user"]


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyRulesAdmin):
    """Looked up, and removed (a lost phone) through the service: audited and mailed."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user"]
    exclude = ["data"]

    def has_delete_permission(self, request, obj=None):
        return RulesModelAdmin.has_delete_permission(self, request, obj)

    def delete_model(self, request, obj):
        services.remove_authenticator_as_staff(request.user, obj)

    def delete_queryset(self, request, queryset):
        for authenticator in queryset.select_related("user"):
            services.remove_authenticator_as_staff(request.user, authenticator)


@admin.register(Group)
class StaffRoleAdmin(RulesModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    list_filter = ["name"]
