"""What the roadshow holds about a person: the taps they made on pitches for an organisation.

Erasure drops the reference to the account; the mark stays: it belongs to the organisation
(and the docking interest beside it is the docking's, with its own erasure).
"""

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register

from .models import SpotInterest


def _mine(user):
    return SpotInterest.objects.filter(marked_by=user)


def export(user) -> dict:
    marks = _mine(user).select_related("pitch__session", "pitch__entry__project", "organisation")
    return {
        "roadshow_interest_marked": [
            {
                "session": str(m.pitch.session),
                "project": str(m.pitch.entry.project),
                "organisation": str(m.organisation),
                "marked_at": m.marked_at.isoformat(),
            }
            for m in marks.order_by("marked_at", "pk")
        ]
    }


def erase(user) -> None:
    _mine(user).update(marked_by=None)


def records(user):
    return [_mine(user)]


register(
    Provider(
        key="roadshow",
        models=("roadshow.SpotInterest",),
        export=export,
        erase=erase,
        records=records,
        order=ORDER_CONTENT,
        keeps="A mark of interest belongs to the organisation and stays, without the account.",
    )
)
