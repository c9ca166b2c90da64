"""Who enters a call, edits, submits and withdraws an entry, and who reads it.

- A team member of a project (any but a withdrawn one) enters it in a published call while the call
  takes entries; the team edits its entry, uploads documents, submits, withdraws and submits
  again until the deadline.
- An entry and its documents are read by its team, the call managers and the reviewers it
  is assigned to without a conflict (`calls.view_entry`, `calls.download_document`: the
  review pages ask the same rules).
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm, is_active_user
from yingcai.projects.models import Project
from yingcai.projects.rules.projects import is_team_member

from ..models import Call, Entry, EntryDocument
from .roles import is_assigned_reviewer, is_call_manager, is_entry_team


def _call(obj) -> Call | None:
    if isinstance(obj, Call):
        return obj
    if isinstance(obj, Entry):
        return obj.call
    if isinstance(obj, EntryDocument):
        return obj.entry.call
    return None


def _entry(obj) -> Entry | None:
    if isinstance(obj, Entry):
        return obj
    if isinstance(obj, EntryDocument):
        return obj.entry
    return None


@rules.predicate
def call_takes_entries(user, obj):
    """Published, and now inside its window."""
    call = _call(obj)
    return call is not None and call.accepts_entries()


@rules.predicate
def before_the_deadline(user, obj):
    call = _call(obj)
    return call is not None and call.is_published and timezone.now() < call.closes_at


# A call judges the project itself: a team may apply to the roadshow before, or without,
# listing its project in the public library (the seed's 600+ roadshow applications outnumber
# its 607 registered projects). A withdrawn project has left the conference.
ENTERING = (
    Project.Status.DRAFT,
    Project.Status.SUBMITTED,
    Project.Status.VERIFIED,
    Project.Status.REJECTED,
)


@rules.predicate
def project_not_withdrawn(user, obj):
    return isinstance(obj, Project) and obj.status in ENTERING


@rules.predicate
def entry_not_submitted(user, obj):
    entry = _entry(obj)
    return entry is not None and entry.status != Entry.Status.SUBMITTED


@rules.predicate
def entry_is_submitted(user, obj):
    entry = _entry(obj)
    return entry is not None and entry.status == Entry.Status.SUBMITTED


@rules.predicate
def is_team_of(user, obj):
    """The team of the entry (of a document's entry)."""
    return is_entry_team.test(user, _entry(obj))


@rules.predicate
def reviews_it_without_conflict(user, obj):
    """A reviewer assigned to the entry (of a document's entry) without a conflict."""
    entry = _entry(obj)
    return entry is not None and is_assigned_reviewer.test(user, entry)


CLOSED = _("This call does not take entries now.")
DEADLINE = _("The deadline of this call has passed.")

# The call: a signed-in person may start an entry while it takes entries ...
add_state_perm("calls.enter_call", is_active_user, (call_takes_entries, CLOSED))
# ... with a project of a team they are in, unless withdrawn.
add_state_perm(
    "calls.enter_with_project",
    is_team_member,
    (project_not_withdrawn, _("A withdrawn project cannot enter a call.")),
)
# An entry, by its team, until the deadline.
add_state_perm("calls.edit_entry", is_team_of, (before_the_deadline, DEADLINE))
add_state_perm(
    "calls.submit_entry",
    is_team_of,
    (before_the_deadline, DEADLINE),
    (entry_not_submitted, _("This entry is already submitted.")),
)
add_state_perm(
    "calls.withdraw_entry",
    is_team_of,
    (before_the_deadline, DEADLINE),
    (entry_is_submitted, _("Only a submitted entry can be withdrawn.")),
)
# Reading an entry and its documents: reused by the review pages.
rules.add_perm("calls.view_entry", is_team_of | is_call_manager | reviews_it_without_conflict)
rules.add_perm(
    "calls.download_document", is_team_of | is_call_manager | reviews_it_without_conflict
)
