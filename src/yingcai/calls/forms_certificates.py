"""Forms of certificates: the code typed to verify one, the call managers' awards."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.certificates import normalise_code


class LookupForm(forms.Form):
    code = forms.CharField(label=_("certificate code"), max_length=40)

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A certificate code has 12 letters and digits, as printed under its QR code.")
            )
        return code


class AwardCategoryForm(forms.Form):
    name_zh_hans = forms.CharField(label=_("name (Chinese)"), max_length=80, required=False)
    name_en = forms.CharField(label=_("name (English)"), max_length=80, required=False)


class AwardForm(forms.Form):
    award = forms.ChoiceField(label=_("award"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [(str(c.pk), str(c)) for c in categories]
