"""Every refusal of the guests' and honours' services, in the words a person reads: stale rows,
bad input, links not valid, a conference begun or over, seats taken, lists empty, and every
actor without the protocol role."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingcai.conference.models import Conference
from yingcai.guests.models import Guest, Honour
from yingcai.guests.services import guests as services
from yingcai.guests.services import honours as honour_services
from yingcai.talents.models import TalentProfile

from ..attendance.factories import ConferenceFactory
from ..factories import ProfileFactory
from .factories import GuestFactory, HonourFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def conference(db):
    return ConferenceFactory()


@pytest.fixture
def guest(conference):
    return GuestFactory(conference=conference)


def refused(message, call, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert message in " ".join(caught.value.messages), caught.value.messages


def test_only_the_protocol_staff_manage_guests_and_honours(talent, editor, guest):
    for actor in (talent, editor):
        with pytest.raises(PermissionDenied):
            services.save_guest(actor, guest)
        with pytest.raises(PermissionDenied):
            services.invite(actor, guest)
        with pytest.raises(PermissionDenied):
            services.set_itinerary(actor, guest, seat="A-1")
        with pytest.raises(PermissionDenied):
            honour_services.add_honour(actor, Honour())
        with pytest.raises(PermissionDenied):
            honour_services.invite_group(actor, "award", 2019)


def test_a_guest_needs_a_name_a_category_a_language_and_clean_text(protocol, conference):
    refused("Give the guest's name.", services.save_guest, protocol, Guest(category="nobel"))
    refused(
        "Choose the guest's category.",
        services.save_guest,
        protocol,
        Guest(name_zh_hans="甲", category="king"),
    )
    refused(
        "Choose the language of the invitation.",
        services.save_guest,
        protocol,
        Guest(name_zh_hans="甲", category="nobel", language="fr"),
    )
    refused(
        "not allowed",
        services.save_guest,
        protocol,
        Guest(name_zh_hans="甲\x00", category="nobel"),
    )


def test_two_guests_cannot_share_an_address(protocol, guest):
    refused(
        "already on the list",
        services.save_guest,
        protocol,
        Guest(name_zh_hans="乙", category="nobel", email=guest.email.upper()),
    )


def test_no_guest_without_a_conference(protocol, db):
    Conference.objects.all().delete()
    refused(
        "There is no conference",
        services.save_guest,
        protocol,
        Guest(name_zh_hans="甲", category="nobel"),
    )
    refused("There is no conference", honour_services.invite_group, protocol, "award", 2019)


def test_a_guest_gone_meanwhile(protocol, guest):
    Guest.objects.filter(pk=guest.pk).delete()
    refused("no longer on the list", services.set_itinerary, protocol, guest, seat="A-1")
    refused("no longer on the list", services.invite, protocol, guest)


def test_invitations_need_an_address_and_a_conference_not_over(protocol, guest, conference):
    guest.email = ""
    guest.save()
    refused("no e-mail address", services.invite, protocol, guest)
    guest.email = "back@example.org"
    guest.save()
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    refused("The conference is over", services.invite, protocol, guest)


def invited(protocol, guest) -> str:
    return services.invite(protocol, guest)


def test_answers_refused(protocol, guest, conference):
    secret = invited(protocol, guest)
    refused("not valid", services.answer, "guessed-" + secret[:10], status="online")
    refused("Choose whether you attend", services.answer, secret, status="maybe")
    refused("Choose a language", services.answer, secret, status="online", language="fr")
    refused("not allowed", services.answer, secret, status="online", dietary="素\x00")
    refused("At most 200 characters", services.answer, secret, status="online", dietary="x" * 201)
    refused("Choose how you arrive", services.answer, secret, status="onsite", arrival="ship")
    refused(
        "after the end of the conference",
        services.answer,
        secret,
        status="onsite",
        arrival_at=conference.ends_at + timedelta(hours=1),
    )
    refused(
        "The departure is before the arrival",
        services.answer,
        secret,
        status="onsite",
        arrival_at=conference.starts_at - timedelta(hours=2),
        departure_at=conference.starts_at - timedelta(hours=3),
    )
    # A replaced link.
    invited(protocol, guest)
    refused("not valid", services.answer, secret, status="online")


def test_no_answer_once_the_conference_has_begun(protocol, guest, conference):
    secret = invited(protocol, guest)
    refused(
        "The conference has begun",
        services.answer,
        secret,
        status="online",
        now=conference.starts_at + timedelta(minutes=1),
    )


def test_itineraries_refused(protocol, guest, conference, monkeypatch):
    refused("Choose how the guest arrives", services.set_itinerary, protocol, guest, arrival="x")
    refused(
        "The departure is before the arrival",
        services.set_itinerary,
        protocol,
        guest,
        arrival_at=conference.starts_at,
        departure_at=conference.starts_at - timedelta(hours=1),
    )
    refused("At most 20 characters", services.set_itinerary, protocol, guest, seat="S" * 21)
    GuestFactory(conference=conference, seat="B-2")
    refused("Seat B-2 is already given", services.set_itinerary, protocol, guest, seat="b-2")
    # Given meanwhile (after the check): the constraint answers in the same words.
    monkeypatch.setattr(services, "seat_is_free", lambda *args: True)
    refused("Seat B-2 is already given", services.set_itinerary, protocol, guest, seat="B-2")


def test_honours_refused(protocol, db):
    refused(
        "Choose the honour.",
        honour_services.add_honour,
        protocol,
        Honour(kind="medal", year=2019, category_zh_hans="甲", name_zh_hans="乙"),
    )
    refused(
        "Give a year from 1990",
        honour_services.add_honour,
        protocol,
        Honour(kind="award", year=1900, category_zh_hans="甲", name_zh_hans="乙"),
    )
    refused(
        "Give the person's name.",
        honour_services.add_honour,
        protocol,
        Honour(kind="award", year=2019, category_zh_hans="甲"),
    )
    refused(
        "Give the category of the honour.",
        honour_services.add_honour,
        protocol,
        Honour(kind="award", year=2019, name_zh_hans="乙"),
    )
    refused("Choose the honour.", honour_services.invite_group, protocol, "medal", 2019)


def test_an_empty_list_and_rows_gone(protocol, conference):
    refused("This list of honours is empty", honour_services.invite_group, protocol, "award", 2001)
    honour = HonourFactory()
    profile = ProfileFactory()
    TalentProfile.objects.filter(pk=profile.pk).delete()
    refused("no longer exists", honour_services.link_talent, protocol, honour, profile)
    Honour.objects.filter(pk=honour.pk).delete()
    refused("no longer in the registry", honour_services.link_talent, protocol, honour, None)


def test_an_honour_whose_address_belongs_to_another_honours_guest_waits(protocol, conference):
    first = HonourFactory(year=2018, email="same@example.org")
    HonourFactory(year=2018, email="same@example.org")
    assert honour_services.invite_group(protocol, "award", 2018) == 1
    assert Guest.objects.filter(honour=first).exists()
    assert Guest.objects.count() == 1
