"""Live scoring on a panel: a judge's score, their sheet, and the results screen's rows.

A judge taps once per entry; the page sends the score with an idempotency key (a UUID made
by the page for each submission). A double tap, or a request retried after a lost
connection, carries the same key: the second finds the key stored on the review and answers
the stored result — no second score, no second audit entry. A later submission (another
key) replaces the score until the panel closes.

The assignment row is locked (`FOR NO KEY UPDATE`) while a score is written, so two
requests for one judge and entry take turns; the stage is held `FOR SHARE`, so scores of
different judges go in side by side while a closing (`FOR UPDATE`) waits for them — and
every score after it is refused. One review per assignment is also the database's
(one-to-one), the last guard.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require, require_role
from yingcai.matching.contest import entry_scores

from ..models import Assignment, Conflict, PanelMember, Review, Stage, StageEntry
from ..rules.roles import reviewer_calls
from ..scoring import clean_values
from .panels import taking_part

# A UUID from the page (36 characters); letters, digits and hyphens, never anything else.
KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")
SCREEN_METHODS = ("trimmed", "mean")
SCREEN_COLUMNS = (
    "entry_id",
    "order",
    "entry__project__title_zh_hans",
    "entry__project__title_en",
    "entry__division__name_zh_hans",
    "entry__division__name_en",
)


@dataclass
class LiveScore:
    review: Review
    replayed: bool  # the same key again: the stored result, nothing written


def _hold_stage(stage_id: int) -> Stage:
    """The stage, read under a shared lock (PostgreSQL): many scores at once, no closing
    between the check and the write. SQLite serialises writers anyway."""
    if connection.vendor == "postgresql":
        found = list(
            Stage.objects.raw("SELECT * FROM calls_stage WHERE id = %s FOR SHARE", [stage_id])
        )
    else:
        found = list(Stage.objects.filter(pk=stage_id))
    if not found:
        raise ValidationError(_("This panel no longer exists."))
    return found[0]


@transaction.atomic
def submit_live_score(user, assignment: Assignment, values, idempotency_key: str) -> LiveScore:
    """Save (or replace) the judge's score of one entry; the same key twice saves once."""
    key = str(idempotency_key or "").strip()
    if not KEY.match(key):
        raise ValidationError(_("This score cannot be sent: reload the page and score again."))
    require_role(user, "calls.score_live", assignment)
    try:
        locked = (
            Assignment.objects.select_related("reviewer__user", "entry__project")
            .select_for_update(no_key=True, of=("self",))
            .get(pk=assignment.pk)
        )
    except Assignment.DoesNotExist:
        raise ValidationError(_("This entry is no longer on your panel.")) from None
    locked.stage = _hold_stage(locked.stage_id)
    review = Review.objects.filter(assignment=locked).first()
    if review is not None and review.idempotency_key == key:
        return LiveScore(review, replayed=True)
    require(user, "calls.score_live", locked)
    cleaned, total = clean_values(locked.stage.criteria.all(), values)
    now = timezone.now()
    if review is None:
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    assignment=locked,
                    values=cleaned,
                    total=total,
                    idempotency_key=key,
                    submitted_at=now,
                    updated_at=now,
                )
        except IntegrityError:  # the lock makes this unreachable; the constraint stays the guard
            raise ValidationError(
                _("This score was sent twice at once: reload the page.")
            ) from None
        action = "calls_review.live_scored"
    else:
        review.values, review.total, review.idempotency_key = cleaned, total, key
        review.updated_at = now
        review.save(update_fields=["values", "total", "idempotency_key", "updated_at"])
        action = "calls_review.live_changed"
    review.assignment = locked
    audit.record(user, action, review, stage=locked.stage_id, entry=locked.entry_id, total=total)
    return LiveScore(review, replayed=False)


# --- A judge's sheet ---------------------------------------------------------------------------
def seat_of(user, stage: Stage) -> PanelMember | None:
    reviewer_id = reviewer_calls(user).get(stage.call_id)
    if reviewer_id is None:
        return None
    return (
        PanelMember.objects.filter(stage=stage, reviewer_id=reviewer_id)
        .select_related("division")
        .first()
    )


@dataclass
class SheetRow:
    place: int | None
    stage_entry: StageEntry
    assignment: Assignment | None
    review: Review | None
    conflicted: bool
    current: bool = False


def sheet(member: PanelMember) -> list[SheetRow]:
    """The entries of the judge's panel in order of appearance, each with the judge's
    assignment and score; the first not yet scored is the current one. Three queries."""
    stage = member.stage
    rows = taking_part(stage).select_related("entry__project")
    if member.division_id is not None:
        rows = rows.filter(entry__division_id=member.division_id)
    rows = list(rows.order_by("order", "entry_id"))
    assignments = {
        a.entry_id: a
        for a in Assignment.objects.filter(stage=stage, reviewer_id=member.reviewer_id)
        .select_related("review")
        .order_by()
    }
    conflicted = set(
        Conflict.objects.filter(
            reviewer_id=member.reviewer_id, entry_id__in=[r.entry_id for r in rows]
        ).values_list("entry_id", flat=True)
    )
    result = []
    for row in rows:
        assignment = assignments.get(row.entry_id)
        review = getattr(assignment, "review", None) if assignment else None
        result.append(
            SheetRow(
                place=row.order,
                stage_entry=row,
                assignment=assignment,
                review=review,
                conflicted=row.entry_id in conflicted,
            )
        )
    if stage.status == Stage.Status.SCORING:
        for row in result:
            if row.assignment is not None and row.review is None and not row.conflicted:
                row.current = True
                break
    return result


# --- The results screen ------------------------------------------------------------------------
@dataclass
class ScreenRow:
    place: int | None
    title: str
    division: str
    received: int
    expected: int
    score: float | None
    latest: bool = False

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.received >= self.expected


def screen_rows(stage: Stage, division=None) -> list[ScreenRow]:
    """The entries in order with the scores received of those expected and the trimmed mean
    as it forms (one highest and one lowest dropped from 3 scores on). Three small queries:
    the entries, the panel's assignments with their reviews' totals, the entry scored last."""
    entries = taking_part(stage)
    scored = Assignment.objects.filter(stage=stage, source=Assignment.Source.PANEL)
    if division is not None:
        entries = entries.filter(entry__division=division)
        scored = scored.filter(entry__division=division)
    # Plain values, not models: the screen is fetched every second by every projector.
    entries = list(entries.order_by("order", "entry_id").values(*SCREEN_COLUMNS))
    expected: dict[int, int] = {}
    triples = []
    for entry_id, reviewer_id, total in scored.values_list(
        "entry_id", "reviewer_id", "review__total"
    ).order_by():
        expected[entry_id] = expected.get(entry_id, 0) + 1
        if total is not None:
            triples.append((str(reviewer_id), str(entry_id), total))
    # The entry scored last (one row; reading every review's time costs more than this).
    latest_entry = (
        Review.objects.filter(assignment__in=scored)
        .order_by("-updated_at", "-pk")
        .values_list("assignment__entry_id", flat=True)
        .first()
        if triples
        else None
    )
    method = stage.method if stage.method in SCREEN_METHODS else "trimmed"
    values = entry_scores(triples, method)
    rows = []
    for row in entries:
        found = values.get(str(row["entry_id"]))
        rows.append(
            ScreenRow(
                place=row["order"],
                title=_in_language(row, "entry__project__title"),
                division=_in_language(row, "entry__division__name"),
                received=found["count"] if found else 0,
                expected=expected.get(row["entry_id"], 0),
                score=round(found["value"], 2) if found else None,
                latest=row["entry_id"] == latest_entry,
            )
        )
    return rows


def _in_language(row: dict, name: str) -> str:
    """A translated column in the page's language, else the other (as modeltranslation's
    fallback does on a model)."""
    first = "en" if get_language() == "en" else "zh_hans"
    second = "zh_hans" if first == "en" else "en"
    return row[f"{name}_{first}"] or row[f"{name}_{second}"] or ""
