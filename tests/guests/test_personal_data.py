"""The guests' personal data (PIPL Art. 45, 47): a person's guest records and honours in their
export; erasure anonymises the guest record (its category and answer stay, so past counts
stay history) and unlinks the honour (a line of a public registry) from them."""

import pytest
from django.utils import timezone

from yingcai.core.registry import figures
from yingcai.core.registry import personal_data as registry
from yingcai.guests.models import Guest, Honour

from ..attendance.factories import SessionFactory
from ..factories import UserFactory
from ..privacy.test_personal_data import EMAIL, MOBILE, NAME, rows_naming
from ..talents.helpers import profile_of
from .factories import GuestFactory, HonourFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nana():
    person = UserFactory(name=NAME, email=EMAIL)
    profile = profile_of(person)
    honour = HonourFactory(
        name=NAME, talent=profile, email=EMAIL, mobile=MOBILE, public_consent_at=timezone.now()
    )
    now = timezone.now()
    # Invited with her honour (the group of honourees) and, by her e-mail, as a speaker.
    as_honouree = GuestFactory(
        name=NAME,
        honour=honour,
        email="",
        mobile=MOBILE,
        category=Guest.Category.AWARD_WINNER,
        status=Guest.Status.ONSITE,
        first_confirmed_at=now,
        hotel="悦来温德姆酒店",
        arrival=Guest.Arrival.FLIGHT,
        arrival_number="CA1405",
        arrival_at=now,
        liaison_name="王联络",
        seat="A-01",
        public_consent_at=now,
    )
    speaker = GuestFactory(
        name=NAME,
        public_title=f"{NAME}教授",
        email=EMAIL,
        status=Guest.Status.ONLINE,
        first_confirmed_at=now,
        dietary="素食",
    )
    session = SessionFactory()
    session.speakers.add(speaker)
    other = GuestFactory(name="韩梅梅", status=Guest.Status.ONSITE, first_confirmed_at=now)
    session.speakers.add(other)
    return {
        "person": person,
        "honour": honour,
        "records": [as_honouree, speaker],
        "other": other,
        "session": session,
    }


def test_the_export_holds_the_guest_records_and_honours(nana):
    data = registry.export(nana["person"])
    records = data["conference_guest_records"]
    assert len(records) == 2
    flight = next(r for r in records if r["arrival"])
    assert flight["arrival_number"] == "CA1405" and flight["hotel"] == "悦来温德姆酒店"
    assert flight["seat"] == "A-01"
    spoken = next(r for r in records if r["speaking_at"])
    assert spoken["speaking_at"] == [str(nana["session"])] and spoken["dietary"] == "素食"
    [honour] = data["honours"]
    assert honour["name"] == NAME and honour["email"] == EMAIL


def test_erasure_anonymises_the_guests_and_unlinks_the_honour(nana):
    confirmed_before = figures.compute(keys=["guests_confirmed"])["guests_confirmed"]["value"]
    assert confirmed_before == 3
    registry.erase(nana["person"])
    left = {k: v for k, v in rows_naming(NAME, EMAIL, MOBILE).items() if k.startswith("guests.")}
    # The honour's name stays: an official act of the municipality, kept by the organisers.
    assert set(left) <= {"guests.Honour.name", "guests.Honour.name_zh_hans"}
    honour = Honour.objects.get(pk=nana["honour"].pk)
    assert honour.talent is None and honour.email == "" and honour.public_consent_at is None
    for record in nana["records"]:
        record.refresh_from_db()
        assert record.name == "" and record.email == "" and record.mobile == ""
        assert record.hotel == "" and record.seat == "" and record.public_consent_at is None
        assert record.honour is None and record.user is None
        assert record.confirmed  # the answer stays: the count is history
    assert list(nana["session"].speakers.all()) == [nana["other"]]
    assert figures.compute(keys=["guests_confirmed"])["guests_confirmed"]["value"] == 3
    nana["other"].refresh_from_db()
    assert nana["other"].name == "韩梅梅"
