"""The form of a project demand, shaped by the organisation's kind; the approval's reason.

One form class: the fields every demand has (bilingual title and description, discipline
fields, contacts) and those its kind uses (`services.demands.KIND_FIELDS`): what a district or
a park offers and its districts, an investor's stages, ticket size and districts, … The web
form and every imported row go through it; the service checks the same again.
"""

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from yingcai.core import spreadsheets
from yingcai.core.models import DisciplineField, District

from .models import MAX_AMOUNT, Demand, Industry, Stage, stages_value
from .services.demands import KIND_FIELDS, RELATIONS

TEXT_FIELDS = [
    ("title_zh_hans", "title_en"),
    ("description_zh_hans", "description_en"),
]
MODEL_FIELDS = [
    "title_zh_hans",
    "title_en",
    "description_zh_hans",
    "description_en",
    "offers_zh_hans",
    "offers_en",
    "stages",
    "ticket_min",
    "ticket_max",
    "currency",
    "contact_name",
    "contact_email",
    "contact_phone",
]
# A form field -> the optional part of a demand it belongs to (KIND_FIELDS).
PART_OF = {"offers_zh_hans": "offers", "offers_en": "offers"}
OPTIONAL_FIELDS = {
    "offers_zh_hans",
    "offers_en",
    "industries",
    "stages",
    "ticket_min",
    "ticket_max",
    "currency",
    "districts",
}


class PrefetchedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField answered from objects read once (thousands of imported rows)."""

    def __init__(self, *args, objects: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.objects = objects

    def clean(self, value):
        if not value:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        found = []
        for key in value:
            obj = self.objects.get(str(key))
            if obj is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
            if obj not in found:
                found.append(obj)
        return found


class DemandForm(forms.ModelForm):
    fields = forms.ModelMultipleChoiceField(
        label=_("Discipline fields"),
        queryset=DisciplineField.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    industries = forms.ModelMultipleChoiceField(
        label=_("Industries"),
        queryset=Industry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts or counties"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    stages = forms.MultipleChoiceField(
        label=_("Stages"),
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Demand
        fields = MODEL_FIELDS
        labels = {
            "title_zh_hans": _("Title (Chinese)"),
            "title_en": _("Title (English)"),
            "description_zh_hans": _("Description (Chinese)"),
            "description_en": _("Description (English)"),
            "offers_zh_hans": _("What we offer (Chinese)"),
            "offers_en": _("What we offer (English)"),
        }
        widgets = {
            "description_zh_hans": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "offers_zh_hans": forms.Textarea(attrs={"rows": 4}),
            "offers_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind: str, known: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        querysets = {
            "fields": DisciplineField.objects.all(),
            "industries": Industry.objects.all(),
            "districts": District.objects.all(),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            if known and name in known:
                self.fields[name] = PrefetchedMultipleChoiceField(
                    queryset=queryset,
                    objects=known[name],
                    label=field.label,
                    required=field.required,
                    widget=field.widget,
                )
            else:
                field.queryset = queryset
        if self.instance.pk:
            for name in RELATIONS:
                self.initial[name] = list(getattr(self.instance, name).all())
            self.initial["stages"] = self.instance.stage_list
        for name in ("ticket_min", "ticket_max"):
            field = self.fields[name]
            field.validators.append(validators.MaxValueValidator(MAX_AMOUNT))
            field.widget.attrs.update({"min": 0, "max": MAX_AMOUNT, "step": 10000})
        self.fields["currency"].required = False
        if kind == Demand.Kind.INDUSTRIES:
            self.fields["districts"].required = True
        # Only what fits the kind.
        used = set(KIND_FIELDS.get(kind, ()))
        for name in OPTIONAL_FIELDS:
            if PART_OF.get(name, name) not in used:
                del self.fields[name]
        labels = {
            Demand.Kind.INDUSTRIES: _("Industries sought"),
            Demand.Kind.INVESTMENT: _("Industries invested in"),
        }
        if "industries" in self.fields and kind in labels:
            self.fields["industries"].label = labels[kind]
        if "stages" in self.fields:
            self.fields["stages"].label = (
                _("Stages invested in") if kind == Demand.Kind.INVESTMENT else _("Stages sought")
            )
            self.fields["stages"].help_text = _("None chosen: any stage.")
        if "districts" in self.fields and kind == Demand.Kind.INVESTMENT:
            self.fields["districts"].label = _("Districts or counties invested in")

    def clean_stages(self):
        return stages_value(self.cleaned_data.get("stages") or [])

    def clean_currency(self):
        return self.cleaned_data.get("currency") or Demand._meta.get_field("currency").default

    def clean(self):
        data = super().clean()
        for zh, en in TEXT_FIELDS:
            if zh in self.errors or en in self.errors:
                continue
            data[zh] = (data.get(zh) or "").strip()
            data[en] = (data.get(en) or "").strip()
            if not data[zh] and not data[en]:
                self.add_error(zh, _("Give it in Chinese, in English or both."))
        if "offers_zh_hans" in self.fields and not self.errors.get("offers_zh_hans"):
            offered = (data.get("offers_zh_hans") or "").strip() or (
                data.get("offers_en") or ""
            ).strip()
            if not offered:
                self.add_error(
                    "offers_zh_hans",
                    _("Say what you offer: land, premises, subsidies, policies."),
                )
        low, high = data.get("ticket_min"), data.get("ticket_max")
        if low is not None and high is not None and high < low:
            self.add_error("ticket_max", _("The upper end of the range is below its lower end."))
        return data

    @property
    def relations(self) -> dict:
        """The demand's many-to-many choices, for the service."""
        return {name: list(self.cleaned_data.get(name) or []) for name in RELATIONS}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the organisation)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{spreadsheets.XLSX}"}),
    )
