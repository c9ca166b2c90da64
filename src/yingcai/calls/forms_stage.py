"""The organisers' forms of a call's stages: a stage, its rubric (a model formset of
criteria) and its advancement rules (one number per division). The services check
everything again (`services.stages`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms_call import DATETIME, DATETIME_FORMATS
from .models import Criterion, Stage
from .services.stages import (
    MAX_ACCEPT,
    MAX_CRITERIA,
    MAX_SCORE,
    MAX_STAGES,
    MAX_TOP_N,
    MAX_WILDCARDS,
)

WILDCARDS_HELP = _(
    "For a stage ranked per division: beyond each division's places, this many more of the "
    "best scores across divisions advance."
)


class StageForm(forms.ModelForm):
    place = forms.IntegerField(
        label=_("Place in the order of stages"),
        min_value=1,
        max_value=MAX_STAGES,
        required=False,
        help_text=_(
            "1 is the first stage. Empty: it stays where it is, or a new stage comes last."
        ),
    )

    class Meta:
        model = Stage
        fields = [
            "name_zh_hans",
            "name_en",
            "slug",
            "kind",
            "method",
            "per_division",
            "scoring_closes_at",
            "starts_at",
            "venue_zh_hans",
            "venue_en",
            "accept_count",
            "wildcards",
        ]
        labels = {
            "name_zh_hans": _("Name (Chinese)"),
            "name_en": _("Name (English)"),
            "venue_zh_hans": _("Venue (Chinese)"),
            "venue_en": _("Venue (English)"),
        }
        help_texts = {
            "method": _(
                "Empty: z-scores per reviewer for an online review, trimmed mean for a live panel."
            ),
            "accept_count": _("For a stage ranking all entries together."),
            "wildcards": WILDCARDS_HELP,
        }
        widgets = {
            "scoring_closes_at": forms.DateTimeInput(attrs=DATETIME, format=DATETIME_FORMATS[0]),
            "starts_at": forms.DateTimeInput(attrs=DATETIME, format=DATETIME_FORMATS[0]),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("scoring_closes_at", "starts_at"):
            self.fields[name].input_formats = DATETIME_FORMATS
        self.fields["kind"].choices = Stage.Kind.choices
        self.fields["method"].required = False
        self.fields["method"].choices = [
            ("", _("The usual one for its kind")),
            *Stage.Method.choices,
        ]
        accept, wildcards = self.fields["accept_count"], self.fields["wildcards"]
        self.fields["accept_count"] = forms.IntegerField(
            label=accept.label,
            help_text=accept.help_text,
            min_value=1,
            max_value=MAX_ACCEPT,
            required=False,
        )
        self.fields["wildcards"] = forms.IntegerField(
            label=wildcards.label,
            help_text=wildcards.help_text,
            min_value=0,
            max_value=MAX_WILDCARDS,
            required=False,
        )
        if self.instance.pk and self.instance.status != Stage.Status.PLANNED:
            for name in ("kind", "method", "per_division"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: the scoring of this stage has opened.")

    def validate_constraints(self, exclude=None):
        # The service says what is wrong, field by field.
        return

    def validate_unique(self):
        return

    def clean_wildcards(self):
        return self.cleaned_data.get("wildcards") or 0


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "name_zh_hans",
            "name_en",
            "help_zh_hans",
            "help_en",
            "weight",
            "min_score",
            "max_score",
            "position",
        ]
        labels = {
            "name_zh_hans": _("Name (Chinese)"),
            "name_en": _("Name (English)"),
            "help_zh_hans": _("Guidance (Chinese)"),
            "help_en": _("Guidance (English)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].min_value = None
        for name in ("min_score", "max_score"):
            old = self.fields[name]
            self.fields[name] = forms.IntegerField(
                label=old.label, initial=old.initial, min_value=0, max_value=MAX_SCORE
            )

    def validate_constraints(self, exclude=None):
        return

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        if weight is not None and weight <= 0:
            raise forms.ValidationError(_("The weight must be above 0."))
        return weight

    def clean(self):
        data = super().clean()
        low, high = data.get("min_score"), data.get("max_score")
        if low is not None and high is not None and high <= low:
            self.add_error("max_score", _("The highest score must be above the lowest."))
        if not (data.get("name_zh_hans") or data.get("name_en")) and not data.get("DELETE"):
            self.add_error("name_zh_hans", _("Give the name in Chinese, in English or both."))
        return data


CriterionFormSet = forms.inlineformset_factory(
    Stage,
    Criterion,
    form=CriterionForm,
    extra=2,
    max_num=MAX_CRITERIA,
    validate_max=True,
    can_delete=True,
)


class AdvancementForm(forms.Form):
    """One number per division of the call, and the wildcards."""

    def __init__(self, *args, divisions, rules, wildcards, **kwargs):
        super().__init__(*args, **kwargs)
        self.divisions = list(divisions)
        for division in self.divisions:
            self.fields[f"division_{division.pk}"] = forms.IntegerField(
                label=str(division),
                min_value=0,
                max_value=MAX_TOP_N,
                required=False,
                initial=rules.get(division.pk),
                help_text=_("How many of this division advance. Empty: no rule."),
            )
        self.fields["wildcards"] = forms.IntegerField(
            label=_("Wildcards"),
            min_value=0,
            max_value=MAX_WILDCARDS,
            initial=wildcards,
            help_text=WILDCARDS_HELP,
        )

    def top_n(self) -> dict:
        return {
            division.pk: self.cleaned_data[f"division_{division.pk}"]
            for division in self.divisions
            if self.cleaned_data.get(f"division_{division.pk}") is not None
        }
