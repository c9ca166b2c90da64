"""Refusals of the job fair's services that no page reaches (their forms check first, or the
page offers no such choice): each called on the service, with what it leaves unchanged."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from yingcai.jobs import services
from yingcai.jobs.models import (
    Application,
    ApplicationNote,
    Interview,
    InterviewInvitation,
    InterviewSlot,
    Job,
    Stage,
)

from ..factories import JobFactory, MembershipFactory, OrganisationFactory, ProfileFactory
from .test_races import future_slots, invite


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as refusal:
        call(*args, **kwargs)
    return " ".join(refusal.value.messages)


@pytest.fixture
def fair(db):
    """An organisation with its owner and recruiter, a published job and its pipeline."""
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role="owner").user
    recruiter = MembershipFactory(organisation=organisation, role="recruiter").user
    job = JobFactory(organisation=organisation, created_by=recruiter)
    return SimpleNamespace(organisation=organisation, owner=owner, recruiter=recruiter, job=job)


@pytest.fixture
def application(fair):
    talent = ProfileFactory().user
    services.give_consent(talent, fair.organisation)
    return services.apply(talent, fair.job, "")


@pytest.mark.django_db
def test_steps_need_a_name_and_a_place_that_still_exists(fair):
    owner, organisation = fair.owner, fair.organisation
    assert refused(services.add_stage, owner, organisation, "  ") == "Give the step a name."
    custom = services.add_stage(owner, organisation, "笔试")
    assert refused(services.rename_stage, owner, custom, " ") == "Give the step a name."
    gone = services.add_stage(owner, organisation, "复试")
    Stage.objects.filter(pk=gone.pk).delete()
    assert refused(services.add_stage, owner, organisation, "终面", after=gone) == (
        "This step no longer exists."
    )
    assert list(organisation.stages.filter(key="").values_list("name", flat=True)) == ["笔试"]


@pytest.mark.django_db
def test_an_import_with_one_bad_row_creates_none(fair):
    good = JobFactory.build(organisation=fair.organisation)
    bad = JobFactory.build(organisation=fair.organisation, headcount=0)
    with pytest.raises(services.JobsInvalid) as refusal:
        services.create_jobs(fair.recruiter, fair.organisation, [good, bad])
    [(index, error)] = refusal.value.problems
    assert index == 1 and error.message_dict == {"headcount": ["The headcount is at least 1."]}
    assert Job.objects.filter(organisation=fair.organisation).count() == 1  # fair.job only


@pytest.mark.django_db
def test_approvals_and_take_downs_of_jobs_in_the_wrong_state(fair, verifier, moderator):
    job = fair.job  # published
    assert refused(services.approve_job, verifier, job) == (
        "Only a job requirement awaiting approval can be approved."
    )
    assert refused(services.take_down_job, moderator, job, " ") == (
        "Give the reason, so the organisation knows why."
    )
    draft = JobFactory(organisation=fair.organisation, status="draft", published_at=None)
    assert refused(services.take_down_job, moderator, draft, "虚假") == (
        "This job requirement is not published: nothing to take down."
    )
    job.refresh_from_db()
    draft.refresh_from_db()
    assert (job.status, draft.status) == (Job.Status.PUBLISHED, Job.Status.DRAFT)


@pytest.mark.django_db
def test_moves_are_bounded_and_of_applications_that_exist(fair, application):
    screened = services.stage_for(fair.organisation, "screened")
    too_many = [application] * (services.MAX_BULK + 1)
    assert refused(services.move, fair.recruiter, too_many, screened) == (
        "Move at most 500 applications at once."
    )
    other = ProfileFactory().user
    services.give_consent(other, fair.organisation)
    gone = services.apply(other, JobFactory(organisation=fair.organisation))
    Application.objects.filter(pk=gone.pk).delete()
    assert refused(services.move, fair.recruiter, [application, gone], screened) == (
        "This application no longer exists."
    )
    assert refused(services.rate, fair.recruiter, gone, 3) == "This application no longer exists."
    application.refresh_from_db()
    assert application.stage.key == "applied"


@pytest.mark.django_db
def test_a_note_is_written(fair, application):
    assert refused(services.add_note, fair.recruiter, application, " ") == "Write the note."
    assert not ApplicationNote.objects.exists()


def slot(hours, **extra):
    start = timezone.now() + timedelta(days=3, hours=hours)
    data = {"starts_at": start, "ends_at": start + timedelta(minutes=30), "mode": "online"}
    data["link"] = f"https://meet.example.com/{hours}"
    return {**data, **extra}


@pytest.mark.django_db
def test_interview_proposals_are_bounded_and_complete(fair, application):
    propose = services.propose_interview
    assert refused(propose, fair.recruiter, application, [slot(h) for h in range(21)]) == (
        "Propose at most 20 times at once."
    )
    assert refused(propose, fair.recruiter, application, [slot(0, mode="on_site", link="")]) == (
        "Give the place of an on-site interview."
    )
    assert not InterviewInvitation.objects.exists() and not InterviewSlot.objects.exists()


@pytest.mark.django_db
def test_a_booking_takes_an_offered_time_still_to_come(fair, application):
    offered, elsewhere = future_slots(fair.job, 2)
    past = InterviewSlot.objects.create(
        job=fair.job,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
        mode="online",
        link="https://meeting.example.cn/j/past",
    )
    invitation = invite(fair.recruiter, application, [offered, past])
    talent = application.talent
    assert refused(services.book_interview, talent, invitation, elsewhere) == (
        "This time was not offered to you."
    )
    assert refused(services.book_interview, talent, invitation, past) == (
        "This time has already passed."
    )
    assert not Interview.objects.exists()


@pytest.mark.django_db
def test_a_booked_interview_moves_to_a_time_still_to_come_of_an_open_application(fair, application):
    first, second = future_slots(fair.job, 2)
    past = InterviewSlot.objects.create(
        job=fair.job,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
        mode="online",
        link="https://meeting.example.cn/j/past",
    )
    invitation = invite(fair.recruiter, application, [first, second, past])
    talent = application.talent
    interview = services.book_interview(talent, invitation, first)
    assert refused(services.reschedule_interview, talent, interview, past) == (
        "This time has already passed."
    )
    services.move(fair.recruiter, [application], services.stage_for(fair.organisation, "rejected"))
    assert refused(services.reschedule_interview, talent, interview, second) == (
        "This application is closed: no interview can be booked."
    )
    interview.refresh_from_db()
    assert interview.slot == first
