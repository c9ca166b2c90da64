"""Rules of the live panels (semi-finals per division, the final) and their results screen.

- Call managers (the editor role) seat the judges, set the order of appearance, open and
  close the scoring, and show the results screen on the hall's projector.
- A judge is a reviewer of the call seated on the stage's panel (`PanelMember`); they score
  their panel's assignments (made when the scoring opens, never for a conflicted entry)
  while the panel scores.
- The results screen is for organiser staff only, not public: until the organisers confirm
  and publish a stage's results (with its appeal window) the scores are provisional, and the
  projector in the hall is run from an organiser's signed-in browser. It shows no person:
  the projects in order, how many scores each has received and the trimmed mean.
"""

import rules
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm

from ..models import Assignment, Conflict, PanelMember, Stage
from .roles import is_call_manager, reviewer_calls


def _stage_of(obj):
    if isinstance(obj, Stage):
        return obj
    return getattr(obj, "stage", None)


# --- Who ---------------------------------------------------------------------------------------
@rules.predicate
def is_panel_judge(user, obj):
    """A judge seated on this stage's panel (obj: a stage), or the judge of a panel
    assignment (obj: an assignment)."""
    if isinstance(obj, Assignment):
        reviewer_id = reviewer_calls(user).get(obj.stage.call_id)
        return (
            reviewer_id is not None
            and obj.reviewer_id == reviewer_id
            and obj.source == Assignment.Source.PANEL
        )
    if isinstance(obj, Stage):
        reviewer_id = reviewer_calls(user).get(obj.call_id)
        return (
            reviewer_id is not None
            and PanelMember.objects.filter(stage=obj, reviewer_id=reviewer_id).exists()
        )
    return False


# --- When --------------------------------------------------------------------------------------
@rules.predicate
def is_panel_stage(user, obj):
    stage = _stage_of(obj)
    return stage is not None and stage.kind == Stage.Kind.PANEL


def _status_is(*statuses):
    @rules.predicate(name=f"panel_is:{','.join(statuses)}")
    def predicate(user, obj):
        stage = _stage_of(obj)
        return stage is not None and stage.status in statuses

    return predicate


panel_is_planned = _status_is(Stage.Status.PLANNED)
panel_is_scoring = _status_is(Stage.Status.SCORING)
panel_is_planned_or_scoring = _status_is(Stage.Status.PLANNED, Stage.Status.SCORING)


@rules.predicate
def has_no_conflict(user, obj):
    """The assignment's judge has no conflict of interest with its entry (one recorded after
    the scoring opened counts too)."""
    return (
        isinstance(obj, Assignment)
        and not Conflict.objects.filter(reviewer_id=obj.reviewer_id, entry_id=obj.entry_id).exists()
    )


# --- The organisers ------------------------------------------------------------------------
rules.add_perm("calls.manage_live_panels", is_call_manager)
rules.add_perm("calls.view_live_screen", is_call_manager)
add_state_perm(
    "calls.seat_panel_judge",
    is_call_manager,
    (is_panel_stage, _("Only a live panel has judges.")),
    (panel_is_planned, _("The judges are seated before the scoring opens.")),
)
add_state_perm(
    "calls.order_panel",
    is_call_manager,
    (is_panel_stage, _("Only a live panel has an order of appearance.")),
    (panel_is_planned_or_scoring, _("The scoring of this panel is closed.")),
)
add_state_perm(
    "calls.open_panel",
    is_call_manager,
    (is_panel_stage, _("Only a live panel is scored live.")),
    (panel_is_planned, _("The scoring of this panel has already been opened.")),
)
add_state_perm(
    "calls.close_panel",
    is_call_manager,
    (is_panel_stage, _("Only a live panel is scored live.")),
    (panel_is_scoring, _("This panel is not scoring.")),
)

# --- The judges ------------------------------------------------------------------------------
rules.add_perm("calls.judge_on_panel", is_panel_judge & is_panel_stage)
add_state_perm(
    "calls.score_live",
    is_panel_judge,
    (has_no_conflict, _("You have a conflict of interest with this entry: you do not score it.")),
    (panel_is_scoring, _("This panel does not take scores now: the score was not saved.")),
)
