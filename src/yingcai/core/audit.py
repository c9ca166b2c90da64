"""The audit trail: one call per state change, made by the service functions."""

from django.contrib.contenttypes.models import ContentType

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
