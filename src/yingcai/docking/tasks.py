"""Background work of the docking, through the task API. Arguments are plain JSON.

The services queue these tasks (`services.sessions.start_scheduling`, `start_reoptimising`,
`publish_session`); the bodies are here, whole, as plain functions the benchmark and the
tests call too (`run_scheduling`, `run_reoptimising`, `run_send_agendas`).

Scheduling places the accepted requests with the engine (`yingcai.matching.schedule`),
weight 3 for a must-meet and 1 for a would-like (`MeetingRequest.weight`), and replaces the
planned meetings. Re-optimising pins every live meeting exactly where it is (the engine's
`pinned`) and places the requests newly possible around them; the new meetings are published
and notified.
Each run stores in `Session.report` the weight, the proven upper bound, the gap and each
request left unplaced with the reason.
"""

import logging
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from yingcai.accounts.models import User
from yingcai.core import audit
from yingcai.core.mail import notify_user
from yingcai.organisations.models import Membership
from yingcai.projects.models import Origin, TeamMember

from . import ical
from .models import Meeting, MeetingRequest, Participant, Seat, Session, Unavailability

logger = logging.getLogger(__name__)

RUNNING = "running"
# Why a request stayed unplaced (the organiser's page words them).
NO_COMMON_SLOT = "no_common_slot"
REQUESTER_BUSY = "requester_busy"
COUNTERPART_BUSY = "counterpart_busy"
BOTH_BUSY = "both_busy"
TABLES_FULL = "tables_full"
OUTWEIGHED = "outweighed"


@task()
def schedule_session(session_id: int, actor_id: int | None = None) -> str:
    return run_scheduling(session_id, actor_id).report.get("state", "")


@task()
def reoptimise_session(session_id: int, actor_id: int | None = None) -> str:
    return run_reoptimising(session_id, actor_id).report.get("state", "")


@task()
def send_agendas(session_id: int, participant_ids: list[int]) -> int:
    return run_send_agendas(session_id, participant_ids)


# --- What the engine is given ------------------------------------------------------------------
class _Problem:
    """The session as the engine sees it: slots, tables, availability, accepted requests."""

    def __init__(self, session: Session):
        self.session = session
        self.slots = list(session.slots.order_by("index"))
        self.tables = list(session.tables.order_by("number"))
        self.slot_by_pk = {s.pk: s for s in self.slots}
        present = set(
            session.participants.filter(withdrawn_at__isnull=True).values_list("pk", flat=True)
        )
        blocked = defaultdict(set)
        for participant_id, slot_id in Unavailability.objects.filter(
            participant__session=session
        ).values_list("participant_id", "slot_id"):
            blocked[participant_id].add(slot_id)
        self.available = {p: {s.pk for s in self.slots if s.pk not in blocked[p]} for p in present}
        self.requests = [
            r
            for r in MeetingRequest.objects.filter(
                session=session, status=MeetingRequest.Status.ACCEPTED
            ).order_by("pk")
            if r.requester_id in present and r.counterpart_id in present
        ]

    def common(self, request) -> set[int]:
        return self.available[request.requester_id] & self.available[request.counterpart_id]


def _why(problem: _Problem, request, busy: set, in_slot: Counter) -> str:
    """Why a request is not placed, from what was placed."""
    common = problem.common(request)
    if not common:
        return NO_COMMON_SLOT
    a, b = request.requester_id, request.counterpart_id
    free = [s for s in common if (a, s) not in busy and (b, s) not in busy]
    if not free:
        if all((a, s) in busy for s in common):
            return REQUESTER_BUSY
        if all((b, s) in busy for s in common):
            return COUNTERPART_BUSY
        return BOTH_BUSY
    if all(in_slot[s] >= len(problem.tables) for s in free):
        return TABLES_FULL
    return OUTWEIGHED


def _write(problem: _Problem, placements, status: str) -> list[Meeting]:
    """Meeting and Seat rows for (request, slot, table) placements."""
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                session=problem.session,
                request=request,
                slot=slot,
                table=table,
                status=status,
                placed_at=now,
                notified_at=now if status == Meeting.Status.PUBLISHED else None,
            )
            for request, slot, table in placements
        ],
        batch_size=1000,
    )
    Seat.objects.bulk_create(
        [
            Seat(meeting=meeting, participant_id=participant, slot=meeting.slot)
            for meeting in meetings
            for participant in (meeting.request.requester_id, meeting.request.counterpart_id)
        ],
        batch_size=2000,
    )
    return meetings


def _online_rooms_for_overseas(problem: _Problem, placements):
    """The same meetings in the same slots, the tables swapped within each slot so that a
    meeting with an overseas team sits at a table with an online link where there is one.

    The engine treats tables alike; an overseas team joins from abroad, so its meetings
    belong in the video rooms, and the rooms on site go to teams who came. Swapping tables
    inside one slot keeps every constraint (a table once per slot, a participant once).
    """
    online = [t for t in problem.tables if t.online_link]
    if not online:
        return placements
    overseas = set(
        Participant.objects.filter(
            session=problem.session, project__origin=Origin.OVERSEAS
        ).values_list("pk", flat=True)
    )
    by_slot = defaultdict(dict)  # slot -> table -> request
    for request, slot, table in placements:
        by_slot[slot][table] = request
    result = []
    for slot, seated in by_slot.items():
        remote = [r for r in seated.values() if {r.requester_id, r.counterpart_id} & overseas]
        for request in remote:
            here = next(t for t, r in seated.items() if r is request)
            if here.online_link:
                continue
            # A free video room, else one taken by a meeting without an overseas team.
            room = next((t for t in online if t not in seated), None) or next(
                (t for t in online if seated[t] not in remote), None
            )
            if room is None:
                break  # every video room holds an overseas team already
            seated[here], seated[room] = seated.get(room), request
            if seated[here] is None:
                del seated[here]
        result += [(request, slot, table) for table, request in seated.items()]
    return result


def _report(problem, placed_weight, bound, unplaced, job) -> dict:
    gap = 0.0 if not bound else round(max(0.0, (bound - placed_weight) / bound), 6)
    reasons = Counter(reason for _pk, reason in unplaced)
    return {
        "state": "done",
        "job": job,
        "finished_at": timezone.now().isoformat(),
        "requests": len(problem.requests),
        "placed": len(problem.requests) - len(unplaced),
        "weight": placed_weight,
        "upper_bound": bound,
        "gap": gap,
        "unplaced": [{"request": pk, "reason": reason} for pk, reason in unplaced],
        "reasons": dict(reasons),
    }


def _fail(session_id: int, error: Exception, actor_id) -> Session:
    logger.exception("Scheduling of docking session %s failed", session_id)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        session.report = {**session.report, "state": "failed", "error": str(error)[:500]}
        session.save(update_fields=["report"])
        audit.record(_actor(actor_id), "docking_session.scheduling_failed", session)
    return session


def _actor(actor_id):
    return User.objects.filter(pk=actor_id).first() if actor_id else None


# --- Scheduling --------------------------------------------------------------------------------
def run_scheduling(session_id: int, actor_id: int | None = None) -> Session:
    """The task's body: schedule the accepted requests, replacing the planned meetings."""
    try:
        return _schedule(session_id, actor_id)
    except Exception as error:  # recorded on the session and shown to the organiser
        return _fail(session_id, error, actor_id)


@transaction.atomic
def _schedule(session_id: int, actor_id) -> Session:
    # The engine costs ~0.5 s of import (numpy, scipy): only the worker needs it.
    from yingcai.matching.schedule import schedule_meetings  # noqa: PLC0415

    session = Session.objects.select_for_update().get(pk=session_id)
    if session.report.get("state") != RUNNING:
        return session
    Meeting.objects.filter(session=session, status=Meeting.Status.PLANNED).delete()
    problem = _Problem(session)
    # Meetings still live (published ones of an earlier run placed by hand) stay out of it.
    live = set(
        Meeting.objects.filter(session=session)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("request_id", flat=True)
    )
    problem.requests = [r for r in problem.requests if r.pk not in live]
    involved = {p for r in problem.requests for p in (r.requester_id, r.counterpart_id)}
    result = schedule_meetings(
        [str(s.pk) for s in problem.slots],
        len(problem.tables),
        {str(p): [str(s) for s in sorted(problem.available[p])] for p in sorted(involved)},
        [(str(r.requester_id), str(r.counterpart_id), r.weight) for r in problem.requests],
    )
    placements = [
        (
            problem.requests[m.request],
            problem.slot_by_pk[int(m.slot)],
            problem.tables[m.table - 1],
        )
        for m in result.meetings
    ]
    placements = _online_rooms_for_overseas(problem, placements)
    _write(problem, placements, Meeting.Status.PLANNED)
    busy = {(p, slot.pk) for r, slot, _t in placements for p in (r.requester_id, r.counterpart_id)}
    in_slot = Counter(slot.pk for _r, slot, _t in placements)
    unplaced = [
        (problem.requests[i].pk, _why(problem, problem.requests[i], busy, in_slot))
        for i in result.unscheduled
    ]
    session.weight = result.weight
    session.upper_bound = result.upper_bound
    session.report = _report(problem, result.weight, result.upper_bound, unplaced, "schedule")
    session.status = Session.Status.SCHEDULED
    session.scheduled_at = timezone.now()
    session.save(update_fields=["weight", "upper_bound", "report", "status", "scheduled_at"])
    audit.record(
        _actor(actor_id),
        "docking_session.scheduled",
        session,
        meetings=len(placements),
        weight=result.weight,
        upper_bound=result.upper_bound,
    )
    return session


# --- Re-optimising -----------------------------------------------------------------------------
def run_reoptimising(session_id: int, actor_id: int | None = None) -> Session:
    """The task's body: place the requests newly possible, every live meeting kept."""
    try:
        return _reoptimise(session_id, actor_id)
    except Exception as error:  # recorded on the session and shown to the organiser
        return _fail(session_id, error, actor_id)


@transaction.atomic
def _reoptimise(session_id: int, actor_id) -> Session:
    # The engine costs ~0.5 s of import (numpy, scipy): only the worker needs it.
    from yingcai.matching.schedule import schedule_meetings  # noqa: PLC0415

    session = Session.objects.select_for_update().get(pk=session_id)
    if session.report.get("state") != RUNNING:
        return session
    problem = _Problem(session)
    live = list(
        Meeting.objects.filter(session=session)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("request")
        .order_by("slot__index", "table__number", "pk")
    )
    placed_requests = {m.request_id for m in live}
    candidates = [r for r in problem.requests if r.pk not in placed_requests]
    # Every live meeting is pinned exactly where it is (slot, table); the engine places the
    # candidates around them, in what is left of the slots and the tables.
    requests = [m.request for m in live] + candidates
    number_of = {t.pk: n for n, t in enumerate(problem.tables, start=1)}
    pinned = {i: (str(m.slot_id), number_of[m.table_id]) for i, m in enumerate(live)}
    every_slot = {s.pk for s in problem.slots}
    involved = {p for r in requests for p in (r.requester_id, r.counterpart_id)}
    result = schedule_meetings(
        [str(s.pk) for s in problem.slots],
        len(problem.tables),
        {
            str(p): [str(s) for s in sorted(problem.available.get(p, every_slot))]
            for p in sorted(involved)
        },
        [(str(r.requester_id), str(r.counterpart_id), r.weight) for r in requests],
        pinned=pinned or None,
    )
    placements = []
    for m in result.meetings:
        if m.request in pinned:
            if pinned[m.request] != (m.slot, m.table):  # never: the engine keeps pins
                raise RuntimeError("a pinned meeting moved")
            continue
        placements.append(
            (requests[m.request], problem.slot_by_pk[int(m.slot)], problem.tables[m.table - 1])
        )
    meetings = _write(problem, placements, Meeting.Status.PUBLISHED)
    busy = {
        (p, slot_id)
        for r, slot_id in [(m.request, m.slot_id) for m in live]
        + [(r, s.pk) for r, s, _t in placements]
        for p in (r.requester_id, r.counterpart_id)
    }
    in_slot = Counter([m.slot_id for m in live] + [s.pk for _r, s, _t in placements])
    unplaced = [
        (requests[i].pk, _why(problem, requests[i], busy, in_slot)) for i in result.unscheduled
    ]
    problem.requests = requests
    report = _report(problem, result.weight, result.upper_bound, unplaced, "reoptimise")
    report["newly_placed"] = len(placements)
    report["kept"] = len(live)
    session.weight = result.weight
    session.upper_bound = result.upper_bound
    session.report = report
    session.save(update_fields=["weight", "upper_bound", "report"])
    audit.record(
        _actor(actor_id), "docking_session.reoptimised", session, newly_placed=len(placements)
    )
    _notify_placed(meetings)
    return session


def _people(participant_ids) -> dict[int, list[User]]:
    """The members of each participant (its project's team, its organisation's members)."""
    participants = Participant.objects.filter(pk__in=list(participant_ids)).only(
        "pk", "project_id", "organisation_id"
    )
    by_project, by_org = defaultdict(list), defaultdict(list)
    for p in participants:
        if p.project_id:
            by_project[p.project_id].append(p.pk)
        else:
            by_org[p.organisation_id].append(p.pk)
    found = defaultdict(list)
    for member in TeamMember.objects.filter(
        project_id__in=list(by_project), user__is_active=True
    ).select_related("user"):
        for pk in by_project[member.project_id]:
            found[pk].append(member.user)
    for member in Membership.objects.filter(
        organisation_id__in=list(by_org), user__is_active=True
    ).select_related("user"):
        for pk in by_org[member.organisation_id]:
            found[pk].append(member.user)
    return found


def _notify_placed(meetings) -> None:
    people = _people(
        {p for m in meetings for p in (m.request.requester_id, m.request.counterpart_id)}
    )
    for meeting in meetings:
        for side in (meeting.request.requester_id, meeting.request.counterpart_id):
            for person in people.get(side, ()):
                notify_user(person, "docking_session_meeting_placed", {"meeting": meeting})


# --- Agendas by mail ---------------------------------------------------------------------------
def run_send_agendas(session_id: int, participant_ids: list[int]) -> int:
    """Mail each participant's members their agenda with its calendar; returns the mails."""
    session = Session.objects.get(pk=session_id)
    participants = {
        p.pk: p
        for p in Participant.objects.filter(pk__in=participant_ids, session=session).select_related(
            "project", "organisation"
        )
    }
    agendas = defaultdict(list)
    for seat in (
        Seat.objects.filter(participant_id__in=list(participants), meeting__status="published")
        .select_related(
            "meeting__slot",
            "meeting__table",
            "meeting__request__requester__project",
            "meeting__request__requester__organisation",
            "meeting__request__counterpart__project",
            "meeting__request__counterpart__organisation",
        )
        .order_by("slot__index")
    ):
        agendas[seat.participant_id].append(seat.meeting)
    people = _people(participants)
    sent = 0
    for pk, participant in participants.items():
        meetings = agendas.get(pk, [])
        calendar = ical.feed(participant, meetings)
        for person in people.get(pk, ()):
            notify_user(
                person,
                "docking_session_agenda",
                {
                    "session": session,
                    "participant": participant,
                    "meetings": [(m, ical.other_side(m, participant)) for m in meetings],
                },
                attachments=[("agenda.ics", calendar, "text/calendar")],
            )
            sent += 1
    return sent
