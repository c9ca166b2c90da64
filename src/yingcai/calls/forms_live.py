"""The organisers' forms of a live panel: seating a judge."""

from django import forms
from django.utils.translation import pgettext_lazy

from .models import Division, Reviewer


class ReviewerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.affiliation:
            return f"{obj.user} · {obj.affiliation}"
        return str(obj.user)


class SeatForm(forms.Form):
    reviewer = ReviewerChoice(
        label=pgettext_lazy("live panel", "Judge"), queryset=Reviewer.objects.none()
    )
    division = forms.ModelChoiceField(
        label=pgettext_lazy("live panel", "Division"),
        queryset=Division.objects.none(),
        required=False,
    )

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        seated = stage.panel_members.values_list("reviewer_id", flat=True)
        self.fields["reviewer"].queryset = (
            Reviewer.objects.filter(call_id=stage.call_id, is_active=True)
            .exclude(pk__in=seated)
            .select_related("user")
            .order_by("pk")
        )
        if stage.per_division:
            self.fields["division"].queryset = Division.objects.filter(call_id=stage.call_id)
            self.fields["division"].required = True
        else:
            del self.fields["division"]
