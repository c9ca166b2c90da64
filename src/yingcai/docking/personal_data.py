"""What the docking holds about a person: the interests they sent or answered, the meetings of
their projects and the requests they made, the outcomes they recorded.

Erasure clears the texts of the exchanges they took part in (an interest's message and its
reply, a meeting request's message, an outcome's note) and drops every reference to the
account (sender, answered by, created by, cancelled by, recorded by, confirmed by). The rows
themselves stay: they belong to a project team or an organisation, and the figures count
them (an agreement signed, a meeting held).
"""

from django.db.models import Q

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register
from yingcai.projects.models import TeamMember

from .models import Interest, Meeting, MeetingRequest, Outcome, Session


def _when(moment):
    return moment.isoformat() if moment else None


def _mine(user):
    return Interest.objects.filter(Q(sender=user) | Q(answered_by=user))


def _team_meetings(user):
    projects = TeamMember.objects.filter(user=user).values("project_id")
    return Meeting.objects.filter(
        Q(request__requester__project__in=projects) | Q(request__counterpart__project__in=projects)
    )


def export(user) -> dict:
    interests = (
        _mine(user).select_related("project", "organisation", "demand").order_by("created_at", "pk")
    )
    requests = (
        MeetingRequest.objects.filter(created_by=user)
        .select_related("session", "requester__project", "requester__organisation")
        .select_related("counterpart__project", "counterpart__organisation")
        .order_by("created_at", "pk")
    )
    meetings = (
        _team_meetings(user)
        .select_related("session", "slot", "table", "request__requester__project")
        .select_related("request__requester__organisation", "request__counterpart__project")
        .select_related("request__counterpart__organisation")
        .order_by("slot__starts_at", "pk")
    )
    outcomes = (
        Outcome.objects.filter(recorded_by=user)
        .select_related("project", "district", "meeting__session")
        .order_by("recorded_at", "pk")
    )
    return {
        "docking_interests": [
            {
                "project": str(i.project),
                "organisation": str(i.organisation),
                "demand": str(i.demand) if i.demand_id else None,
                "from": i.initiated_by,
                "sent_by_me": i.sender_id == user.pk,
                "answered_by_me": i.answered_by_id == user.pk,
                "message": i.message,
                "status": i.status,
                "reply": i.reply,
                "sent_at": _when(i.created_at),
                "answered_at": _when(i.answered_at),
            }
            for i in interests
        ],
        "docking_meeting_requests": [
            {
                "session": str(r.session),
                "from": str(r.requester),
                "to": str(r.counterpart),
                "priority": r.priority,
                "message": r.message,
                "status": r.status,
                "sent_at": _when(r.created_at),
            }
            for r in requests
        ],
        "docking_meetings": [
            {
                "session": str(m.session),
                "with": [str(m.request.requester), str(m.request.counterpart)],
                "starts_at": _when(m.slot.starts_at),
                "ends_at": _when(m.slot.ends_at),
                "table": str(m.table),
                "status": m.status,
            }
            for m in meetings
        ],
        "docking_outcomes": [
            {
                "session": str(o.meeting.session),
                "project": str(o.project),
                "result": o.result,
                "agreement_kind": o.agreement_kind,
                "amount": o.amount,
                "currency": o.currency,
                "district": str(o.district) if o.district_id else None,
                "signed_on": o.signed_on.isoformat() if o.signed_on else None,
                "note": o.note,
                "recorded_at": _when(o.recorded_at),
                "confirmed_at": _when(o.confirmed_at),
            }
            for o in outcomes
        ],
    }


def erase(user) -> None:
    # The exchange they took part in: both texts, whoever wrote the other one.
    _mine(user).update(message="", reply="")
    Interest.objects.filter(sender=user).update(sender=None)
    Interest.objects.filter(answered_by=user).update(answered_by=None)
    MeetingRequest.objects.filter(created_by=user).update(message="", created_by=None)
    Outcome.objects.filter(recorded_by=user).update(note="", recorded_by=None)
    Outcome.objects.filter(confirmed_by=user).update(confirmed_by=None)
    Meeting.objects.filter(cancelled_by=user).update(cancelled_by=None)
    Session.objects.filter(created_by=user).update(created_by=None)


def records(user):
    return [
        _mine(user),
        MeetingRequest.objects.filter(created_by=user),
        Outcome.objects.filter(recorded_by=user),
    ]


register(
    Provider(
        key="docking",
        models=(
            "docking.Interest",
            "docking.Session",
            "docking.MeetingRequest",
            "docking.Meeting",
            "docking.Outcome",
        ),
        export=export,
        erase=erase,
        records=records,
        order=ORDER_CONTENT,
        keeps="Interests, requests, meetings and outcomes belong to a project team or an "
        "organisation and stay, without their texts and without the person's account.",
    )
)
