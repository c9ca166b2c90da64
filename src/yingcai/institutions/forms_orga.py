"""Forms of the organisers' side of public-institution recruitment."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from .models import Objection, Round

DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

# Upper bounds that keep every number sensible (and inside its column).
LIMITS = {
    "max_preferences": (2, 20),
    "ratio": (1, 20),
    "publicity_days": (1, 90),
    "certificate_retention_days": (1, 3650),
}
# What the round's rules are once applications are in: they stay as announced.
FIXED_AFTER_REGISTRATION = ("mode", "max_preferences", "ratio")


class RoundForm(forms.ModelForm):
    """A round's announcement, rules and time line.

    The title and the announcement are written in Chinese and, for overseas talents,
    optionally in English; a visitor reads their language and the other when it is empty.
    """

    class Meta:
        model = Round
        fields = [
            "title_zh_hans",
            "title_en",
            "announcement_zh_hans",
            "announcement_en",
            "mode",
            "max_preferences",
            "ratio",
            "registration_opens",
            "registration_closes",
            "review_closes",
            "transfer_closes",
            "assessment_starts",
            "assessment_ends",
            "publicity_days",
            "certificate_retention_days",
        ]
        labels = {
            "title_zh_hans": _("Title (Chinese)"),
            "title_en": _("Title (English, optional)"),
            "announcement_zh_hans": _("Announcement (Chinese)"),
            "announcement_en": _("Announcement (English, optional)"),
        }
        widgets = {
            "announcement_zh_hans": forms.Textarea(attrs={"rows": 12}),
            "announcement_en": forms.Textarea(attrs={"rows": 8}),
            "registration_opens": forms.DateTimeInput(DATETIME_WIDGET, format=DATETIME_FORMAT),
            "registration_closes": forms.DateTimeInput(DATETIME_WIDGET, format=DATETIME_FORMAT),
            "review_closes": forms.DateTimeInput(DATETIME_WIDGET, format=DATETIME_FORMAT),
            "transfer_closes": forms.DateTimeInput(DATETIME_WIDGET, format=DATETIME_FORMAT),
            "assessment_starts": forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
            "assessment_ends": forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title_zh_hans", "announcement_zh_hans"):
            self.fields[name].required = True
        for name in ("announcement_zh_hans", "announcement_en"):
            self.fields[name].help_text = _("Markdown.")
        for name, (low, high) in LIMITS.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update({"min": low, "max": high})
        if self.instance.pk and self.instance.phase not in (
            Round.Phase.DRAFT,
            Round.Phase.REGISTRATION,
        ):
            for name in FIXED_AFTER_REGISTRATION:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once registration has closed.")

    def _post_clean(self):
        # The order of the dates is checked by services.save_round, whose messages name the
        # dates concerned; the database's constraints are never left to speak to organisers.
        exclude = self._get_validation_exclusions()
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields)
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            self._update_errors(error)


class ReduceForm(forms.Form):
    places = forms.IntegerField(
        label=_("Places after the reduction"), min_value=1, max_value=10_000
    )


class ObjectionResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Objection.Status.UPHELD, _("upheld: the proposed hire is set aside")),
            (Objection.Status.DISMISSED, _("dismissed: the proposal stands")),
        ],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=_("Response"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatisticsForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Round"),
        queryset=Round.objects.only("pk", "title", "registration_opens"),
        required=False,
        empty_label=_("all rounds"),
    )
