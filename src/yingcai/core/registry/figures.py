"""The figures organisers read out, declared by the modules that own them.

A module registers each figure in its `figures.py` (found at start-up): a key, bilingual
labels, a unit, the rows it counts, the moment each row starts to count, and the
breakdowns it supports. The figures of a module not installed are simply absent.

`current()` is what pages show. It is stale-while-revalidate: the last figures stay in the
cache with the moment they were counted; saving or deleting a row of a counted model only
marks them changed. The first reader who finds them changed (and at least
`settings.FIGURES_MIN_INTERVAL` seconds old) or older than `MAX_AGE` takes a lock in the cache
(`cache.add`, atomic in every
backend) and counts again; every other reader, in any process, answers the last figures
meanwhile. So during the conference the figures are counted at most once per interval,
whatever the number of visitors polling and rows written.

`compute(at=...)` gives the figures as they stood at a moment: rows whose moment (`since`,
one that never changes) is later are left out; a row's present state (its status, its
level) is taken as it is now, which is what the modules' statuses allow (documented per
figure). `at_moment(at)` is the same, cached for `AT_MAX_AGE` by the moment: a past moment
does not change, so a public `?at=` costs one count per moment, not one per request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncDate
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_AGE = 60  # the figures shown are never older than this
AT_MAX_AGE = 60 * 60  # the figures at a past moment, kept by the moment
KEPT = 24 * 60 * 60  # the last figures stay this long, served while they are counted again
LOCK_TIMEOUT = 60  # a process that died while counting holds the lock no longer than this
COLD_WAIT = 5.0  # with no figures at all, how long a reader waits for the one counting
CACHE_KEY = "yingcai:stats:figures:v2"
CHANGED_KEY = "yingcai:stats:figures:changed"
LOCK_KEY = "yingcai:stats:figures:lock"
AT_KEY = "yingcai:stats:figures:at"
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


def _needs_counting(entry: dict | None) -> bool:
    if entry is None:
        return True
    age = (timezone.now() - entry["at"]).total_seconds()
    if age >= MAX_AGE:
        return True
    changed = cache.get(CHANGED_KEY)
    return changed is not None and changed >= entry["at"] and age >= settings.FIGURES_MIN_INTERVAL


def _count_now() -> dict:
    values = compute()
    cache.set(CACHE_KEY, {"figures": values, "at": timezone.now()}, KEPT)
    return values


def current() -> dict[str, dict]:
    """The figures now: the last ones counted, counted again by one reader when due."""
    entry = cache.get(CACHE_KEY)
    if not _needs_counting(entry):
        return entry["figures"]
    deadline = time.monotonic() + COLD_WAIT
    while True:
        if cache.add(LOCK_KEY, True, LOCK_TIMEOUT):
            try:
                return _count_now()
            finally:
                cache.delete(LOCK_KEY)
        if entry is not None:
            return entry["figures"]  # another process is counting: the last figures meanwhile
        # Nothing counted yet (a cold start): wait a little for the one counting.
        time.sleep(0.05)
        entry = cache.get(CACHE_KEY)
        if entry is not None:
            return entry["figures"]
        if time.monotonic() > deadline:
            return compute()


def computed_at():
    cached = cache.get(CACHE_KEY)
    return cached["at"] if cached else None


def at_moment(at: datetime, keys=None) -> dict[str, dict]:
    """The figures at a past moment, counted once per moment and kept (`AT_MAX_AGE`).

    A moment not yet past is the present: those figures are `current()`.
    """
    if at >= timezone.now():
        found = current()
    else:
        key = f"{AT_KEY}:{at.isoformat()}"
        found = cache.get(key)
        if found is None:
            found = compute(at=at)
            cache.set(key, found, AT_MAX_AGE)
    return found if keys is None else {k: v for k, v in found.items() if k in keys}


_last_mark = [0.0]  # when this process last wrote the marker (time.monotonic())


def _mark() -> None:
    now = time.monotonic()
    if now - _last_mark[0] < settings.FIGURES_MARK_INTERVAL:
        return
    _last_mark[0] = now
    cache.set(CHANGED_KEY, timezone.now(), KEPT)


def mark_changed(**kwargs) -> None:
    """A counted row was written: the figures are due to be counted again (not dropped).

    The marker is one row of the database cache shared by every process: written inside the
    writer's transaction it would stay locked until that transaction commits, and every
    registration of a burst would queue behind the one before. So it is written after the
    commit, and by each process at most once per `FIGURES_MARK_INTERVAL` seconds: a change
    inside that second is counted with the next mark, or when the figures reach `MAX_AGE`
    (benchmarks/attendance_register.py measures the burst).
    """
    transaction.on_commit(_mark)


def invalidate(**kwargs) -> None:
    """Drop the figures: the next reader counts them (the organisers' "count again")."""
    cache.delete(CACHE_KEY)


def counted_models() -> set:
    return {figure.rows().model for figure in _figures.values()}


def connect_invalidation() -> None:
    for model in counted_models():
        uid = f"stats-{model._meta.label}"
        post_save.connect(mark_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(mark_changed, sender=model, dispatch_uid=f"{uid}-d")


def bucket_labels(dimension_key: str) -> dict[str, str]:
    """The names of a dimension's buckets in the active language (codes when it has none)."""
    found = _dimensions.get(dimension_key)
    labels = dict(found.labels()) if found and found.labels else {}
    labels.setdefault(UNKNOWN, str(_("not given")))
    return labels
