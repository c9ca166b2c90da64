"""Which projects and demands the public sees, and their filters (django-filter), for the pages
and the API alike: on a page a bad value drops its own filter, never the page; the API answers
it 422. The text of a search is a form over `yingcai.search` (`forms_search`, `search`)."""

from dataclasses import dataclass

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yingcai.core.models import DisciplineField, District
from yingcai.organisations.models import Organisation
from yingcai.search import query as search_query

from . import search
from .forms_search import NEWEST, RELEVANCE, QuickSelect, TextSearchForm
from .models import MAX_AMOUNT, Currency, Demand, Industry, Origin, Project, Stage


def listed_projects():
    """Projects anyone may find: verified (listed) by the organisers."""
    return Project.objects.filter(status=Project.Status.VERIFIED)


def public_demands():
    """Demands anyone may find: published, of an organisation still verified (the rule of
    `projects.view_demand` for one demand in hand, `rules.demands.demand_is_public`)."""
    return Demand.objects.filter(
        status=Demand.Status.PUBLISHED, organisation__status=Organisation.Status.VERIFIED
    )


def _in_range(low: str, high: str, amount: int) -> Q:
    """A range [low, high] holding `amount`; an open end holds anything, a range with no end
    at all says nothing (the project seeks no money, the demand names no ticket)."""
    return (
        (Q(**{f"{low}__lte": amount}) | Q(**{f"{low}__isnull": True}))
        & (Q(**{f"{high}__gte": amount}) | Q(**{f"{high}__isnull": True}))
        & ~Q(**{f"{low}__isnull": True, f"{high}__isnull": True})
    )


class _Common(django_filters.FilterSet):
    district = django_filters.ModelChoiceFilter(
        widget=QuickSelect,
        label=_("District or county"),
        queryset=District.objects.all(),
        empty_label=_("All districts and counties"),
        to_field_name="slug",
    )
    amount = django_filters.NumberFilter(
        label=_("Amount"),
        method="amount_in_range",
        min_value=0,
        max_value=MAX_AMOUNT,
        help_text=_("Those whose range holds this amount."),
    )
    currency = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Currency"),
        choices=Currency.choices,
        empty_label=_("Any currency"),
    )

    # The range's columns: (from, up to).
    range_columns = ("", "")

    def amount_in_range(self, queryset, name, value):
        low, high = self.range_columns
        return queryset.filter(_in_range(low, high, int(value)))


class ProjectFilter(_Common):
    field = django_filters.ModelChoiceFilter(
        widget=QuickSelect,
        label=_("Discipline field"),
        queryset=DisciplineField.objects.all(),
        empty_label=_("All fields"),
        to_field_name="slug",
    )
    industry = django_filters.ModelChoiceFilter(
        widget=QuickSelect,
        field_name="industries",
        label=_("Industry"),
        queryset=Industry.objects.all(),
        empty_label=_("All industries"),
        to_field_name="slug",
    )
    stage = django_filters.ChoiceFilter(
        widget=QuickSelect, label=_("Stage"), choices=Stage.choices, empty_label=_("All stages")
    )
    origin = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Domestic or overseas"),
        choices=Origin.choices,
        empty_label=_("Both"),
    )
    range_columns = ("amount_min", "amount_max")

    class Meta:
        model = Project
        fields = ["field", "industry", "stage", "district", "origin", "amount", "currency"]


class DemandFilter(_Common):
    field = django_filters.ModelChoiceFilter(
        widget=QuickSelect,
        field_name="fields",
        label=_("Discipline field"),
        queryset=DisciplineField.objects.all(),
        empty_label=_("All fields"),
        to_field_name="slug",
    )
    industry = django_filters.ModelChoiceFilter(
        widget=QuickSelect,
        field_name="industries",
        label=_("Industry"),
        queryset=Industry.objects.all(),
        empty_label=_("All industries"),
        to_field_name="slug",
    )
    stage = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Stage"),
        choices=Stage.choices,
        empty_label=_("All stages"),
        method="for_stage",
        help_text=_("Demands naming no stage take any."),
    )
    kind = django_filters.ChoiceFilter(
        widget=QuickSelect,
        field_name="organisation__kind",
        label=_("Kind of organisation"),
        choices=[
            (value, label)
            for value, label in Organisation.Kind.choices
            if value != Organisation.Kind.ORGANISER
        ],
        empty_label=_("All kinds"),
    )
    district = django_filters.ModelChoiceFilter(
        widget=QuickSelect,
        field_name="districts",
        label=_("District or county"),
        queryset=District.objects.all(),
        empty_label=_("All districts and counties"),
        to_field_name="slug",
    )
    range_columns = ("ticket_min", "ticket_max")

    class Meta:
        model = Demand
        fields = ["field", "industry", "stage", "district", "kind", "amount", "currency"]

    def for_stage(self, queryset, name, value):
        return queryset.filter(Q(stages="") | Q(stages__contains=f",{value},"))


# --- A search: the words, the filters, the order, for the pages and the API alike ------------
PROJECT_ORDER = {
    RELEVANCE: [F("rank").desc(), F("verified_at").desc(nulls_last=True), "-id"],
    NEWEST: [F("verified_at").desc(nulls_last=True), "-id"],
}
DEMAND_ORDER = {
    RELEVANCE: [F("rank").desc(), F("published_at").desc(nulls_last=True), "-id"],
    NEWEST: [F("published_at").desc(nulls_last=True), "-id"],
}


@dataclass
class Search:
    text: TextSearchForm
    filters: django_filters.FilterSet
    results: QuerySet
    has_words: bool

    @property
    def errors(self) -> dict:
        """Parameter -> messages, of the words and the filters."""
        return {**self.text.errors, **self.filters.errors}


def _search(filterset, rows, data, orderings) -> Search:
    text = TextSearchForm(data)
    words = text.valid_data.get("q", "")
    has_words = bool(search_query.words(words))
    filters = filterset(data, rows)
    sort = text.valid_data.get("sort") or (RELEVANCE if has_words else NEWEST)
    if sort == RELEVANCE and not has_words:
        sort = NEWEST
    results = search.search(filters.qs, words).order_by(*orderings[sort])
    return Search(text, filters, results, has_words)


def search_projects(data) -> Search:
    """Listed projects matching the words and filters of `data` (GET parameters)."""
    return _search(ProjectFilter, listed_projects(), data, PROJECT_ORDER)


def search_demands(data) -> Search:
    """Public demands matching the words and filters of `data` (GET parameters)."""
    return _search(DemandFilter, public_demands(), data, DEMAND_ORDER)
