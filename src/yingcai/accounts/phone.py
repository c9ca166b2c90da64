"""Mobile numbers, stored normalised (E.164) so one number is one account."""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "CN"


def normalise_mobile(value: str) -> str:
    """'138 0013 8000' -> '+8613800138000'; raises ValidationError when it is no mobile number."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Enter a mobile number."), code="required")
    if len(raw) > 32:
        raise ValidationError(_("Enter a valid mobile number."), code="invalid")
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid mobile number, e.g. 138 0013 8000 or +44 7911 123456."),
            code="invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def try_normalise_mobile(value: str) -> str | None:
    try:
        return normalise_mobile(value)
    except ValidationError:
        return None


class MobileField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return ""
        return normalise_mobile(value)
