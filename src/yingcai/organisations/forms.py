from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.core.models import District

from .models import Membership, Organisation
from .validators import normalise_credit_code


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name_zh_hans",
            "name_en",
            "kind",
            "level",
            "district",
            "location",
            "credit_code",
            "address",
            "website",
            "contact_email",
            "contact_phone",
            "description_zh_hans",
            "description_en",
        ]
        labels = {
            "name_zh_hans": _("Name in Chinese"),
            "name_en": _("Name in English"),
            "description_zh_hans": _("Description in Chinese"),
            "description_en": _("Description in English"),
        }
        widgets = {
            "description_zh_hans": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.all()
        # Organisers are registered by the organisers themselves (admin).
        self.fields["kind"].choices = [
            c for c in Organisation.Kind.choices if c[0] != Organisation.Kind.ORGANISER
        ]
        self.fields["credit_code"].help_text = _(
            "18 characters, as on the business licence or registration certificate. "
            "Organisations outside mainland China leave it empty."
        )

    def clean_credit_code(self):
        code = normalise_credit_code(self.cleaned_data.get("credit_code") or "")
        return code or None

    def clean(self):
        data = super().clean()
        if not (data.get("name_zh_hans") or "").strip() and not (data.get("name_en") or "").strip():
            self.add_error("name_zh_hans", _("Give the name in Chinese, in English or both."))
        kind = data.get("kind")
        if kind == Organisation.Kind.PUBLIC_INSTITUTION and not data.get("level"):
            self.add_error(
                "level", _("Say whether the institution is municipal or district/county.")
            )
        if kind and kind != Organisation.Kind.PUBLIC_INSTITUTION:
            data["level"] = ""
        if not data.get("district") and not (data.get("location") or "").strip():
            self.add_error(
                "district",
                _("Choose the district or county, or give the city or country outside Chongqing."),
            )
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
