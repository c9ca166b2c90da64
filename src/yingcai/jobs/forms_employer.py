"""Forms of the employers' side of the job fair and of the organisers' approval queue."""

from datetime import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core import spreadsheets
from yingcai.core.models import DisciplineField, District

from .models import Application, InterviewSlot, Job, Stage

MAX_SALARY = 1_000_000
MAX_HEADCOUNT = 10_000

# Each text in both languages (django-modeltranslation columns); English is optional, and a
# job written only in English (an overseas investor) is allowed: at least one is required.
TEXT_FIELDS = [("title_zh_hans", "title_en"), ("description_zh_hans", "description_en")]

JOB_FIELDS = [
    "title_zh_hans",
    "title_en",
    "description_zh_hans",
    "description_en",
    "field",
    "district",
    "degree_min",
    "title_min",
    "salary_min",
    "salary_max",
    "headcount",
    "deadline",
    "interview_mode",
    "overseas_friendly",
    "contact_name",
    "contact_email",
    "contact_phone",
]


class JobForm(forms.ModelForm):
    """The one validation of a job requirement: the web form and every imported row use it."""

    class Meta:
        model = Job
        fields = JOB_FIELDS
        labels = {
            "title_zh_hans": _("Job title (Chinese)"),
            "title_en": _("Job title (English, optional)"),
            "description_zh_hans": _("Description (Chinese)"),
            "description_en": _("Description (English, optional)"),
        }
        widgets = {
            "description_zh_hans": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = DisciplineField.objects.all()
        self.fields["district"].queryset = District.objects.all()
        for name in ("degree_min", "title_min"):
            choices = Job._meta.get_field(name).choices
            self.fields[name].choices = [("", _("no requirement")), *choices]
        for name in ("salary_min", "salary_max"):
            self.fields[name].validators.append(MaxValueValidator(MAX_SALARY))
            self.fields[name].widget.attrs.update({"min": 0, "max": MAX_SALARY})
        headcount = self.fields["headcount"]
        headcount.validators += [MinValueValidator(1), MaxValueValidator(MAX_HEADCOUNT)]
        headcount.widget.attrs.update({"min": 1, "max": MAX_HEADCOUNT})

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline has already passed."))
        return deadline

    def clean(self):
        data = super().clean()
        for zh, en in TEXT_FIELDS:
            if zh in self.errors or en in self.errors:
                continue
            data[zh] = (data.get(zh) or "").strip()
            data[en] = (data.get(en) or "").strip()
            if not data[zh] and not data[en]:
                self.add_error(zh, _("Give it in Chinese, in English or both."))
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and high < low:
            # Reported here so the database's check constraint never has to speak.
            self.add_error(
                "salary_max", _("The upper end of the salary range is below its lower end.")
            )
        return data


class PrefetchedChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField answered from objects fetched once (for thousands of imported rows)."""

    def __init__(self, *args, objects: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.objects = objects

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = self.objects.get(str(value))
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return found


class ImportedJobForm(JobForm):
    """One imported row: the web form's fields and checks, without a query per row.

    The model's own validation (field and constraint checks against the database) is left to
    `services.create_job`, which runs it on every row before saving anything.
    """

    def __init__(self, *args, known: dict[str, dict], **kwargs):
        super().__init__(*args, **kwargs)
        for name, objects in known.items():
            field = self.fields[name]
            self.fields[name] = PrefetchedChoiceField(
                queryset=field.queryset, objects=objects, label=field.label, required=field.required
            )

    def _post_clean(self):
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields)
        except forms.ValidationError as error:
            self._update_errors(error)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{spreadsheets.XLSX}"}),
    )


class MoveForm(forms.Form):
    """Move one or several applications of a job to a stage of the organisation's pipeline."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Applicants"), queryset=Application.objects.none(), required=False
    )
    stage = forms.ModelChoiceField(label=_("Move to"), queryset=Stage.objects.none())
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, stages, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages
        self.fields["stage"].empty_label = None
        if applications is not None:
            self.fields["applications"].queryset = applications
        else:
            del self.fields["applications"]

    def clean_applications(self):
        chosen = self.cleaned_data["applications"]
        if not chosen:
            raise forms.ValidationError(_("Select at least one applicant."))
        return chosen


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", _("not rated")), *[(str(n), "★" * n) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the applicant"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SlotForm(forms.Form):
    """One interview time: a day, a start and an end, on site (a place) or online (a link)."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    mode = forms.ChoiceField(label=_("Mode"), choices=InterviewSlot.Mode.choices)
    place = forms.CharField(label=_("Interview place"), max_length=200, required=False)
    link = forms.URLField(label=_("Meeting link"), max_length=200, required=False)

    def has_changed(self):
        # The mode select always posts a value: a row is filled in when another field is.
        return any(name != "mode" for name in self.changed_data)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", _("The interview must end after it starts."))
            elif timezone.make_aware(datetime.combine(day, start)) <= timezone.now():
                self.add_error("day", _("An interview time must be in the future."))
        mode = data.get("mode")
        if mode == InterviewSlot.Mode.ON_SITE and not (data.get("place") or "").strip():
            self.add_error("place", _("Give the place of an on-site interview."))
        if mode == InterviewSlot.Mode.ONLINE and not data.get("link"):
            self.add_error("link", _("Give the meeting link of an online interview."))
        return data

    def slot_data(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": timezone.make_aware(datetime.combine(data["day"], data["start"])),
            "ends_at": timezone.make_aware(datetime.combine(data["day"], data["end"])),
            "mode": data["mode"],
            "place": data["place"].strip() if data["mode"] == InterviewSlot.Mode.ON_SITE else "",
            "link": data["link"] if data["mode"] == InterviewSlot.Mode.ONLINE else "",
        }


class BaseSlotFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_changed() and form.cleaned_data for form in self.forms):
            raise forms.ValidationError(_("Propose at least one time."))


SlotFormSet = forms.formset_factory(
    SlotForm, formset=BaseSlotFormSet, extra=3, max_num=20, validate_max=True, absolute_max=20
)


class InterviewMessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message with the invitation (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StageAddForm(forms.Form):
    name = forms.CharField(label=_("Name of the new step"), max_length=60)
    after = forms.ModelChoiceField(
        label=_("After the step"), queryset=Stage.objects.none(), required=False
    )

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].queryset = stages
        self.fields["after"].empty_label = _("at the end")


class StageRenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the organisation)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
