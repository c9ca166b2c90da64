"""The registrations' confirmations: owed in the row, sent by a sweep after the commit
(services/confirmations.py); one sweep per process per `ATTENDANCE_CONFIRMATION_DELAY` when the
task backend can defer it."""

from collections import Counter
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from yingcai.accounts import sms
from yingcai.attendance.models import Registration
from yingcai.attendance.services import confirmations
from yingcai.attendance.services import registration as services

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from .factories import SessionFactory

DEFERRING = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "mail"],
    }
}


@pytest.fixture(autouse=True)
def _no_sweep_queued():
    confirmations._next[0] = 0.0
    yield
    confirmations._next[0] = 0.0


def register(session, contact, **kwargs):
    return services.register(
        conference=session.conference,
        name="王小明",
        contact=contact,
        kind=Registration.Kind.TALENT,
        language="zh-hans",
        choices=[(session, "online")],
        privacy_statement=True,
        link_base="https://yingcai.example",
        **kwargs,
    )


@pytest.mark.django_db
def test_the_registration_owes_its_confirmation_until_the_sweep_after_the_commit_sends_it(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(online=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = register(session, "13800138000")
    # Written in its transaction, nothing sent by the request itself.
    assert Registration.objects.get(pk=registration.pk).confirmation_due
    assert sms.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    (message,) = sms.outbox
    assert message["to"] == "+8613800138000"
    assert f"https://yingcai.example/zh-hans/agenda/me/{registration.key}/" in message["text"]
    assert not Registration.objects.get(pk=registration.pk).confirmation_due
    # A second sweep finds nothing owed.
    assert confirmations.send_due("https://yingcai.example") == 0
    assert len(sms.outbox) == 1


@pytest.mark.django_db
def test_a_burst_queues_one_sweep_that_runs_after_the_last_of_them(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(online=True)
    before = timezone.now()
    with override_settings(TASKS=DEFERRING, ATTENDANCE_CONFIRMATION_DELAY=30):
        with django_capture_on_commit_callbacks(execute=True):
            registrations = [register(session, f"1380013800{n}") for n in range(3)]
        (queued,) = default_task_backend.results
    # Past the delay, with a margin: every registration that did not queue its own sweep
    # committed before this one runs.
    assert queued.task.run_after >= before + timedelta(seconds=30)
    assert queued.args == ["https://yingcai.example"]
    assert sms.outbox == []
    assert Registration.objects.filter(confirmation_due=True).count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert confirmations.send_due(*queued.args) == 3
    assert sorted(m["to"] for m in sms.outbox) == [r.mobile for r in registrations]
    assert not Registration.objects.filter(confirmation_due=True).exists()


@pytest.mark.django_db
def test_a_registration_cancelled_before_the_sweep_is_not_confirmed(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(online=True)
    registration = register(session, "13800138000")  # its commit callbacks never ran
    services.cancel_registration(None, registration, key=registration.key)
    with django_capture_on_commit_callbacks(execute=True):
        assert confirmations.send_due("") == 1
    assert sms.outbox == []
    assert not Registration.objects.get(pk=registration.pk).confirmation_due


@postgresql_only
def test_two_sweeps_at_once_tell_each_person_once(transactional_db):
    put_back_reference_rows()
    session = SessionFactory(online=True)
    with override_settings(TASKS=DEFERRING, ATTENDANCE_CONFIRMATION_DELAY=30):
        for n in range(60):
            register(session, f"138001{n:05d}")
    sent = []

    def sweep():
        sent.append(confirmations.send_due("https://yingcai.example"))

    assert at_once([sweep, sweep, sweep]) == ["ok", "ok", "ok"]
    assert sum(sent) == 60
    assert Counter(m["to"] for m in sms.outbox).most_common(1)[0][1] == 1
    assert len(sms.outbox) == 60
    assert not Registration.objects.filter(confirmation_due=True).exists()
