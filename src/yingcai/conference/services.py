from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require

from .models import Conference, SiteSettings, Venue

_SETTINGS_KEY = "conference:site-settings"


def current_conference() -> Conference | None:
    return (
        Conference.objects.filter(is_current=True).prefetch_related("venues__district").first()
        or Conference.objects.prefetch_related("venues__district").first()
    )


@transaction.atomic
def save_conference(actor, conference: Conference, changed: list[str] | None = None) -> Conference:
    perm = "conference.change_conference" if conference.pk else "conference.add_conference"
    require(actor, perm, conference)
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
    require(actor, perm, venue)
    venue.save()
    audit.record(actor, "conference.venue_saved", venue, fields=changed or [])
    return venue


@transaction.atomic
def delete_venue(actor, venue: Venue) -> None:
    require(actor, "conference.delete_venue", venue)
    audit.record(actor, "conference.venue_deleted", venue, conference=venue.conference_id)
    venue.delete()


# --- Site settings ----------------------------------------------------------------------
def forget_site_settings() -> None:
    cache.delete(_SETTINGS_KEY)


def site_settings() -> SiteSettings:
    found = cache.get(_SETTINGS_KEY)
    if found is None:
        found = SiteSettings.objects.order_by("pk").first() or SiteSettings()
        cache.set(_SETTINGS_KEY, found, 300)
    return found


@transaction.atomic
def save_site_settings(actor, site: SiteSettings, changed: list[str]) -> SiteSettings:
    require(actor, "conference.change_sitesettings", site)
    site.save()
    audit.record(actor, "site.settings_changed", site, fields=changed)
    transaction.on_commit(forget_site_settings)
    return site
