"""The figures organisers read out, declared by the modules that own them.

A module registers each figure in its `figures.py` (found at start-up): a key, bilingual
labels, a unit, the rows it counts, the moment each row starts to count, and the
breakdowns it supports. The figures of a module not installed are simply absent.

`current()` is what pages show: computed once, cached for at most `MAX_AGE` seconds and
dropped as soon as a row of a counted model is saved or deleted in this process (with
Redis, in every process). `compute(at=...)` gives the figures as they stood at a moment:
rows created after it are left out; a row's present state (its status, its level) is taken
as it is now, which is what the modules' statuses allow (documented per figure).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncDate
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_AGE = 60
CACHE_KEY = "yingcai:stats:figures:v1"
LANGUAGES = ("zh-hans", "en")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Dimension:
    """A way to break a figure down; `labels()` names its buckets in the active language."""

    key: str
    label: Promise
    labels: Callable[[], Mapping[str, str]] | None = None
    ordered: bool = False  # buckets in their own order (days, degrees), not by size


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    unit: Promise
    rows: Callable[[], QuerySet]
    # The field (or an annotation of `rows`) holding the moment a row starts to count: one
    # that never changes once set (a first submission, kept across resubmissions and
    # transfers), or `compute(at=...)` would rewrite the past.
    since: str
    breakdowns: Mapping[str, str] = field(default_factory=dict)  # dimension -> field path
    help: Promise | str = ""
    order: int = 100

    def queryset(self, at: datetime | None = None) -> QuerySet:
        rows = self.rows()
        if at is not None:
            rows = rows.filter(**{f"{self.since}__lte": at})
        return rows


_figures: dict[str, Figure] = {}
_dimensions: dict[str, Dimension] = {}


def register(figure: Figure) -> Figure:
    if figure.key in _figures:
        raise ValueError(f"The figure {figure.key!r} is registered twice.")
    unknown = set(figure.breakdowns) - set(_dimensions) - {"day"}
    if unknown:
        raise ValueError(f"The figure {figure.key!r} has unknown breakdowns: {sorted(unknown)}")
    _figures[figure.key] = figure
    return figure


def register_dimension(dimension: Dimension) -> Dimension:
    _dimensions[dimension.key] = dimension
    return dimension


register_dimension(Dimension("day", _("day"), ordered=True))


def figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda f: (f.order, f.key))


def get(key: str) -> Figure | None:
    return _figures.get(key)


def dimension(key: str) -> Dimension:
    return _dimensions[key]


def _bucket(value) -> str:
    if value is None or value == "":
        return UNKNOWN
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def breakdown(figure: Figure, dimension_key: str, at: datetime | None = None) -> dict[str, int]:
    path = figure.breakdowns[dimension_key]
    rows = figure.queryset(at).order_by()
    if dimension_key == "day":
        rows = rows.annotate(bucket=TruncDate(path, tzinfo=timezone.get_current_timezone()))
        rows = rows.values("bucket")
    else:
        rows = rows.values(bucket=F(path))
    # Distinct: a row counts once in a bucket even when the path crosses a many-to-many.
    result: dict[str, int] = {}
    for row in rows.annotate(n=Count("pk", distinct=True)):
        key = _bucket(row["bucket"])
        result[key] = result.get(key, 0) + row["n"]
    if dimension_key == "day":
        return dict(sorted(result.items()))
    return dict(sorted(result.items(), key=lambda item: (-item[1], item[0])))


def _labels(text) -> dict[str, str]:
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = str(text)
    return labels


def compute_figure(figure: Figure, at: datetime | None = None) -> dict:
    return {
        "value": figure.queryset(at).count(),
        "label": _labels(figure.label),
        "unit": _labels(figure.unit),
        "breakdowns": {key: breakdown(figure, key, at) for key in figure.breakdowns},
    }


def compute(at: datetime | None = None, keys=None) -> dict[str, dict]:
    """Every figure (or those named) as the contract of `yingcai stats --json` has it."""
    chosen = [f for f in figures() if keys is None or f.key in keys]
    return {figure.key: compute_figure(figure, at) for figure in chosen}


def current() -> dict[str, dict]:
    """The figures now, from the cache when they are fresh: at most MAX_AGE seconds old."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached["figures"]
    values = compute()
    cache.set(CACHE_KEY, {"figures": values, "at": timezone.now()}, MAX_AGE)
    return values


def computed_at():
    cached = cache.get(CACHE_KEY)
    return cached["at"] if cached else None


def invalidate(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def counted_models() -> set:
    return {figure.rows().model for figure in _figures.values()}


def connect_invalidation() -> None:
    for model in counted_models():
        post_save.connect(invalidate, sender=model, dispatch_uid=f"stats-{model._meta.label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"stats-{model._meta.label}-d")


def bucket_labels(dimension_key: str) -> dict[str, str]:
    """The names of a dimension's buckets in the active language (codes when it has none)."""
    found = _dimensions.get(dimension_key)
    labels = dict(found.labels()) if found and found.labels else {}
    labels.setdefault(UNKNOWN, str(_("not given")))
    return labels
