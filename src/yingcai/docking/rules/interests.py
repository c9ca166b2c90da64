"""Rules about interest between projects and organisations, and outcomes of meetings.

Who speaks for a side: for a project, the members of its team (lead or member); for an
organisation, its owners and recruiter-reviewers, once it is verified (as for publishing or
messaging applicants); every member, viewers too, reads the organisation's interests.
Contacts — the organisation's and the team lead's — show only once the interest is mutual.

Signed agreements are confirmed by the verifiers (with the organiser administrators): they
already approve job requirements and verify organisations and projects.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.rules import (
    add_state_perm,
    cached,
    is_organiser_staff,
    is_staff_admin,
    is_verifier,
    model_perms,
)
from yingcai.organisations.models import Organisation
from yingcai.organisations.rules import memberships
from yingcai.projects.models import Demand, Project, TeamMember

from ..models import Interest, Meeting, Outcome, Seat

SPEAKING_ROLES = ("owner", "recruiter")


def team_projects(user) -> dict[int, str]:
    """{project id: role in its team} for a user, read once per user object."""
    if not (user.is_authenticated and user.is_active):
        return {}
    return cached(
        user,
        "docking_team_roles",
        lambda: dict(TeamMember.objects.filter(user=user).values_list("project_id", "role")),
    )


def speaks_for_organisation(user, organisation_id) -> bool:
    return memberships(user).get(organisation_id) in SPEAKING_ROLES


def speaking_organisations(user) -> list[int]:
    """The organisations a user speaks for (owner or recruiter-reviewer), verified or not."""
    return [pk for pk, role in memberships(user).items() if role in SPEAKING_ROLES]


def in_team(user, project_id) -> bool:
    return project_id in team_projects(user)


def speaks_for_participant(user, participant) -> bool:
    """The user speaks for a docking participant: its project's team, its organisation."""
    if participant.project_id is not None:
        return in_team(user, participant.project_id)
    return speaks_for_organisation(user, participant.organisation_id)


# --- Sides and states of an interest -------------------------------------------------------
@rules.predicate
def is_project_team(user, obj):
    """A member of the project's team (obj: a project, or anything with a project)."""
    if obj is None:
        return False
    project_id = obj.pk if isinstance(obj, Project) else getattr(obj, "project_id", None)
    return project_id is not None and in_team(user, project_id)


@rules.predicate
def is_listed_project(user, obj):
    project = obj if isinstance(obj, Project) else getattr(obj, "project", None)
    return project is not None and project.is_listed


@rules.predicate
def is_verified_organisation_speaker(user, obj):
    """Owner or recruiter-reviewer of the organisation (obj: it, or an interest), verified."""
    if obj is None:
        return False
    organisation = obj if isinstance(obj, Organisation) else getattr(obj, "organisation", None)
    return (
        organisation is not None
        and organisation.is_verified
        and speaks_for_organisation(user, organisation.pk)
    )


@rules.predicate
def speaks_for_a_verified_organisation(user):
    ids = speaking_organisations(user)
    if not ids:
        return False
    return cached(
        user,
        "docking_verified_speaker",
        lambda: Organisation.objects.filter(
            pk__in=ids, status=Organisation.Status.VERIFIED
        ).exists(),
    )


@rules.predicate
def is_in_a_listed_team(user):
    projects = team_projects(user)
    if not projects:
        return False
    return cached(
        user,
        "docking_listed_team",
        lambda: Project.objects.filter(
            pk__in=list(projects), status=Project.Status.VERIFIED
        ).exists(),
    )


@rules.predicate
def is_open_demand(user, obj):
    return (
        isinstance(obj, Demand)
        and obj.status == Demand.Status.PUBLISHED
        and obj.organisation.is_verified
    )


@rules.predicate
def is_interest_party(user, obj):
    """Reads an interest: the project's team, any member of the organisation."""
    if not isinstance(obj, Interest):
        return False
    return in_team(user, obj.project_id) or obj.organisation_id in memberships(user)


def _speaks_for_side(user, interest, side) -> bool:
    if side == Interest.Side.PROJECT:
        return in_team(user, interest.project_id)
    return speaks_for_organisation(user, interest.organisation_id)


@rules.predicate
def is_receiving_side(user, obj):
    """Speaks for the side that did not send the interest."""
    if not isinstance(obj, Interest):
        return False
    other = (
        Interest.Side.ORGANISATION
        if obj.initiated_by == Interest.Side.PROJECT
        else Interest.Side.PROJECT
    )
    return _speaks_for_side(user, obj, other)


@rules.predicate
def is_sending_side(user, obj):
    return isinstance(obj, Interest) and _speaks_for_side(user, obj, obj.initiated_by)


@rules.predicate
def interest_is_pending(user, obj):
    return obj is not None and obj.status == Interest.Status.PENDING


@rules.predicate
def interest_is_mutual(user, obj):
    return obj is not None and obj.is_mutual


rules.add_perm(
    "docking.express_interest_in_project",
    speaks_for_a_verified_organisation & is_listed_project & ~is_project_team,
)
rules.add_perm("docking.express_interest_in_demand", is_in_a_listed_team & is_open_demand)
# Acting for one side: the service asks it of the organisation or project named.
rules.add_perm("docking.speak_for_organisation", is_verified_organisation_speaker)
rules.add_perm("docking.speak_for_project", is_project_team & is_listed_project)
# Also the back office's: organiser administrators read interests there.
rules.add_perm("docking.view_interest", is_interest_party | is_staff_admin)
for _action in ("add", "change", "delete"):
    rules.add_perm(f"docking.{_action}_interest", rules.always_deny)
add_state_perm(
    "docking.answer_interest",
    is_receiving_side,
    (interest_is_pending, _("This interest has already been answered or withdrawn.")),
)
add_state_perm(
    "docking.withdraw_interest",
    is_sending_side,
    (interest_is_pending, _("Only an interest awaiting an answer can be withdrawn.")),
)
# The contacts of both sides: only once the interest is mutual.
add_state_perm(
    "docking.view_contacts",
    is_interest_party,
    (interest_is_mutual, None),
)
# From a mutual interest, the team may share its business plan (a separate consent).
add_state_perm(
    "docking.share_plan",
    is_project_team,
    (interest_is_mutual, _("The business plan is shared only after mutual interest.")),
)


# --- Meetings: attendance and outcomes ------------------------------------------------------
def _meeting_of(obj):
    if isinstance(obj, Seat | Outcome):
        return obj.meeting
    return obj if isinstance(obj, Meeting) else None


@rules.predicate
def speaks_for_the_seat(user, obj):
    """Speaks for the participant of a seat or an outcome."""
    if not isinstance(obj, Seat | Outcome):
        return False
    return speaks_for_participant(user, obj.participant)


@rules.predicate
def meeting_is_published(user, obj):
    meeting = _meeting_of(obj)
    return meeting is not None and meeting.status == Meeting.Status.PUBLISHED


@rules.predicate
def meeting_has_started(user, obj):
    meeting = _meeting_of(obj)
    return meeting is not None and meeting.slot.starts_at <= timezone.now()


@rules.predicate
def outcome_is_open(user, obj):
    return isinstance(obj, Outcome) and obj.confirmed_at is None


@rules.predicate
def outcome_is_agreement(user, obj):
    return isinstance(obj, Outcome) and obj.result == Outcome.Result.AGREEMENT


add_state_perm(
    "docking.mark_attendance",
    speaks_for_the_seat,
    (meeting_is_published, _("Only a published meeting can be marked.")),
    (meeting_has_started, _("A meeting is marked held or missed once it has started.")),
)
add_state_perm(
    "docking.record_outcome",
    speaks_for_the_seat,
    (meeting_is_published, _("Only a published meeting has an outcome.")),
    (meeting_has_started, _("An outcome is recorded once the meeting has started.")),
)
add_state_perm(
    "docking.amend_outcome",
    speaks_for_the_seat,
    (outcome_is_open, _("This outcome is confirmed: it can no longer be changed.")),
)
# The organisers' queue of signed agreements, and confirming one of them.
rules.add_perm("docking.review_outcomes", is_verifier)
add_state_perm(
    "docking.confirm_outcome",
    is_verifier,
    (outcome_is_agreement, _("Only a signed agreement is confirmed.")),
    (outcome_is_open, _("This agreement is already confirmed.")),
)

# The back office: the docking module (for every organiser; the models say who sees what).
rules.add_perm("docking", is_organiser_staff)
model_perms("docking.outcome", view=is_verifier)
