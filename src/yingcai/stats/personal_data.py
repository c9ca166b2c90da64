"""Statistics hold no one's personal data: exports and press reports are aggregates."""

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register

from .models import Export


def export(user) -> dict:
    return {
        "statistics_exports_requested": [
            {"contents": e.what, "format": e.format, "requested_at": e.created_at.isoformat()}
            for e in Export.objects.filter(requested_by=user)
        ]
    }


register(
    Provider(
        key="stats",
        models=("stats.Export", "stats.PressReport"),
        export=export,
        erase=lambda user: None,
        order=ORDER_CONTENT,
        keeps="Exports and press reports are figures over everybody; who asked for them "
        "points at the anonymised account.",
    )
)
