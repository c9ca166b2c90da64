"""Decisions of a stage: proposed from the ranking, changed by hand, confirmed by organisers.

- `propose(actor, stage)` writes one Decision per entry of the stage from `ranking.rank`:
  an overall stage accepts its top `accept_count`, puts the next quarter of that number on
  the waiting list and rejects the rest; a stage ranked per division accepts each division's
  top N (`Advancement`), then `wildcards` more of the best normalised scores across divisions
  (`Decision.wildcard`), and rejects the rest. An entry tied with the last one inside a cut is
  marked `tied`: the engine's order rule only proposes there, never decides. Entries without
  a score are rejected (shown apart). Proposing again starts over (hand changes are lost).
- `change(actor, decision, outcome)`: an organiser's outcome by hand, before confirming; the
  only way to settle a tied entry (`decide_ties_by_order_rule` does it for every tied entry
  at once, as proposed: an explicit choice for the demo and scripts, never implied).
- `confirm(actor, stage)`: refused while a tied entry is undecided. Otherwise every decision
  takes its outcome (by hand, else as proposed) and its confirmation; accepted entries join
  the next stage (`StageEntry`, wildcards marked); the stage is decided; one decision mail per
  entry is written to the outbox in the language of the team's lead — and nothing is sent
  (services.outbox releases them).

The stage row is the lock: proposing and confirming take it FOR UPDATE, a change by hand
FOR NO KEY UPDATE, so a change never lands on a confirmed stage and two confirmations make
one set of decisions (tests/calls/test_decisions_races.py).
"""

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yingcai.core import audit
from yingcai.core.services import require, require_role

from ..models import Decision, Stage, StageEntry
from . import outbox, ranking

# The waiting list of an overall stage: as many as a quarter of its places.
WAITLIST_SHARE = 0.25


def _lock(stage: Stage, *, no_key: bool = False) -> Stage:
    # No default ordering (it would join the call and lock it too).
    locked = Stage.objects.select_for_update(no_key=no_key).filter(pk=stage.pk).order_by().first()
    if locked is None:
        raise ValidationError(_("This stage no longer exists."))
    return locked


def waitlist_size(places: int) -> int:
    return math.ceil(places * WAITLIST_SHARE)


def proposals(stage: Stage, result: ranking.Ranking | None = None) -> list[Decision]:
    """The decisions the ranking proposes (unsaved), best first."""
    now = timezone.now()
    if stage.per_division:
        if not stage.advancements.exists():
            raise ValidationError(
                _("Say how many of each division advance before proposing decisions.")
            )
        result = result or ranking.rank(stage, ranking.BY_DIVISION)
        decisions = _per_division(stage, result)
    else:
        if stage.accept_count is None:
            raise ValidationError(
                _("Say how many places the stage has before proposing decisions.")
            )
        result = result or ranking.rank(stage, ranking.OVERALL)
        decisions = _overall(stage, result)
    for entry in result.unscored:
        decisions.append(Decision(stage=stage, entry=entry, proposed=Decision.Outcome.REJECT))
    for decision in decisions:
        decision.proposed_at = now
    return decisions


def _decision(stage, row, proposed, **extra) -> Decision:
    return Decision(
        stage=stage,
        entry=row.entry,
        proposed=proposed,
        rank=row.rank,
        score=row.score,
        tied=row.tie_at_cut,
        **extra,
    )


def _overall(stage, result) -> list[Decision]:
    places = stage.accept_count
    waiting = waitlist_size(places)
    decisions = []
    for index, row in enumerate(result.rows):
        if index < places:
            outcome = Decision.Outcome.ACCEPT
        elif index < places + waiting:
            outcome = Decision.Outcome.WAITLIST
        else:
            outcome = Decision.Outcome.REJECT
        decisions.append(_decision(stage, row, outcome))
    return decisions


def _per_division(stage, result) -> list[Decision]:
    decisions = {}
    rest = []
    for line in result.lines:
        for index, row in enumerate(line.rows):
            if line.places is not None and index < line.places:
                decisions[row.entry.pk] = _decision(stage, row, Decision.Outcome.ACCEPT)
            else:
                rest.append(row)
    # Wildcards: the best normalised scores of those left, across divisions.
    rest.sort(key=lambda row: (-row.normalised, row.rank, row.entry.pk))
    wildcards = stage.wildcards
    tied_value = None
    if 0 < wildcards < len(rest) and _same(rest[wildcards - 1], rest[wildcards]):
        tied_value = rest[wildcards - 1].normalised
    for index, row in enumerate(rest):
        wildcard = index < wildcards
        decision = _decision(
            stage,
            row,
            Decision.Outcome.ACCEPT if wildcard else Decision.Outcome.REJECT,
            wildcard=wildcard,
        )
        if tied_value is not None and abs(row.normalised - tied_value) <= 1e-9:
            decision.tied = True
        decisions[row.entry.pk] = decision
    return [decisions[row.entry.pk] for row in result.rows]


def _same(a, b) -> bool:
    return abs(a.normalised - b.normalised) <= 1e-9


@transaction.atomic
def propose(actor, stage: Stage) -> list[Decision]:
    """Write the proposed decisions of a closed stage (replacing earlier proposals)."""
    require_role(actor, "calls.propose_decisions", stage)
    stage = _lock(stage)
    require(actor, "calls.propose_decisions", stage)
    decisions = proposals(stage)
    Decision.objects.filter(stage=stage).delete()
    Decision.objects.bulk_create(decisions, batch_size=500)
    audit.record(
        actor,
        "calls_stage.decisions_proposed",
        stage,
        entries=len(decisions),
        tied=sum(d.tied for d in decisions),
    )
    return decisions


@transaction.atomic
def change(actor, decision: Decision, outcome: str) -> Decision:
    """An organiser's outcome by hand, before the stage's decisions are confirmed."""
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("Choose accept, waiting list or reject.")})
    require_role(actor, "calls.change_decision", decision.stage)
    stage = _lock(decision.stage, no_key=True)
    require(actor, "calls.change_decision", stage)
    decision = (
        Decision.objects.select_for_update().filter(pk=decision.pk, stage=stage).order_by().first()
    )
    if decision is None:
        raise ValidationError(
            _("This decision no longer exists: the decisions were proposed again.")
        )
    decision.outcome = outcome
    decision.save(update_fields=["outcome"])
    audit.record(actor, "calls_decision.changed", decision, outcome=outcome)
    return decision


@transaction.atomic
def decide_ties_by_order_rule(actor, stage: Stage) -> int:
    """An organiser's deliberate choice (the demo's, a command's): every undecided tied entry
    takes the outcome the engine's order rule proposed, recorded as a change by hand each."""
    require_role(actor, "calls.change_decision", stage)
    stage = _lock(stage, no_key=True)
    require(actor, "calls.change_decision", stage)
    tied = list(
        Decision.objects.select_for_update()
        .filter(stage=stage, tied=True, outcome="")
        .order_by("pk")
    )
    for decision in tied:
        decision.outcome = decision.proposed
        audit.record(actor, "calls_decision.changed", decision, outcome=decision.outcome)
    Decision.objects.filter(pk__in=[d.pk for d in tied]).update(outcome=F("proposed"))
    return len(tied)


def undecided_ties(stage: Stage) -> int:
    return Decision.objects.filter(stage=stage, tied=True, outcome="").count()


@transaction.atomic
def confirm(actor, stage: Stage) -> int:
    """Confirm the stage's decisions: advancement, the stage decided, the mails held."""
    require_role(actor, "calls.confirm_decisions", stage)
    stage = _lock(stage)
    require(actor, "calls.confirm_decisions", stage)
    decisions = list(
        Decision.objects.filter(stage=stage).select_related("entry__project").order_by("pk")
    )
    if not decisions:
        raise ValidationError(_("Propose the decisions before confirming them."))
    tied = [d for d in decisions if d.tied and not d.outcome]
    if tied:
        raise ValidationError(
            ngettext(
                "%(count)s tied entry at the cut is undecided: decide it by hand before "
                "confirming.",
                "%(count)s tied entries at the cut are undecided: decide each of them by hand "
                "before confirming.",
                len(tied),
            )
            % {"count": len(tied)}
        )
    now = timezone.now()
    for decision in decisions:
        decision.outcome = decision.outcome or decision.proposed
        decision.confirmed_at = now
        decision.confirmed_by = actor
    # Two statements whatever the number (a bulk_update of 612 rows took 2.4 s).
    Decision.objects.filter(stage=stage, outcome="").update(outcome=F("proposed"))
    Decision.objects.filter(stage=stage).update(confirmed_at=now, confirmed_by=actor)
    accepted = [d for d in decisions if d.outcome == Decision.Outcome.ACCEPT]
    following = stage.next_stage()
    if following is not None:
        # An entry the organisers already put into the next stage by hand keeps its row.
        StageEntry.objects.bulk_create(
            [
                StageEntry(stage=following, entry=d.entry, wildcard=d.wildcard, added_at=now)
                for d in accepted
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
    stage.status = Stage.Status.DECIDED
    stage.save(update_fields=["status"])
    written = outbox.write(stage, decisions, following)
    audit.record(
        actor,
        "calls_stage.decisions_confirmed",
        stage,
        accepted=len(accepted),
        entries=len(decisions),
        mails=written,
    )
    return len(decisions)
