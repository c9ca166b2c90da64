"""The agenda in the back office: the editors write the sessions (both languages in tabs);
the seats taken are counted by the registration services only, so they are read-only here.
Registrations and attendances are looked up; they change through the services (the person's
page, the organisers' page under /orga/attendance/)."""

from django.contrib import admin

from yingcai.core.admin_base import ReadOnlyRulesAdmin, TranslatedRulesAdmin

from .models import Attendance, Registration, Session


@admin.register(Session)
class SessionAdmin(TranslatedRulesAdmin):
    list_display = ["title", "kind", "starts_at", "venue", "capacity", "taken", "is_published"]
    list_filter = ["kind", "is_published", "venue__kind", "conference"]
    search_fields = ["title_zh_hans", "title_en"]
    list_select_related = ["venue"]
    date_hierarchy = "starts_at"
    readonly_fields = ["taken"]
    autocomplete_fields = []
    filter_horizontal = ["speakers"]
    raw_id_fields = ["jobs"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyRulesAdmin):
    list_display = ["name", "kind", "mobile", "email", "created_at", "cancelled_at"]
    list_filter = ["kind", "conference"]
    search_fields = ["name", "mobile", "email"]
    raw_id_fields = ["user", "privacy_statement"]
    exclude = ["key"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyRulesAdmin):
    list_display = ["registration", "session", "mode", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "mode", "session__conference"]
    search_fields = ["registration__name", "registration__mobile"]
    list_select_related = ["registration", "session"]
    raw_id_fields = ["registration", "session"]
    exclude = ["ticket"]
