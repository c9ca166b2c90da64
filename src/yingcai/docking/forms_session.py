"""Forms of docking sessions: the organisers' session and tables, the participants' slots,
meeting requests, and the organisers' moves."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import MeetingRequest, Participant, Session, Slot, Table
from .services.sessions import MAX_TABLES_AT_ONCE

SESSION_FIELDS = [
    "title_zh_hans",
    "title_en",
    "description_zh_hans",
    "description_en",
    "venue",
    "date",
    "starts_at",
    "slot_minutes",
    "break_minutes",
    "slot_count",
    "requests_open_at",
    "requests_close_at",
]


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = SESSION_FIELDS
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "requests_open_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "requests_close_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description_zh_hans": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("requests_open_at", "requests_close_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def validate_constraints(self, exclude=None):
        # The service says what is wrong, field by field (the constraints would say it in
        # the words of the database).
        return


class TablesForm(forms.Form):
    count = forms.IntegerField(
        label=_("number of tables"), min_value=1, max_value=MAX_TABLES_AT_ONCE
    )
    name = forms.CharField(label=_("name (optional)"), max_length=60, required=False)
    online_link = forms.URLField(
        label=_("online meeting link (optional)"), max_length=200, required=False
    )


class JoinForm(forms.Form):
    side = forms.ChoiceField(label=_("take part as"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = list(choices)


class AvailabilityForm(forms.Form):
    unavailable = forms.MultipleChoiceField(
        label=_("slots you cannot attend"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].choices = [(str(slot.pk), slot_label(slot)) for slot in slots]


def slot_label(slot: Slot) -> str:
    start = timezone.localtime(slot.starts_at)
    end = timezone.localtime(slot.ends_at)
    return f"{formats.time_format(start, 'TIME_FORMAT')}–{formats.time_format(end, 'TIME_FORMAT')}"


class RequestForm(forms.Form):
    counterpart = forms.ModelChoiceField(label=_("meet"), queryset=Participant.objects.none())
    priority = forms.ChoiceField(label=_("priority"), choices=MeetingRequest.Priority.choices)
    message = forms.CharField(
        label=_("message"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, counterparts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if counterparts is not None:
            self.fields["counterpart"].queryset = counterparts


class MoveForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("slot"), queryset=Slot.objects.none())
    table = forms.ModelChoiceField(label=_("table"), queryset=Table.objects.none())

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        if session is not None:
            self.fields["slot"].queryset = session.slots.order_by("index")
            self.fields["slot"].label_from_instance = slot_label
            self.fields["table"].queryset = session.tables.order_by("number")
