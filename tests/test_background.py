"""The embedded default's background work: queued in the database, run by `yingcai db_worker`.

The rest of the suite runs tasks at once (tests/settings.py); here the real default backend
queues them, so a form post returns before the work is done and the worker does it later.
The worker's own task runner runs them here (its polling loop closes the connection between
tasks, which a test's transaction cannot survive); tests/test_deployment.py runs the real
`yingcai db_worker --batch` and `yingcai serve` in processes of their own.
"""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from yingcai import settings as real
from yingcai.accounts import sms
from yingcai.attendance.models import Registration
from yingcai.attendance.services import confirmations
from yingcai.attendance.services import registration as attendance
from yingcai.core.tasks import send_email
from yingcai.jobs.models import Job, Recommendation
from yingcai.jobs.views.talent import PENDING_FOR, refresh_pending
from yingcai.stats import services as stats
from yingcai.stats.models import Export
from yingcai.talents.models import TalentProfile

from .attendance.factories import SessionFactory
from .jobs.test_orga import submitted
from .jobs.test_recommendations import chip_talent, jobs  # noqa: F401 - a fixture
from .talents.helpers import en, zh
from .talents.test_profile import profile_data

FOR_TALENT, FOR_JOB = "talent", "job"
REFRESH = "yingcai.jobs.tasks.refresh_recommendations"
SWEEP = "yingcai.attendance.tasks.send_confirmations"


@pytest.fixture
def database_queue(settings):
    """The embedded default's task backend (src/yingcai/settings.py without REDIS_URL)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
    }


def run_worker():
    """What `yingcai db_worker --batch` does: claim each queued task and run it, until none
    is left (tasks queued by a task included)."""
    worker = Worker(
        queue_names=["default", "mail"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    while row := DBTaskResult.objects.ready().order_by("enqueued_at").first():
        row.claim(worker.worker_id)
        worker.run_task(row)


def queued(task_path=None):
    rows = DBTaskResult.objects.filter(status="READY")
    if task_path:
        rows = rows.filter(task_path=task_path)
    return list(rows)


def test_the_embedded_default_is_the_database_queue():
    """The settings themselves (not the tests'): without Redis, tasks go to the database."""

    assert real.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in real.INSTALLED_APPS


@pytest.mark.django_db
@pytest.mark.usefixtures("jobs")
def test_a_profile_save_queues_its_recommendations_and_the_worker_computes_them(
    client, talent, database_queue, django_capture_on_commit_callbacks
):
    client.force_login(talent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("talent:profile"), profile_data())
    assert response.status_code == 302
    # Answered without computing anything: the refresh waits in the queue.
    assert not Recommendation.objects.exists()
    [row] = queued(REFRESH)
    assert row.args_kwargs == {"args": [], "kwargs": {"talent_ids": [talent.pk]}}
    page = client.get(en("talent:recommendations")).content.decode()
    assert 'data-testid="pending"' in page and 'data-testid="refreshed"' not in page

    run_worker()

    assert Recommendation.objects.filter(direction=FOR_TALENT, talent=talent).count() == 3
    assert DBTaskResult.objects.get(pk=row.pk).status == "SUCCESSFUL"
    page = client.get(en("talent:recommendations")).content.decode()
    assert 'data-testid="pending"' not in page
    assert 'data-testid="refreshed"' in page and "Refreshed just now" in page
    # A later save waits for the worker again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(en("talent:profile"), profile_data(skills="Verilog"))
    page = client.get(en("talent:recommendations")).content.decode()
    assert 'data-testid="pending"' in page


@pytest.mark.django_db
def test_an_approval_queues_the_jobs_list_and_its_mail_for_the_worker(
    client, verifier, owner, organisation, database_queue, django_capture_on_commit_callbacks
):
    chip_talent(visibility="open")
    job = submitted(organisation=organisation, title="模拟集成电路设计工程师")
    client.force_login(verifier)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("orga_jobs:review", job.pk), {"decision": "approve"})
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).status == "published"
    # Neither the recommendations nor the owner's mail were made inside the request.
    assert not Recommendation.objects.exists()
    assert mail.outbox == []
    assert len(queued(REFRESH)) == 1
    assert len(queued("yingcai.core.tasks.send_email")) == 1
    client.force_login(owner)
    applicants = en("employer:applicants", organisation.pk, job.pk)
    assert 'data-testid="pending"' in client.get(applicants).content.decode()

    run_worker()

    assert Recommendation.objects.filter(direction=FOR_JOB, job=job).count() == 1
    assert [m.to for m in mail.outbox] == [[owner.email]]
    # A sent message leaves no copy of its body in the queue (reset links, codes).
    assert not DBTaskResult.objects.filter(queue_name="mail").exists()
    page = client.get(applicants).content.decode()
    assert 'data-testid="pending"' not in page and "Refreshed just now" in page


@pytest.mark.django_db
def test_sms_and_exports_travel_through_the_queue(
    plain_staff, settings, tmp_path, database_queue, django_capture_on_commit_callbacks
):
    """Every task's arguments are JSON, as a queue that stores them needs."""
    settings.MEDIA_ROOT = tmp_path / "media"
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sms.send_sms("+8613800138000", "[Yingcai] 123456")
        stats.request_export(plain_staff, "csv")
    assert sms.outbox == []
    assert Export.objects.get().status != Export.Status.READY
    run_worker()
    assert sms.outbox == [{"to": "+8613800138000", "text": "[Yingcai] 123456"}]
    assert Export.objects.get().status == Export.Status.READY


@pytest.mark.django_db
def test_a_failed_message_stays_in_the_queue_for_the_operator(settings, database_queue):
    settings.EMAIL_BACKEND = "tests.test_background.BrokenMail"

    send_email.enqueue(subject="s", body="b", to=["a@example.com"], from_email="n@example.com")
    run_worker()
    assert DBTaskResult.objects.get(queue_name="mail").status == "FAILED"


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("the mail server is down")


def test_refresh_pending_waits_only_a_while():

    now = timezone.now()
    assert refresh_pending(now, None)
    assert refresh_pending(now, now - timedelta(seconds=1))
    assert not refresh_pending(now, now)
    assert not refresh_pending(now - PENDING_FOR - timedelta(seconds=1), None)
    assert not refresh_pending(None, None)


@pytest.mark.django_db
def test_the_lists_say_when_they_were_refreshed_in_both_languages(
    client, talent, owner, organisation
):

    chip_talent(talent)
    earlier = timezone.now() - timedelta(minutes=3, seconds=10)
    TalentProfile.objects.filter(user=talent).update(
        updated_at=earlier - timedelta(minutes=1), recommendations_refreshed_at=earlier
    )
    client.force_login(talent)
    page = client.get(zh("talent:recommendations")).content.decode()
    assert "更新于 3\xa0分钟前" in page and 'data-testid="pending"' not in page
    page = client.get(en("talent:recommendations")).content.decode()
    assert "Refreshed 3\xa0minutes ago" in page
    job = submitted(organisation=organisation)
    Job.objects.filter(pk=job.pk).update(
        status="published",
        published_at=earlier - timedelta(hours=2),
        recommendations_refreshed_at=earlier - timedelta(hours=1),
    )
    client.force_login(owner)
    page = client.get(en("employer:applicants", organisation.pk, job.pk)).content.decode()
    assert "Refreshed 1\xa0hour ago" in page and 'data-testid="pending"' not in page


@pytest.mark.django_db
def test_a_burst_of_registrations_is_confirmed_by_one_sweep_the_worker_runs_when_due(
    database_queue, settings, django_capture_on_commit_callbacks
):
    settings.ATTENDANCE_CONFIRMATION_DELAY = 0.2
    confirmations._next[0] = 0.0
    session = SessionFactory(online=True)
    with django_capture_on_commit_callbacks(execute=True):
        registrations = [
            attendance.register(
                conference=session.conference,
                name="王小明",
                contact=f"1380013800{n}",
                kind=Registration.Kind.TALENT,
                language="zh-hans",
                choices=[(session, "online")],
                privacy_statement=True,
            )
            for n in range(3)
        ]
    sweeps = DBTaskResult.objects.filter(task_path=SWEEP)
    assert sweeps.count() == 1
    # Deferred past the delay and its margin: not ready yet, nothing sent.
    assert not DBTaskResult.objects.ready().exists()
    run_worker()
    assert sms.outbox == []
    time.sleep(0.2 + confirmations.MARGIN + 0.1)
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    run_worker()  # the three text messages the sweep queued
    assert sorted(m["to"] for m in sms.outbox) == [r.mobile for r in registrations]
    assert not Registration.objects.filter(confirmation_due=True).exists()
    confirmations._next[0] = 0.0
