"""Docking sessions for the tests: a session, its sides, their interest."""

from datetime import time, timedelta

from django.utils import timezone

from yingcai.docking.models import Interest, Participant, Session, Slot, Table
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
