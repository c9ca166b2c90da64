from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.rules import can

from .models import Conference, Venue


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


@transaction.atomic
def save_venue(actor, venue: Venue, changed: list[str] | None = None) -> Venue:
    perm = "conference.change_venue" if venue.pk else "conference.add_venue"
    if not can(actor, perm, venue):
        raise PermissionDenied
    venue.save()
    audit.record(actor, "conference.venue_saved", venue, fields=changed or [])
    return venue


@transaction.atomic
def delete_venue(actor, venue: Venue) -> None:
    if not can(actor, "conference.delete_venue", venue):
        raise PermissionDenied
    audit.record(actor, "conference.venue_deleted", venue, conference=venue.conference_id)
    venue.delete()
