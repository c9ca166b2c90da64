"""Who may build a call's reviewer pool, assign, declare conflicts and score an online review.

- Call managers (`is_call_manager`, the editor staff role) build the pool, open a review
  stage, run and adjust the assignment, close the scoring.
- A reviewer (an active `Reviewer` row of the call) declares conflicts on the call's submitted
  entries, sees only their own assignments — never one whose entry they have a conflict with —
  and scores while the stage's scoring is open.

State rules (`add_state_perm`) tell the role's holder why the state refuses; the services ask
them again on the locked rows.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm

from ..models import Assignment, Conflict, Entry, Stage
from .roles import is_call_manager, is_reviewer_of_call, reviewer_calls


def _stage_of(obj):
    if isinstance(obj, Stage):
        return obj
    if isinstance(obj, Assignment):
        return obj.stage
    return None


# --- Who --------------------------------------------------------------------------------------
@rules.predicate
def is_own_assignment(user, obj):
    """The assignment is the user's (their active reviewer role in its call)."""
    if not isinstance(obj, Assignment):
        return False
    reviewer_id = reviewer_calls(user).get(obj.stage.call_id)
    return reviewer_id is not None and obj.reviewer_id == reviewer_id


@rules.predicate
def is_reviewer_of_entry_call(user, obj):
    return isinstance(obj, Entry) and is_reviewer_of_call.test(user, obj)


# --- When -------------------------------------------------------------------------------------
@rules.predicate
def has_no_conflict(user, obj):
    """No conflict of interest between the assignment's reviewer and its entry."""
    if not isinstance(obj, Assignment):
        return False
    return not Conflict.objects.filter(reviewer_id=obj.reviewer_id, entry_id=obj.entry_id).exists()


@rules.predicate
def is_review_stage(user, obj):
    stage = _stage_of(obj)
    return stage is not None and stage.kind == Stage.Kind.REVIEW


def _stage_status(name, *statuses):
    @rules.predicate(name=f"review_stage_is:{name}")
    def predicate(user, obj):
        stage = _stage_of(obj)
        return stage is not None and stage.status in statuses

    return predicate


stage_is_planned = _stage_status("planned", Stage.Status.PLANNED)
stage_is_assignable = _stage_status("assignable", Stage.Status.PLANNED, Stage.Status.SCORING)
stage_is_scoring = _stage_status("scoring", Stage.Status.SCORING)
# Reviewers see their assignments once the stage is opened, and keep reading them after.
stage_is_shown = _stage_status(
    "shown",
    Stage.Status.SCORING,
    Stage.Status.CLOSED,
    Stage.Status.DECIDED,
    Stage.Status.PUBLISHED,
)


@rules.predicate
def scoring_is_open(user, obj):
    """The stage takes scores: status "scoring" and before its closing time, if any."""
    stage = _stage_of(obj)
    if stage is None or stage.status != Stage.Status.SCORING:
        return False
    return stage.scoring_closes_at is None or timezone.now() < stage.scoring_closes_at


@rules.predicate
def entry_is_submitted(user, obj):
    return isinstance(obj, Entry) and obj.status == Entry.Status.SUBMITTED


# --- Rules ------------------------------------------------------------------------------------
# The organisers' review pages of a call (without an object: the menu and `staff_view`).
rules.add_perm("calls.review_manage", is_call_manager)
add_state_perm(
    "calls.review_open_stage",
    is_call_manager,
    (is_review_stage, _("Only an online review stage is opened here.")),
    (stage_is_planned, _("This stage is already open.")),
)
add_state_perm(
    "calls.review_assign",
    is_call_manager,
    (is_review_stage, _("Only the entries of an online review stage are assigned here.")),
    (stage_is_assignable, _("The scoring of this stage is closed: the assignment stays.")),
)
add_state_perm(
    "calls.review_close_scoring",
    is_call_manager,
    (is_review_stage, _("Only an online review stage is closed here.")),
    (stage_is_scoring, _("This stage is not taking scores.")),
)
add_state_perm(
    "calls.review_declare_conflict",
    is_reviewer_of_entry_call,
    (entry_is_submitted, _("This entry is no longer in the call.")),
)
add_state_perm(
    "calls.review_view_assignment",
    is_own_assignment,
    (has_no_conflict, _("You have a conflict of interest with this entry: you may not see it.")),
    (stage_is_shown, None),
)
add_state_perm(
    "calls.review_score",
    is_own_assignment,
    (has_no_conflict, _("You have a conflict of interest with this entry: you may not score it.")),
    (is_review_stage, None),
    (scoring_is_open, _("The scoring of this stage is closed: the scores can no longer change.")),
)
