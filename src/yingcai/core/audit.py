"""The audit trail: one call per state change, made by the service functions."""

from functools import reduce
from importlib import import_module
from operator import or_

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext

from .models import AuditEntry


def record(actor, action: str, obj=None, **data) -> AuditEntry:
    """Record that `actor` did `action` to `obj` (any model instance or None)."""
    entry = AuditEntry(action=action, data=_jsonable(data))
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:200]
    entry.save()
    return entry


def record_many(actor, action: str, objects, **data) -> None:
    """The same action on many objects of one model (a bulk import), in one statement."""
    objects = list(objects)
    if not objects:
        return
    content_type = ContentType.objects.get_for_model(objects[0])
    who = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    details = _jsonable(data)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=who,
                action=action,
                content_type=content_type,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                data=details,
            )
            for obj in objects
        ],
        batch_size=500,
    )


def history(obj):
    """The audit entries about one object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# --- Erasure (PIPL Art. 47): the trail keeps what happened, not who the person was ----------
def targets(querysets) -> dict[int, set[str]]:
    """Content type id -> ids of the rows in `querysets` (rows about one person)."""
    found: dict[int, set[str]] = {}
    for queryset in querysets:
        content_type = ContentType.objects.get_for_model(queryset.model)
        ids = {str(pk) for pk in queryset.values_list("pk", flat=True)}
        if ids:
            found.setdefault(content_type.pk, set()).update(ids)
    return found


def identifiers_of(user) -> list[str]:
    """What names the person in free text: their name, e-mail address and mobile number."""
    values = [user.name, user.email, user.mobile]
    # Short names ("王") would blank unrelated text; two characters is a full Chinese name.
    return [v for v in values if v and len(v.strip()) >= 2]


def forget(targets: dict[int, set[str]], identifiers: list[str], actor=None) -> None:
    """Blank the object names of the entries about the person's rows, and every detail
    that names them: in those entries, in the entries of their own actions, and in any entry
    whose details carry their e-mail address or number (an invitation sent to them)."""
    about = [Q(content_type_id=ct, object_id__in=sorted(ids)) for ct, ids in targets.items() if ids]
    if about:
        AuditEntry.objects.filter(reduce(or_, about)).update(object_repr="")
        LogEntry.objects.filter(reduce(or_, about)).update(object_repr="")
    if not identifiers:
        return
    scope = reduce(or_, about, Q(pk__in=[]))
    if actor is not None:
        scope |= Q(actor=actor)
    for value in identifiers:
        if value.isascii():  # JSON keeps non-ASCII text escaped on SQLite: matched below
            scope |= Q(data__icontains=value)
    changed = []
    for entry in AuditEntry.objects.filter(scope).only("pk", "data", "object_repr"):
        data = _scrub(entry.data, identifiers)
        repr_ = "" if any(v in entry.object_repr for v in identifiers) else entry.object_repr
        if data != entry.data or repr_ != entry.object_repr:
            entry.data, entry.object_repr = data, repr_
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["data", "object_repr"], batch_size=500)
    # Entries about other rows whose name happened to include the person (a message's
    # subject quoting them): the name column is plain text and searchable everywhere.
    for value in identifiers:
        AuditEntry.objects.filter(object_repr__icontains=value).update(object_repr="")


def _scrub(value, identifiers):
    if isinstance(value, dict):
        return {k: _scrub(v, identifiers) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, identifiers) for v in value]
    if isinstance(value, str) and any(i.lower() in value.lower() for i in identifiers):
        return ""
    return value


# --- Labels: what an action code means, in the reader's language ----------------------------
# Each app declares the labels of the actions it records in its own `audit_labels.py`
# (`LABELS = {"app.action": _("…")}`), so the core never needs to know the apps' words, and no
# code such as `organisation.verified` ever reaches a screen, a mail or an export.
_labels: dict[str, str] | None = None


def labels() -> dict:
    """Every registered action code -> its lazy label, gathered once from the apps."""
    global _labels
    if _labels is None:
        found = {}
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.audit_labels")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.audit_labels":
                    raise
                continue
            found.update(module.LABELS)
        _labels = found
    return _labels


def label(action: str, data: dict | None = None) -> str:
    """The reader's words for an action code; never the code itself. A label may be a
    function of the entry's details (a report's new status), given as a callable."""
    known = labels().get(action)
    if callable(known):
        return str(known(data or {}))
    if known is not None:
        return str(known)
    # The back office records "<app>.<model>.<verb>_in_admin" for every model it edits.
    parts = action.split(".")
    if len(parts) == 3 and parts[2].endswith("_in_admin"):
        try:
            model = apps.get_model(parts[0], parts[1])
        except LookupError:
            model = None
        verbs = {
            "added_in_admin": gettext("added in the back office"),
            "changed_in_admin": gettext("changed in the back office"),
            "deleted_in_admin": gettext("deleted in the back office"),
        }
        if model is not None and parts[2] in verbs:
            return f"{model._meta.verbose_name}: {verbs[parts[2]]}"
    return gettext("other change")
