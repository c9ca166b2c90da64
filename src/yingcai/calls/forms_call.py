"""The organisers' forms of a call: its texts, window and eligibility; the entry form's
questions and the required documents (formsets over the call's JSON data); its tracks and
divisions (model formsets). The services check everything again (`services.calls`)."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.projects.models import Origin
from yingcai.projects.models import Stage as ProjectStage

from .models import Call, Division, Track
from .services.calls import MAX_AGE, MAX_DOCUMENTS, MAX_LABEL, MAX_QUESTIONS, MAX_TEXT, MIN_AGE

DATETIME = {"type": "datetime-local"}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class CallForm(forms.ModelForm):
    max_lead_age = forms.IntegerField(
        label=_("Team lead at most … years old"),
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        required=False,
        help_text=_("On the day entries close, from the lead's talent profile. Empty: no limit."),
    )
    stages = forms.MultipleChoiceField(
        label=_("Project stages allowed"),
        choices=ProjectStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any stage."),
    )
    origins = forms.MultipleChoiceField(
        label=_("Domestic or overseas projects"),
        choices=Origin.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: both."),
    )

    class Meta:
        model = Call
        fields = [
            "title_zh_hans",
            "title_en",
            "slug",
            "kind",
            "description_zh_hans",
            "description_en",
            "opens_at",
            "closes_at",
            "reviewers_per_entry",
        ]
        labels = {
            "title_zh_hans": _("Title (Chinese)"),
            "title_en": _("Title (English)"),
            "description_zh_hans": _("Description (Chinese)"),
            "description_en": _("Description (English)"),
        }
        widgets = {
            "opens_at": forms.DateTimeInput(attrs=DATETIME, format=DATETIME_FORMATS[0]),
            "closes_at": forms.DateTimeInput(attrs=DATETIME, format=DATETIME_FORMATS[0]),
            "description_zh_hans": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = DATETIME_FORMATS
        self.fields["reviewers_per_entry"].validators += [
            MinValueValidator(1),
            MaxValueValidator(20),
        ]
        rules = self.instance.eligibility or {}
        self.initial.setdefault("max_lead_age", rules.get("max_lead_age"))
        self.initial.setdefault("stages", rules.get("stages", []))
        self.initial.setdefault("origins", rules.get("origins", []))

    def validate_constraints(self, exclude=None):
        # The service says what is wrong, field by field.
        return

    def clean(self):
        data = super().clean()
        # Said here in words, so that the database's constraint is not asked in its own.
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Entries must close after they open."))
        eligibility = {}
        if data.get("max_lead_age"):
            eligibility["max_lead_age"] = data["max_lead_age"]
        for name in ("stages", "origins"):
            if data.get(name):
                eligibility[name] = list(data[name])
        self.instance.eligibility = eligibility
        return data


KINDS = [
    ("text", pgettext_lazy("kind of answer", "text")),
    ("number", pgettext_lazy("kind of answer", "number")),
    ("choice", pgettext_lazy("kind of answer", "choice")),
    ("url", pgettext_lazy("kind of answer", "link")),
]


class _Row(forms.Form):
    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_("Lower-case letters, digits, hyphens; kept once entries answer it."),
    )
    label_zh = forms.CharField(label=_("Label (Chinese)"), max_length=MAX_LABEL, required=False)
    label_en = forms.CharField(label=_("Label (English)"), max_length=MAX_LABEL, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)

    def has_changed(self):
        # A row without a key or a label is an empty row, whatever its kind says.
        names = ("key", "label_zh", "label_en")
        if not any((self.data.get(self.add_prefix(n)) or "").strip() for n in names):
            return False
        return super().has_changed()

    def row(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "DELETE"}


class QuestionForm(_Row):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=KINDS)
    choices = forms.CharField(
        label=_("Options (for a choice)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    max_length = forms.IntegerField(
        label=_("Longest answer (characters, for a text)"),
        min_value=1,
        max_value=MAX_TEXT,
        required=False,
    )

    def row(self) -> dict:
        row = super().row()
        row["choices"] = [c.strip() for c in (row.get("choices") or "").splitlines() if c.strip()]
        if row["kind"] != "choice":
            row["choices"] = []
        if row["kind"] == "text":
            row["max_length"] = row.get("max_length") or None
        else:
            row.pop("max_length", None)
        return {k: v for k, v in row.items() if v is not None}


class DocumentForm(_Row):
    pass


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=2, can_delete=True, max_num=MAX_QUESTIONS, validate_max=True
)
DocumentFormSet = forms.formset_factory(
    DocumentForm, extra=2, can_delete=True, max_num=MAX_DOCUMENTS, validate_max=True
)


def rows_of(formset) -> list[dict]:
    """The rows of a valid formset, without the empty and the deleted ones."""
    return [
        form.row()
        for form in formset.forms
        if form.cleaned_data.get("key") and not form.cleaned_data.get("DELETE")
    ]


def initial_questions(call: Call) -> list[dict]:
    return [{**q, "choices": "\n".join(q.get("choices", []))} for q in (call.questions or [])]


TrackFormSet = forms.inlineformset_factory(
    Call,
    Track,
    fields=["slug", "name_zh_hans", "name_en", "position"],
    labels={"name_zh_hans": _("Name (Chinese)"), "name_en": _("Name (English)")},
    extra=2,
    max_num=20,
    validate_max=True,
    can_delete=True,
)
DivisionFormSet = forms.inlineformset_factory(
    Call,
    Division,
    fields=["slug", "name_zh_hans", "name_en", "city_zh_hans", "city_en", "is_online", "position"],
    labels={
        "name_zh_hans": _("Name (Chinese)"),
        "name_en": _("Name (English)"),
        "city_zh_hans": _("City (Chinese)"),
        "city_en": _("City (English)"),
    },
    extra=2,
    max_num=20,
    validate_max=True,
    can_delete=True,
)
