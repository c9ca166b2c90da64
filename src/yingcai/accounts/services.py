from django.core.exceptions import PermissionDenied
from django.db import transaction

from yingcai.core import audit
from yingcai.permissions import can, forget


@transaction.atomic
def update_settings(user, changed: list[str]):
    """A person changes their own name or preferred language (`user` holds the new values)."""
    fields = [f for f in changed if f in ("name", "language")]
    if fields:
        user.save(update_fields=fields)
        audit.record(user, "account.settings_changed", user, fields=fields)
    return user


@transaction.atomic
def save_user_as_staff(actor, user, changed: list[str]):
    """An organiser administrator edits an account, e.g. grants staff roles."""
    if not can(actor, "accounts.change_user" if user.pk else "accounts.add_user", user):
        raise PermissionDenied
    creating = user.pk is None
    user.save()
    forget(user)
    audit.record(
        actor,
        "account.created_by_staff" if creating else "account.changed_by_staff",
        user,
        fields=changed,
    )
    return user
