from django.core.exceptions import PermissionDenied
from django.db import transaction

from yingcai.core import audit
from yingcai.permissions import can

from .models import Conference


def current_conference() -> Conference | None:
    return (
        Conference.objects.filter(is_current=True).prefetch_related("venues__district").first()
        or Conference.objects.prefetch_related("venues__district").first()
    )


@transaction.atomic
def save_conference(actor, conference: Conference, changed: list[str] | None = None) -> Conference:
    perm = "conference.change_conference" if conference.pk else "conference.add_conference"
    if not can(actor, perm, conference):
        raise PermissionDenied
    if conference.is_current:
        # Only one edition is current: making this one current retires the other.
        Conference.objects.filter(is_current=True).exclude(pk=conference.pk).update(
            is_current=False
        )
    conference.save()
    audit.record(actor, "conference.saved", conference, fields=changed or [])
    return conference
