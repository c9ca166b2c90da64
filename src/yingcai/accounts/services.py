from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db import transaction

from yingcai.core import audit
from yingcai.core.mail import notify_user
from yingcai.core.rules import can, forget
from yingcai.core.services import require

from .models import User

# What makes or controls an organiser account: its roles, and the identifiers and secret it
# logs in (or resets its password) with. Only a superuser may change these for a staff account
# or hand them out, so an organiser administrator cannot make themselves or a friend a
# superuser, nor take over a colleague's account by changing its e-mail address.
ROLE_FIELDS = ("is_staff", "is_superuser", "groups")
CREDENTIAL_FIELDS = ("email", "mobile", "mobile_verified", "password", "is_active")


def may_manage_staff(actor) -> bool:
    return bool(actor.is_authenticated and actor.is_active and actor.is_superuser)


def is_staff_account(user) -> bool:
    return bool(user.is_staff or user.is_superuser)


def may_set_password(actor, user) -> bool:
    return can(actor, "accounts.change_user", user) and (
        not is_staff_account(user) or may_manage_staff(actor)
    )


@transaction.atomic
def update_settings(user, changed: list[str]):
    """A person changes their own name or preferred language (`user` holds the new values)."""
    fields = [f for f in changed if f in ("name", "language")]
    if fields:
        user.save(update_fields=fields)
        audit.record(user, "account.settings_changed", user, fields=fields)
    return user


def _values(user, groups) -> dict:
    values = {f: getattr(user, f) for f in ROLE_FIELDS + CREDENTIAL_FIELDS if f != "groups"}
    values["password"] = user.password
    values["groups"] = sorted(g.name for g in groups)
    return values


@transaction.atomic
def save_user_as_staff(actor, user, changed: list[str], groups=None):
    """An organiser administrator creates or edits an account (`user` holds the new values;
    `groups`, when given, its new staff roles)."""
    creating = user.pk is None
    require(actor, "accounts.add_user" if creating else "accounts.change_user", user)
    if creating:
        before = _values(User(), [])
        stored_groups = []
    else:
        stored = User.objects.select_for_update().get(pk=user.pk)
        stored_groups = list(stored.groups.all())
        before = _values(stored, stored_groups)
    now = _values(user, stored_groups if groups is None else groups)
    differs = [f for f in before if before[f] != now[f]]
    touches_roles = any(f in ROLE_FIELDS for f in differs)
    # Old values decide: demoting a colleague first does not open their credentials.
    touches_credentials = (before["is_staff"] or before["is_superuser"]) and any(
        f in CREDENTIAL_FIELDS for f in differs
    )
    if (touches_roles or touches_credentials) and not may_manage_staff(actor):
        raise PermissionDenied
    user.save()
    if groups is not None:
        user.groups.set(groups)
    forget(user)
    audit.record(
        actor,
        "account.created_by_staff" if creating else "account.changed_by_staff",
        user,
        fields=changed,
        # Old and new values of what decides power over the site (a password only as
        # "changed": its hash is no one's business).
        changes={f: ["…", "…"] if f == "password" else [before[f], now[f]] for f in differs},
    )
    return user


@transaction.atomic
def set_password_as_staff(actor, user, password: str | None):
    """An organiser administrator sets someone's password (None: no password log-in)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not may_set_password(actor, user):
        raise PermissionDenied
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor, "account.password_set_by_staff", user, usable=password is not None)
    return user


@transaction.atomic
def remove_authenticator_as_staff(actor, authenticator):
    """An organiser administrator removes someone's second factor (a lost phone): audited,
    and the person is told, since the same act is how an intruder would weaken an account."""
    require(actor, "mfa.delete_authenticator", authenticator)
    authenticator = Authenticator.objects.select_for_update().get(pk=authenticator.pk)
    owner = authenticator.user
    if is_staff_account(owner) and owner != actor and not may_manage_staff(actor):
        raise PermissionDenied
    # The lazy label, so the mail names it in the owner's language, not the administrator's.
    kind = dict(Authenticator.Type.choices).get(authenticator.type, authenticator.type)
    audit.record(
        actor, "account.second_factor_removed", owner, type=authenticator.type, id=authenticator.pk
    )
    authenticator.delete()
    notify_user(owner, "second_factor_removed", {"kind": kind})
