"""The filters of job search and talent search: GET parameters, validated here.

A bad value never fails the page: the field is left out of `cleaned_data` (the filter is
ignored) and its error is shown. Fields and districts are passed in (`reference_lists`), so
that validating and rendering the form costs no query of its own.
"""

import time
from datetime import date, datetime, timedelta
from datetime import time as clock

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.models import DisciplineField, District
from yingcai.organisations.models import Organisation
from yingcai.talents.models import TalentProfile

# Discipline fields and districts change a few times a year (migrations, the admin): every
# search page reads them from memory, refreshed after this many seconds.
REFERENCE_SECONDS = 60.0
_reference: tuple[float, dict, dict] | None = None

MAX_QUERY_LENGTH = 200
MAX_SALARY = 10_000_000

SINCE_DAYS = {"1": _("in the last 24 hours"), "7": _("in the last 7 days")}
SINCE_DAYS["30"] = _("in the last 30 days")

# The default order (no value) is relevance when the search has words, else the newest first.
RELEVANCE, NEWEST, SALARY, DEADLINE = "relevance", "newest", "salary", "deadline"
JOB_SORTS = [
    ("", _("best match")),
    (NEWEST, _("newest")),
    (SALARY, _("highest salary")),
    (DEADLINE, _("closing soonest")),
]
UPDATED = "updated"
TALENT_SORTS = [("", _("best match")), (UPDATED, _("recently updated"))]


def reference_lists(refresh: bool = False) -> tuple[dict, dict]:
    """({id: DisciplineField}, {id: District}), in their order, shared by the process's
    requests (read only; names follow the active language when shown)."""
    global _reference
    now = time.monotonic()
    if refresh or _reference is None or now - _reference[0] > REFERENCE_SECONDS:
        fields = {f.pk: f for f in DisciplineField.objects.all()}
        districts = {d.pk: d for d in District.objects.all()}
        _reference = (now, fields, districts)
    return _reference[1], _reference[2]


class QuickSelect(forms.Select):
    """A <select> written out in Python.

    Django renders each option through its own template; for the 45 districts and 21 fields
    of every search page that was a quarter of the page's server time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        value = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(str(v))}"{" selected" if str(v) == value else ""}>'
            f"{escape(str(label))}</option>"
            for v, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        # Every value and label is escaped above; flatatt escapes the attributes.
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{options}</select>')  # noqa: S308


class _ChoiceField(forms.ChoiceField):
    widget = QuickSelect


class _SlugChoiceField(_ChoiceField):
    """A choice among objects by slug; `cleaned_data` holds the object."""

    def __init__(self, objects, *, empty_label, **kwargs):
        objects = list(objects)
        self.objects = {obj.slug: obj for obj in objects}
        choices = [("", empty_label), *((obj.slug, str(obj)) for obj in objects)]
        super().__init__(choices=choices, required=False, **kwargs)

    def clean(self, value):
        slug = super().clean(value)
        return self.objects.get(slug) if slug else None


class _SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, data, *, fields, districts):
        super().__init__(data)
        self.fields["field"] = _SlugChoiceField(
            fields, label=_("Discipline field"), empty_label=_("All fields")
        )
        self.fields["district"] = _SlugChoiceField(
            districts, label=self.district_label, empty_label=_("All districts and counties")
        )
        self.order_fields(self.field_order)

    @property
    def main_fields(self) -> list:
        return [self[name] for name in self.fields if name not in self.more]

    @property
    def more_fields(self) -> list:
        """The filters shown folded, so that a phone sees results without scrolling past
        ten fields."""
        return [self[name] for name in self.more]

    @property
    def more_open(self) -> bool:
        return any(self.data.get(name) for name in self.more)

    @property
    def valid_data(self) -> dict:
        """The filters that are valid, whatever the others are."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    @property
    def ignored(self) -> list[str]:
        """Labels of the filters ignored because their value was bad."""
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]


class JobSearchForm(_SearchForm):
    district_label = _("District or county")
    field_order = [
        "q",
        "field",
        "district",
        "degree",
        "salary",
        "kind",
        "overseas",
        "since",
        "sort",
    ]

    more = ["degree", "salary", "kind", "overseas", "since", "sort"]

    # The talent's own degree: jobs whose minimum is at most it (or that ask for none).
    degree = _ChoiceField(
        label=_("Open to my degree"),
        required=False,
        choices=[("", _("Any degree")), *Degree.choices],
    )
    salary = forms.IntegerField(
        label=_("Monthly salary wanted (CNY)"),
        required=False,
        min_value=0,
        max_value=MAX_SALARY,
        widget=forms.NumberInput(attrs={"step": 1000, "placeholder": "15000"}),
    )
    kind = _ChoiceField(
        label=_("Employer"),
        required=False,
        choices=[("", _("All kinds")), *Organisation.Kind.choices],
    )
    overseas = forms.BooleanField(label=_("Welcomes overseas talents"), required=False)
    since = forms.CharField(label=_("Posted"), required=False, widget=QuickSelect)
    sort = _ChoiceField(label=_("Sort by"), required=False, choices=JOB_SORTS)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        choices = [("", _("any time")), *SINCE_DAYS.items()]
        given = (data or {}).get("since", "")
        # A date in a shared URL: offered as it is, so the form shows what is applied.
        if given and given not in SINCE_DAYS and _parse_date(given):
            choices.append((given, _("since %(date)s") % {"date": given}))
        self.fields["since"].widget.choices = choices

    def clean_since(self):
        value = self.cleaned_data["since"].strip()
        if not value:
            return None
        if value in SINCE_DAYS:
            return timezone.now() - timedelta(days=int(value))
        day = _parse_date(value)
        if day is None:
            raise forms.ValidationError(
                _("Choose a period, or give a date as YYYY-MM-DD."), code="invalid"
            )
        return timezone.make_aware(datetime.combine(day, clock.min))


class TalentSearchForm(_SearchForm):
    district_label = _("Wants to work in")
    field_order = ["q", "field", "district", "degree", "title", "origin", "sort"]
    more = ["degree", "title", "origin", "sort"]

    degree = _ChoiceField(
        label=_("Degree at least"),
        required=False,
        choices=[("", _("Any degree")), *Degree.choices],
    )
    title = _ChoiceField(
        label=_("Professional title at least"),
        required=False,
        choices=[("", _("Any title")), *ProfessionalTitle.choices],
    )
    origin = _ChoiceField(
        label=_("Domestic or overseas"),
        required=False,
        choices=[("", _("Both")), *TalentProfile.Origin.choices],
    )
    sort = _ChoiceField(label=_("Sort by"), required=False, choices=TALENT_SORTS)


def _parse_date(value: str) -> date | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    # Beyond these, a date is a typing error (and year 1 would overflow the time zone).
    return day if date(2000, 1, 1) <= day <= date(2100, 1, 1) else None
