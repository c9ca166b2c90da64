"""What the guests module holds about a person: the guest records of the conferences they were
invited to (linked to their account, or addressed to an e-mail address their account has
verified), with their itinerary, needs and arrangements; and the lines of the honours
registries linked to their talent profile.

Erasure:

- A guest record is anonymised, not deleted: every field that says who the guest is or
  where they travel is cleared (names, title, organisation, contacts, itinerary, hotel,
  liaison, needs, seat, the RSVP link, the consent to the public list) and the record leaves
  the sessions' speakers. What stays is an anonymous line — a category and an answer with
  its moments — so that the protocol staff's counts and `guests_confirmed` at a past moment
  stay what they were (the release said "more than one hundred guests"; that does not
  change because one of them asked to be forgotten).
- An honour is a line of a public registry: the municipality conferred the award or
  selected the person in a given year, which is an official act it keeps. Its link to the
  talent profile, its contacts and the consent to be listed publicly are dropped (so it is
  no longer shown on the public registry); the name, year, category and affiliation stay
  with the organisers.
"""

from allauth.account.models import EmailAddress
from django.db.models import Q

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register

from .models import Guest, Honour

# Every personal field of a guest, cleared on erasure (translated fields in each language).
CLEARED = {
    "name": "",
    "name_zh_hans": "",
    "name_en": "",
    "public_title": "",
    "public_title_zh_hans": "",
    "public_title_en": "",
    "organisation": "",
    "organisation_zh_hans": "",
    "organisation_en": "",
    "email": "",
    "mobile": "",
    "user": None,
    "honour": None,
    "rsvp_digest": None,
    "public_consent_at": None,
    "arrival": "",
    "arrival_number": "",
    "arrival_at": None,
    "departure_at": None,
    "hotel": "",
    "pickup": False,
    "liaison_name": "",
    "liaison_phone": "",
    "dietary": "",
    "needs": "",
    "seat": "",
}


def _when(moment):
    return moment.isoformat() if moment else None


def honours(user):
    return Honour.objects.filter(talent__user=user)


def guests(user):
    """The person's guest records: linked to the account, addressed to one of its verified
    e-mail addresses, or standing for one of their honours."""
    found = Q(user=user) | Q(honour__in=honours(user))
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    for address in {a.lower() for a in addresses}:
        found |= Q(email__iexact=address)
    return Guest.objects.filter(found)


def export(user) -> dict:
    records = guests(user).select_related("conference").prefetch_related("speaking_at")
    return {
        "conference_guest_records": [
            {
                "conference": str(g.conference),
                "name": g.name,
                "public_title": g.public_title,
                "category": g.category,
                "organisation": g.organisation,
                "email": g.email,
                "mobile": g.mobile,
                "language": g.language,
                "status": g.status,
                "invited_at": _when(g.invited_at),
                "answered_at": _when(g.answered_at),
                "first_confirmed_at": _when(g.first_confirmed_at),
                "public_consent_at": _when(g.public_consent_at),
                "arrival": g.arrival,
                "arrival_number": g.arrival_number,
                "arrival_at": _when(g.arrival_at),
                "departure_at": _when(g.departure_at),
                "hotel": g.hotel,
                "pickup": g.pickup,
                "liaison_name": g.liaison_name,
                "liaison_phone": g.liaison_phone,
                "dietary": g.dietary,
                "needs": g.needs,
                "seat": g.seat,
                "speaking_at": [str(s) for s in g.speaking_at.all()],
                "reminded_at": _when(g.reminded_at),
            }
            for g in records.order_by("created_at", "pk")
        ],
        "honours": [
            {
                "honour": h.kind,
                "year": h.year,
                "category": h.category,
                "name": h.name,
                "affiliation": h.affiliation,
                "email": h.email,
                "mobile": h.mobile,
                "public_consent_at": _when(h.public_consent_at),
            }
            for h in honours(user).order_by("year", "pk")
        ],
    }


def erase(user) -> None:
    records = list(guests(user))
    for guest in records:
        guest.speaking_at.clear()
    Guest.objects.filter(pk__in=[g.pk for g in records]).update(**CLEARED)
    honours(user).update(talent=None, email="", mobile="", public_consent_at=None)


def records(user):
    return [guests(user), honours(user)]


register(
    Provider(
        key="guests",
        models=("guests.Guest", "guests.Honour"),
        export=export,
        erase=erase,
        records=records,
        # Before the talent profile (ORDER_PROFILE): the honours are found through it.
        order=ORDER_CONTENT,
        keeps="A guest record stays as an anonymous line (category and answer) so that past "
        "counts of confirmed guests stay history; an honour stays in the organisers' registry "
        "(an official act: name, year, category), unlinked, without contacts or consent, so "
        "no longer public.",
    )
)
