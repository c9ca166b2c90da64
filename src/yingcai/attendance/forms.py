"""The registration's forms: the contact, its code, the registration itself, and the
choice of sessions (`session-<id>` = "online" | "onsite"), parsed from the POST as it comes."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Attendance, Registration, Session
from .services import codes

SESSION_FIELD = re.compile(r"^session-(\d{1,9})$")
MAX_CHOICES = 50


def _no_nul(value: str) -> str:
    if "\x00" in (value or ""):
        raise ValidationError(_("This text contains a character that is not allowed."))
    return value


class ContactForm(forms.Form):
    contact = forms.CharField(
        label=_("Mobile number or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "tel email", "inputmode": "email"}),
        help_text=_("We send you a code to check it."),
    )

    def clean_contact(self):
        return codes.normalise_contact(_no_nul(self.cleaned_data["contact"]))


class CodeForm(forms.Form):
    contact = forms.CharField(max_length=254, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    def clean_contact(self):
        return codes.normalise_contact(_no_nul(self.cleaned_data["contact"]))

    def clean(self):
        data = super().clean()
        checkable = "contact" in data and "code" in data
        if checkable and not codes.check_code(data["contact"], _no_nul(data["code"])):
            raise ValidationError(_("This code is wrong or has expired."), code="wrong")
        return data


def parse_choices(data, sessions: dict[int, Session]) -> tuple[list, list[str]]:
    """[(session, mode)] from the `session-<id>` fields; and the errors of bad ones."""
    choices, errors = [], []
    for key in list(data.keys())[:500]:
        if not key.startswith("session-"):
            continue
        value = data.get(key) or ""
        if not value:
            continue
        match = SESSION_FIELD.match(key)
        session = sessions.get(int(match.group(1))) if match else None
        if session is None:
            errors.append(str(_("A session you chose is not on the agenda.")))
            continue
        if value not in Attendance.Mode.values:
            errors.append(str(_("Choose online or on site.")))
            continue
        choices.append((session, value))
    if len(choices) > MAX_CHOICES:
        errors.append(str(_("Choose fewer sessions.")))
    return choices, errors


def session_ids(data) -> list[int]:
    found = []
    for key in list(data.keys())[:500]:
        match = SESSION_FIELD.match(key)
        if match and data.get(key):
            found.append(int(match.group(1)))
    return found[: MAX_CHOICES + 1]


class RegistrationForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a person", "Name"), max_length=100)
    contact_token = forms.CharField(max_length=400, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=pgettext_lazy("kind of participant", "I am"),
        choices=Registration.Kind.choices,
        widget=forms.RadioSelect,
    )
    privacy = forms.BooleanField(
        label=_("I have read and accept the privacy statement."),
        error_messages={"required": _("Please accept the privacy statement to register.")},
    )

    def clean_name(self):
        return _no_nul(self.cleaned_data["name"]).strip()

    def clean_contact_token(self):
        contact = codes.contact_from_token(self.cleaned_data["contact_token"])
        if contact is None:
            raise ValidationError(
                _("Your checked contact has expired. Please check it again with a new code.")
            )
        self.contact = contact
        return self.cleaned_data["contact_token"]
