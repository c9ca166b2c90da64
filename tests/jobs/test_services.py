"""The job fair's service functions: rules, refusals, the audit trail and the mail they queue."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry
from yingcai.core.rules import can
from yingcai.jobs import services
from yingcai.jobs.models import Application, ApplicationEvent, Job, Stage
from yingcai.privacy.models import SharingConsent

from ..factories import JobFactory, ProfileFactory


@pytest.fixture(autouse=True)
def _in_english():
    # The refusals are read in English here; their Chinese is tested with the pages.
    with translation.override("en"):
        yield


def draft(organisation, **fields):
    job = JobFactory.build(organisation=organisation, status="draft", published_at=None, **fields)
    return job


@pytest.fixture
def candidate(db):
    return ProfileFactory(degree="doctor").user


@pytest.fixture
def open_job(organisation):
    return JobFactory(organisation=organisation)


def consent_and_apply(talent, job, note=""):
    services.give_consent(talent, job.organisation)
    return services.apply(talent, job, note)


@pytest.mark.django_db
def test_job_life_cycle(
    recruiter, verifier, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    job = services.create_job(recruiter, organisation, draft(organisation))
    assert job.status == "draft"
    assert job.search_document  # segmented for search
    assert "芯片" in job.search_document.split()
    services.submit_job(recruiter, job)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_job(verifier, job)
    job.refresh_from_db()
    assert job.status == "published" and job.published_at and job.reviewed_by == verifier
    assert job.is_open
    assert mailoutbox[-1].to == [recruiter.email]
    services.close_job(recruiter, job)
    job.refresh_from_db()
    assert job.status == "closed"
    actions = list(
        AuditEntry.objects.filter(object_id=str(job.pk)).values_list("action", flat=True)
    )
    assert {"job.created", "job.submitted", "job.approved", "job.closed"} <= set(actions)


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_allows_a_new_submission(recruiter, verifier, organisation):
    job = services.create_job(recruiter, organisation, draft(organisation))
    services.submit_job(recruiter, job)
    with pytest.raises(ValidationError):
        services.reject_job(verifier, job, "")
    services.reject_job(verifier, job, "薪资范围不明确")
    job.refresh_from_db()
    assert job.status == "rejected" and job.status_reason == "薪资范围不明确"
    job.salary_min = 10000
    services.update_job(recruiter, job, ["salary_min"])
    services.submit_job(recruiter, job)
    job.refresh_from_db()
    assert job.status == "submitted" and job.status_reason == ""


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer", "talent", "outsider", "verifier"])
def test_only_recruiters_of_the_organisation_create_jobs(request, organisation, who):
    with pytest.raises(PermissionDenied):
        services.create_job(request.getfixturevalue(who), organisation, draft(organisation))
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_an_unverified_organisation_cannot_submit(recruiter, organisation):
    job = services.create_job(recruiter, organisation, draft(organisation))
    organisation.status = "pending"
    organisation.save()
    with pytest.raises(PermissionDenied):
        services.submit_job(recruiter, job)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["recruiter", "owner", "moderator", "editor"])
def test_only_verifiers_approve(request, organisation, who):
    job = JobFactory(organisation=organisation, status="submitted", published_at=None)
    with pytest.raises(PermissionDenied):
        services.approve_job(request.getfixturevalue(who), job)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"deadline": timezone.localdate() - timedelta(days=1)}, "already passed"),
        ({"salary_min": 30000, "salary_max": 10000}, "salary"),
        ({"title": ""}, "title"),
        ({"headcount": 0}, "headcount"),
    ],
)
def test_invalid_jobs_are_refused(recruiter, organisation, fields, message):
    with pytest.raises(ValidationError) as error:
        services.create_job(recruiter, organisation, draft(organisation, **fields))
    assert message in str(error.value).lower() or message in str(error.value.message_dict)
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_published_jobs_close_at_their_deadline(organisation):
    late = JobFactory(organisation=organisation, deadline=timezone.localdate() - timedelta(days=1))
    current = JobFactory(organisation=organisation)
    assert not late.is_open
    assert services.close_expired_jobs() == 1
    late.refresh_from_db()
    current.refresh_from_db()
    assert late.status == "closed" and current.status == "published"


@pytest.mark.django_db
def test_applying_needs_separate_consent_first(
    candidate, open_job, django_capture_on_commit_callbacks, mailoutbox
):
    with pytest.raises(services.ConsentRequired):
        services.apply(candidate, open_job, "")
    assert not Application.objects.exists()
    consent = services.give_consent(candidate, open_job.organisation)
    assert consent.recipient_contact and "CV" in consent.data_shown
    with django_capture_on_commit_callbacks(execute=True):
        application = services.apply(candidate, open_job, "Hello")
    assert application.stage.key == "applied"
    assert ApplicationEvent.objects.filter(application=application).count() == 1
    assert mailoutbox[-1].to == [candidate.email]
    # The same organisation's next job needs no new consent.
    other = JobFactory(organisation=open_job.organisation)
    assert services.apply(candidate, other).pk
    assert SharingConsent.objects.count() == 1


@pytest.mark.django_db
def test_applying_twice_makes_one_application(candidate, open_job):
    first = consent_and_apply(candidate, open_job)
    second = services.apply(candidate, open_job, "again")
    assert first.pk == second.pk
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_refusals_have_clear_reasons(candidate, organisation):
    services.give_consent(candidate, organisation)
    late = JobFactory(organisation=organisation, deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="deadline"):
        services.apply(candidate, late)
    unpublished = JobFactory(organisation=organisation, status="submitted", published_at=None)
    with pytest.raises(ValidationError, match="not open"):
        services.apply(candidate, unpublished)
    bachelor = ProfileFactory(degree="bachelor").user
    services.give_consent(bachelor, organisation)
    with pytest.raises(ValidationError, match="requires at least"):
        services.apply(bachelor, JobFactory(organisation=organisation, degree_min="master"))
    no_degree = ProfileFactory(degree="").user
    with pytest.raises(ValidationError, match="highest degree"):
        services.apply(no_degree, JobFactory(organisation=organisation))
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_pipeline_moves_are_recorded_and_mailed(
    candidate, open_job, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    application = consent_and_apply(candidate, open_job)
    screened = services.stage_for(open_job.organisation, "screened")
    with django_capture_on_commit_callbacks(execute=True):
        services.move(recruiter, [application], screened, "简历符合")
    application.refresh_from_db()
    assert application.stage == screened
    event = application.events.last()
    assert (event.actor, event.note, event.from_stage.key) == (recruiter, "简历符合", "applied")
    assert "screened" in mailoutbox[-1].body.lower() or "筛选" in mailoutbox[-1].body


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer", "outsider", "talent", "staff_admin"])
def test_only_the_organisations_recruiters_move_rate_and_note(request, candidate, open_job, who):
    application = consent_and_apply(candidate, open_job)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.move(user, [application], services.stage_for(open_job.organisation, "offer"))
    with pytest.raises(PermissionDenied):
        services.rate(user, application, 5)
    with pytest.raises(PermissionDenied):
        services.add_note(user, application, "x")


@pytest.mark.django_db
def test_notes_and_ratings_stay_inside_the_organisation(candidate, open_job, recruiter, viewer):

    application = consent_and_apply(candidate, open_job)
    services.rate(recruiter, application, 4)
    services.add_note(recruiter, application, "沟通能力强")
    assert can(viewer, "jobs.view_notes", application)
    assert not can(candidate, "jobs.view_notes", application)
    assert can(candidate, "jobs.view_application", application)
    with pytest.raises(ValidationError):
        services.rate(recruiter, application, 6)


@pytest.mark.django_db
def test_withdrawn_applications_cannot_be_moved(candidate, open_job, recruiter):
    application = consent_and_apply(candidate, open_job)
    services.withdraw(candidate, application)
    application.refresh_from_db()
    assert application.stage.key == "withdrawn"
    with pytest.raises(ValidationError):
        services.move(recruiter, [application], services.stage_for(open_job.organisation, "offer"))
    with pytest.raises(ValidationError):
        services.withdraw(candidate, application)


@pytest.mark.django_db
def test_messages_reach_the_other_side(
    candidate, open_job, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    open_job.created_by = recruiter
    open_job.save()
    application = consent_and_apply(candidate, open_job)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(recruiter, application, "请补充论文清单")
        services.send_message(candidate, application, "已补充")
    assert mailoutbox[-2].to == [candidate.email]
    assert mailoutbox[-1].to == [recruiter.email]
    with pytest.raises(ValidationError):
        services.send_message(candidate, application, "   ")


@pytest.mark.django_db
def test_stages_can_be_renamed_and_added_by_owners(owner, recruiter, organisation):
    stages = services.ensure_stages(organisation)
    assert [s.key for s in stages] == list(Stage.Key.values)
    services.rename_stage(owner, stages[1], "初筛")
    added = services.add_stage(owner, organisation, "笔试")
    assert str(organisation.stages.get(key="screened")) == "初筛"
    assert added.position > stages[-1].position
    with pytest.raises(PermissionDenied):
        services.add_stage(recruiter, organisation, "复试")
    with pytest.raises(ValidationError):
        services.delete_stage(owner, stages[0])
    services.delete_stage(owner, added)


@pytest.mark.django_db
def test_interview_booking_sends_calendar_invitations(
    candidate, open_job, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    application = consent_and_apply(candidate, open_job)
    start = timezone.now() + timedelta(days=3)
    invitation = services.propose_interview(
        recruiter,
        application,
        [
            {
                "starts_at": start,
                "ends_at": start + timedelta(minutes=30),
                "mode": "online",
                "link": "https://meet.example.com/1",
            },
            {
                "starts_at": start + timedelta(hours=1),
                "ends_at": start + timedelta(hours=1, minutes=30),
                "mode": "on_site",
                "place": "渝北区人和街道1号",
            },
        ],
    )
    application.refresh_from_db()
    assert application.stage.key == "interview"
    slot = invitation.slots.first()
    with django_capture_on_commit_callbacks(execute=True):
        interview = services.book_interview(candidate, invitation, slot)
    assert interview.slot == slot
    calendars = [a for m in mailoutbox for a in m.attachments if a[0] == "interview.ics"]
    assert len(calendars) == 2
    assert "BEGIN:VEVENT" in calendars[0][1] and "meet.example.com" in calendars[0][1]
    with pytest.raises(ValidationError):
        services.book_interview(candidate, invitation, invitation.slots.last())


@pytest.mark.django_db
def test_a_slot_is_never_taken_twice(open_job, recruiter):
    first, second = ProfileFactory().user, ProfileFactory().user
    a1, a2 = consent_and_apply(first, open_job), consent_and_apply(second, open_job)
    start = timezone.now() + timedelta(days=2)
    slot_data = {
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "mode": "online",
        "link": "https://meet.example.com/x",
    }
    invitation1 = services.propose_interview(recruiter, a1, [slot_data])
    slot = invitation1.slots.get()
    invitation2 = services.propose_interview(recruiter, a2, [slot_data])
    invitation2.slots.add(slot)  # the same time offered to both
    services.book_interview(first, invitation1, slot)
    with pytest.raises(ValidationError, match="just taken"):
        services.book_interview(second, invitation2, slot)


@pytest.mark.django_db
def test_proposed_times_are_checked(candidate, open_job, recruiter):
    application = consent_and_apply(candidate, open_job)
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError):
        services.propose_interview(recruiter, application, [])
    with pytest.raises(ValidationError):
        services.propose_interview(
            recruiter,
            application,
            [
                {
                    "starts_at": past,
                    "ends_at": past + timedelta(hours=1),
                    "mode": "online",
                    "link": "https://x.example.com",
                }
            ],
        )
    future = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError):
        services.propose_interview(
            recruiter,
            application,
            [{"starts_at": future, "ends_at": future + timedelta(hours=1), "mode": "online"}],
        )


# --- Closing: the rule knows the status ------------------------------------------------------
@pytest.mark.django_db
def test_only_a_submitted_or_published_job_is_closed(client, organisation, recruiter, viewer):
    job = services.create_job(recruiter, organisation, draft(organisation))
    page = reverse("employer:job_detail", args=[organisation.pk, job.pk])
    close = reverse("employer:job_close", args=[organisation.pk, job.pk])
    client.force_login(recruiter)
    assert close not in client.get(page).content.decode()
    with pytest.raises(ValidationError, match="Only a submitted or published"):
        services.close_job(recruiter, job)
    job.refresh_from_db()
    assert job.status == "draft"
    services.submit_job(recruiter, job)
    assert close in client.get(page).content.decode()
    with pytest.raises(PermissionDenied):
        services.close_job(viewer, job)
    services.close_job(recruiter, job)
    # A second click is told why, and closes nothing twice.
    response = client.post(close, follow=True)
    assert "Only a submitted or published" in response.content.decode()
    assert AuditEntry.objects.filter(action="job.closed").count() == 1
