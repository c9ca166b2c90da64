"""Rules about docking sessions, meeting requests and agendas.

Organisers of sessions are the editors (with the organiser administrators): they run the
conference's editions and venues, and a docking session is part of the programme. A
participant — a project team or an organisation — acts through its members: the team's
members, the organisation's members (any role). State rules (`add_state_perm`) tell a role
holder why the state refuses; the services ask them again on the locked row.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import add_state_perm, cached, is_active_user, is_editor
from yingcai.organisations.rules import memberships
from yingcai.projects.models import TeamMember

from ..models import Meeting, MeetingRequest, Participant, Session


def teams(user) -> set[int]:
    """The ids of the projects whose team the user is in, read once per user object."""
    if not (user.is_authenticated and user.is_active):
        return set()
    return cached(
        user,
        "docking_teams",
        lambda: set(TeamMember.objects.filter(user=user).values_list("project_id", flat=True)),
    )


def acts_for(user, participant) -> bool:
    """The user is a member of the participant's side: its project's team, its organisation."""
    if participant.project_id is not None:
        return participant.project_id in teams(user)
    return participant.organisation_id in memberships(user)


def _session_of(obj):
    return obj if isinstance(obj, Session) else obj.session


# --- Who ---------------------------------------------------------------------------------------
@rules.predicate
def is_participant_member(user, obj):
    """A member of the participant's side (obj: a participant)."""
    return isinstance(obj, Participant) and acts_for(user, obj)


@rules.predicate
def is_requester_member(user, obj):
    return isinstance(obj, MeetingRequest) and acts_for(user, obj.requester)


@rules.predicate
def is_counterpart_member(user, obj):
    return isinstance(obj, MeetingRequest) and acts_for(user, obj.counterpart)


@rules.predicate
def is_meeting_side(user, obj):
    """A member of either side of a meeting (obj: a meeting)."""
    if not isinstance(obj, Meeting):
        return False
    request = obj.request
    return acts_for(user, request.requester) or acts_for(user, request.counterpart)


# --- When --------------------------------------------------------------------------------------
def _status_is(*statuses):
    @rules.predicate(name=f"session_is:{','.join(statuses)}")
    def predicate(user, obj):
        return obj is not None and _session_of(obj).status in statuses

    return predicate


session_is_draft = _status_is(Session.Status.DRAFT)
session_is_open = _status_is(Session.Status.OPEN)
session_is_shown = _status_is(
    Session.Status.OPEN, Session.Status.SCHEDULED, Session.Status.PUBLISHED
)
session_is_scheduled = _status_is(Session.Status.SCHEDULED)
session_is_published = _status_is(Session.Status.PUBLISHED)


@rules.predicate
def session_takes_requests(user, obj):
    return obj is not None and _session_of(obj).takes_requests


@rules.predicate
def session_can_be_scheduled(user, obj):
    """Open and past the close of requests, or scheduled and not yet published."""
    if obj is None:
        return False
    if obj.status == Session.Status.SCHEDULED:
        return True
    return obj.status == Session.Status.OPEN and timezone.now() >= obj.requests_close_at


@rules.predicate
def is_not_withdrawn(user, obj):
    return obj is not None and obj.withdrawn_at is None


@rules.predicate
def request_is_pending(user, obj):
    return obj is not None and obj.status == MeetingRequest.Status.PENDING


@rules.predicate
def request_is_live(user, obj):
    return obj is not None and obj.status in (
        MeetingRequest.Status.PENDING,
        MeetingRequest.Status.ACCEPTED,
    )


@rules.predicate
def request_is_accepted(user, obj):
    return obj is not None and obj.status == MeetingRequest.Status.ACCEPTED


@rules.predicate
def meeting_is_live(user, obj):
    return obj is not None and obj.status != Meeting.Status.CANCELLED


# --- Sessions: the organisers --------------------------------------------------------------
rules.add_perm("docking.add_session", is_editor)
rules.add_perm("docking.manage_sessions", is_editor)
rules.add_perm("docking.view_session", session_is_shown | is_editor)
add_state_perm(
    "docking.change_session",
    is_editor,
    (session_is_draft, _("Only a draft session can be changed: it already takes requests.")),
)
add_state_perm(
    "docking.open_session",
    is_editor,
    (session_is_draft, _("This session is no longer a draft.")),
)
add_state_perm(
    "docking.schedule_session",
    is_editor,
    (
        session_can_be_scheduled,
        _("A session is scheduled after its requests close, and before its schedule is published."),
    ),
)
add_state_perm(
    "docking.publish_session",
    is_editor,
    (
        session_is_scheduled,
        _("Only a scheduled session that is not yet published can be published."),
    ),
)
add_state_perm(
    "docking.reoptimise_session",
    is_editor,
    (session_is_published, _("Only a published schedule is re-optimised.")),
)
add_state_perm(
    "docking.move_meeting",
    is_editor,
    (meeting_is_live, _("This meeting is cancelled.")),
)

# --- Participants ------------------------------------------------------------------------------
add_state_perm(
    "docking.join_session",
    is_active_user,
    (session_takes_requests, _("This session does not take participants now.")),
)
add_state_perm(
    "docking.mark_unavailable",
    is_participant_member,
    (is_not_withdrawn, _("You have withdrawn from this session.")),
    (session_is_open, _("The slots can no longer be changed: the session is being scheduled.")),
)
add_state_perm(
    "docking.withdraw_participant",
    is_participant_member | is_editor,
    (is_not_withdrawn, _("This participant has already withdrawn.")),
)
rules.add_perm("docking.view_agenda", is_participant_member)
rules.add_perm("docking.reset_feed", is_participant_member)
add_state_perm(
    "docking.request_meeting",
    is_participant_member,
    (is_not_withdrawn, _("You have withdrawn from this session.")),
    (
        session_takes_requests,
        _("Meeting requests are taken only while the request window is open."),
    ),
)

# --- Meeting requests and meetings ---------------------------------------------------------
add_state_perm(
    "docking.answer_request",
    is_counterpart_member,
    (request_is_pending, _("This request has already been answered or cancelled.")),
    (session_is_open, _("The requests can no longer be answered: the session is being scheduled.")),
)
add_state_perm(
    "docking.cancel_request",
    is_requester_member,
    (request_is_live, _("This request is no longer pending or accepted.")),
)
add_state_perm(
    "docking.place_meeting",
    is_editor,
    (request_is_accepted, _("Only an accepted request is placed.")),
    (
        _status_is(Session.Status.SCHEDULED, Session.Status.PUBLISHED),
        _("Meetings are placed by hand once the session is scheduled."),
    ),
)
add_state_perm(
    "docking.cancel_meeting",
    is_meeting_side | is_editor,
    (meeting_is_live, _("This meeting is already cancelled.")),
)
