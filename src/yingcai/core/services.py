"""What every app's service functions share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from .rules import can


def require(user, perm: str, obj: Model | None = None, *, role=None, states=()) -> None:
    """Refuse (PermissionDenied) unless the rule `perm` allows `user` to act on `obj`.

    A state-aware rule is "who" & "when": `role` is its "who" (a predicate) and `states` its
    "when", as (predicate, message) pairs. Someone who holds the role is told why the state
    refuses — a ValidationError with the message of the first condition that fails — instead
    of "not allowed"; nobody else learns anything about the object's state. Services ask it
    before locking and again on the locked row, so the page, the API and the service read one
    rule.
    """
    if can(user, perm, obj):
        return
    if role is not None and role.test(user, obj):
        for predicate, message in states:
            if not predicate.test(user, obj):
                raise ValidationError(message)
    raise PermissionDenied(_("You are not allowed to do this."))


def require_role(user, role, obj=None) -> None:
    """Before the lock: the "who" of a state-aware rule (a predicate), whatever state the
    object passed in shows — it may be minutes old. The whole rule is asked of the locked
    row (`require` with `role` and `states`)."""
    if not role.test(user, obj):
        raise PermissionDenied(_("You are not allowed to do this."))
