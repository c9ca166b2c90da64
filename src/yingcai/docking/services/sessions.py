"""Docking sessions, participants, meeting requests, scheduling and late changes.

One function per state change (docs/architecture.md): the rule asked (`require`), the row
locked, its state asked again on the locked row, the change written, an audit entry, mail
after the commit. Scheduling and re-optimising are heavy: the services only queue them
(`docking.tasks`), whose bodies write the meetings.

No participant and no table is ever in two live meetings of one slot: the database refuses
it (`docking_participant_once_per_slot` on `Seat`, `docking_table_once_per_slot` on
`Meeting`); the services turn that refusal into words.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.models import User
from yingcai.core import audit
from yingcai.core.mail import notify_user
from yingcai.core.services import require, require_role
from yingcai.organisations.models import Organisation
from yingcai.organisations.rules import memberships
from yingcai.projects.models import Project

from .. import tasks
from ..models import (
    Meeting,
    MeetingRequest,
    Participant,
    Seat,
    Session,
    Slot,
    Table,
    Unavailability,
)
from ..rules.sessions import teams
from .interests import mutual_between

MAX_SLOTS = 48
MIN_SLOT_MINUTES = 5
MAX_SLOT_MINUTES = 240
MAX_BREAK_MINUTES = 240
MAX_TABLES_AT_ONCE = 200
MAX_TABLES = 500
LIVE_REQUESTS = (MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED)
RUNNING = "running"


# --- Helpers -----------------------------------------------------------------------------------
def members_of(participant: Participant):
    """The people who act for a participant: its project's team, its organisation's members."""
    if participant.project_id is not None:
        return User.objects.filter(
            project_memberships__project_id=participant.project_id, is_active=True
        ).distinct()
    return User.objects.filter(
        memberships__organisation_id=participant.organisation_id, is_active=True
    ).distinct()


def available_slots(participant: Participant) -> set[int]:
    """The ids of the slots of its session the participant can attend."""
    blocked = set(participant.unavailable.values_list("slot_id", flat=True))
    return set(participant.session.slots.values_list("pk", flat=True)) - blocked


def common_slots(a: Participant, b: Participant) -> set[int]:
    return available_slots(a) & available_slots(b)


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def _lock_participant(participant: Participant) -> Participant:
    return Participant.objects.select_related("session").select_for_update().get(pk=participant.pk)


def _notify(participant: Participant, template: str, context: dict) -> None:
    """Mail every member of a participant's side, once the change is committed."""
    people = list(members_of(participant))

    def send():
        for person in people:
            notify_user(person, template, {"participant": participant, **context})

    transaction.on_commit(send)


def _slot_times(session: Session) -> list[tuple[datetime, datetime]]:
    zone = ZoneInfo(settings.TIME_ZONE)
    first = datetime.combine(session.date, session.starts_at, tzinfo=zone)
    step = timedelta(minutes=session.slot_minutes + session.break_minutes)
    length = timedelta(minutes=session.slot_minutes)
    return [(first + i * step, first + i * step + length) for i in range(session.slot_count)]


# --- Sessions: the organisers ---------------------------------------------------------------
def _validate_session(session: Session) -> None:
    errors = {}
    if not (session.title_zh_hans or "").strip() and not (session.title_en or "").strip():
        errors["title_zh_hans"] = _("Give the session a title, in Chinese or in English.")
    if session.slot_minutes is None or not (
        MIN_SLOT_MINUTES <= session.slot_minutes <= MAX_SLOT_MINUTES
    ):
        errors["slot_minutes"] = _("A slot lasts from %(min)s to %(max)s minutes.") % {
            "min": MIN_SLOT_MINUTES,
            "max": MAX_SLOT_MINUTES,
        }
    if session.break_minutes is None or not (0 <= session.break_minutes <= MAX_BREAK_MINUTES):
        errors["break_minutes"] = _("A break lasts from 0 to %(max)s minutes.") % {
            "max": MAX_BREAK_MINUTES
        }
    if session.slot_count is None or not (1 <= session.slot_count <= MAX_SLOTS):
        errors["slot_count"] = _("A session has from 1 to %(max)s slots.") % {"max": MAX_SLOTS}
    if (
        session.requests_open_at
        and session.requests_close_at
        and session.requests_close_at <= session.requests_open_at
    ):
        errors["requests_close_at"] = _("The requests must close after they open.")
    if not errors:
        times = _slot_times(session)
        zone = ZoneInfo(settings.TIME_ZONE)
        if times[-1][1].astimezone(zone).date() != session.date:
            errors["slot_count"] = _("The last slot must end on the day of the session.")
        elif session.requests_close_at > times[0][0]:
            errors["requests_close_at"] = _("The requests must close before the first slot starts.")
    if errors:
        raise ValidationError(errors)


def _make_slots(session: Session) -> None:
    session.slots.all().delete()
    Slot.objects.bulk_create(
        [
            Slot(session=session, index=i, starts_at=start, ends_at=end)
            for i, (start, end) in enumerate(_slot_times(session))
        ]
    )


@transaction.atomic
def create_session(actor, session: Session) -> Session:
    """A new docking session (a draft) with its slots, from an unsaved `session`."""
    require(actor, "docking.add_session")
    _validate_session(session)
    session.status = Session.Status.DRAFT
    session.created_by = actor
    session.save()
    _make_slots(session)
    audit.record(actor, "docking_session.created", session)
    return session


@transaction.atomic
def change_session(actor, session: Session) -> Session:
    """Save a draft's changed fields; its slots are made again from them."""
    require_role(actor, "docking.change_session", session)
    stored = _lock_session(session)
    require(actor, "docking.change_session", stored)
    _validate_session(session)
    session.status = stored.status
    session.save()
    _make_slots(session)
    audit.record(actor, "docking_session.changed", session)
    return session


@transaction.atomic
def add_tables(actor, session: Session, count: int, online_link: str = "", name: str = ""):
    """Add `count` tables (or rooms), numbered after the last; an online link makes them
    video rooms for participants from abroad."""
    require(actor, "docking.manage_sessions")
    session = _lock_session(session)
    if not isinstance(count, int) or not (1 <= count <= MAX_TABLES_AT_ONCE):
        raise ValidationError(
            _("Add from 1 to %(max)s tables at once.") % {"max": MAX_TABLES_AT_ONCE}
        )
    last = session.tables.aggregate(last=Max("number"))["last"] or 0
    if last + count > MAX_TABLES:
        raise ValidationError(_("A session has at most %(max)s tables.") % {"max": MAX_TABLES})
    made = Table.objects.bulk_create(
        [
            Table(session=session, number=last + i, name=name, online_link=online_link)
            for i in range(1, count + 1)
        ]
    )
    audit.record(
        actor, "docking_session.tables_added", session, count=count, online=bool(online_link)
    )
    return made


@transaction.atomic
def remove_table(actor, table: Table) -> None:
    """Remove a table no meeting was ever placed at."""
    require(actor, "docking.manage_sessions")
    session = _lock_session(table.session)
    if table.meetings.exists():
        raise ValidationError(_("Meetings were placed at this table: it stays."))
    table.delete()
    audit.record(actor, "docking_session.table_removed", session, number=table.number)


@transaction.atomic
def open_session(actor, session: Session) -> Session:
    """Draft → open: participants join and request meetings inside the window."""
    require_role(actor, "docking.open_session", session)
    session = _lock_session(session)
    require(actor, "docking.open_session", session)
    if not session.tables.exists():
        raise ValidationError(_("Add the tables first: a session without tables has no room."))
    session.status = Session.Status.OPEN
    session.save(update_fields=["status"])
    audit.record(actor, "docking_session.opened", session)
    return session


# --- Participants ----------------------------------------------------------------------------
@transaction.atomic
def join_session(actor, session: Session, project=None, organisation=None) -> Participant:
    """A member joins a session for their listed project or their verified organisation."""
    require_role(actor, "docking.join_session", session)
    session = _lock_session(session)
    require(actor, "docking.join_session", session)
    if (project is None) == (organisation is None):
        raise ValidationError(_("Join for one project or for one organisation."))
    if project is not None:
        project = Project.objects.get(pk=project.pk)
        if project.pk not in teams(actor):
            raise PermissionDenied(_("You are not in this project's team."))
        if not project.is_listed:
            raise ValidationError(_("Only a listed project takes part in docking sessions."))
        side = {"project": project}
    else:
        organisation = Organisation.objects.get(pk=organisation.pk)
        if organisation.pk not in memberships(actor):
            raise PermissionDenied(_("You are not a member of this organisation."))
        if not organisation.is_verified:
            raise ValidationError(_("Only a verified organisation takes part in docking sessions."))
        side = {"organisation": organisation}
    participant = Participant.objects.filter(session=session, **side).first()
    if participant is not None and participant.withdrawn_at is None:
        raise ValidationError(_("You already take part in this session."))
    if participant is not None:  # withdrawn earlier: back again
        participant.withdrawn_at = None
        participant.joined_at = timezone.now()
        participant.save(update_fields=["withdrawn_at", "joined_at"])
    else:
        participant = Participant.objects.create(session=session, **side)
    audit.record(actor, "docking_participant.joined", participant)
    return participant


@transaction.atomic
def set_unavailable(actor, participant: Participant, slot_ids) -> list[int]:
    """Replace the slots a participant cannot attend; at least one slot stays free."""
    require_role(actor, "docking.mark_unavailable", participant)
    participant = _lock_participant(participant)
    require(actor, "docking.mark_unavailable", participant)
    all_slots = set(participant.session.slots.values_list("pk", flat=True))
    try:
        wanted = {int(pk) for pk in slot_ids}
    except (TypeError, ValueError):
        raise ValidationError(_("Unknown slot.")) from None
    if not wanted <= all_slots:
        raise ValidationError(_("Unknown slot."))
    if wanted == all_slots:
        raise ValidationError(_("Leave at least one slot you can attend."))
    Unavailability.objects.filter(participant=participant).exclude(slot_id__in=wanted).delete()
    have = set(participant.unavailable.values_list("slot_id", flat=True))
    Unavailability.objects.bulk_create(
        [Unavailability(participant=participant, slot_id=pk) for pk in sorted(wanted - have)]
    )
    audit.record(actor, "docking_participant.slots_marked", participant, unavailable=len(wanted))
    return sorted(wanted)


def _cancel_meeting_rows(actor, meetings) -> list[Meeting]:
    """Cancel live meetings (already locked): their seats go, so the slot is free again."""
    meetings = list(meetings)
    if not meetings:
        return []
    now = timezone.now()
    ids = [m.pk for m in meetings]
    Seat.objects.filter(meeting_id__in=ids).delete()
    Meeting.objects.filter(pk__in=ids).update(
        status=Meeting.Status.CANCELLED,
        cancelled_at=now,
        cancelled_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return meetings


@transaction.atomic
def withdraw_participant(actor, participant: Participant) -> Participant:
    """A participant leaves the session: its requests and its meetings are cancelled."""
    require_role(actor, "docking.withdraw_participant", participant)
    participant = _lock_participant(participant)
    require(actor, "docking.withdraw_participant", participant)
    participant.withdrawn_at = timezone.now()
    participant.save(update_fields=["withdrawn_at"])
    requests = list(
        MeetingRequest.objects.select_for_update()
        .filter(Q(requester=participant) | Q(counterpart=participant), status__in=LIVE_REQUESTS)
        .order_by("pk")
    )
    MeetingRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
        status=MeetingRequest.Status.CANCELLED
    )
    meetings = list(
        Meeting.objects.select_for_update()
        .filter(request__in=requests)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("slot", "table", "request__requester", "request__counterpart")
        .order_by("pk")
    )
    published = [m for m in meetings if m.status == Meeting.Status.PUBLISHED]
    _cancel_meeting_rows(actor, meetings)
    audit.record(
        actor, "docking_participant.withdrawn", participant, meetings_cancelled=len(meetings)
    )
    for meeting in published:
        other = (
            meeting.request.counterpart
            if meeting.request.requester_id == participant.pk
            else meeting.request.requester
        )
        _notify(
            other, "docking_session_meeting_cancelled", {"meeting": meeting, "with": participant}
        )
    return participant


@transaction.atomic
def reset_feed(actor, participant: Participant) -> Participant:
    """A new secret address of the participant's calendar feed; the old one stops working."""
    require(actor, "docking.reset_feed", participant)
    participant = _lock_participant(participant)
    participant.feed_token = Participant._meta.get_field("feed_token").default()
    participant.save(update_fields=["feed_token"])
    audit.record(actor, "docking_participant.feed_reset", participant)
    return participant


# --- Meeting requests --------------------------------------------------------------------------
@transaction.atomic
def request_meeting(
    actor, requester: Participant, counterpart: Participant, priority: str, message: str = ""
) -> MeetingRequest:
    """Ask a participant of the other side, with mutual interest, for a meeting."""
    require_role(actor, "docking.request_meeting", requester)
    if requester.pk == counterpart.pk:
        raise ValidationError(_("You cannot request a meeting with yourself."))
    if requester.session_id != counterpart.session_id:
        raise ValidationError(_("The counterpart takes part in another session."))
    # Both locked, in a stable order: two requests between the same pair wait for each other.
    locked = {
        p.pk: p
        for p in Participant.objects.select_related("session")
        .select_for_update()
        .filter(pk__in=[requester.pk, counterpart.pk])
        .order_by("pk")
    }
    requester, counterpart = locked[requester.pk], locked[counterpart.pk]
    require(actor, "docking.request_meeting", requester)
    if counterpart.withdrawn_at is not None:
        raise ValidationError(_("This participant has withdrawn from the session."))
    if requester.side == counterpart.side:
        raise ValidationError(
            _("Meetings are between a project and an organisation: choose the other side.")
        )
    if priority not in MeetingRequest.Priority.values:
        raise ValidationError(_("Unknown priority."))
    message = (message or "").strip()
    if len(message) > 500 or "\x00" in message:
        raise ValidationError(_("The message is at most 500 characters of text."))
    project = requester if requester.project_id else counterpart
    organisation = counterpart if requester.project_id else requester
    if not mutual_between(project.project_id, organisation.organisation_id):
        raise ValidationError(
            _("A meeting is requested only after you and the counterpart are both interested.")
        )
    if MeetingRequest.objects.filter(
        requester=counterpart, counterpart=requester, status__in=LIVE_REQUESTS
    ).exists():
        raise ValidationError(
            _("This participant has already requested a meeting with you: answer it instead.")
        )
    if not common_slots(requester, counterpart):
        raise ValidationError(
            _("There is no slot both sides can attend: change the slots you cannot attend first.")
        )
    request = MeetingRequest.objects.filter(requester=requester, counterpart=counterpart).first()
    if request is not None and request.status != MeetingRequest.Status.CANCELLED:
        raise ValidationError(_("You have already requested a meeting with this participant."))
    if request is None:
        request = MeetingRequest(
            session=requester.session, requester=requester, counterpart=counterpart
        )
    request.priority = priority
    request.message = message
    request.status = MeetingRequest.Status.PENDING
    request.created_by = actor
    request.created_at = timezone.now()
    request.answered_at = None
    request.save()
    audit.record(actor, "docking_request.sent", request, priority=priority)
    _notify(counterpart, "docking_session_request", {"request": request})
    return request


def _lock_request(request: MeetingRequest) -> MeetingRequest:
    return (
        MeetingRequest.objects.select_related("session", "requester", "counterpart")
        .select_for_update(of=("self",))
        .get(pk=request.pk)
    )


@transaction.atomic
def accept_request(actor, request: MeetingRequest) -> MeetingRequest:
    require_role(actor, "docking.answer_request", request)
    request = _lock_request(request)
    require(actor, "docking.answer_request", request)
    if not common_slots(request.requester, request.counterpart):
        raise ValidationError(
            _("There is no slot both sides can attend: change the slots you cannot attend first.")
        )
    request.status = MeetingRequest.Status.ACCEPTED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    audit.record(actor, "docking_request.accepted", request)
    _notify(request.requester, "docking_session_request_answered", {"request": request})
    return request


@transaction.atomic
def decline_request(actor, request: MeetingRequest) -> MeetingRequest:
    require_role(actor, "docking.answer_request", request)
    request = _lock_request(request)
    require(actor, "docking.answer_request", request)
    request.status = MeetingRequest.Status.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    audit.record(actor, "docking_request.declined", request)
    _notify(request.requester, "docking_session_request_answered", {"request": request})
    return request


@transaction.atomic
def cancel_request(actor, request: MeetingRequest) -> MeetingRequest:
    """The requester takes a request back; a meeting placed for it is cancelled too."""
    require_role(actor, "docking.cancel_request", request)
    request = _lock_request(request)
    require(actor, "docking.cancel_request", request)
    request.status = MeetingRequest.Status.CANCELLED
    request.save(update_fields=["status"])
    meetings = list(
        Meeting.objects.select_for_update()
        .filter(request=request)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("slot", "table")
    )
    _cancel_meeting_rows(actor, meetings)
    audit.record(actor, "docking_request.cancelled", request, meetings_cancelled=len(meetings))
    if any(m.status == Meeting.Status.PUBLISHED for m in meetings):
        _notify(
            request.counterpart,
            "docking_session_meeting_cancelled",
            {"meeting": meetings[0], "with": request.requester},
        )
    return request


# --- Meetings ------------------------------------------------------------------------------
def _lock_meeting(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_related(
            "session", "slot", "table", "request__requester", "request__counterpart"
        )
        .select_for_update(of=("self",))
        .get(pk=meeting.pk)
    )


@transaction.atomic
def cancel_meeting(actor, meeting: Meeting) -> Meeting:
    """Either side or an organiser cancels a meeting: its seats go, its request is cancelled
    (the sides do not want it placed again), the other side is told."""
    require_role(actor, "docking.cancel_meeting", meeting)
    meeting = _lock_meeting(meeting)
    require(actor, "docking.cancel_meeting", meeting)
    was_published = meeting.status == Meeting.Status.PUBLISHED
    _cancel_meeting_rows(actor, [meeting])
    MeetingRequest.objects.filter(pk=meeting.request_id).update(
        status=MeetingRequest.Status.CANCELLED
    )
    meeting.status = Meeting.Status.CANCELLED
    audit.record(actor, "docking_meeting.cancelled", meeting)
    if was_published:
        for side in (meeting.request.requester, meeting.request.counterpart):
            other = (
                meeting.request.counterpart
                if side.pk == meeting.request.requester_id
                else meeting.request.requester
            )
            _notify(side, "docking_session_meeting_cancelled", {"meeting": meeting, "with": other})
    return meeting


def _check_place(meeting_or_request, slot: Slot, table: Table, session: Session) -> None:
    if slot.session_id != session.pk or table.session_id != session.pk:
        raise ValidationError(_("Choose a slot and a table of this session."))
    request = getattr(meeting_or_request, "request", meeting_or_request)
    blocked = Unavailability.objects.filter(
        participant_id__in=[request.requester_id, request.counterpart_id], slot=slot
    ).exists()
    if blocked:
        raise ValidationError(_("One of the participants cannot attend this slot."))


def _taken() -> str:
    return _("The table or one of the participants is already taken in this slot.")


@transaction.atomic
def move_meeting(actor, meeting: Meeting, slot: Slot, table: Table) -> Meeting:
    """An organiser moves a meeting to another slot or table; the database refuses a
    table or a participant twice in one slot, whatever else happens at the same moment."""
    require_role(actor, "docking.move_meeting", meeting)
    meeting = _lock_meeting(meeting)
    require(actor, "docking.move_meeting", meeting)
    _check_place(meeting, slot, table, meeting.session)
    old = (meeting.slot, meeting.table)
    try:
        with transaction.atomic():
            meeting.slot, meeting.table = slot, table
            meeting.save(update_fields=["slot", "table"])
            Seat.objects.filter(meeting=meeting).update(slot=slot)
    except IntegrityError:
        raise ValidationError(_taken()) from None
    audit.record(
        actor,
        "docking_meeting.moved",
        meeting,
        slot=slot.index + 1,
        table=table.number,
        was=[old[0].index + 1, old[1].number],
    )
    if meeting.status == Meeting.Status.PUBLISHED:
        for side in (meeting.request.requester, meeting.request.counterpart):
            _notify(side, "docking_session_meeting_placed", {"meeting": meeting})
    return meeting


@transaction.atomic
def place_meeting(actor, request: MeetingRequest, slot: Slot, table: Table) -> Meeting:
    """An organiser places an accepted request by hand (scheduled or published session)."""
    require_role(actor, "docking.place_meeting", request)
    request = _lock_request(request)
    require(actor, "docking.place_meeting", request)
    _check_place(request, slot, table, request.session)
    published = request.session.status == Session.Status.PUBLISHED
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                session=request.session,
                request=request,
                slot=slot,
                table=table,
                status=Meeting.Status.PUBLISHED if published else Meeting.Status.PLANNED,
                notified_at=timezone.now() if published else None,
            )
            Seat.objects.bulk_create(
                [
                    Seat(meeting=meeting, participant_id=request.requester_id, slot=slot),
                    Seat(meeting=meeting, participant_id=request.counterpart_id, slot=slot),
                ]
            )
    except IntegrityError:
        raise ValidationError(_taken()) from None
    audit.record(actor, "docking_meeting.placed", meeting, slot=slot.index + 1, table=table.number)
    if published:
        for side in (request.requester, request.counterpart):
            _notify(side, "docking_session_meeting_placed", {"meeting": meeting})
    return meeting


# --- Scheduling, publishing, re-optimising -------------------------------------------------
@transaction.atomic
def start_scheduling(actor, session: Session) -> Session:
    """The organiser's "schedule": queue the engine (`docking.tasks.schedule_session`)."""
    require_role(actor, "docking.schedule_session", session)
    session = _lock_session(session)
    require(actor, "docking.schedule_session", session)
    if session.report.get("state") == RUNNING:
        raise ValidationError(_("The session is being scheduled: wait for the result."))
    if not session.tables.exists():
        raise ValidationError(_("Add the tables first: a session without tables has no room."))
    session.report = {**session.report, "state": RUNNING, "job": "schedule"}
    session.save(update_fields=["report"])
    audit.record(actor, "docking_session.scheduling_started", session)
    pk, by = session.pk, actor.pk
    transaction.on_commit(lambda: tasks.schedule_session.enqueue(pk, by))
    return session


@transaction.atomic
def publish_session(actor, session: Session) -> Session:
    """Scheduled → published: every planned meeting is published and each participant's
    members get their agenda by mail (a task renders and queues them)."""
    require_role(actor, "docking.publish_session", session)
    session = _lock_session(session)
    require(actor, "docking.publish_session", session)
    if session.report.get("state") == RUNNING:
        raise ValidationError(_("The session is being scheduled: wait for the result."))
    now = timezone.now()
    count = Meeting.objects.filter(session=session, status=Meeting.Status.PLANNED).update(
        status=Meeting.Status.PUBLISHED, notified_at=now
    )
    session.status = Session.Status.PUBLISHED
    session.published_at = now
    session.save(update_fields=["status", "published_at"])
    audit.record(actor, "docking_session.published", session, meetings=count)
    ids = list(session.participants.filter(withdrawn_at__isnull=True).values_list("pk", flat=True))
    pk = session.pk
    transaction.on_commit(lambda: tasks.send_agendas.enqueue(pk, ids))
    return session


@transaction.atomic
def start_reoptimising(actor, session: Session) -> Session:
    """After cancellations or withdrawals: queue the placing of the requests newly possible,
    every published meeting kept exactly where it is (`docking.tasks.reoptimise_session`)."""
    require_role(actor, "docking.reoptimise_session", session)
    session = _lock_session(session)
    require(actor, "docking.reoptimise_session", session)
    if session.report.get("state") == RUNNING:
        raise ValidationError(_("The session is being scheduled: wait for the result."))
    session.report = {**session.report, "state": RUNNING, "job": "reoptimise"}
    session.save(update_fields=["report"])
    audit.record(actor, "docking_session.reoptimising_started", session)
    pk, by = session.pk, actor.pk
    transaction.on_commit(lambda: tasks.reoptimise_session.enqueue(pk, by))
    return session
