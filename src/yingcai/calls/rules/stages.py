"""Who may set a call's stages, each stage's rubric and its advancement rules.

Call managers (the editor staff role, `roles.is_call_manager`) add, change, reorder and
delete stages. What decides how a stage scores and ranks — its kind, ranking method, whether
it ranks per division, and its rubric — is fixed once its scoring has opened (status beyond
planned): reviews already given were scored against it. How many advance (top N per division,
wildcards, places to accept) may still change until the stage's results are decided.
A stage is deleted only while planned (and the service also refuses one with entries or
assignments).
"""

import rules
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm

from ..models import Stage
from .roles import is_call_manager


def _stage_status(name, *statuses):
    @rules.predicate(name=f"stage_is:{name}")
    def predicate(user, obj):
        return isinstance(obj, Stage) and obj.status in statuses

    return predicate


stage_is_planned = _stage_status("planned", Stage.Status.PLANNED)
stage_is_undecided = _stage_status(
    "undecided", Stage.Status.PLANNED, Stage.Status.SCORING, Stage.Status.CLOSED
)


@rules.predicate
def stage_is_per_division(user, obj):
    return isinstance(obj, Stage) and obj.per_division


# The stages page of a call and a new stage (obj: the call, or none for the menus).
rules.add_perm("calls.manage_stages", is_call_manager)
rules.add_perm("calls.add_stage", is_call_manager)
# Its name, venue, dates, and — while planned — everything else (the service says which).
rules.add_perm("calls.change_stage", is_call_manager)
add_state_perm(
    "calls.change_rubric",
    is_call_manager,
    (
        stage_is_planned,
        _("The rubric can no longer change: the scoring of this stage has opened."),
    ),
)
add_state_perm(
    "calls.delete_stage",
    is_call_manager,
    (
        stage_is_planned,
        _("This stage can no longer be deleted: its scoring has opened."),
    ),
)
add_state_perm(
    "calls.change_advancement",
    is_call_manager,
    (stage_is_per_division, _("This stage ranks all entries together, not per division.")),
    (
        stage_is_undecided,
        _("The advancement rules can no longer change: this stage's results are decided."),
    ),
)
