"""The job fair under simultaneous clients: every state change of an application locks its row
and re-checks its state; one interview per invitation is a database constraint.

The PostgreSQL tests run 20+ parallel clients and count rows afterwards; the SQLite tests
check the refusals in words."""

import itertools
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone, translation

from yingcai.api import services as tokens
from yingcai.jobs import services
from yingcai.jobs.models import (
    Application,
    ApplicationEvent,
    Interview,
    InterviewSlot,
    Job,
    Stage,
)

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import JobFactory, MembershipFactory, OrganisationFactory, ProfileFactory
from .test_employer import applicant

WITHDRAWN_MESSAGE = "has withdrawn the application."


@pytest.fixture
def reference_rows(transactional_db):
    put_back_reference_rows()


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def fair(db):
    """An organisation with its owner and recruiter, a published job and its pipeline."""
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role="owner").user
    recruiter = MembershipFactory(organisation=organisation, role="recruiter").user
    job = JobFactory(organisation=organisation, created_by=recruiter)
    return SimpleNamespace(organisation=organisation, owner=owner, recruiter=recruiter, job=job)


def assert_history_unbroken(application):
    """Each stage change starts where the one before ended, and the last ends where it is."""
    application.refresh_from_db()
    events = list(ApplicationEvent.objects.filter(application=application).order_by("pk"))
    assert events[0].from_stage_id is None
    for before, after in itertools.pairwise(events):
        assert after.from_stage_id == before.to_stage_id, "a break in the from→to chain"
    assert events[-1].to_stage_id == application.stage_id
    return events


def future_slots(job, count, days=3):
    starts = timezone.now() + timedelta(days=days)
    return [
        InterviewSlot.objects.create(
            job=job,
            starts_at=starts + timedelta(hours=i),
            ends_at=starts + timedelta(hours=i, minutes=45),
            mode="online",
            link=f"https://meeting.example.cn/j/{i}",
        )
        for i in range(count)
    ]


def invite(recruiter, application, slots):
    invitation = application.interview_invitations.create(created_by=recruiter)
    invitation.slots.add(*slots)
    return invitation


# --- PostgreSQL: parallel clients --------------------------------------------------------------
@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_moves_keep_the_history_unbroken(reference_rows, fair):
    organisation = fair.organisation
    owner = fair.owner
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    built_in = [s for s in services.ensure_stages(organisation) if s.key != "withdrawn"]
    added = [services.add_stage(owner, organisation, f"复试{i}") for i in range(20 - len(built_in))]
    stages = built_in + added
    outcomes = at_once(
        [lambda stage=stage: services.move(recruiter, [application], stage) for stage in stages]
    )
    assert outcomes == ["ok"] * 20
    events = assert_history_unbroken(application)
    # The first event is the application itself; a move to the stage it is in records nothing.
    assert len(events) in (20, 21)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_moves_through_the_api_keep_the_history_unbroken(reference_rows, fair):
    organisation = fair.organisation
    owner = fair.owner
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    built_in = [s for s in services.ensure_stages(organisation) if s.key != "withdrawn"]
    added = [services.add_stage(owner, organisation, f"复试{i}") for i in range(20 - len(built_in))]
    _token, secret = tokens.create_token(recruiter, "script", "read-write")
    url = f"/api/me/organisations/{organisation.pk}/applicants/{application.pk}/stage"
    statuses = []

    def post(stage):
        response = Client().post(
            url,
            {"stage": stage.pk},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        statuses.append(response.status_code)

    outcomes = at_once([lambda stage=stage: post(stage) for stage in built_in + added])
    assert outcomes == ["ok"] * 20
    assert statuses == [200] * 20
    assert_history_unbroken(application)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_overlapping_bulk_moves_neither_deadlock_nor_break_histories(reference_rows, fair):
    organisation = fair.organisation
    recruiter = fair.recruiter
    job = fair.job
    applications = [applicant(job) for _ in range(8)]
    targets = [s for s in services.ensure_stages(organisation) if s.key != "withdrawn"]
    calls = []
    for i in range(20):
        # Each client sends the same applications in its own order.
        order = applications[i % 8 :] + applications[: i % 8]
        order = order if i % 2 else list(reversed(order))
        target = targets[i % len(targets)]
        calls.append(lambda o=order, s=target: services.move(recruiter, o, s))
    assert at_once(calls) == ["ok"] * 20
    for application in applications:
        assert_history_unbroken(application)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_racing_moves_is_never_lost(reference_rows, fair):
    organisation = fair.organisation
    recruiter = fair.recruiter
    job = fair.job
    offer = services.stage_for(organisation, "offer")
    interview = services.stage_for(organisation, "interview")
    for _trial in range(6):
        application = applicant(job)
        services.move(recruiter, [application], interview)
        calls = [lambda a=application: services.withdraw(a.talent, a)]
        calls += [lambda a=application: services.move(recruiter, [a], offer)] * 19
        outcomes = at_once(calls)
        application.refresh_from_db()
        # The talent was told "withdrawn": that is where the application ends.
        assert outcomes[0] == "ok"
        assert application.stage.key == "withdrawn"
        for outcome in outcomes[1:]:
            assert outcome == "ok" or outcome.endswith(WITHDRAWN_MESSAGE), outcome
        events = assert_history_unbroken(application)
        assert [e.to_stage.key for e in events][-1] == "withdrawn"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_four_bookings_over_three_slots_make_one_interview(reference_rows, fair):
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    slots = future_slots(job, 3)
    invitation = invite(recruiter, application, slots)
    outcomes = at_once(
        [
            lambda slot=slots[i % 3]: services.book_interview(application.talent, invitation, slot)
            for i in range(24)
        ]
    )
    assert Counter(outcomes) == {"ok": 1, "You have already chosen an interview time.": 23}
    assert Interview.objects.filter(application=application).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_step_deleted_while_applications_move_into_it(reference_rows, fair):
    organisation = fair.organisation
    owner = fair.owner
    recruiter = fair.recruiter
    job = fair.job
    applications = [applicant(job) for _ in range(19)]
    services.ensure_stages(organisation)
    written = services.add_stage(owner, organisation, "笔试")
    calls = [lambda: services.delete_stage(owner, written)]
    calls += [lambda a=a: services.move(recruiter, [a], written) for a in applications]
    outcomes = at_once(calls)
    moved = outcomes[1:].count("ok")
    refused = {"This step no longer exists.", "ok"}
    assert set(outcomes[1:]) <= refused, outcomes
    if outcomes[0] == "ok":
        assert not Stage.objects.filter(pk=written.pk).exists()
        assert moved == 0
    else:
        assert outcomes[0] == "Move the applications out of this step before deleting it."
        assert Application.objects.filter(stage=written).count() == moved > 0


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_steps_inserted_at_once_after_one_step_get_distinct_positions(reference_rows, fair):
    organisation = fair.organisation
    owner = fair.owner
    screened = services.stage_for(organisation, "screened")
    outcomes = at_once(
        [
            lambda i=i: services.add_stage(owner, organisation, f"面试{i}", after=screened)
            for i in range(20)
        ]
    )
    assert outcomes == ["ok"] * 20
    positions = list(organisation.stages.values_list("position", flat=True))
    assert len(positions) == 27 and len(set(positions)) == 27


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_clicks_on_apply_make_one_application(reference_rows, fair):
    talent = ProfileFactory().user
    services.give_consent(talent, fair.organisation)
    outcomes = at_once([lambda: services.apply(talent, fair.job, "") for _ in range(20)])
    assert outcomes == ["ok"] * 20
    assert Application.objects.filter(job=fair.job, talent=talent).count() == 1
    assert ApplicationEvent.objects.filter(application__talent=talent).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_applications_racing_the_closing_of_the_job_come_before_it(reference_rows, fair):
    talents = [ProfileFactory().user for _ in range(19)]
    for talent in talents:
        services.give_consent(talent, fair.organisation)
    calls = [lambda: services.close_job(fair.recruiter, fair.job)]
    calls += [lambda t=t: services.apply(t, fair.job, "") for t in talents]
    outcomes = at_once(calls)
    assert outcomes[0] == "ok"
    assert set(outcomes[1:]) <= {"ok", "This job requirement is not open for applications."}
    fair.job.refresh_from_db()
    applications = Application.objects.filter(job=fair.job)
    assert applications.count() == outcomes[1:].count("ok")
    assert all(a.created_at <= fair.job.closed_at for a in applications)


# --- Refusals, on any database -----------------------------------------------------------------
@pytest.mark.django_db
def test_one_interview_per_invitation_is_a_database_constraint(fair):
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    first, second = future_slots(job, 2)
    invitation = invite(recruiter, application, [first, second])
    Interview.objects.create(application=application, slot=first, invitation=invitation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(application=application, slot=second, invitation=invitation)


@pytest.mark.django_db
def test_a_second_booking_for_one_invitation_is_refused_in_words(fair):
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    first, second = future_slots(job, 2)
    invitation = invite(recruiter, application, [first, second])
    services.book_interview(application.talent, invitation, first)
    with pytest.raises(ValidationError, match="You have already chosen an interview time"):
        services.book_interview(application.talent, invitation, second)
    assert Interview.objects.filter(application=application).count() == 1


@pytest.mark.django_db
def test_a_withdrawn_application_books_and_is_offered_no_interview(fair):
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    slot = future_slots(job, 1)[0]
    invitation = invite(recruiter, application, [slot])
    services.withdraw(application.talent, application)
    with pytest.raises(ValidationError, match="This application is closed"):
        services.book_interview(application.talent, invitation, slot)
    starts = timezone.now() + timedelta(days=5)
    with pytest.raises(ValidationError, match=WITHDRAWN_MESSAGE):
        services.propose_interview(
            recruiter,
            application,
            [
                {
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=1),
                    "mode": "online",
                    "link": "https://meeting.example.cn/j/9",
                }
            ],
        )
    assert not Interview.objects.exists()


@pytest.mark.django_db
def test_a_move_prepared_before_the_withdrawal_is_refused(fair):
    """The employer's page was opened before the talent withdrew: the stale object says
    "interview", the row says "withdrawn", and the row decides."""
    organisation = fair.organisation
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    services.move(recruiter, [application], services.stage_for(organisation, "interview"))
    stale = Application.objects.get(pk=application.pk)
    services.withdraw(application.talent, Application.objects.get(pk=application.pk))
    with pytest.raises(ValidationError, match=WITHDRAWN_MESSAGE):
        services.move(recruiter, [stale], services.stage_for(organisation, "offer"))
    events = assert_history_unbroken(application)
    assert [e.to_stage.key for e in events] == ["applied", "interview", "withdrawn"]


@pytest.mark.django_db
def test_a_withdrawal_prepared_before_the_hiring_is_refused(fair):
    organisation = fair.organisation
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    stale = Application.objects.get(pk=application.pk)
    services.move(recruiter, [application], services.stage_for(organisation, "hired"))
    with pytest.raises(ValidationError, match="can no longer be withdrawn"):
        services.withdraw(application.talent, stale)
    assert Application.objects.get(pk=application.pk).stage.key == "hired"


@pytest.mark.django_db
def test_a_bulk_move_mails_each_talent_after_the_commit(
    fair, mailoutbox, django_capture_on_commit_callbacks
):
    """The mail is written once the locks are gone: nothing is sent by a move that is
    refused, each talent hears of a move that is committed."""
    applications = [applicant(fair.job) for _ in range(3)]
    services.withdraw(applications[2].talent, applications[2])
    mailoutbox.clear()
    screened = services.stage_for(fair.organisation, "screened")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match=WITHDRAWN_MESSAGE),
    ):
        services.move(fair.recruiter, applications, screened)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.move(fair.recruiter, applications[:2], screened)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(a.talent.email for a in applications[:2])


@pytest.mark.django_db
def test_a_step_that_applications_passed_through_is_kept(fair):
    organisation = fair.organisation
    owner = fair.owner
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    services.ensure_stages(organisation)
    written = services.add_stage(owner, organisation, "笔试")
    services.move(recruiter, [application], written)
    services.move(recruiter, [application], services.stage_for(organisation, "interview"))
    with pytest.raises(ValidationError, match="history names this step"):
        services.delete_stage(owner, written)
    assert Stage.objects.filter(pk=written.pk).exists()
    assert_history_unbroken(application)


@pytest.mark.django_db
def test_a_step_deleted_meanwhile_is_refused_in_words(fair):
    organisation = fair.organisation
    owner = fair.owner
    recruiter = fair.recruiter
    job = fair.job
    application = applicant(job)
    services.ensure_stages(organisation)
    written = services.add_stage(owner, organisation, "笔试")
    stale = Stage.objects.get(pk=written.pk)
    services.delete_stage(owner, written)
    with pytest.raises(ValidationError, match="This step no longer exists"):
        services.move(recruiter, [application], stale)
    with pytest.raises(ValidationError, match="This step no longer exists"):
        services.delete_stage(owner, stale)
    with pytest.raises(ValidationError, match="This step no longer exists"):
        services.rename_stage(owner, stale, "机试")
    assert Application.objects.get(pk=application.pk).stage.key == "applied"


@pytest.mark.django_db
def test_an_edit_saved_after_the_submission_neither_edits_nor_unsubmits(fair):
    job = Job.objects.get(pk=fair.job.pk)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DRAFT, published_at=None)
    form_instance = Job.objects.get(pk=job.pk)  # the edit form was opened on the draft
    services.submit_job(fair.recruiter, Job.objects.get(pk=job.pk))
    form_instance.title = "改过的标题"
    with pytest.raises(PermissionDenied):
        services.update_job(fair.recruiter, form_instance, ["title"])
    job.refresh_from_db()
    assert job.status == Job.Status.SUBMITTED and job.title != "改过的标题"
