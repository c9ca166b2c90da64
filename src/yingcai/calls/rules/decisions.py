"""Rules about rankings, decisions, the outbox of decision mails, published results and appeals.

The call managers (editors and organiser administrators) rank a stage once its scoring is
closed, propose and change decisions, confirm them (the stage is then decided), read, discard
and release the held mails, publish the results and answer appeals. Anyone reads the published
results of a published call; the team of an entry reads its own result and may appeal once,
inside the stage's appeal window. State rules (`add_state_perm`) tell a manager why the state
refuses; the services ask them again on the locked row.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm

from ..models import Appeal, Decision, Stage
from .roles import is_call_manager, is_entry_team


def _stage_of(obj):
    if isinstance(obj, Stage):
        return obj
    return getattr(obj, "stage", None)


def _stage_is(*statuses):
    @rules.predicate(name=f"stage_is:{','.join(statuses)}")
    def predicate(user, obj):
        stage = _stage_of(obj)
        return stage is not None and stage.status in statuses

    return predicate


stage_is_closed = _stage_is(Stage.Status.CLOSED)
stage_is_decided = _stage_is(Stage.Status.DECIDED)
stage_is_decided_or_published = _stage_is(Stage.Status.DECIDED, Stage.Status.PUBLISHED)
stage_is_published = _stage_is(Stage.Status.PUBLISHED)


@rules.predicate
def call_is_published(user, obj):
    stage = _stage_of(obj)
    return stage is not None and stage.call.is_published


@rules.predicate
def decision_is_confirmed(user, obj):
    return isinstance(obj, Decision) and obj.confirmed_at is not None


@rules.predicate
def inside_appeal_window(user, obj):
    stage = _stage_of(obj)
    return (
        stage is not None and stage.appeal_until is not None and timezone.now() < stage.appeal_until
    )


@rules.predicate
def appeal_is_open(user, obj):
    return isinstance(obj, Appeal) and obj.status == Appeal.Status.OPEN


# --- The organisers ------------------------------------------------------------------------
# Without an object: the organiser pages of decisions (the view asks it before loading).
rules.add_perm("calls.manage_decisions", is_call_manager)
rules.add_perm("calls.view_ranking", is_call_manager)
add_state_perm(
    "calls.propose_decisions",
    is_call_manager,
    (stage_is_closed, _("Decisions are proposed once the scoring of the stage is closed.")),
)
add_state_perm(
    "calls.change_decision",
    is_call_manager,
    (stage_is_closed, _("The decisions of this stage are confirmed and can no longer change.")),
)
add_state_perm(
    "calls.confirm_decisions",
    is_call_manager,
    (stage_is_closed, _("The decisions of this stage are already confirmed.")),
)
add_state_perm(
    "calls.release_outbox",
    is_call_manager,
    (
        stage_is_decided_or_published,
        _("Decision mails are released once the decisions are confirmed."),
    ),
)
add_state_perm(
    "calls.publish_results",
    is_call_manager,
    (stage_is_decided, _("Only confirmed decisions that are not yet published can be published.")),
)
add_state_perm(
    "calls.answer_appeal",
    is_call_manager,
    (appeal_is_open, _("This appeal is already answered.")),
)

# --- The public and the teams --------------------------------------------------------------
rules.add_perm("calls.view_results", stage_is_published & call_is_published)
rules.add_perm("calls.view_own_result", is_entry_team & stage_is_published & decision_is_confirmed)
add_state_perm(
    "calls.lodge_appeal",
    is_entry_team & decision_is_confirmed,
    (stage_is_published, _("The results of this stage are not published.")),
    (inside_appeal_window, _("The appeal window of this stage is closed.")),
)
