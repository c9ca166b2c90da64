"""The VIP guests: the protocol staff add and invite them, arrange their itinerary and seat;
the guests answer through a personal link that needs no account.

The RSVP link's secret (`secrets.token_urlsafe(32)`) is mailed to the guest and kept only as
its SHA-256 (`Guest.rsvp_digest`, unique): whoever holds the link answers for the guest, and
a new invitation replaces the link (the old one then answers "not valid"). A guest may change
the answer through the same link until the conference starts; every answer is recorded with
its moment, and the first "yes" (`first_confirmed_at`) only once, so a link reused after the
answer counts nothing twice. The seat in the main venue is unique per conference
(`guests_seat_once`). Reminders go to guests attending on site whose arrival is within 48
hours, once (`reminded_at`, re-checked on the locked row).
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yingcai.conference.models import Conference
from yingcai.conference.services import current_conference
from yingcai.core import audit
from yingcai.core.mail import send_templated_mail
from yingcai.core.services import require

from ..models import Guest, Honour, Language

RULE = "guests.manage_guests"
REMIND_BEFORE = timedelta(hours=48)
ANSWERS = (Guest.Status.ONSITE, Guest.Status.ONLINE, Guest.Status.DECLINED)
# What the protocol staff write about a guest (both languages of the translated ones).
GUEST_FIELDS = (
    "name_zh_hans",
    "name_en",
    "public_title_zh_hans",
    "public_title_en",
    "organisation_zh_hans",
    "organisation_en",
    "category",
    "email",
    "mobile",
    "language",
)
LIMITS = {
    "arrival_number": 20,
    "hotel": 200,
    "liaison_name": 100,
    "liaison_phone": 32,
    "dietary": 200,
    "needs": 2000,
    "seat": 20,
}


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def find(secret: str) -> Guest | None:
    """The guest whose current RSVP link holds `secret` (None for a guessed or replaced one)."""
    if not secret or len(secret) > 100:
        return None
    return (
        Guest.objects.select_related("conference", "honour")
        .filter(rsvp_digest=digest(secret))
        .first()
    )


def rsvp_path(secret: str, language: str) -> str:
    with translation.override(language):
        return reverse("rsvp:answer", args=[secret])


def _no_nul(values) -> None:
    if any("\x00" in (value or "") for value in values if isinstance(value, str)):
        raise ValidationError(_("The text contains a character that is not allowed."))


def _check_lengths(values: dict) -> None:
    for name, limit in LIMITS.items():
        if len(values.get(name) or "") > limit:
            raise ValidationError(
                {name: _("At most %(n)d characters, please.") % {"n": limit}}, code="length"
            )


def _lock(guest: Guest) -> Guest:
    locked = Guest.objects.select_for_update().filter(pk=guest.pk).order_by().first()
    if locked is None:
        raise ValidationError(_("This guest is no longer on the list."))
    return locked


def _clean(guest: Guest) -> None:
    _no_nul(getattr(guest, name, "") for name in GUEST_FIELDS)
    if not ((guest.name_zh_hans or "").strip() or (guest.name_en or "").strip()):
        raise ValidationError({"name_zh_hans": _("Give the guest's name.")})
    if guest.category not in Guest.Category.values:
        raise ValidationError({"category": _("Choose the guest's category.")})
    if guest.language not in Language.values:
        raise ValidationError({"language": _("Choose the language of the invitation.")})
    guest.email = (guest.email or "").strip().lower()


@transaction.atomic
def save_guest(actor, guest: Guest) -> Guest:
    """Add a guest (to the current conference unless one is given) or save what the protocol
    staff wrote about one: names and titles in both languages, category, contacts, language.
    The answer, the invitation and the itinerary are kept as stored."""
    require(actor, RULE)
    _clean(guest)
    if guest.pk is None:
        if guest.conference_id is None:
            conference = current_conference()
            if conference is None:
                raise ValidationError(_("There is no conference to invite guests to yet."))
            guest.conference = conference
        target, action = guest, "guests.guest_added"
    else:
        target, action = _lock(guest), "guests.guest_changed"
        for name in GUEST_FIELDS:
            setattr(target, name, getattr(guest, name))
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        raise ValidationError(
            {"email": _("A guest with this e-mail address is already on the list.")}
        ) from None
    audit.record(actor, action, target)
    return target


def _conference_is_over(conference: Conference, now) -> bool:
    return conference.ends_at <= now


def _invite_locked(actor, guest: Guest, request=None, now=None) -> str:
    """Give a locked guest a new RSVP link and mail it on commit; returns the secret."""
    now = now or timezone.now()
    secret = secrets.token_urlsafe(32)
    again = guest.invited_at is not None
    guest.rsvp_digest = digest(secret)
    guest.invited_at = now
    guest.save(update_fields=["rsvp_digest", "invited_at", "updated_at"])
    audit.record(actor, "guests.guest_reinvited" if again else "guests.guest_invited", guest)
    path = rsvp_path(secret, guest.language)
    link = request.build_absolute_uri(path) if request is not None else path
    conference = guest.conference
    send_templated_mail(
        guest.email,
        "guest_invitation",
        {
            "name": guest_name(guest, guest.language),
            "title": guest_title(guest, guest.language),
            "link": link,
            "conference": conference,
            "venue": conference_name(conference, guest.language),
        },
        language=guest.language,
    )
    return secret


def _names(obj, field: str, language: str) -> str:
    first, second = ("zh_hans", "en") if language == Language.ZH else ("en", "zh_hans")
    return getattr(obj, f"{field}_{first}", "") or getattr(obj, f"{field}_{second}", "") or ""


def guest_name(guest: Guest, language: str) -> str:
    return _names(guest, "name", language)


def guest_title(guest: Guest, language: str) -> str:
    return _names(guest, "public_title", language)


def conference_name(conference: Conference, language: str) -> str:
    return _names(conference, "name", language) or str(conference)


@transaction.atomic
def invite(actor, guest: Guest, request=None) -> str:
    """Mail the guest a personal RSVP link in their language; a second invitation replaces the
    first link. Returns the link's secret (kept nowhere but in the mail)."""
    require(actor, RULE)
    locked = _lock(guest)
    if not locked.email:
        raise ValidationError(_("This guest has no e-mail address: add one before inviting."))
    conference = Conference.objects.get(pk=locked.conference_id)
    if _conference_is_over(conference, timezone.now()):
        raise ValidationError(_("The conference is over: guests are no longer invited."))
    locked.conference = conference
    return _invite_locked(actor, locked, request)


def _parse_answer(status, arrival, arrival_at, departure_at, conference):
    if status not in ANSWERS:
        raise ValidationError(
            {"status": _("Choose whether you attend on site, online, or not.")}, code="status"
        )
    if status != Guest.Status.ONSITE:
        return
    if arrival and arrival not in Guest.Arrival.values:
        raise ValidationError({"arrival": _("Choose how you arrive.")}, code="arrival")
    if arrival_at and arrival_at > conference.ends_at:
        raise ValidationError(
            {"arrival_at": _("The arrival is after the end of the conference.")}, code="late"
        )
    if arrival_at and departure_at and departure_at < arrival_at:
        raise ValidationError(
            {"departure_at": _("The departure is before the arrival.")}, code="order"
        )


def answer(
    secret: str,
    *,
    status: str,
    public_consent: bool = False,
    arrival: str = "",
    arrival_number: str = "",
    arrival_at=None,
    departure_at=None,
    dietary: str = "",
    needs: str = "",
    language: str | None = None,
    now=None,
) -> Guest:
    """The guest's answer through their RSVP link: on site (with how and when they arrive and
    leave), online, or declined; dietary and other needs; the language of our mail; the
    consent to be listed publicly (name, public title and category; the honour on the
    honours registry). The answer may change until the conference starts; the first "yes" is
    kept once."""
    now = now or timezone.now()
    text = {
        "arrival_number": arrival_number or "",
        "dietary": dietary or "",
        "needs": needs or "",
    }
    _no_nul([*text.values(), status, arrival, language])
    _check_lengths(text)
    if language is not None and language not in Language.values:
        raise ValidationError({"language": _("Choose a language.")}, code="language")
    code = digest(secret or "")
    with transaction.atomic():
        # The honour before the guest, in the order invite_group takes them.
        honour_id = (
            Guest.objects.filter(rsvp_digest=code).values_list("honour_id", flat=True).first()
        )
        honour = None
        if honour_id is not None:
            honour = Honour.objects.select_for_update().filter(pk=honour_id).order_by().first()
        guest = Guest.objects.select_for_update().filter(rsvp_digest=code).order_by().first()
        if guest is None:
            raise ValidationError(
                _("This invitation link is not valid: use the link of the latest invitation mail.")
            )
        conference = Conference.objects.get(pk=guest.conference_id)
        guest.conference = conference
        if now >= conference.starts_at:
            raise ValidationError(
                _(
                    "The conference has begun: the answer can no longer be changed here. "
                    "Please write to the protocol office."
                )
            )
        _parse_answer(status, arrival, arrival_at, departure_at, conference)
        first = guest.answered_at is None
        guest.status = status
        guest.answered_at = now
        if status in (Guest.Status.ONLINE, Guest.Status.ONSITE) and not guest.first_confirmed_at:
            guest.first_confirmed_at = now
        if status == Guest.Status.ONSITE:
            guest.arrival = arrival or ""
            guest.arrival_number = text["arrival_number"].strip()
            if guest.arrival_at != arrival_at:
                guest.reminded_at = None
            guest.arrival_at = arrival_at
            guest.departure_at = departure_at
        guest.dietary = text["dietary"].strip()
        guest.needs = text["needs"].strip()
        if language:
            guest.language = language
        if public_consent and guest.public_consent_at is None:
            guest.public_consent_at = now
        elif not public_consent:
            guest.public_consent_at = None
        guest.save()
        if honour is not None and guest.honour_id == honour.pk:
            honour.public_consent_at = guest.public_consent_at
            honour.save(update_fields=["public_consent_at"])
        audit.record(
            None,
            "guests.rsvp_answered" if first else "guests.rsvp_changed",
            guest,
            status=status,
            public=bool(public_consent),
        )
        if guest.email:
            send_templated_mail(
                guest.email,
                "guest_answer",
                {
                    "name": guest_name(guest, guest.language),
                    "status": _status_in(guest, guest.language),
                    "guest": guest,
                    "onsite": status == Guest.Status.ONSITE,
                    "venue": conference_name(conference, guest.language),
                    "conference": conference,
                },
                language=guest.language,
            )
    return guest


def _status_in(guest: Guest, language: str) -> str:
    with translation.override(language):
        return str(guest.get_status_display())


@transaction.atomic
def set_itinerary(
    actor,
    guest: Guest,
    *,
    arrival: str = "",
    arrival_number: str = "",
    arrival_at=None,
    departure_at=None,
    hotel: str = "",
    pickup: bool = False,
    liaison_name: str = "",
    liaison_phone: str = "",
    seat: str = "",
    dietary: str | None = None,
    needs: str | None = None,
) -> Guest:
    """What the protocol staff arrange: arrival (flight, train or car, its number and time),
    departure, hotel, pick-up, liaison person, seat in the main venue (one guest per seat)."""
    require(actor, RULE)
    values = {
        "arrival_number": (arrival_number or "").strip(),
        "hotel": (hotel or "").strip(),
        "liaison_name": (liaison_name or "").strip(),
        "liaison_phone": (liaison_phone or "").strip(),
        "seat": (seat or "").strip().upper(),
    }
    if dietary is not None:
        values["dietary"] = dietary.strip()
    if needs is not None:
        values["needs"] = needs.strip()
    _no_nul([*values.values(), arrival])
    _check_lengths(values)
    if arrival and arrival not in Guest.Arrival.values:
        raise ValidationError({"arrival": _("Choose how the guest arrives.")})
    if arrival_at and departure_at and departure_at < arrival_at:
        raise ValidationError({"departure_at": _("The departure is before the arrival.")})
    locked = _lock(guest)
    if values["seat"] and not seat_is_free(locked.conference_id, values["seat"], locked.pk):
        raise ValidationError(_seat_taken(values["seat"]))
    if locked.arrival_at != arrival_at:
        locked.reminded_at = None
    locked.arrival = arrival or ""
    locked.arrival_at = arrival_at
    locked.departure_at = departure_at
    locked.pickup = bool(pickup)
    for name, value in values.items():
        setattr(locked, name, value)
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        # Given to another guest meanwhile (the other guest's row is not locked here).
        raise ValidationError(_seat_taken(values["seat"])) from None
    audit.record(actor, "guests.itinerary_saved", locked, seat=locked.seat)
    return locked


def seat_is_free(conference_id: int, seat: str, guest_pk: int) -> bool:
    """No other guest of the conference has the seat (the constraint decides a race)."""
    return (
        not Guest.objects.filter(conference_id=conference_id, seat=seat)
        .exclude(pk=guest_pk)
        .exists()
    )


def _seat_taken(seat: str) -> dict:
    return {"seat": _("Seat %(seat)s is already given to another guest.") % {"seat": seat}}


def due_for_reminder(now):
    return Guest.objects.filter(
        status=Guest.Status.ONSITE,
        reminded_at__isnull=True,
        arrival_at__gt=now,
        arrival_at__lte=now + REMIND_BEFORE,
    ).exclude(email="")


def send_reminders(now=None) -> int:
    """Mail each guest attending on site whose arrival is within 48 hours and who was not
    reminded yet; returns how many were mailed. Safe to run twice at once: each row is locked
    and checked again, and marked reminded in the same transaction."""
    now = now or timezone.now()
    sent = 0
    for pk in due_for_reminder(now).order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            guest = due_for_reminder(now).select_for_update().filter(pk=pk).order_by().first()
            if guest is None:
                continue
            guest.reminded_at = now
            guest.save(update_fields=["reminded_at"])
            audit.record(None, "guests.reminder_sent", guest)
            conference = Conference.objects.get(pk=guest.conference_id)
            language = guest.language
            send_templated_mail(
                guest.email,
                "guest_reminder",
                {
                    "name": guest_name(guest, language),
                    "guest": guest,
                    "number": guest.arrival_number,
                    "venue": conference_name(conference, language),
                    "kind": _arrival_in(guest, language),
                    "hotel": guest.hotel,
                    "pickup": guest.pickup,
                    "liaison": guest.liaison_name,
                    "liaison_phone": guest.liaison_phone,
                    "seat": guest.seat,
                },
                language=language,
            )
            sent += 1
    return sent


def _arrival_in(guest: Guest, language: str) -> str:
    with translation.override(language):
        return str(guest.get_arrival_display()) if guest.arrival else ""
