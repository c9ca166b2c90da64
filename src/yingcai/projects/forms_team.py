"""Forms of a project's team: the project itself, invitations, the business plan, sharing it,
and the organisers' reason for sending a project back."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from yingcai.core.models import DisciplineField, District
from yingcai.organisations.models import Organisation

from .models import MAX_AMOUNT, Industry, Origin, Project
from .services import projects as services

# Each text in both languages (modeltranslation columns): at least one is required, a
# domestic team writes in Chinese, an overseas one may write in English only.
TEXT_FIELDS = [("title_zh_hans", "title_en"), ("summary_zh_hans", "summary_en")]

PROJECT_FIELDS = [
    "title_zh_hans",
    "title_en",
    "summary_zh_hans",
    "summary_en",
    "field",
    "industries",
    "stage",
    "origin",
    "city",
    "country",
    "seeks_investment",
    "amount_min",
    "amount_max",
    "currency",
    "seeks_partnership",
    "seeks_premises",
    "seeks_technology_transfer",
    "seeks_talent",
    "patents",
    "district",
    "park",
    "pitch_url",
]


def industrial_parks():
    return Organisation.objects.filter(
        kind=Organisation.Kind.INDUSTRIAL_PARK, status=Organisation.Status.VERIFIED
    ).order_by("name")


class ProjectForm(forms.ModelForm):
    """The one validation of a project on the site (the services check it again)."""

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        labels = {
            "title_zh_hans": _("Project name (Chinese)"),
            "title_en": _("Project name (English)"),
            "summary_zh_hans": _("Summary (Chinese)"),
            "summary_en": _("Summary (English)"),
        }
        help_texts = {
            "title_en": _("At least one language; both help investors from China and abroad."),
            "summary_zh_hans": _(
                "Shown on the public page: what the project does, for whom, and what it has "
                "achieved. Keep the business plan for the upload."
            ),
            "industries": _("Hold Ctrl (⌘ on a Mac) to choose several."),
            "amount_min": _("Whole yuan or dollars."),
        }
        widgets = {
            "summary_zh_hans": forms.Textarea(attrs={"rows": 6}),
            "summary_en": forms.Textarea(attrs={"rows": 5}),
            "patents": forms.Textarea(
                attrs={"rows": 3, "placeholder": "CN 201510123456.7\nUS 9,876,543 B2"}
            ),
            "pitch_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = DisciplineField.objects.all()
        self.fields["industries"].queryset = Industry.objects.all()
        self.fields["industries"].required = False
        self.fields["district"].queryset = District.objects.all()
        self.fields["park"].queryset = industrial_parks()
        self.fields["origin"].choices = Origin.choices
        self.fields["country"].help_text = _("Required for an overseas project.")
        for name in ("amount_min", "amount_max"):
            field = self.fields[name]
            field.validators += [MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)]
            field.widget.attrs.update({"min": 0, "max": MAX_AMOUNT, "step": 1})
        self.fields["pitch_url"].validators[0].schemes = ["http", "https"]

    def clean_patents(self):
        try:
            return services.validate_patents(self.cleaned_data.get("patents", ""))
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None

    def clean(self):
        data = super().clean()
        for zh, en in TEXT_FIELDS:
            if zh in self.errors or en in self.errors:
                continue
            data[zh] = (data.get(zh) or "").strip()
            data[en] = (data.get(en) or "").strip()
            if not data[zh] and not data[en]:
                self.add_error(zh, _("Give it in Chinese, in English or both."))
        if data.get("origin") == Origin.OVERSEAS and not (data.get("country") or "").strip():
            self.add_error("country", _("Give the country or region of an overseas project."))
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and high < low:
            self.add_error("amount_max", _("The upper end of the amount is below its lower end."))
        if (low is not None or high is not None) and not data.get("seeks_investment"):
            self.add_error(
                "seeks_investment", _("Tick “seeks investment” to give an amount, or leave it out.")
            )
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the new member"), max_length=254)


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Business plan (PDF)"),
        help_text=_("PDF, at most 20 MB. Only your team and those you share it with can open it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # Checked again, with the content, by services.upload_plan.
        if uploaded.size > services.MAX_PLAN_BYTES:
            raise forms.ValidationError(_("A business plan may be at most 20 MB."), code="size")
        return uploaded


class ShareForm(forms.Form):
    """Choose a verified organisation; the consent text is shown on the next step."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(status=Organisation.Status.VERIFIED).order_by("name"),
        help_text=_("Only verified organisations."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown to the team"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
