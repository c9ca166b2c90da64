"""State changes of API tokens: made and revoked by their owner, each in the audit trail."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.mail import notify_user
from yingcai.core.services import require

from .models import ApiToken, hash_secret, new_secret

# More live tokens than this per person is a mistake (or a leak waiting to happen).
MAX_ACTIVE_TOKENS = 20
# Moments of use are written at most this often per token: not a write per request.
LAST_USED_PRECISION = 60


def active_tokens(user):
    now = timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(expires_at__lte=now)


@transaction.atomic
def create_token(
    actor, name: str, scope: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token of `actor`; returns it with its secret, which is never shown again."""
    require(actor, "api.add_token")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the program that uses it.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read only, or read and write.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date has already passed.")})
    # Counted under a lock on the owner's row: simultaneous requests make at most the limit.
    User = get_user_model()
    list(User.objects.select_for_update(no_key=True).filter(pk=actor.pk).values("pk"))
    if active_tokens(actor).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(n)d active tokens: revoke one before making another.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    secret = new_secret()
    token = ApiToken.objects.create(
        user=actor,
        name=name[:60],
        scope=scope,
        key_hash=hash_secret(secret),
        start=secret[: ApiToken._meta.get_field("start").max_length],
        expires_at=expires_at,
    )
    audit.record(
        actor,
        "api_token.created",
        token,
        scope=scope,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    # A token reads personal data: its owner hears of every new one, in case it was not them.
    transaction.on_commit(lambda: notify_user(actor, "api_token_created", {"token": token}))
    return token, secret


@transaction.atomic
def revoke_token(actor, token: ApiToken) -> ApiToken:
    """The token stops working at once; revoking it twice changes nothing."""
    require(actor, "api.revoke_token", token)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor, "api_token.revoked", token)
    return token


def authenticate(secret: str) -> ApiToken | None:
    """The live token with this secret, of an active user, or None; notes when it was used."""
    if not secret or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_secret(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or token.is_expired or not token.user.is_active:
        return None
    now = timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
