"""What every app's service functions share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from .rules import can, role_and_states


def require(user, perm: str, obj: Model | None = None) -> None:
    """Refuse (PermissionDenied) unless the rule `perm` allows `user` to act on `obj`.

    A rule registered with `add_state_perm` is "who" & "when": someone who holds its role is
    told why the state refuses — a ValidationError with the message of the first state that
    fails — instead of "not allowed"; nobody else learns anything about the object's state.
    Services ask it again on the locked row, so the page, the API and the service read one rule.
    """
    if can(user, perm, obj):
        return
    found = role_and_states(perm)
    if found is not None:
        role, states = found
        if role.test(user, obj):
            for predicate, message in states:
                if not predicate.test(user, obj):
                    if message is None:
                        break
                    raise ValidationError(message)
    raise PermissionDenied(_("You are not allowed to do this."))


def require_role(user, perm: str, obj: Model | None = None) -> None:
    """Before the lock: the "who" of a rule registered with `add_state_perm`, whatever state
    the object passed in shows — it may be minutes old. The whole rule is asked of the locked
    row (`require`)."""
    role, _states = role_and_states(perm)
    if not role.test(user, obj):
        raise PermissionDenied(_("You are not allowed to do this."))
