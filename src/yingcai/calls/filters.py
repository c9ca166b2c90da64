"""The organisers' filters over a call's entries (django-filter): track, division, status,
discipline field, origin and stage of the project. A bad value drops its own filter, never
the page."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.models import DisciplineField
from yingcai.projects.models import Origin
from yingcai.projects.models import Stage as ProjectStage

from .models import Call, Division, Entry, Track


class EntryFilter(django_filters.FilterSet):
    track = django_filters.ModelChoiceFilter(
        label=_("Track"), queryset=Track.objects.none(), empty_label=_("All tracks")
    )
    division = django_filters.ModelChoiceFilter(
        label=_("Division"), queryset=Division.objects.none(), empty_label=_("All divisions")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Entry.Status.choices, empty_label=_("All")
    )
    field = django_filters.ModelChoiceFilter(
        field_name="project__field",
        label=_("Discipline field"),
        queryset=DisciplineField.objects.all(),
        empty_label=_("All fields"),
        to_field_name="slug",
    )
    origin = django_filters.ChoiceFilter(
        field_name="project__origin",
        label=_("Domestic or overseas"),
        choices=Origin.choices,
        empty_label=_("Both"),
    )
    stage = django_filters.ChoiceFilter(
        field_name="project__stage",
        label=pgettext_lazy("of a project", "Stage"),
        choices=ProjectStage.choices,
        empty_label=_("All stages"),
    )

    class Meta:
        model = Entry
        fields = ["track", "division", "status", "field", "origin", "stage"]

    def __init__(self, data=None, queryset=None, *, call: Call, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["track"].queryset = call.tracks.all()
        self.filters["division"].queryset = call.divisions.all()
        if not call.tracks.exists():
            del self.filters["track"]
        if not call.divisions.exists():
            del self.filters["division"]

    @property
    def valid_qs(self):
        """The rows of the filters that are valid (a bad value drops its own filter)."""
        form = self.form
        queryset = self.queryset
        if not form.is_bound:
            return queryset
        form.is_valid()
        for name, value in form.cleaned_data.items():
            if name in form.errors or value in (None, ""):
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset


def entries_of(call: Call):
    """A call's entries with what the list and the export read, in one query."""
    return (
        Entry.objects.filter(call=call)
        .select_related("project__field", "track", "division", "created_by")
        .order_by("pk")
    )
