"""Forms of a meeting's attendance and outcome."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.core.models import District
from yingcai.projects.models import MAX_AMOUNT, Currency

from .models import Outcome, Seat
from .services.outcomes import NOTE_MAX


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label=_("The meeting was"),
        choices=[
            (Seat.Attendance.HELD, Seat.Attendance.HELD.label),
            (Seat.Attendance.MISSED, Seat.Attendance.MISSED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose held or missed.")},
    )


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.Result.choices, widget=forms.RadioSelect
    )
    agreement_kind = forms.ChoiceField(
        label=_("Kind of agreement"),
        choices=[("", "—"), *Outcome.AgreementKind.choices],
        required=False,
    )
    amount = forms.IntegerField(
        label=_("Amount"), min_value=0, max_value=MAX_AMOUNT, required=False
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Currency.choices, initial=Currency.CNY
    )
    district = forms.ModelChoiceField(
        label=_("District or county"), queryset=District.objects.all(), required=False
    )
    signed_on = forms.DateField(
        label=_("Signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_of(cls, outcome) -> dict:
        if outcome is None:
            return {}
        return {
            "result": outcome.result,
            "agreement_kind": outcome.agreement_kind,
            "amount": outcome.amount,
            "currency": outcome.currency,
            "district": outcome.district_id,
            "signed_on": outcome.signed_on,
            "note": outcome.note,
        }
