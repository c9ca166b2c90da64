"""The agenda in the back office: the editors write the sessions (both languages in tabs);
the seats taken are counted by the registration services only, so they are read-only here.
Registrations and attendances are looked up; they change through the services (the person's
page, the organisers' page under /orga/attendance/)."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yingcai.core import audit
from yingcai.core.admin_base import ReadOnlyRulesAdmin, TranslatedRulesAdmin

from .models import Attendance, Registration, Session


class SessionAdminForm(forms.ModelForm):
    """The database's constraints said in words before the save (never a 500)."""

    class Meta:
        model = Session
        fields = "__all__"  # noqa: DJ007 - the admin shows the model's editable fields

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The session cannot end before it starts."))
        if "onsite" in data and "online" in data and not (data["onsite"] or data["online"]):
            # On the field: its value then stays out of the row the constraints are asked of.
            self.add_error("online", _("A session is attended on site, followed online, or both."))
        capacity = data.get("capacity")
        taken = (
            Session.objects.filter(pk=self.instance.pk).values_list("taken", flat=True).first() or 0
        )
        if capacity is not None and capacity < taken:
            self.add_error(
                "capacity",
                _("%(taken)s seats are already taken: the capacity cannot be lower.")
                % {"taken": taken},
            )
        return data


@admin.register(Session)
class SessionAdmin(TranslatedRulesAdmin):
    form = SessionAdminForm
    list_display = ["title", "kind", "starts_at", "venue", "capacity", "taken", "is_published"]
    list_filter = ["kind", "is_published", "venue__kind", "conference"]
    search_fields = ["title_zh_hans", "title_en"]
    list_select_related = ["venue"]
    date_hierarchy = "starts_at"
    readonly_fields = ["taken"]
    filter_horizontal = ["speakers"]
    raw_id_fields = ["jobs"]

    def save_model(self, request, obj, form, change):
        """Every column but the seats taken, which only the registration services count: a
        registration between the page's load and this save is never overwritten. The session
        is locked; a capacity that fell below the seats taken meanwhile is raised to them."""
        if not change:
            return super().save_model(request, obj, form, change)
        with transaction.atomic():
            taken = (
                Session.objects.select_for_update()
                .filter(pk=obj.pk)
                .order_by("pk")
                .values_list("taken", flat=True)
                .first()
            )
            obj.taken = taken or 0
            if obj.capacity is not None and obj.capacity < obj.taken:
                obj.capacity = obj.taken
                messages.warning(
                    request,
                    _("Seats were taken meanwhile: the capacity is kept at %(taken)s.")
                    % {"taken": obj.taken},
                )
            obj.save(
                update_fields=[
                    f.attname
                    for f in Session._meta.concrete_fields
                    if not f.primary_key and f.name != "taken"
                ]
            )
            audit.record(
                request.user,
                self._action("changed"),
                obj,
                fields=list(form.changed_data),
            )
        return None


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
