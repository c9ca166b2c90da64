"""Small factories of docking rows written directly: a session with a slot and a table, its
two participants (a project team and an organisation), an accepted request and the
published meeting with its two seats — what the sessions' services would have made."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from yingcai.docking.models import (
    Meeting,
    MeetingRequest,
    Participant,
    Seat,
    Session,
    Slot,
    Table,
)

from ..factories import MembershipFactory, OrganisationFactory, ProjectFactory, UserFactory


def session(starts_at=None, status=Session.Status.PUBLISHED, **kwargs) -> Session:
    starts_at = starts_at or timezone.now() - timedelta(hours=1)
    return Session.objects.create(
        title_zh_hans="项目对接洽谈会",
        date=starts_at.date(),
        starts_at=starts_at.time(),
        requests_open_at=starts_at - timedelta(days=10),
        requests_close_at=starts_at - timedelta(days=2),
        status=status,
        published_at=starts_at - timedelta(days=1) if status == Session.Status.PUBLISHED else None,
        **kwargs,
    )


def meeting(
    project=None,
    organisation=None,
    starts_at=None,
    status=Meeting.Status.PUBLISHED,
    the_session=None,
    table_number=1,
    slot_index=0,
) -> Meeting:
    """A meeting between a project and an organisation in a slot (an hour ago by default)."""
    project = project or ProjectFactory()
    organisation = organisation or OrganisationFactory()
    starts_at = starts_at or timezone.now() - timedelta(hours=1)
    the_session = the_session or session(starts_at)
    slot, _ = Slot.objects.get_or_create(
        session=the_session,
        index=slot_index,
        defaults={"starts_at": starts_at, "ends_at": starts_at + timedelta(minutes=20)},
    )
    table, _ = Table.objects.get_or_create(session=the_session, number=table_number)
    team, _ = Participant.objects.get_or_create(session=the_session, project=project)
    side, _ = Participant.objects.get_or_create(session=the_session, organisation=organisation)
    request = MeetingRequest.objects.create(
        session=the_session,
        requester=side,
        counterpart=team,
        status=MeetingRequest.Status.ACCEPTED,
    )
    found = Meeting.objects.create(
        session=the_session,
        request=request,
        slot=slot,
        table=table,
        status=status,
        placed_at=the_session.published_at or timezone.now(),
    )
    if status != Meeting.Status.CANCELLED:
        Seat.objects.create(meeting=found, participant=team, slot=slot)
        Seat.objects.create(meeting=found, participant=side, slot=slot)
    return found


def seat_of(found: Meeting, *, project=False) -> Seat:
    if project:
        return found.seats.get(participant__project__isnull=False)
    return found.seats.get(participant__organisation__isnull=False)


def docking_world(**kwargs) -> SimpleNamespace:
    """A listed project with its lead and a member; a verified investor with its owner,
    recruiter and viewer; another team and another organisation; a held meeting."""
    lead = UserFactory(name="张团队")
    project = ProjectFactory(lead=lead)
    member = UserFactory()
    project.team.create(user=member, role="member")
    organisation = OrganisationFactory(
        kind="investor", contact_email="invest@example.cn", contact_phone="023-88886666"
    )
    owner = MembershipFactory(organisation=organisation, role="owner").user
    recruiter = MembershipFactory(organisation=organisation, role="recruiter").user
    viewer = MembershipFactory(organisation=organisation, role="viewer").user
    other_project = ProjectFactory()
    other_lead = other_project.team.get().user
    other_organisation = OrganisationFactory()
    other_owner = MembershipFactory(organisation=other_organisation, role="owner").user
    return SimpleNamespace(
        project=project,
        lead=lead,
        member=member,
        organisation=organisation,
        owner=owner,
        recruiter=recruiter,
        viewer=viewer,
        other_project=other_project,
        other_lead=other_lead,
        other_organisation=other_organisation,
        other_owner=other_owner,
        **kwargs,
    )
