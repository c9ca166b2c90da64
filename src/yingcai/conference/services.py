from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

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
        # Only one edition is current: making this one current retires the other. The
        # editions (a handful of rows) are locked in id order, so two editors making two
        # editions current at once take turns; `conference_one_current` is the last guard.
        list(Conference.objects.select_for_update().order_by("pk").values("pk"))
        Conference.objects.filter(is_current=True).exclude(pk=conference.pk).update(
            is_current=False
        )
    try:
        with transaction.atomic():
            conference.save()
    except IntegrityError:
        raise ValidationError(
            _("Another edition has just been made the current one: try again.")
        ) from None
    audit.record(actor, "conference.saved", conference, fields=changed or [])
    return conference
