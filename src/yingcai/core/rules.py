"""The base every app's rules stand on: `can`, the staff roles, the generic predicates.

Who may do what to which object is decided by django-rules predicates, one `rules.py` beside
each app (`yingcai/<app>/rules.py`), collected by `autodiscover_modules("rules")` when the core
app is ready. Views, the API, the admin, services and management commands all ask through
`can(user, "app.permission", obj)` (or `user.has_perm`, which reaches the same rules through
`rules.permissions.ObjectPermissionBackend`). No model permission is ever granted to a group:
the rules are the whole truth.

The actors:
- anonymous visitors;
- talents: any signed-in person (a talent may also belong to organisations);
- members of an organisation, with the role owner, recruiter-reviewer or viewer
  (`yingcai.organisations.rules`);
- organiser staff (`is_staff`), each with one or more staff roles (groups):
  organiser administrator, editor, moderator, verifier, recruitment, protocol. Superusers hold
  all.
"""

import rules
from django.db.models import Model

# --- Staff roles ----------------------------------------------------------------
STAFF_ADMIN = "organiser-admin"
STAFF_EDITOR = "editor"
STAFF_MODERATOR = "moderator"
STAFF_VERIFIER = "verifier"
STAFF_RECRUITMENT = "recruitment"
# Protocol staff (礼宾): the VIP guests, their invitations, itineraries and seats.
STAFF_PROTOCOL = "protocol"
STAFF_ROLES = (
    STAFF_ADMIN,
    STAFF_EDITOR,
    STAFF_MODERATOR,
    STAFF_VERIFIER,
    STAFF_RECRUITMENT,
    STAFF_PROTOCOL,
)

# What the rules read about a user once per user object (roles, memberships, …), kept in one
# attribute so that `forget` drops all of it whichever app cached it.
_CACHE = "_yingcai_rules_cache"


def can(user, perm: str, obj: Model | None = None) -> bool:
    """The one question every layer asks."""
    return user.has_perm(perm, obj)


def cached(user, key: str, read):
    """`read()` once per user object: the rules of one request ask the same facts many times."""
    store = getattr(user, _CACHE, None)
    if store is None:
        store = {}
        setattr(user, _CACHE, store)  # through request.user's lazy wrapper, onto the user
    if key not in store:
        store[key] = read()
    return store[key]


def forget(user) -> None:
    """Drop what was read about a user's roles (after a change to them)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def staff_roles(user) -> set[str]:
    """The staff roles of a user, read once per user object."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return set()
    if user.is_superuser:
        return set(STAFF_ROLES)
    return cached(
        user,
        "staff_roles",
        lambda: set(user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True)),
    )


def model_perms(app_model: str, *, view=None, add=None, change=None, delete=None) -> None:
    """Register the admin's four permissions of one model; an action left out is nobody's."""
    app, model = app_model.split(".")
    for action, predicate in (("view", view), ("add", add), ("change", change), ("delete", delete)):
        rules.add_perm(f"{app}.{action}_{model}", predicate or rules.always_deny)


# A rule made of who may (its role) and when (its states), each state with the words a holder
# of the role is told when only that state refuses (core.services.require).
_ROLE_AND_STATES: dict[str, tuple] = {}


def add_state_perm(name: str, role, *states) -> None:
    """Register `name` as `role & state & …`; `states` are (predicate, message or None) pairs.

    Pages ask `can(user, name, obj)` like any rule; services ask `require(user, name, obj)`,
    which tells the role's holder the message of the first state that fails (None: only "not
    allowed", for a state the page already explains), and `require_role` before the lock.
    """
    predicate = role
    for state, _message in states:
        predicate = predicate & state
    rules.add_perm(name, predicate)
    _ROLE_AND_STATES[name] = (role, tuple(states))


def role_and_states(name: str) -> tuple | None:
    return _ROLE_AND_STATES.get(name)


# --- Predicates every app uses ------------------------------------------------------
@rules.predicate
def is_active_user(user):
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_organiser_staff(user):
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def has_staff_role(role: str):
    @rules.predicate(name=f"has_staff_role:{role}")
    def predicate(user):
        return role in staff_roles(user)

    return predicate


is_staff_admin = has_staff_role(STAFF_ADMIN)
is_editor = has_staff_role(STAFF_EDITOR) | is_staff_admin
is_moderator = has_staff_role(STAFF_MODERATOR) | is_staff_admin
is_verifier = has_staff_role(STAFF_VERIFIER) | is_staff_admin
# Organiser staff who run public-institution recruitment rounds.
is_recruitment_staff = has_staff_role(STAFF_RECRUITMENT) | is_staff_admin
# Organiser staff who look after the VIP guests; nobody else sees their personal data.
is_protocol_staff = has_staff_role(STAFF_PROTOCOL) | is_staff_admin


@rules.predicate
def is_own(user, obj):
    """The object belongs to the user: a profile, a CV, an application, a consent, a token."""
    if obj is None or not user.is_authenticated:
        return False
    owner = getattr(obj, "user_id", None) or getattr(obj, "talent_id", None)
    if owner is None and hasattr(obj, "profile"):
        owner = obj.profile.user_id
    return owner == user.pk


@rules.predicate
def is_published(user, obj):
    return obj is not None and getattr(obj, "is_published", False)


# The admin's module list of the core app; districts are changed by migrations only
# (core/admin.py says why).
rules.add_perm("core", is_organiser_staff)
model_perms("core.district", view=is_organiser_staff)
model_perms("core.auditentry", view=is_staff_admin)
