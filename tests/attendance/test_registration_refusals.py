"""Every refusal of the registration's services and rules, in the person's words."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yingcai.attendance.models import Registration
from yingcai.attendance.rules import registration as rules_
from yingcai.attendance.services import codes
from yingcai.attendance.services import registration as services

from ..factories import UserFactory
from .factories import ConferenceFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def register(choices, **kwargs):
    values = {
        "conference": choices[0][0].conference if choices else ConferenceFactory(),
        "name": "王小明",
        "contact": "13800138000",
        "kind": "talent",
        "language": "en",
        "choices": choices,
        "privacy_statement": True,
    }
    values.update(kwargs)
    return services.register(**values)


def refused(call, words):
    with pytest.raises((ValidationError, PermissionDenied)) as caught:
        call()
    error = caught.value
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    assert words in text, text


def test_privacy_name_kind_and_no_session():
    forum = SessionFactory()
    refused(lambda: register([(forum, "online")], privacy_statement=None), "privacy statement")
    refused(lambda: register([(forum, "online")], name="  "), "Enter your name")
    refused(lambda: register([(forum, "online")], name="a\x00b"), "Enter your name")
    refused(lambda: register([(forum, "online")], name="x" * 101), "Enter your name")
    refused(lambda: register([(forum, "online")], kind="vip"), "Choose who you are")
    refused(lambda: register([], conference=forum.conference), "at least one session")
    assert not Registration.objects.exists()


def test_sessions_that_cannot_be_chosen():
    forum = SessionFactory(online=False)
    other_conference_session = SessionFactory(conference=ConferenceFactory(is_current=False))
    refused(lambda: register([(forum, "online")]), "is not followed online")
    stream = SessionFactory(onsite=False, online=True, capacity=None)
    refused(lambda: register([(stream, "onsite")]), "is not attended on site")
    refused(lambda: register([(forum, "standing")]), "Choose online or on site")
    refused(
        lambda: register([(other_conference_session, "onsite")], conference=forum.conference),
        "not on this conference's agenda",
    )
    hidden = SessionFactory(is_published=False)
    refused(lambda: register([(hidden, "onsite")]), "not open for registration")
    past = SessionFactory(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    refused(lambda: register([(past, "onsite")]), "Registration for this session has closed")
    closed = SessionFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))
    refused(lambda: register([(closed, "onsite")]), "has closed")
    assert not Registration.objects.exists()


def test_contacts_that_are_not_contacts():
    forum = SessionFactory()
    refused(lambda: register([(forum, "online")], contact="12345"), "valid mobile number")
    refused(lambda: register([(forum, "online")], contact="a@b"), "valid e-mail address")
    refused(lambda: register([(forum, "online")], contact=""), "mobile number or an e-mail")
    refused(lambda: register([(forum, "online")], contact="1\x00"), "mobile number or an e-mail")


def test_adding_and_cancelling_refusals():
    forum = SessionFactory(capacity=3)
    registration = register([(forum, "onsite")])
    attendance = registration.attendances.get()
    refused(
        lambda: services.add_attendance(registration, forum, "online", key=registration.key),
        "already registered for this session",
    )
    # Someone else's key, or nobody: not allowed.
    refused(lambda: services.cancel_attendance(None, attendance, key="wrong"), "not allowed")
    refused(lambda: services.cancel_attendance(UserFactory(), attendance), "not allowed")
    services.cancel_attendance(None, attendance, key=registration.key)
    refused(
        lambda: services.cancel_attendance(None, attendance, key=registration.key),
        "already cancelled",
    )
    services.cancel_registration(None, registration, key=registration.key)
    refused(
        lambda: services.cancel_registration(None, registration, key=registration.key),
        "already cancelled",
    )


def test_rows_gone_meanwhile():
    forum = SessionFactory(capacity=3)
    registration = register([(forum, "onsite")])
    attendance = registration.attendances.get()
    stale = Registration.objects.get(pk=registration.pk)
    attendance_pk = attendance.pk
    attendance.delete()
    attendance.pk = attendance_pk
    refused(
        lambda: services.cancel_attendance(None, attendance, key=registration.key),
        "no longer exists",
    )
    Registration.objects.filter(pk=stale.pk).delete()
    other = SessionFactory(conference=forum.conference)
    refused(
        lambda: services.add_attendance(stale, other, "online", key=stale.key),
        "no longer exists",
    )


def test_codes_too_often_and_too_many_tries():
    codes.send_code("13800138000", ip="10.0.0.1")
    with pytest.raises(codes.TooManyCodes) as caught:
        codes.send_code("138 0013 8000", ip="10.0.0.2")
    assert "wait before asking again" in caught.value.messages[0]
    assert 1 <= caught.value.retry_after <= 61
    for n in range(30):
        codes.send_code(f"1390000{n:04d}", ip="10.0.0.9")
    with pytest.raises(codes.TooManyCodes) as caught:
        codes.send_code("13911112222", ip="10.0.0.9")
    assert "from your address" in caught.value.messages[0]
    for _try in range(5):
        assert codes.check_code("+8613800138000", "000000") is False
    with pytest.raises(codes.CodeVoided) as caught:
        codes.check_code("+8613800138000", "000000")
    assert "Ask for a new code" in caught.value.messages[0]


def test_the_rules_refuse_what_is_not_theirs():
    anonymous = AnonymousUser()
    assert rules_.session_is_published(anonymous, None) is False
    assert rules_.registration_is_open(anonymous, None) is False
    assert rules_.is_own_registration(anonymous, None) is False
    registration = Registration(user_id=None)
    assert rules_.is_own_registration(UserFactory(), registration) is False
