"""What the roadshow holds about a person: the interest they marked for their organisation
during a pitch.

Erasure drops who marked it. The mark stays: it is the organisation's interest in the project
(the docking interest it created is the docking's), and the figures count it.
"""

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register

from .models import SpotInterest


def _when(moment):
    return moment.isoformat() if moment else None


def export(user) -> dict:
    marks = (
        SpotInterest.objects.filter(marked_by=user)
        .select_related("organisation", "pitch__session", "pitch__entry__project")
        .order_by("marked_at", "pk")
    )
    return {
        "roadshow_interest_marked": [
            {
                "session": str(m.pitch.session),
                "project": str(m.pitch.entry.project),
                "organisation": str(m.organisation),
                "marked_at": _when(m.marked_at),
            }
            for m in marks
        ]
    }


def erase(user) -> None:
    SpotInterest.objects.filter(marked_by=user).update(marked_by=None)


register(
    Provider(
        key="roadshow",
        models=("roadshow.SpotInterest",),
        export=export,
        erase=erase,
        order=ORDER_CONTENT,
        keeps="Interest marked at a pitch is the organisation's and stays, without who marked it.",
    )
)
