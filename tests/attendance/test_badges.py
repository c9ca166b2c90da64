"""Badge PDFs: participants on site of a session (editors), guests on site (protocol)."""

import pytest
from django.urls import reverse

from yingcai.attendance import badges
from yingcai.attendance.models import Attendance
from yingcai.guests.models import Guest

from ..guests.factories import GuestFactory
from .factories import RegistrationFactory, SessionFactory, attend, ticket_code


@pytest.fixture
def session(db):
    return SessionFactory(title_zh_hans="开幕式", title_en="Opening ceremony")


def test_participant_badges(client, session, editor):
    for n in range(5):
        attend(RegistrationFactory(name=f"参会者{n}"), session)
    attend(RegistrationFactory(), session, mode=Attendance.Mode.ONLINE)
    content = badges.participant_badges(session)
    assert content.startswith(b"%PDF")
    assert b"STSong-Light" in content
    client.force_login(editor)
    response = client.get(reverse("checkin:participant_badges", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_empty_list_still_prints(session):
    assert badges.participant_badges(session).startswith(b"%PDF")


def test_the_badge_carries_the_ticket(session):
    attendance = attend(RegistrationFactory(), session)
    # The QR code is drawn from the very code the gates verify.
    assert ticket_code(attendance).startswith("YC1.")


def test_guest_badges(client, session, protocol, editor):
    GuestFactory(status=Guest.Status.ONSITE, seat="A-12", name_en="Guest One")
    GuestFactory(status=Guest.Status.INVITED)
    client.force_login(protocol)
    response = client.get(reverse("checkin:guest_badges"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    client.force_login(editor)
    assert client.get(reverse("checkin:guest_badges")).status_code == 403
