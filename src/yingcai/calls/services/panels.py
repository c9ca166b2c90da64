"""Live panels: judges seated, the order of appearance, the scoring opened and closed.

A panel is a stage of kind `panel`: a semi-final has one panel per division (each judge
sits in one division), the final one panel for all (no division). Opening the scoring makes
the assignments (source `panel`): every judge × every entry of their division, except where
a conflict of interest is recorded — a conflicted judge does not score that entry.

One function per state change (docs/architecture.md): the rule asked, the stage locked
(`FOR UPDATE`: the scores hold it `FOR SHARE`, so a closing waits for the scores under way
and every later score sees it closed), the state asked again, an audit entry.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require, require_role

from ..models import Assignment, Conflict, Division, Entry, PanelMember, Reviewer, Stage, StageEntry

MAX_ORDER = 999


def _lock_stage(stage: Stage) -> Stage:
    try:
        return Stage.objects.select_for_update().get(pk=stage.pk)
    except Stage.DoesNotExist:
        raise ValidationError(_("This panel no longer exists.")) from None


def taking_part(stage: Stage):
    """The stage's entries still in the contest (a withdrawn entry is not scored)."""
    return stage.stage_entries.exclude(entry__status=Entry.Status.WITHDRAWN)


@transaction.atomic
def seat_judge(actor, stage: Stage, reviewer: Reviewer, division: Division | None = None):
    """Seat a reviewer of the call on the panel, in a division (per-division stages) or for
    the whole stage (the final)."""
    require_role(actor, "calls.seat_panel_judge", stage)
    stage = _lock_stage(stage)
    require(actor, "calls.seat_panel_judge", stage)
    if reviewer.call_id != stage.call_id or not reviewer.is_active:
        raise ValidationError(_("Only an active reviewer of this call sits on its panels."))
    if stage.per_division:
        if division is None:
            raise ValidationError(_("Choose the division this judge sits in."))
        if division.call_id != stage.call_id:
            raise ValidationError(_("This division is not one of this call's."))
    else:
        division = None
    try:
        with transaction.atomic():
            member = PanelMember.objects.create(stage=stage, reviewer=reviewer, division=division)
    except IntegrityError:
        raise ValidationError(_("This judge already sits on this panel.")) from None
    audit.record(
        actor,
        "calls_panel.judge_seated",
        stage,
        reviewer=reviewer.pk,
        division=division.pk if division else None,
    )
    return member


@transaction.atomic
def unseat_judge(actor, member: PanelMember) -> None:
    require_role(actor, "calls.seat_panel_judge", member.stage)
    stage = _lock_stage(member.stage)
    require(actor, "calls.seat_panel_judge", stage)
    deleted, _count = PanelMember.objects.filter(pk=member.pk, stage=stage).delete()
    if deleted:
        audit.record(actor, "calls_panel.judge_unseated", stage, reviewer=member.reviewer_id)


def _order_number(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_ORDER:
        raise ValidationError(
            _("An order of appearance is a whole number from 1 to %(max)s.") % {"max": MAX_ORDER}
        )
    return number


@transaction.atomic
def set_order(actor, stage: Stage, orders: dict) -> int:
    """`orders` maps a StageEntry id to its place (1, 2, …; empty leaves it unplaced). Two
    entries of one division (of the stage, when not per division) never share a place.
    Answers how many places changed."""
    require_role(actor, "calls.order_panel", stage)
    stage = _lock_stage(stage)
    require(actor, "calls.order_panel", stage)
    rows = list(
        StageEntry.objects.filter(stage=stage)
        .select_related("entry")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    known = {row.pk: row for row in rows}
    wanted = {}
    for key, value in orders.items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            pk = None
        if pk not in known:
            raise ValidationError(_("An entry of the list is no longer in this stage."))
        wanted[pk] = _order_number(value)
    seen = {}
    for row in rows:
        place = wanted.get(row.pk, row.order)
        if place is None:
            continue
        group = row.entry.division_id if stage.per_division else None
        if (group, place) in seen:
            raise ValidationError(
                _("Two entries have the place %(place)s: give each its own.") % {"place": place}
            )
        seen[group, place] = row.pk
    changed = [row for row in rows if row.pk in wanted and wanted[row.pk] != row.order]
    for row in changed:
        row.order = wanted[row.pk]
    StageEntry.objects.bulk_update(changed, ["order"])
    if changed:
        audit.record(actor, "calls_panel.order_set", stage, changed=len(changed))
    return len(changed)


@transaction.atomic
def open_scoring(actor, stage: Stage) -> int:
    """Planned → scoring: entries without a place get the next ones (by entry), and every
    judge gets an assignment per entry of their division without a conflict. Answers how
    many assignments were made."""
    require_role(actor, "calls.open_panel", stage)
    stage = _lock_stage(stage)
    require(actor, "calls.open_panel", stage)
    if not stage.criteria.exists():
        raise ValidationError(_("Give this stage its rubric first: the judges score on it."))
    members = list(stage.panel_members.order_by("pk"))
    if not members:
        raise ValidationError(_("Seat the judges first: a panel without judges scores nothing."))
    rows = list(
        taking_part(stage).select_related("entry").select_for_update(of=("self",)).order_by("pk")
    )
    if not rows:
        raise ValidationError(_("No entry takes part in this stage yet."))
    # Unplaced entries follow the placed ones of their division, in the order they came.
    last = {}
    for row in rows:
        group = row.entry.division_id if stage.per_division else None
        last[group] = max(last.get(group, 0), row.order or 0)
    unplaced = sorted((row for row in rows if row.order is None), key=lambda r: r.entry_id)
    for row in unplaced:
        group = row.entry.division_id if stage.per_division else None
        last[group] += 1
        row.order = last[group]
    StageEntry.objects.bulk_update(unplaced, ["order"])

    conflicts = set(
        Conflict.objects.filter(
            reviewer_id__in=[m.reviewer_id for m in members],
            entry_id__in=[row.entry_id for row in rows],
        ).values_list("reviewer_id", "entry_id")
    )
    made = Assignment.objects.bulk_create(
        [
            Assignment(
                stage=stage,
                reviewer_id=member.reviewer_id,
                entry_id=row.entry_id,
                source=Assignment.Source.PANEL,
            )
            for member in members
            for row in rows
            if (member.division_id is None or member.division_id == row.entry.division_id)
            and (member.reviewer_id, row.entry_id) not in conflicts
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    stage.status = Stage.Status.SCORING
    stage.save(update_fields=["status"])
    audit.record(
        actor,
        "calls_panel.scoring_opened",
        stage,
        judges=len(members),
        entries=len(rows),
        conflicts=len(conflicts),
    )
    return len(made)


@transaction.atomic
def close_scoring(actor, stage: Stage) -> Stage:
    """Scoring → closed: the scores stand as they are; later ones are refused."""
    require_role(actor, "calls.close_panel", stage)
    stage = _lock_stage(stage)
    require(actor, "calls.close_panel", stage)
    stage.status = Stage.Status.CLOSED
    stage.save(update_fields=["status"])
    audit.record(actor, "calls_panel.scoring_closed", stage)
    return stage
