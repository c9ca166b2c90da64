"""What the decisions of calls hold about a person: the appeals they lodged, the results of
their teams' entries, the decision mails addressed to them, the decisions they confirmed and
the mails they released (organisers).

Erasure blanks the grounds of the appeals they lodged and forgets who lodged them, takes their
address out of every decision mail (held or sent), and forgets which organiser confirmed
decisions or released mails. The decisions and appeals themselves stay: they belong to the
entry (its team and the call), and the figures count who advanced.

Registered from `calls/personal_data.py` (one import), so that the calls machinery's parts
each keep their own provider.
"""

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register
from yingcai.projects.models import TeamMember

from .models import Appeal, Decision, OutboxMessage


def _when(moment):
    return moment.isoformat() if moment else None


def _addressed_to(user):
    if not user.email:
        return OutboxMessage.objects.none()
    # A first filter on the text of the list, then the exact address in Python.
    return [
        m
        for m in OutboxMessage.objects.filter(recipients__icontains=user.email).order_by("pk")
        if user.email in m.recipients
    ]


def export(user) -> dict:
    projects = TeamMember.objects.filter(user=user).values("project_id")
    results = (
        Decision.objects.filter(
            entry__project__in=projects, confirmed_at__isnull=False, stage__status="published"
        )
        .select_related("stage__call", "entry__project")
        .order_by("confirmed_at", "pk")
    )
    appeals = (
        Appeal.objects.filter(created_by=user)
        .select_related("stage__call", "entry__project")
        .order_by("created_at", "pk")
    )
    return {
        "call_results": [
            {
                "call": str(d.stage.call),
                "stage": str(d.stage),
                "project": str(d.entry.project),
                "decision": d.outcome,
                "wildcard": d.wildcard,
                "confirmed_at": _when(d.confirmed_at),
            }
            for d in results
        ],
        "call_appeals": [
            {
                "call": str(a.stage.call),
                "stage": str(a.stage),
                "project": str(a.entry.project),
                "grounds": a.text,
                "status": a.status,
                "answer": a.answer,
                "lodged_at": _when(a.created_at),
                "answered_at": _when(a.answered_at),
            }
            for a in appeals
        ],
        "call_decision_mails": [
            {"subject": m.subject, "status": m.status, "sent_at": _when(m.sent_at)}
            for m in _addressed_to(user)
        ],
    }


def erase(user) -> None:
    Appeal.objects.filter(created_by=user).update(text="", created_by=None)
    Decision.objects.filter(confirmed_by=user).update(confirmed_by=None)
    OutboxMessage.objects.filter(released_by=user).update(released_by=None)
    for message in _addressed_to(user):
        message.recipients = [r for r in message.recipients if r != user.email]
        message.save(update_fields=["recipients"])


def records(user):
    return [Appeal.objects.filter(created_by=user)]


register(
    Provider(
        key="call_decisions",
        models=("calls.Appeal", "calls.Decision", "calls.OutboxMessage"),
        export=export,
        erase=erase,
        order=ORDER_CONTENT,
        records=records,
        keeps="Decisions and appeals belong to the entry and its call; the figures count them.",
    )
)
