"""Personal API tokens."""

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register

from .models import ApiToken


def _when(moment):
    return moment.isoformat() if moment else None


def export(user) -> dict:
    return {
        "api_tokens": [
            {
                "name": t.name,
                "scope": t.scope,
                "created_at": t.created_at.isoformat(),
                "last_used_at": _when(t.last_used_at),
                "expires_at": _when(t.expires_at),
                "revoked_at": _when(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=user)
        ]
    }


def erase(user) -> None:
    ApiToken.objects.filter(user=user).delete()


register(
    Provider(
        key="api",
        models=("api.ApiToken",),
        export=export,
        erase=erase,
        records=lambda user: [ApiToken.objects.filter(user=user)],
        order=ORDER_CONTENT,
    )
)
