"""Forms of the review: the organisers' reviewer pool and hand assignments, the reviewers'
conflicts of interest and scores."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.models import DisciplineField
from yingcai.organisations.models import Organisation

from .models import Reviewer
from .services.reviews import MAX_COMMENT


class ReviewerForm(forms.Form):
    """A reviewer's details; `with_email` for a new one (the account is found by address)."""

    email = forms.EmailField(
        label=_("e-mail address of the expert's account"),
        max_length=254,
        help_text=_("The expert signs up first; the pool names an existing account."),
    )
    expertise = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("calls review", "fields of expertise"),
        queryset=DisciplineField.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.ModelChoiceField(
        label=_("organisation"),
        queryset=Organisation.objects.filter(status=Organisation.Status.VERIFIED).order_by("pk"),
        required=False,
        help_text=_("A verified organisation, optional: conflicts of interest are found from it."),
    )
    affiliation = forms.CharField(
        label=pgettext_lazy("calls review", "affiliation"), max_length=120, required=False
    )

    def __init__(self, *args, with_email=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_email:
            del self.fields["email"]

    @classmethod
    def of(cls, reviewer: Reviewer, data=None):
        return cls(
            data,
            with_email=False,
            initial={
                "expertise": list(reviewer.fields.all()),
                "organisation": reviewer.organisation,
                "affiliation": reviewer.affiliation,
            },
        )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("calls review", "reason (optional)"),
        max_length=300,
        required=False,
        help_text=_("Only the organisers read it."),
    )


class HandAssignmentForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=pgettext_lazy("calls review", "reviewer"), queryset=Reviewer.objects.none()
    )

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reviewers is not None:
            self.fields["reviewer"].queryset = reviewers


def criterion_field(criterion) -> str:
    return f"criterion_{criterion.pk}"


class ScoreForm(forms.Form):
    """One field per criterion of the stage's rubric, a comment and the submission's key.
    The values are checked by the service against the rubric (`calls.scoring.clean_values`);
    the browser's limits only help."""

    comment = forms.CharField(
        label=pgettext_lazy("calls review", "comment"),
        max_length=MAX_COMMENT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, criteria=(), review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        values = review.values if review is not None else {}
        fields = {}
        for criterion in self.criteria:
            fields[criterion_field(criterion)] = forms.CharField(
                label=criterion.name,
                help_text=criterion.help,
                required=False,
                max_length=12,
                initial=_number(values.get(str(criterion.pk))),
                widget=forms.NumberInput(
                    attrs={
                        "min": criterion.min_score,
                        "max": criterion.max_score,
                        "step": "0.5",
                        "inputmode": "decimal",
                    }
                ),
            )
        self.fields = {**fields, **self.fields}
        if review is not None:
            self.fields["comment"].initial = review.comment
        self.fields["key"].initial = uuid.uuid4().hex

    def raw_values(self) -> dict[str, str]:
        return {
            str(criterion.pk): self.cleaned_data.get(criterion_field(criterion), "")
            for criterion in self.criteria
        }

    def add_service_errors(self, error) -> None:
        """The service's errors by criterion id onto the criterion's field."""
        names = {str(c.pk): criterion_field(c) for c in self.criteria}
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                self.add_error(names.get(key, key if key in self.fields else None), errors)
        else:
            self.add_error(None, error)


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
