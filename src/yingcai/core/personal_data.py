"""The audit trail: entries stay (what happened), naming nobody once the person is erased."""

from yingcai.core.registry.personal_data import ORDER_ACCOUNT, Provider, register

from .models import AuditEntry


def export(user) -> dict:
    # The action and the kind of object only: object names can be other people's.
    return {
        "activity": [
            {
                "action": e.action,
                "at": e.created_at.isoformat(),
                "object": e.content_type.model if e.content_type_id else None,
            }
            for e in AuditEntry.objects.filter(actor=user).select_related("content_type")
        ]
    }


def erase(user) -> None:
    """Nothing to delete here: core.registry.personal_data.erase has `core.audit.forget` blank what
    names the person once every module has said which rows were about them."""


register(
    Provider(
        key="core",
        models=("core.AuditEntry",),
        export=export,
        erase=erase,
        order=ORDER_ACCOUNT,
        keeps="Audit entries stay as the record of what happened; the actor is the "
        "anonymised account and names, e-mail addresses and numbers are blanked.",
    )
)
