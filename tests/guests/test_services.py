"""The guests' services: adding, inviting (a new link replaces the old), answering through the
link (first "yes" once, consent, changing the answer), the itinerary and its unique seat,
reminders once; the honours: adding, importing from Excel, linking to talent profiles,
inviting a list as a group once."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from yingcai.core.models import AuditEntry
from yingcai.guests import excel
from yingcai.guests.models import Guest, Honour
from yingcai.guests.services import guests as services
from yingcai.guests.services import honours as honour_services
from yingcai.guests.tasks import send_guest_reminders

from ..attendance.factories import ConferenceFactory
from ..factories import ProfileFactory, UserFactory
from .factories import GuestFactory, HonourFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def conference(db):
    return ConferenceFactory()


@pytest.fixture
def guest(conference):
    return GuestFactory(conference=conference, language="en", name_en="Prof. Ada Lovelace")


def invited(protocol, guest, capture):
    with capture(execute=True):
        return services.invite(protocol, guest)


def test_a_guest_is_added_to_the_current_conference(protocol, conference):
    guest = services.save_guest(
        protocol,
        Guest(name_zh_hans="王院士", category="academician", email=" Wang@Example.org "),
    )
    assert guest.conference == conference
    assert guest.email == "wang@example.org"
    assert AuditEntry.objects.filter(action="guests.guest_added").count() == 1
    guest.public_title_en = "Academician"
    guest.status = "onsite"  # not the staff's to write: kept as stored
    services.save_guest(protocol, guest)
    guest.refresh_from_db()
    assert guest.public_title_en == "Academician"
    assert guest.status == "invited"


def test_an_invitation_mails_a_personal_link_kept_only_as_its_digest(
    protocol, guest, mailoutbox, django_capture_on_commit_callbacks
):
    secret = invited(protocol, guest, django_capture_on_commit_callbacks)
    guest.refresh_from_db()
    assert guest.invited_at is not None
    assert guest.rsvp_digest == services.digest(secret) != secret
    (mail,) = mailoutbox
    assert mail.to == [guest.email]
    assert f"/en/rsvp/{secret}/" in mail.body
    assert "Prof. Ada Lovelace" in mail.body
    assert services.find(secret) == guest
    # Again: a new link; the old one no longer works.
    second = invited(protocol, guest, django_capture_on_commit_callbacks)
    assert second != secret
    assert services.find(secret) is None
    assert services.find(second) == guest
    assert AuditEntry.objects.filter(action="guests.guest_reinvited").count() == 1


def test_the_invitation_is_in_the_guests_language(
    protocol, conference, mailoutbox, django_capture_on_commit_callbacks
):
    guest = GuestFactory(conference=conference, language="zh-hans")
    secret = invited(protocol, guest, django_capture_on_commit_callbacks)
    assert f"/zh-hans/rsvp/{secret}/" in mailoutbox[0].body
    assert "邀请" in mailoutbox[0].subject


def test_answering_on_site_records_the_journey_and_the_first_yes_once(
    protocol, guest, mailoutbox, django_capture_on_commit_callbacks
):
    secret = invited(protocol, guest, django_capture_on_commit_callbacks)
    arrival = guest.conference.starts_at - timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        answered = services.answer(
            secret,
            status="onsite",
            public_consent=True,
            arrival="flight",
            arrival_number=" CA1234 ",
            arrival_at=arrival,
            departure_at=arrival + timedelta(days=2),
            dietary="vegetarian",
            language="en",
        )
    assert answered.status == "onsite"
    assert answered.arrival_number == "CA1234"
    assert answered.public_consent_at is not None
    first = answered.first_confirmed_at
    assert first is not None
    assert "attends on site" in mailoutbox[-1].body
    # The same link again: online, then declined; the first "yes" stays as it was.
    services.answer(secret, status="online", public_consent=False)
    answered = services.answer(secret, status="declined")
    assert answered.first_confirmed_at == first
    assert answered.public_consent_at is None
    assert answered.status == "declined"
    actions = list(
        AuditEntry.objects.filter(action__startswith="guests.rsvp").values_list("action", flat=True)
    )
    assert sorted(actions) == ["guests.rsvp_answered", "guests.rsvp_changed", "guests.rsvp_changed"]


def test_the_consent_of_a_guest_with_an_honour_lists_the_honour_too(
    protocol, guest, django_capture_on_commit_callbacks
):
    honour = HonourFactory()
    guest.honour = honour
    guest.save()
    secret = invited(protocol, guest, django_capture_on_commit_callbacks)
    services.answer(secret, status="online", public_consent=True)
    honour.refresh_from_db()
    assert honour.public_consent_at is not None
    services.answer(secret, status="online", public_consent=False)
    honour.refresh_from_db()
    assert honour.public_consent_at is None


def test_the_itinerary_and_one_guest_per_seat(protocol, guest, conference):
    arrival = conference.starts_at - timedelta(hours=5)
    saved = services.set_itinerary(
        protocol,
        guest,
        arrival="train",
        arrival_number="G1234",
        arrival_at=arrival,
        hotel="悦来温德姆酒店",
        pickup=True,
        liaison_name="张联络",
        liaison_phone="+8613900000000",
        seat=" a-12 ",
    )
    assert saved.seat == "A-12"
    other = GuestFactory(conference=conference)
    with pytest.raises(Exception, match="Seat A-12 is already given"):
        services.set_itinerary(protocol, other, seat="A-12")
    # A seat of another conference's guest does not count.
    assert services.set_itinerary(protocol, other, seat="A-13").seat == "A-13"


def test_reminders_go_once_to_guests_arriving_within_48_hours(
    protocol, conference, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    soon = GuestFactory(
        conference=conference, status="onsite", arrival_at=now + timedelta(hours=30)
    )
    GuestFactory(conference=conference, status="onsite", arrival_at=now + timedelta(hours=60))
    GuestFactory(conference=conference, status="online", arrival_at=now + timedelta(hours=30))
    GuestFactory(
        conference=conference, status="onsite", arrival_at=now + timedelta(hours=3), email=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(now) == 1
    assert [m.to for m in mailoutbox] == [[soon.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(now) == 0
        assert send_guest_reminders.call() == 0
    soon.refresh_from_db()
    assert soon.reminded_at == now
    # A new arrival time: reminded again for it.
    services.set_itinerary(protocol, soon, arrival_at=now + timedelta(hours=40))
    assert services.send_reminders(now) == 1


def test_the_reminder_command(conference, capsys, django_capture_on_commit_callbacks):
    GuestFactory(
        conference=conference, status="onsite", arrival_at=timezone.now() + timedelta(hours=3)
    )
    call_command("send_guest_reminders")
    assert "Reminded 1 guest" in capsys.readouterr().out


# --- Honours ------------------------------------------------------------------------------
def test_an_honour_is_added_and_linked(protocol):
    honour = honour_services.add_honour(
        protocol,
        Honour(kind="award", year=2019, category_zh_hans="优秀科学家", name_zh_hans="李四"),
    )
    profile = ProfileFactory()
    assert honour_services.link_talent(protocol, honour, profile).talent == profile
    assert honour_services.link_talent(protocol, honour, None).talent is None


def test_honours_are_matched_to_profiles_by_email(protocol):
    profile = ProfileFactory(user=UserFactory(email="zhang@example.org"))
    matched = HonourFactory(email="Zhang@example.org".lower())
    HonourFactory(email="nobody@example.org")
    HonourFactory(email="")
    assert honour_services.match_talents(protocol, kind="award", year=2019) == 1
    matched.refresh_from_db()
    assert matched.talent == profile


def test_a_list_is_invited_as_a_group_once(
    protocol, conference, mailoutbox, django_capture_on_commit_callbacks
):
    profile = ProfileFactory()
    first = HonourFactory(kind="program", year=2020, email="a@example.org", talent=profile)
    HonourFactory(kind="program", year=2020, email="b@example.org")
    HonourFactory(kind="program", year=2020, email="")  # a guest, not invited
    HonourFactory(kind="program", year=2019, email="c@example.org")  # another list
    # Already on the list by hand with the same address: linked, not duplicated.
    by_hand = GuestFactory(conference=conference, email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert honour_services.invite_group(protocol, "program", 2020) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    assert Guest.objects.filter(honour__year=2020).count() == 3
    guest = Guest.objects.get(honour=first)
    assert guest.category == "program"
    assert guest.user == profile.user
    by_hand.refresh_from_db()
    assert by_hand.honour is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert honour_services.invite_group(protocol, "program", 2020) == 0
    assert len(mailoutbox) == 2


def _workbook(rows, headings=None) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headings or [c.heading for c in excel.COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("honours.xlsx", buffer.getvalue())


def test_a_registry_list_is_imported_whole(protocol):
    result = excel.import_honours(
        protocol,
        _workbook(
            [
                [
                    "重庆英才奖",
                    2019,
                    "优秀科学家",
                    "张三",
                    "Zhang San",
                    "重庆大学",
                    "z@example.org",
                    "13900000000",
                ],
                ["Chongqing Talents Program", "2020", "创新领军人才", "李四", "", "", "", ""],
            ]
        ),
    )
    assert result.ok, result.errors
    assert Honour.objects.count() == 2
    assert Honour.objects.get(name_zh_hans="李四").kind == "program"


def test_an_import_with_a_bad_row_imports_nothing(protocol):
    result = excel.import_honours(
        protocol,
        _workbook(
            [
                ["重庆英才奖", 2019, "优秀科学家", "张三", "", "", "", ""],
                ["某某奖", "last year", "", "", "", "", "not-an-address", ""],
            ]
        ),
    )
    assert not result.ok
    (error,) = result.errors
    assert error.row == 3
    text = " ".join(error.messages)
    assert "not a valid honour" in text
    assert "give a year" in text
    assert "Give the person's name." in text
    assert "Enter a valid email address." in text
    assert Honour.objects.count() == 0


def test_the_template_and_the_guest_export_hold_labels(protocol, guest):
    book = load_workbook(io.BytesIO(excel.honours_template()))
    assert book.active["A1"].value.startswith("荣誉")
    guest.status = "onsite"
    guest.arrival = "flight"
    guest.save()
    book = load_workbook(io.BytesIO(excel.guests_workbook([guest])))
    values = [cell.value for cell in book.active[2]]
    assert "attends on site" in values
    assert "flight" in values
    assert "onsite" not in values
