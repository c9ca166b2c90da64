from datetime import date

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.models import User
from yingcai.core.models import DisciplineField, District

from . import services
from .models import Education, TalentProfile, WorkExperience

MAX_SALARY = 10_000_000
MAX_HISTORY_ROWS = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProfileForm(forms.ModelForm):
    """The talent profile, with the account's name (e-mail and mobile have their own pages)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    fields = forms.ModelMultipleChoiceField(
        label=_("Discipline fields"),
        queryset=DisciplineField.objects.order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    desired_districts = forms.ModelMultipleChoiceField(
        label=_("Desired districts and counties"),
        queryset=District.objects.order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where you would like to work in Chongqing; none means anywhere."),
    )
    expected_salary = forms.IntegerField(
        label=_("Expected monthly salary (CNY)"),
        min_value=0,
        max_value=MAX_SALARY,
        required=False,
    )

    class Meta:
        model = TalentProfile
        fields = [
            "birth_date",
            "origin",
            "country",
            "degree",
            "postdoctoral",
            "title",
            "university",
            "fields",
            "skills",
            "summary",
            "desired_districts",
            "expected_salary",
            "available_from",
            "visibility",
        ]
        widgets = {
            "origin": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "available_from": DateInput(),
            "birth_date": DateInput(),
        }

    field_order = ["name", *Meta.fields]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["name"].initial = user.name
        self.fields["degree"].help_text = _("Needed before you can apply for jobs.")

    def clean_birth_date(self):
        born = self.cleaned_data.get("birth_date")
        if born and not date(1900, 1, 1) < born < timezone.localdate():
            raise forms.ValidationError(_("Give your real date of birth."))
        return born

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give your name."))
        return name

    def clean(self):
        cleaned = super().clean()
        overseas = cleaned.get("origin") == TalentProfile.Origin.OVERSEAS
        if overseas and not (cleaned.get("country") or "").strip():
            self.add_error("country", _("Give the country or region you live in."))
        return cleaned


class _HistoryForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return cleaned


class WorkExperienceForm(_HistoryForm):
    class Meta:
        model = WorkExperience
        fields = ["employer", "position", "start", "end", "description"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class EducationForm(_HistoryForm):
    class Meta:
        model = Education
        fields = ["institution", "degree", "major", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}


WorkFormSet = inlineformset_factory(
    TalentProfile,
    WorkExperience,
    form=WorkExperienceForm,
    extra=1,
    can_delete=True,
    max_num=MAX_HISTORY_ROWS,
    validate_max=True,
)
EducationFormSet = inlineformset_factory(
    TalentProfile,
    Education,
    form=EducationForm,
    extra=1,
    can_delete=True,
    max_num=MAX_HISTORY_ROWS,
    validate_max=True,
)


class CVUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CV file"),
        help_text=_("PDF or Word (DOCX), at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # Checked again, with the content, by services.upload_cv; refusing here spares the
        # rest of the work for an obviously oversized file.
        if uploaded.size > services.MAX_CV_BYTES:
            raise forms.ValidationError(_("A CV may be at most 10 MB."), code="size")
        return uploaded


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password
