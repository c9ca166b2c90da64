"""The figures as pages show them: charts, headline numbers, tables, the live fragment that
the public page and the organisers' dashboard poll."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy

from yingcai.core.registry import figures as registry

POLL_SECONDS = 30
# Links to the exports and the press report (another part of the statistics), shown on the
# dashboard once that template exists.
REPORT_LINKS = "stats/_report_links.html"
PUBLIC_FRAGMENT = "stats/_live.html"
DASHBOARD_FRAGMENT = "stats/_dashboard_live.html"
HTML_CACHE_KEY = "yingcai:stats:html:v1"
STOP_POLLING = 286  # HTMX stops polling on this status


@dataclass(frozen=True)
class Chart:
    """Which figures a chart shows, broken down by which dimension, and how."""

    key: str
    title: Promise
    kind: str  # line, bar, hbar (ranked horizontal bars), pie
    dimension: str
    keys: tuple[str, ...]  # the figures, in this order; those absent are left out
    cumulative: bool = False
    first_only: bool = False  # one series: the first of `keys` present


# The only place where figure keys are named: to choose what each chart shows.
CHARTS = (
    Chart(
        "timeline",
        gettext_lazy("Registrations over time"),
        "line",
        "day",
        (
            "job_requirements",
            "project_demands",
            "talents_registered",
            "projects_registered",
            "contest_entries",
            "roadshow_applications",
        ),
        cumulative=True,
    ),
    Chart(
        "fields",
        gettext_lazy("By discipline field"),
        "bar",
        "field",
        ("job_requirements", "talents_registered"),
    ),
    Chart(
        "districts",
        gettext_lazy("Job requirements by district or county"),
        "hbar",
        "district",
        ("job_requirements", "talents_registered"),
        first_only=True,
    ),
    Chart(
        "degrees",
        gettext_lazy("Degrees of the talents"),
        "pie",
        "degree",
        ("talents_registered",),
    ),
    Chart(
        "origin",
        gettext_lazy("Domestic and overseas talents"),
        "pie",
        "origin",
        ("talents_registered",),
    ),
)


def _language() -> str:
    return "zh-hans" if (get_language() or "").lower().startswith("zh") else "en"


def _number(value) -> str:
    return number_format(value, force_grouping=True)


def _percent(part: int, whole: int) -> str:
    return number_format(100 * part / whole, decimal_pos=1) if whole else "—"


class _Labels:
    """The names of buckets in the active language, each dimension read once per request."""

    def __init__(self):
        self._read: dict[str, dict[str, str]] = {}

    def __call__(self, dimension_key: str) -> dict[str, str]:
        if dimension_key not in self._read:
            self._read[dimension_key] = registry.bucket_labels(dimension_key)
        return self._read[dimension_key]

    def name(self, dimension_key: str, bucket: str) -> str:
        return self(dimension_key).get(bucket, bucket)


def _ordered_buckets(dimension_key: str, totals: dict[str, int], labels: _Labels) -> list[str]:
    """Days by date, ordered dimensions (degrees) in their own order, the rest by size."""
    if dimension_key == "day":
        return sorted(totals)
    if registry.dimension(dimension_key).ordered:
        order = {bucket: i for i, bucket in enumerate(labels(dimension_key))}
        return sorted(totals, key=lambda b: (order.get(b, len(order)), b))
    return sorted(totals, key=lambda b: (-totals[b], b))


def _chart(chart: Chart, figures: dict, language: str, labels: _Labels) -> dict | None:
    chosen = [
        key
        for key in chart.keys
        if key in figures and chart.dimension in figures[key].get("breakdowns", {})
    ]
    if chart.first_only:
        chosen = chosen[:1]
    if not chosen:
        return None
    breakdowns = {key: figures[key]["breakdowns"][chart.dimension] for key in chosen}
    totals: dict[str, int] = {}
    for buckets in breakdowns.values():
        for bucket, n in buckets.items():
            totals[bucket] = totals.get(bucket, 0) + n
    buckets = _ordered_buckets(chart.dimension, totals, labels)
    series = []
    for key in chosen:
        values = [breakdowns[key].get(bucket, 0) for bucket in buckets]
        if chart.cumulative:
            values = list(accumulate(values))
        series.append({"key": key, "name": figures[key]["label"][language], "data": values})
    if chart.dimension == "day":
        categories = list(buckets)
    else:
        categories = [labels.name(chart.dimension, bucket) for bucket in buckets]
    return {
        "key": chart.key,
        "kind": chart.kind,
        "title": str(chart.title),
        "dimension": str(registry.dimension(chart.dimension).label),
        "cumulative": chart.cumulative,
        "categories": categories,
        "series": series,
        # The same numbers as rows of the table shown beside (or instead of) the chart.
        "rows": [
            {"label": label, "values": [_number(s["data"][i]) for s in series]}
            for i, label in enumerate(categories)
        ],
        "height": max(260, 26 * len(categories) + 60) if chart.kind == "hbar" else None,
    }


def _headline(figures: dict, language: str) -> list[dict]:
    helps = {figure.key: figure.help for figure in registry.figures()}
    return [
        {
            "key": key,
            "label": figure["label"][language],
            "value": figure["value"],
            "shown": _number(figure["value"]),
            "help": str(helps.get(key) or ""),
        }
        for key, figure in figures.items()
    ]


def _breakdown_tables(figures: dict, language: str, labels: _Labels) -> list[dict]:
    """For the dashboard: every figure's every breakdown, with each bucket's share."""
    tables = []
    for key, figure in figures.items():
        sections = []
        # Shares of the figure itself: where a row may fall in several buckets (a talent's
        # fields), the shares add up to more than 100 %, each still saying how many have it.
        whole = figure["value"]
        for dimension_key, buckets in figure.get("breakdowns", {}).items():
            order = _ordered_buckets(dimension_key, buckets, labels)
            sections.append(
                {
                    "key": dimension_key,
                    "dimension": str(registry.dimension(dimension_key).label),
                    "rows": [
                        {
                            "label": bucket
                            if dimension_key == "day"
                            else labels.name(dimension_key, bucket),
                            "value": _number(buckets[bucket]),
                            "share": _percent(buckets[bucket], whole),
                        }
                        for bucket in order
                    ],
                }
            )
        tables.append(
            {
                "key": key,
                "label": figure["label"][language],
                "value": _number(figure["value"]),
                "sections": sections,
            }
        )
    return tables


def figures_context(*, dashboard: bool = False) -> dict:
    figures = registry.current()
    language = _language()
    labels = _Labels()
    charts = [c for c in (_chart(chart, figures, language, labels) for chart in CHARTS) if c]
    context = {
        "headline": _headline(figures, language),
        "charts": charts,
        "chart_data": {
            "language": language,
            "charts": [{k: v for k, v in c.items() if k != "rows"} for c in charts],
        },
        "poll_seconds": POLL_SECONDS,
        "max_age": registry.MAX_AGE,
    }
    if dashboard:
        at = registry.computed_at()
        context["computed_at"] = timezone.localtime(at) if at else None
        context["tables"] = _breakdown_tables(figures, language, labels)
    return context


def live_html(fragment: str, *, dashboard: bool = False) -> str:
    """The live section (numbers, charts' data, tables) rendered, once per computation.

    It is the same for every visitor in a language: it is kept in the cache under the moment
    the figures were counted, so that it is never older than they are, and a warm page only
    fetches it.
    """
    registry.current()  # counts again first when due (one reader), so `at` is the newest
    at = registry.computed_at()
    key = f"{HTML_CACHE_KEY}:{fragment}:{_language()}:{at.isoformat() if at else ''}"
    html = cache.get(key) if at else None
    if html is None:
        html = render_to_string(fragment, figures_context(dashboard=dashboard))
        if at:
            cache.set(key, html, registry.MAX_AGE)
    return html


def page_or_fragment(request, page: str, fragment: str, *, dashboard=False, **context):
    html = live_html(fragment, dashboard=dashboard)
    if request.htmx and not request.htmx.history_restore_request:
        response = HttpResponse(html)
    else:
        context = {**context, "live": mark_safe(html), "max_age": registry.MAX_AGE}  # noqa: S308
        response = render(request, page, context)
    # The same URL answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
