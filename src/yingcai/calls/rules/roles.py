"""The roles every part of the calls machinery asks about.

- Call managers (the editor staff role, as for docking sessions) open calls, arrange stages,
  the reviewer pool and assignments, confirm decisions and release the outbox.
- A reviewer (评审专家) is a role held per call (`Reviewer` row, active), not a staff group:
  an expert sees the call's entries assigned to them, never a conflicted one.
- The team of an entry is its project's team (`projects.rules.projects.team_roles`).
"""

import rules

from yingcai.core.rules import cached, is_active_user, is_editor
from yingcai.projects.rules.projects import team_roles

from ..models import Assignment, Call, Entry, Reviewer

is_call_manager = is_editor


def call_of(obj) -> int | None:
    """The call id of a call, an entry, a stage, a reviewer or anything with a call/entry."""
    if obj is None:
        return None
    if isinstance(obj, Call):
        return obj.pk
    if getattr(obj, "call_id", None) is not None:
        return obj.call_id
    for name in ("entry", "stage", "reviewer", "assignment"):
        related = getattr(obj, name, None)
        if related is not None:
            return call_of(related)
    return None


def reviewer_calls(user) -> dict[int, int]:
    """{call id: reviewer id} of the user's active reviewer roles, read once per user object."""
    if not (user.is_authenticated and user.is_active):
        return {}
    return cached(
        user,
        "call_reviewers",
        lambda: dict(
            Reviewer.objects.filter(user=user, is_active=True).values_list("call_id", "pk")
        ),
    )


@rules.predicate
def is_reviewer_of_call(user, obj):
    call_id = call_of(obj)
    return call_id is not None and call_id in reviewer_calls(user)


@rules.predicate
def is_entry_team(user, obj):
    entry = obj if isinstance(obj, Entry) else getattr(obj, "entry", None)
    return entry is not None and entry.project_id in team_roles(user)


@rules.predicate
def is_assigned_reviewer(user, obj):
    """The user reviews this assignment (or this entry, assigned to them in some stage) and
    has no conflict with it."""
    if isinstance(obj, Assignment):
        reviewer_id = reviewer_calls(user).get(call_of(obj))
        return reviewer_id is not None and obj.reviewer_id == reviewer_id
    if isinstance(obj, Entry):
        reviewer_id = reviewer_calls(user).get(obj.call_id)
        if reviewer_id is None:
            return False
        return (
            Assignment.objects.filter(reviewer_id=reviewer_id, entry=obj).exists()
            and not obj.conflicts.filter(reviewer_id=reviewer_id).exists()
        )
    return False


__all__ = [
    "call_of",
    "is_active_user",
    "is_assigned_reviewer",
    "is_call_manager",
    "is_entry_team",
    "is_reviewer_of_call",
    "reviewer_calls",
]
