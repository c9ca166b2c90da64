"""Forms of decisions, the outbox, publishing results and appeals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Appeal, Decision
from .services.results import MAX_APPEAL_DAYS, TEXT_MAX


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.Outcome.choices,
        error_messages={
            "required": _("Choose accept, waiting list or reject."),
            "invalid_choice": _("Choose accept, waiting list or reject."),
        },
    )


class MailsForm(forms.Form):
    """The held mails chosen on the outbox page; none chosen with "all" means every one."""

    messages = forms.TypedMultipleChoiceField(coerce=int, required=False)
    every = forms.BooleanField(required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["messages"].choices = [(pk, pk) for pk in choices]
        self.fields["messages"].error_messages["invalid_choice"] = _(
            "One of the chosen mails is no longer held."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("every") and not cleaned.get("messages"):
            raise forms.ValidationError(_("Choose the mails, or all of them."))
        return cleaned

    def chosen(self):
        return None if self.cleaned_data.get("every") else self.cleaned_data["messages"]


class PublishForm(forms.Form):
    appeal_days = forms.IntegerField(
        label=_("Appeal window (days)"),
        min_value=0,
        max_value=MAX_APPEAL_DAYS,
        initial=7,
        help_text=_("The results are provisional until the window closes; 0 makes them final."),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Grounds of the appeal"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Appeal.Status.UPHELD, Appeal.Status.UPHELD.label),
            (Appeal.Status.DISMISSED, Appeal.Status.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Answer to the team"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
