from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken

NEVER = "never"
EXPIRIES = [
    ("30", _("in 30 days")),
    ("90", _("in 90 days")),
    ("365", _("in a year")),
    (NEVER, _("never")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("What the token is for, e.g. the program that uses it."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("Read and write lets the program move applicants between steps."),
    )
    expires = forms.ChoiceField(label=_("Expires"), choices=EXPIRIES, initial="90")

    def clean_expires(self):
        value = self.cleaned_data["expires"]
        if value == NEVER:
            return None
        return timezone.now() + timedelta(days=int(value))
