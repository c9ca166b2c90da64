"""Assigning the entries of an online review stage to the call's reviewers.

`open_stage` puts the entries in the stage (the first stage takes every submitted entry) and
starts the scoring; `assign` runs the engine (`yingcai.matching.contest.assign_judges`: k
distinct reviewers per entry, no conflict of interest, loads differing by at most one) and
writes its answer in one transaction — or, when no such assignment exists, explains why in
the reader's words and writes nothing. Assignments already scored are kept (they count
towards the entry's k) and the rest replaced. Organisers adjust by hand (`add_assignment`,
`remove_assignment`); `check_assignment` holds the result against the engine's rules.
"""

import re
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require, require_role
from yingcai.matching.contest import AssignmentImpossible, assign_judges

from ..models import Assignment, Conflict, Entry, Review, Reviewer, Stage, StageEntry
from .reviewers import automatic_conflicts, find_conflicts

RULE = "calls.review_assign"


def is_first_stage(stage: Stage) -> bool:
    return not Stage.objects.filter(call_id=stage.call_id, position__lt=stage.position).exists()


def stage_entries(stage: Stage):
    """The submitted entries taking part in a stage: its `StageEntry` rows, or — for the first
    stage before it is opened — every submitted entry of the call."""
    submitted = Entry.objects.filter(call_id=stage.call_id, status=Entry.Status.SUBMITTED)
    if StageEntry.objects.filter(stage=stage).exists():
        return submitted.filter(stage_entries__stage=stage)
    if is_first_stage(stage):
        return submitted
    return Entry.objects.none()


def _lock_stage(stage: Stage) -> Stage:
    try:
        return Stage.objects.select_for_update().get(pk=stage.pk)
    except Stage.DoesNotExist:
        raise ValidationError(_("The stage no longer exists; reload the page.")) from None


@transaction.atomic
def open_stage(actor, stage: Stage) -> int:
    """Open an online review stage for scoring. The first stage takes every submitted entry
    (a `StageEntry` each); a later one needs the entries advanced to it. Answers how many
    entries take part."""
    require_role(actor, "calls.review_open_stage", stage)
    stage = _lock_stage(stage)
    require(actor, "calls.review_open_stage", stage)
    if not stage.criteria.exists():
        raise ValidationError(_("Give this stage a rubric before opening it."))
    present = StageEntry.objects.filter(stage=stage).count()
    if not present:
        if not is_first_stage(stage):
            raise ValidationError(_("No entry has advanced to this stage yet."))
        now = timezone.now()
        made = StageEntry.objects.bulk_create(
            [
                StageEntry(stage=stage, entry_id=pk, added_at=now)
                for pk in Entry.objects.filter(call_id=stage.call_id, status=Entry.Status.SUBMITTED)
                .order_by("pk")
                .values_list("pk", flat=True)
            ],
            batch_size=1000,
        )
        present = len(made)
    if not present:
        raise ValidationError(_("No entry of this call has been submitted yet."))
    stage.status = Stage.Status.SCORING
    stage.save(update_fields=["status"])
    audit.record(actor, "calls_review.stage_opened", stage, entries=present)
    return present


# --- The engine's answer in the reader's words ------------------------------------------------
_NAMED = re.compile(r"'(\d+)'")


def _names(ids, entries=None, reviewers=None) -> list[str]:
    if entries is not None:
        found = dict(Entry.objects.filter(pk__in=ids).values_list("pk", "project__title"))
    else:
        found = {r.pk: str(r) for r in Reviewer.objects.filter(pk__in=ids).select_related("user")}
    return [f"“{found[i]}”" for i in ids if i in found]


def explain(reason: str, per_entry: int) -> str:
    """The engine's reason (English, with ids) as a translated sentence with names."""
    ids = [int(i) for i in _NAMED.findall(reason)]
    if match := re.search(r"there (?:is|are) only (\d+) judge", reason):
        return _(
            "Every entry needs %(k)s reviewers, but only %(n)s active reviewers are in the pool."
        ) % {"k": per_entry, "n": match[1]}
    if match := re.search(r"has only (\d+) judges? without a conflict", reason):
        return _(
            "The entry %(entry)s has only %(n)s reviewers without a conflict of interest; it "
            "needs %(k)s."
        ) % {"entry": ", ".join(_names(ids[:1], entries=True)), "n": match[1], "k": per_entry}
    if match := re.search(r"at least (\d+) entries, but judge .* all but (\d+)", reason):
        return _(
            "To balance the loads every reviewer must score at least %(low)s entries, but "
            "%(reviewer)s has a conflict of interest with all but %(free)s of them."
        ) % {
            "low": match[1],
            "reviewer": ", ".join(_names(ids[:1], reviewers=True)),
            "free": match[2],
        }
    if match := re.search(
        r"(\d+) entr(?:y|ies) .* can only be judged by (\d+) judges?, who can take (\d+) "
        r"places?.* but (\d+) are needed",
        reason,
    ):
        return _(
            "%(count)s entries (%(names)s) can only be scored by %(n)s reviewers, who can take "
            "%(room)s places between them with balanced loads, but %(needed)s are needed."
        ) % {
            "count": match[1],
            "names": ", ".join(_names(ids[:5], entries=True)),
            "n": match[2],
            "room": match[3],
            "needed": match[4],
        }
    if match := re.search(r"at most (\d+) of the (\d+) places", reason):
        return _(
            "With these conflicts of interest and balanced loads, at most %(filled)s of the "
            "%(places)s places can be filled."
        ) % {"filled": match[1], "places": match[2]}
    return _(
        "No assignment gives every entry %(k)s reviewers without a conflict of interest and "
        "with balanced loads."
    ) % {"k": per_entry}


def plan(entry_ids, reviewer_ids, per_entry, conflicts, fixed=()):
    """{entry id: [reviewer ids]} to add, from the engine, around the `fixed` (reviewer, entry)
    pairs already scored: each entry gets per_entry minus its fixed ones, never from a
    reviewer fixed on it or in conflict with it. Raises AssignmentImpossible.

    Without fixed pairs this is one call of the engine, exact. With them, the engine balances
    the whole loads, kept scores included (`_around_kept`); when the kept scores make that
    impossible (a reviewer already above the balanced load), one call per number of places
    still open, the least loaded reviewers first, as even as the kept scores allow."""
    conflicts = set(conflicts)
    if not fixed:
        answer = assign_judges(
            [str(e) for e in entry_ids],
            [str(r) for r in reviewer_ids],
            per_entry,
            [(str(r), str(e)) for r, e in conflicts],
        )
        return {int(e): [int(r) for r in rs] for e, rs in answer["assignment"].items()}
    fixed_on = defaultdict(set)
    for reviewer_id, entry_id in fixed:
        fixed_on[entry_id].add(reviewer_id)
    try:
        found = _around_kept(entry_ids, reviewer_ids, per_entry, conflicts, fixed_on)
    except AssignmentImpossible:
        found = None
    if found is not None:
        return found
    return _by_need(entry_ids, reviewer_ids, per_entry, conflicts, fixed_on)


def _around_kept(entry_ids, reviewer_ids, per_entry, conflicts, fixed_on):
    """One place per open seat (`s<entry>-<i>`, one reviewer each) and one per kept score
    (`k<reviewer>-<entry>`, in conflict with everyone but its reviewer), so that the
    engine's balance counts the kept scores. Two seats of one entry given the same reviewer
    are then swapped with another entry's seat (loads unchanged); None when no swap fits."""
    active = set(reviewer_ids)
    judges = [str(r) for r in reviewer_ids]
    seats, pairs, entry_of = [], [], {}
    for entry_id, kept in fixed_on.items():
        for r in kept & active:
            seat = f"k{r}-{entry_id}"
            seats.append(seat)
            pairs.extend((str(o), seat) for o in reviewer_ids if o != r)
    barred_on = defaultdict(set)
    for r, e in conflicts:
        if r in active:
            barred_on[e].add(r)
    for entry_id in entry_ids:
        barred = barred_on[entry_id] | (fixed_on[entry_id] & active)
        for i in range(per_entry - len(fixed_on[entry_id])):
            seat = f"s{entry_id}-{i}"
            seats.append(seat)
            entry_of[seat] = entry_id
            pairs.extend((str(r), seat) for r in barred)
    answer = assign_judges(seats, judges, 1, pairs)
    chosen = {seat: int(rs[0]) for seat, rs in answer["assignment"].items() if seat in entry_of}
    on_entry = defaultdict(list)
    for seat in chosen:
        on_entry[entry_of[seat]].append(seat)

    def takes(entry, reviewer):
        return (
            reviewer not in fixed_on[entry]
            and (reviewer, entry) not in conflicts
            and all(chosen[s] != reviewer for s in on_entry[entry])
        )

    for entry, mine in on_entry.items():
        seen = set()
        for seat in mine:
            reviewer = chosen[seat]
            if reviewer not in seen:
                seen.add(reviewer)
                continue
            for other, other_reviewer in chosen.items():
                elsewhere = entry_of[other]
                if (
                    elsewhere != entry
                    and takes(entry, other_reviewer)
                    and takes(elsewhere, reviewer)
                ):
                    chosen[seat], chosen[other] = other_reviewer, reviewer
                    seen.add(other_reviewer)
                    break
            else:
                return None
    result = defaultdict(list)
    for seat, reviewer in chosen.items():
        result[entry_of[seat]].append(reviewer)
    return {entry: sorted(reviewers) for entry, reviewers in result.items()}


def _by_need(entry_ids, reviewer_ids, per_entry, conflicts, fixed_on):
    active = set(reviewer_ids)
    load = Counter(r for rs in fixed_on.values() for r in rs if r in active)
    by_need = defaultdict(list)
    for entry_id in entry_ids:
        need = per_entry - len(fixed_on[entry_id])
        if need > 0:
            by_need[need].append(entry_id)
    blocked = conflicts | {(r, e) for e, rs in fixed_on.items() for r in rs}
    result = {}
    for need in sorted(by_need, reverse=True):
        entries = by_need[need]
        judges = sorted(reviewer_ids, key=lambda r: (load[r], r))
        wanted = set(entries)
        pairs = [(str(r), str(e)) for r, e in blocked if e in wanted and r in active]
        answer = assign_judges([str(e) for e in entries], [str(r) for r in judges], need, pairs)
        for entry, chosen in answer["assignment"].items():
            result[int(entry)] = [int(r) for r in chosen]
            for r in chosen:
                load[int(r)] += 1
    return result


@transaction.atomic
def assign(actor, stage: Stage) -> dict:
    """Assign the stage's entries: `call.reviewers_per_entry` active reviewers each, balanced,
    without conflicts (found again first). Scored assignments are kept; the others replaced.
    Impossible: a ValidationError with the engine's reason in words, nothing written."""
    require_role(actor, RULE, stage)
    stage = _lock_stage(stage)
    require(actor, RULE, stage)
    call = stage.call
    per_entry = call.reviewers_per_entry
    find_conflicts(stage)
    entry_ids = list(stage_entries(stage).order_by("pk").values_list("pk", flat=True))
    if not entry_ids:
        raise ValidationError(_("No entry takes part in this stage yet."))
    reviewer_ids = list(
        Reviewer.objects.filter(call=call, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not reviewer_ids:
        raise ValidationError(_("The pool has no active reviewer yet."))
    conflicts = set(
        Conflict.objects.filter(reviewer__call=call).values_list("reviewer_id", "entry_id")
    )
    in_stage = set(entry_ids)
    scored = [
        (pk, r, e)
        for pk, r, e in Assignment.objects.filter(stage=stage, review__isnull=False).values_list(
            "pk", "reviewer_id", "entry_id"
        )
    ]
    # A scored assignment with a conflict found since does not count: it goes.
    dropped = [pk for pk, r, e in scored if (r, e) in conflicts]
    fixed = [(r, e) for pk, r, e in scored if (r, e) not in conflicts and e in in_stage]
    try:
        chosen = plan(entry_ids, reviewer_ids, per_entry, conflicts, fixed)
    except AssignmentImpossible as error:
        raise ValidationError(explain(error.message, per_entry), code="impossible") from None
    replaced = Assignment.objects.filter(stage=stage, review__isnull=True).count()
    # The review rows go with a conflicted assignment.
    Assignment.objects.filter(pk__in=dropped).delete()
    _delete_unscored(stage)
    now = timezone.now()
    made = Assignment.objects.bulk_create(
        [
            Assignment(
                stage=stage,
                reviewer_id=reviewer_id,
                entry_id=entry_id,
                source=Assignment.Source.ENGINE,
                created_at=now,
            )
            for entry_id, reviewers in chosen.items()
            for reviewer_id in reviewers
        ],
        batch_size=1000,
    )
    summary = {
        "entries": len(entry_ids),
        "reviewers": len(reviewer_ids),
        "assigned": len(made),
        "kept": len(fixed),
        "replaced": replaced,
        "dropped": len(dropped),
    }
    audit.record(actor, "calls_review.assigned", stage, **summary)
    return summary


def _delete_unscored(stage: Stage) -> None:
    """The stage's assignments without a review, in one statement when nothing but a review
    refers to an assignment (Django's delete() would load 3,000 rows to look for reviews)."""
    unscored = Assignment.objects.filter(stage=stage, review__isnull=True)
    referring = {f.related_model for f in Assignment._meta.related_objects}
    if referring <= {Review}:
        unscored._raw_delete(unscored.db)
    else:
        unscored.delete()


# --- By hand ----------------------------------------------------------------------------------
@transaction.atomic
def add_assignment(actor, stage: Stage, reviewer: Reviewer, entry: Entry) -> Assignment:
    """An organiser assigns one more reviewer to an entry: an active reviewer of the call,
    an entry of the stage, no conflict of interest, not twice."""
    require_role(actor, RULE, stage)
    stage = _lock_stage(stage)
    require(actor, RULE, stage)
    reviewer = Reviewer.objects.filter(pk=reviewer.pk, call_id=stage.call_id).first()
    if reviewer is None or not reviewer.is_active:
        raise ValidationError(_("Choose an active reviewer of this call."))
    if not stage_entries(stage).filter(pk=entry.pk).exists():
        raise ValidationError(_("This entry does not take part in this stage."))
    if Conflict.objects.filter(reviewer=reviewer, entry_id=entry.pk).exists() or (
        automatic_conflicts([reviewer], [entry.pk])
    ):
        raise ValidationError(
            _("%(reviewer)s has a conflict of interest with this entry.") % {"reviewer": reviewer}
        )
    duplicate = _("%(reviewer)s is already assigned this entry.") % {"reviewer": reviewer}
    if Assignment.objects.filter(stage=stage, reviewer=reviewer, entry_id=entry.pk).exists():
        raise ValidationError(duplicate)
    try:
        with transaction.atomic():
            made = Assignment.objects.create(
                stage=stage, reviewer=reviewer, entry_id=entry.pk, source=Assignment.Source.HAND
            )
    except IntegrityError:
        raise ValidationError(duplicate) from None
    audit.record(actor, "calls_review.assignment_added", made)
    return made


@transaction.atomic
def remove_assignment(actor, assignment: Assignment) -> None:
    """An organiser takes an assignment back, unless it is scored."""
    stage = Stage(pk=assignment.stage_id)
    require_role(actor, RULE, assignment.stage)
    stage = _lock_stage(stage)
    require(actor, RULE, stage)
    stored = Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if stored is None:
        raise ValidationError(_("The assignment no longer exists; reload the page."))
    if hasattr(stored, "review"):
        raise ValidationError(_("This assignment is scored already: it stays."))
    audit.record(actor, "calls_review.assignment_removed", stored)
    stored.delete()


def check_assignment(stage: Stage) -> dict:
    """The stage's assignments held against the engine's rules: every entry k distinct
    reviewers, none in conflict, loads within one of each other. Four queries."""
    per_entry = stage.call.reviewers_per_entry
    entry_ids = set(stage_entries(stage).values_list("pk", flat=True))
    active = list(
        Reviewer.objects.filter(call_id=stage.call_id, is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    conflicts = set(
        Conflict.objects.filter(reviewer__call_id=stage.call_id).values_list(
            "reviewer_id", "entry_id"
        )
    )
    per_entry_count = Counter()
    load = Counter()
    conflicted = 0
    for reviewer_id, entry_id in Assignment.objects.filter(stage=stage).values_list(
        "reviewer_id", "entry_id"
    ):
        per_entry_count[entry_id] += 1
        load[reviewer_id] += 1
        conflicted += (reviewer_id, entry_id) in conflicts
    loads = [(reviewer, load[reviewer.pk]) for reviewer in active]
    values = [n for _r, n in loads] or [0]
    short = sorted(e for e in entry_ids if per_entry_count[e] < per_entry)
    over = sorted(e for e in entry_ids if per_entry_count[e] > per_entry)
    return {
        "per_entry": per_entry,
        "entries": len(entry_ids),
        "assigned": sum(per_entry_count.values()),
        "short": short,
        "over": over,
        "conflicted": conflicted,
        "loads": loads,
        "lowest": min(values),
        "highest": max(values),
        "balanced": max(values) - min(values) <= 1,
        "complete": bool(entry_ids) and not short and not over and not conflicted,
    }
