"""Docking rows for the tests, written directly (the services are tested apart).

`make_session`, `team`, `org_member`, `mutual`, `participant`: a session open for requests,
its sides and their interest. `session`, `meeting`: a published meeting with its two seats —
what the sessions' services would have made — for the tests of attendance and outcomes.
"""

from datetime import time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from yingcai.docking.models import (
    Interest,
    Meeting,
    MeetingRequest,
    Participant,
    Seat,
    Session,
    Slot,
    Table,
)
from yingcai.docking.services.sessions import _slot_times

from ..factories import MembershipFactory, OrganisationFactory, ProjectFactory, UserFactory


def make_session(
    *,
    status=Session.Status.OPEN,
    slots=4,
    tables=2,
    opened=timedelta(days=1),
    closes=timedelta(days=5),
    days_ahead=10,
    **fields,
) -> Session:
    """A session with its slots and tables, written directly (the services are tested apart)."""
    now = timezone.now()
    session = Session.objects.create(
        title_zh_hans=fields.pop("title", "电子信息专场对接会"),
        title_en="Electronic information docking session",
        venue="重庆国际博览中心 N1",
        date=timezone.localdate() + timedelta(days=days_ahead),
        starts_at=time(9, 0),
        slot_minutes=20,
        break_minutes=5,
        slot_count=slots,
        requests_open_at=now - opened,
        requests_close_at=now + closes,
        status=status,
        **fields,
    )
    Slot.objects.bulk_create(
        [
            Slot(session=session, index=i, starts_at=start, ends_at=end)
            for i, (start, end) in enumerate(_slot_times(session))
        ]
    )
    Table.objects.bulk_create([Table(session=session, number=n) for n in range(1, tables + 1)])
    return session


def team(project=None):
    """A listed project and a member of its team (the lead)."""
    lead = UserFactory()
    project = project or ProjectFactory(lead=lead)
    return project, lead


def org_member(organisation=None, role="viewer"):
    organisation = organisation or OrganisationFactory(kind="investor")
    return organisation, MembershipFactory(organisation=organisation, role=role).user


def mutual(project, organisation) -> Interest:
    return Interest.objects.create(
        project=project,
        organisation=organisation,
        initiated_by="project",
        message="你好",
        status="accepted",
    )


def participant(session, *, project=None, organisation=None) -> Participant:
    return Participant.objects.create(session=session, project=project, organisation=organisation)


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
