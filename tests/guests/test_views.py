"""The guests' pages in both languages: the protocol staff's list, guest, invitation, itinerary
and overview, the export, the honours registry; the RSVP page and its bad input; the public
guest list and honours registry (consented only, never a contact)."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from yingcai.conference.models import Conference, SiteSettings
from yingcai.conference.services import forget_site_settings
from yingcai.guests import excel
from yingcai.guests.models import Guest, Honour
from yingcai.guests.services import guests as services
from yingcai.guests.views import public as views

from ..attendance.factories import ConferenceFactory
from ..factories import ProfileFactory, UserFactory
from .factories import GuestFactory, HonourFactory

LINK = re.compile(r"https?://\S+/(zh-hans|en)/rsvp/(\S+)/")


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def conference(db):
    return ConferenceFactory()


@pytest.fixture
def guest(conference):
    return GuestFactory(
        conference=conference,
        name_zh_hans="李院士",
        name_en="Academician Li",
        public_title_zh_hans="中国科学院院士",
        public_title_en="Academician of the Chinese Academy of Sciences",
        language="en",
    )


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_protocol_staff_add_invite_and_arrange_a_guest(
    client, protocol, conference, language, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(protocol)
    assert client.get(url("orga_guests:guests", language=language)).status_code == 200
    assert client.get(url("orga_guests:add", language=language)).status_code == 200
    response = client.post(
        url("orga_guests:add", language=language),
        {
            "name_zh_hans": "王校长",
            "name_en": "President Wang",
            "public_title_zh_hans": "重庆大学校长",
            "public_title_en": "President of Chongqing University",
            "category": "president",
            "email": "wang@example.org",
            "language": "zh-hans",
        },
    )
    assert response.status_code == 302, response.content.decode()
    guest = Guest.objects.get(email="wang@example.org")
    assert client.get(url("orga_guests:guest", guest.pk, language=language)).status_code == 200
    response = client.post(
        url("orga_guests:edit", guest.pk, language=language),
        {"name_zh_hans": "王校长", "category": "president", "email": "wang@example.org",
         "language": "en", "mobile": "+8613900000001"},
    )  # fmt: skip
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("orga_guests:invite", guest.pk, language=language))
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert LINK.search(mail.body).group(1) == "en"
    arrival = conference.starts_at - timedelta(hours=10)
    response = client.post(
        url("orga_guests:itinerary", guest.pk, language=language),
        {"arrival": "flight", "arrival_number": "CA4321", "arrival_at": local(arrival),
         "hotel": "悦来酒店", "pickup": "on", "liaison_name": "张三", "seat": "A-1"},
    )  # fmt: skip
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.arrival_number == "CA4321" and guest.pickup and guest.seat == "A-1"
    # A second guest in the same seat: the form again, with the reason.
    other = GuestFactory(conference=conference)
    response = client.post(
        url("orga_guests:itinerary", other.pk, language=language), {"seat": "A-1"}
    )
    assert response.status_code == 400
    assert "A-1" in response.content.decode()
    # A bad date, NUL bytes and over-long text: the form again, never a 500.
    for bad in (
        {"arrival_at": "2020-13-45T99:99"},
        {"hotel": "酒店\x00"},
        {"needs": "x" * 3000},
        {"arrival": "rocket"},
    ):
        response = client.post(url("orga_guests:itinerary", other.pk, language=language), bad)
        assert response.status_code == 400, bad


def test_the_list_filters_counts_and_stays_bounded(
    client, protocol, conference, django_assert_max_num_queries
):
    day = conference.starts_at - timedelta(days=1)
    for n in range(30):
        GuestFactory(
            conference=conference,
            category="nobel" if n % 3 == 0 else "academician",
            status="onsite" if n % 2 else "invited",
            arrival_at=day if n % 2 else None,
        )
    client.force_login(protocol)
    with django_assert_max_num_queries(12):
        response = client.get(url("orga_guests:guests"))
    page = response.content.decode()
    assert 'data-testid="count-onsite"' in page
    assert response.context["total"] == 30
    response = client.get(url("orga_guests:guests"), {"category": "nobel", "status": "onsite"})
    assert len(response.context["page"]) == 5
    response = client.get(
        url("orga_guests:guests"), {"day": timezone.localtime(day).date().isoformat()}
    )
    assert len(response.context["page"]) == 15
    response = client.get(url("orga_guests:guests"), {"q": "嘉宾"})
    assert response.status_code == 200
    for bad in ({"day": "yesterday"}, {"q": "a\x00"}, {"category": "king"}):
        assert client.get(url("orga_guests:guests"), bad).status_code == 400
    with django_assert_max_num_queries(8):
        overview = client.get(url("orga_guests:itineraries"))
    assert len(overview.context["guests"]) == 15
    export = client.get(url("orga_guests:export"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(export.content))
    assert book.active.max_row == 31


def test_the_itinerary_overview_is_by_arrival_time(client, protocol, conference):
    later = GuestFactory(
        conference=conference, status="onsite", arrival_at=conference.starts_at, name_en="Later"
    )
    sooner = GuestFactory(
        conference=conference,
        status="onsite",
        arrival_at=conference.starts_at - timedelta(hours=5),
        arrival_number="G8500",
    )
    unknown = GuestFactory(conference=conference, status="onsite")
    GuestFactory(conference=conference, status="declined", arrival_at=conference.starts_at)
    client.force_login(protocol)
    for language in ("zh-hans", "en"):
        response = client.get(url("orga_guests:itineraries", language=language))
        assert response.context["guests"] == [sooner, later, unknown]
        assert "G8500" in response.content.decode()


@pytest.mark.parametrize("person", ["talent", "editor", "moderator"])
def test_nobody_else_sees_the_guests(client, request, person, guest):
    client.force_login(request.getfixturevalue(person))
    for name, args in (
        ("orga_guests:guests", ()),
        ("orga_guests:guest", (guest.pk,)),
        ("orga_guests:itineraries", ()),
        ("orga_guests:export", ()),
        ("orga_guests:honours", ()),
    ):
        assert client.get(url(name, *args)).status_code == 403


def test_the_honours_pages(
    client, protocol, conference, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(protocol)
    HonourFactory(year=2019, email="x@example.org")
    for language in ("zh-hans", "en"):
        assert client.get(url("orga_guests:honours", language=language)).status_code == 200
    assert (
        client.get(url("orga_guests:honours"), {"kind": "award", "year": "2019"}).status_code == 200
    )
    response = client.post(
        url("orga_guests:add_honour"),
        {
            "kind": "program",
            "year": 2020,
            "category_zh_hans": "创新领军人才",
            "name_zh_hans": "赵六",
            "email": "zhao@example.org",
        },
    )
    assert response.status_code == 302
    assert client.post(url("orga_guests:add_honour"), {"kind": "x"}).status_code == 400
    honour = Honour.objects.get(name_zh_hans="赵六")
    profile = ProfileFactory(user=UserFactory(email="zhao@example.org"))
    client.post(url("orga_guests:link", honour.pk), {"email": "zhao@example.org"})
    honour.refresh_from_db()
    assert honour.talent == profile
    client.post(url("orga_guests:link", honour.pk), {"email": "nobody@example.org"})
    client.post(url("orga_guests:link", honour.pk), {"email": "not an address"})
    client.post(url("orga_guests:link", honour.pk), {"email": ""})
    honour.refresh_from_db()
    assert honour.talent is None
    assert client.post(url("orga_guests:match")).status_code == 302
    honour.refresh_from_db()
    assert honour.talent == profile
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("orga_guests:invite_group"), {"kind": "program", "year": 2020})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["zhao@example.org"]]
    assert (
        client.post(url("orga_guests:invite_group"), {"kind": "program", "year": "x"}).status_code
        == 400
    )
    client.post(url("orga_guests:invite_group"), {"kind": "award", "year": 1999})
    assert client.get(url("orga_guests:honours_template")).status_code == 200


def _upload(rows):
    book = Workbook()
    book.active.append([c.heading for c in excel.COLUMNS])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("list.xlsx", buffer.getvalue())


def test_the_import_page(client, protocol, db):
    client.force_login(protocol)
    assert client.get(url("orga_guests:import_honours")).status_code == 200
    response = client.post(
        url("orga_guests:import_honours"),
        {"file": _upload([["重庆英才奖", 2019, "优秀科学家", "张三", "", "", "", ""]])},
    )
    assert response.status_code == 302
    response = client.post(
        url("orga_guests:import_honours"), {"file": _upload([["?", "", "", "", "", "", "", ""]])}
    )
    assert response.status_code == 400
    assert 'data-testid="row-errors"' in response.content.decode()
    response = client.post(
        url("orga_guests:import_honours"),
        {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
    )
    assert response.status_code == 400
    assert Honour.objects.count() == 1


# --- The RSVP page ------------------------------------------------------------------------
def _invite(protocol, guest) -> str:
    return services.invite(protocol, guest)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_guest_answers_through_the_link(client, protocol, guest, conference, language):
    secret = _invite(protocol, guest)
    page = client.get(url("rsvp:answer", secret, language=language))
    assert page.status_code == 200
    text = page.content.decode()
    assert ("李院士" if language == "zh-hans" else "Academician Li") in text
    assert (
        'name="public_consent"' in text
        and "checked" not in text.split('name="public_consent"')[1][:40]
    )
    assert page["Referrer-Policy"] == "same-origin"
    arrival = conference.starts_at - timedelta(hours=8)
    response = client.post(
        url("rsvp:answer", secret, language=language),
        {"status": "onsite", "arrival": "flight", "arrival_number": "MU5401",
         "arrival_at": local(arrival), "dietary": "清真", "language": language},
    )  # fmt: skip
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.status == "onsite" and guest.arrival_number == "MU5401"
    assert guest.public_consent_at is None
    first = guest.first_confirmed_at
    # The link reused after the answer: the answer recorded, the form to change it.
    page = client.get(url("rsvp:answer", secret, language=language))
    assert 'data-testid="answer-recorded"' in page.content.decode()
    client.post(
        url("rsvp:answer", secret, language=language),
        {"status": "onsite", "arrival": "flight", "arrival_number": "MU5401",
         "arrival_at": local(arrival), "language": language},
    )  # fmt: skip
    guest.refresh_from_db()
    assert guest.first_confirmed_at == first
    assert Guest.objects.filter(first_confirmed_at__isnull=False).count() == 1


def test_bad_answers_answer_the_form_again(client, protocol, guest, conference):
    secret = _invite(protocol, guest)
    address = url("rsvp:answer", secret)
    good = {"status": "onsite", "arrival": "train", "language": "en"}
    for bad in (
        {"status": "maybe"},
        {**good, "arrival_at": "2020-02-30T10:00"},
        {**good, "arrival_at": "tomorrow"},
        {**good, "dietary": "x\x00"},
        {**good, "needs": "x" * 5000},
        {**good, "arrival_number": "x" * 50},
        {**good, "language": "fr"},
        {**good, "arrival_at": local(conference.ends_at + timedelta(days=1))},
        {**good, "arrival_at": ""},  # by train, but when?
    ):
        response = client.post(address, bad)
        assert response.status_code == 400, bad
    guest.refresh_from_db()
    assert guest.answered_at is None


def test_a_guessed_link_is_not_found_and_guessing_is_limited(client, protocol, guest, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    secret = _invite(protocol, guest)
    for language in ("zh-hans", "en"):
        response = client.get(url("rsvp:answer", "x" * 43, language=language))
        assert response.status_code == 404
        assert 'data-testid="not-found"' in response.content.decode()
    # A NUL byte in the address: refused before the page (400), never a 500.
    assert client.get(url("rsvp:answer", "a\x00b")).status_code in (400, 404)
    response = client.get(url("rsvp:answer", "y" * 43))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    # Past the limit even the right link waits: guessing gains nothing.
    assert client.get(url("rsvp:answer", secret)).status_code == 429


def test_once_the_conference_has_begun_the_answer_stays(client, protocol, guest, conference):
    secret = _invite(protocol, guest)
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - timedelta(hours=1)
    )
    page = client.get(url("rsvp:answer", secret))
    assert 'data-testid="closed"' in page.content.decode()
    response = client.post(url("rsvp:answer", secret), {"status": "online", "language": "en"})
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.answered_at is None


def test_the_rsvp_page_answers_a_service_refusal_in_the_form(client, protocol, guest, monkeypatch):
    secret = _invite(protocol, guest)

    # The link replaced between the page and the answer: the reason, no 500.
    original = services.answer

    def answer_after_replacement(secret_, **kwargs):
        _invite(protocol, guest)
        return original(secret_, **kwargs)

    monkeypatch.setattr(services, "answer", answer_after_replacement)
    response = client.post(url("rsvp:answer", secret), {"status": "online", "language": "en"})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


# --- Public pages -------------------------------------------------------------------------
def test_the_public_list_shows_only_consented_confirmed_guests_and_no_contacts(
    client, conference, django_assert_max_num_queries
):
    now = timezone.now()
    shown = GuestFactory(
        conference=conference, status="onsite", public_consent_at=now, name_en="Shown Guest",
        mobile="+8613912345678", email="shown@example.org", hotel="Secret Hotel", seat="A-9",
    )  # fmt: skip
    GuestFactory(
        conference=conference, status="online", public_consent_at=now, name_zh_hans="线上嘉宾"
    )
    GuestFactory(conference=conference, status="onsite", name_zh_hans="未同意")
    GuestFactory(
        conference=conference, status="declined", public_consent_at=now, name_zh_hans="已谢绝"
    )
    GuestFactory(
        conference=conference, status="invited", public_consent_at=now, name_zh_hans="未回复"
    )
    for language in ("zh-hans", "en"):
        with django_assert_max_num_queries(6):
            page = client.get(url("guests:list", language=language)).content.decode()
        assert page.count('data-testid="public-guest"') == 2
        assert "线上嘉宾" in page
        for secret in (
            "未同意",
            "已谢绝",
            "未回复",
            shown.email,
            shown.mobile,
            "Secret Hotel",
            "A-9",
        ):
            assert secret not in page, secret
    assert "Shown Guest" in client.get(url("guests:list")).content.decode()


def test_the_public_honours_registry_and_the_award_name(client, db):
    HonourFactory(public_consent_at=timezone.now(), name_zh_hans="公开者")
    HonourFactory(name_zh_hans="未同意者")
    page = client.get(url("guests:honours", language="zh-hans")).content.decode()
    assert "公开者" in page and "未同意者" not in page
    SiteSettings.objects.update_or_create(
        pk=SiteSettings.objects.order_by("pk").values_list("pk", flat=True).first(),
        defaults={"site_name": "英才", "award_name_zh_hans": "重庆英才奖"},
    )
    forget_site_settings()
    page = client.get(url("guests:honours", language="zh-hans")).content.decode()
    assert "重庆英才奖" in page
    page = client.get(url("guests:honours", language="en")).content.decode()
    assert "Chongqing Outstanding Talents Award" in page
    assert "重庆英才奖" not in page


def test_no_conference_no_guests(client, protocol, db):
    Conference.objects.all().delete()
    assert client.get(url("guests:list")).status_code == 200
    client.force_login(protocol)
    assert client.get(url("orga_guests:guests")).status_code == 200
    assert client.get(url("orga_guests:itineraries")).status_code == 200
    assert settings.PUBLIC_FORM_RATE


def test_answers_through_one_link_are_limited(client, protocol, guest, monkeypatch):
    monkeypatch.setattr(views, "ANSWER_RATE", "2/h")
    secret = _invite(protocol, guest)
    answer = {"status": "online", "language": "en"}
    assert client.post(url("rsvp:answer", secret), answer).status_code == 302
    assert client.post(url("rsvp:answer", secret), answer).status_code == 302
    response = client.post(url("rsvp:answer", secret), answer)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    # Reading the answer is not limited.
    assert client.get(url("rsvp:answer", secret)).status_code == 200
