"""Registering, seats, the waiting list and cancellations (services/registration.py)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from yingcai.accounts import sms
from yingcai.attendance import tickets
from yingcai.attendance.models import Attendance, Registration, Session
from yingcai.attendance.services import registration as services
from yingcai.core.models import AuditEntry

from .factories import RegistrationFactory, SessionFactory, attend

pytestmark = pytest.mark.django_db


def register(session_modes, contact="13800138000", **kwargs):
    choices = [(s, m) for s, m in session_modes]
    conference = choices[0][0].conference if choices else kwargs.pop("conference")
    return services.register(
        conference=conference,
        name=kwargs.pop("name", "王小明"),
        contact=contact,
        kind=kwargs.pop("kind", Registration.Kind.TALENT),
        language=kwargs.pop("language", "zh-hans"),
        choices=choices,
        privacy_statement=kwargs.pop("privacy_statement", True),
        **kwargs,
    )


def test_online_is_confirmed_and_on_site_takes_a_seat_with_a_ticket(
    django_capture_on_commit_callbacks,
):
    opening = SessionFactory(kind=Session.Kind.OPENING, capacity=None, onsite=False)
    forum = SessionFactory(conference=opening.conference, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register([(opening, "online"), (forum, "onsite")])
    assert registration.mobile == "+8613800138000" and not registration.existing
    online, onsite = registration.attendances.order_by("session_id")
    assert online.status == onsite.status == "confirmed"
    assert online.ticket is None and onsite.ticket
    forum.refresh_from_db()
    assert forum.taken == 1
    # The SMS leads to the person's page.
    (message,) = sms.outbox
    assert message["to"] == "+8613800138000"
    assert f"/agenda/me/{registration.key}/" in message["text"]
    assert AuditEntry.objects.filter(action="attendance.registered").count() == 1


def test_a_session_without_capacity_counts_no_seat():
    hall = SessionFactory(capacity=None)
    registration = register([(hall, "onsite")])
    attendance = registration.attendances.get()
    assert attendance.status == "confirmed" and attendance.ticket
    hall.refresh_from_db()
    assert hall.taken == 0


def test_a_full_session_puts_the_next_on_the_waiting_list_and_a_cancellation_promotes(
    django_capture_on_commit_callbacks,
):
    forum = SessionFactory(capacity=1)
    first = register([(forum, "onsite")], contact="13800138000")
    second = register([(forum, "onsite")], contact="first@example.com", language="en")
    third = register([(forum, "onsite")], contact="13800138002")
    waiting = second.attendances.get()
    assert waiting.status == "waiting" and waiting.ticket is None
    assert services.queue_positions([waiting, third.attendances.get()]) == {
        waiting.pk: 1,
        third.attendances.get().pk: 2,
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_attendance(None, first.attendances.get(), key=first.key)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.ticket and waiting.confirmed_at
    forum.refresh_from_db()
    assert forum.taken == 1
    (message,) = mail.outbox
    assert message.to == ["first@example.com"]
    assert "A seat is yours" in message.subject
    assert f"/en/agenda/me/{second.key}/" in message.body
    code = tickets.sign(waiting.ticket, forum.pk, timezone.localdate(forum.starts_at))
    assert code in message.body
    assert message.attachments[0][0].endswith(".svg")
    assert AuditEntry.objects.filter(action="attendance.promoted").count() == 1


def test_cancelling_without_anyone_waiting_frees_the_seat():
    forum = SessionFactory(capacity=3)
    registration = register([(forum, "onsite")])
    services.cancel_attendance(None, registration.attendances.get(), key=registration.key)
    forum.refresh_from_db()
    assert forum.taken == 0


def test_the_confirmation_mail_carries_the_ticket(django_capture_on_commit_callbacks):
    forum = SessionFactory(capacity=5, title="英才论坛")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register([(forum, "onsite")], contact="Li@Example.com")
    assert registration.email == "li@example.com" and registration.mobile == ""
    (message,) = mail.outbox
    assert "英才论坛" in message.body
    attendance = registration.attendances.get()
    assert tickets.sign(attendance.ticket, forum.pk, timezone.localdate(forum.starts_at)) in (
        message.body
    )
    _name, content, kind = message.attachments[0]
    assert kind == "image/svg+xml" and content.startswith("<svg")


def test_a_second_registration_of_one_contact_answers_the_first():
    forum = SessionFactory()
    first = register([(forum, "onsite")], contact="+86 138 0013 8000")
    again = register([(forum, "online")], contact="13800138000", name="别人")
    assert again.existing and again.pk == first.pk
    assert Registration.objects.count() == 1
    by_mail = register([(forum, "online")], contact="a@example.com")
    assert register([(forum, "online")], contact="A@EXAMPLE.com").pk == by_mail.pk


def test_a_signed_in_person_is_linked(talent):
    forum = SessionFactory()
    registration = register([(forum, "online")], user=talent)
    assert registration.user == talent


def test_adding_a_session_and_taking_up_a_cancelled_one_again():
    forum = SessionFactory(capacity=5)
    other = SessionFactory(conference=forum.conference, capacity=5)
    registration = register([(forum, "onsite")])
    added = services.add_attendance(registration, other, "onsite", key=registration.key)
    assert added.status == "confirmed" and added.ticket
    services.cancel_attendance(None, added, key=registration.key)
    again = services.add_attendance(registration, other, "online", key=registration.key)
    assert again.pk == added.pk and again.status == "confirmed" and again.mode == "online"
    # The secret once issued stays with the row (the revocation list knows it); online, it
    # admits nobody.
    assert again.ticket == added.ticket and not services.admits(again)
    other.refresh_from_db()
    assert other.taken == 0
    services.cancel_attendance(None, again, key=registration.key)
    back = services.add_attendance(registration, other, "onsite", key=registration.key)
    assert back.ticket == added.ticket and services.admits(back)


def test_cancelling_a_registration_cancels_every_session_and_promotes():
    forum = SessionFactory(capacity=1)
    hall = SessionFactory(conference=forum.conference, capacity=None)
    registration = register([(forum, "onsite"), (hall, "onsite")])
    waiting = register([(forum, "onsite")], contact="13800138009").attendances.get()
    services.cancel_registration(None, registration, key=registration.key)
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert set(registration.attendances.values_list("status", flat=True)) == {"cancelled"}
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    # The person may come back: adding a session opens the registration again.
    services.add_attendance(registration, hall, "onsite", key=registration.key)
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_organisers_cancel_on_a_persons_behalf(editor):
    forum = SessionFactory(capacity=1)
    registration = register([(forum, "onsite")])
    services.cancel_attendance(editor, registration.attendances.get())
    assert registration.attendances.get().status == "cancelled"
    entry = AuditEntry.objects.get(action="attendance.cancelled")
    assert entry.actor == editor


def test_the_factory_and_the_services_agree():
    forum = SessionFactory(capacity=1)
    attend(RegistrationFactory(conference=forum.conference), forum)
    registration = register([(forum, "onsite")])
    assert registration.attendances.get().status == Attendance.Status.WAITING


def test_the_session_closes_at_its_start_by_default():
    forum = SessionFactory(starts_at=timezone.now() + timedelta(hours=1))
    assert forum.closes_at == forum.starts_at
