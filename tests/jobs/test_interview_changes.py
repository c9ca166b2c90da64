"""The applicant cancels or moves a booked interview: the recruiters are told, the time is freed."""

from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry
from yingcai.core.rules import can
from yingcai.jobs import services
from yingcai.jobs.models import Interview, InterviewSlot

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import JobFactory, MembershipFactory, OrganisationFactory, UserFactory
from .test_employer import applicant, en
from .test_races import future_slots, invite


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def fair(db):
    organisation = OrganisationFactory()
    recruiter = MembershipFactory(organisation=organisation, role="recruiter").user
    recruiter.language = "zh-hans"
    recruiter.save()
    job = JobFactory(organisation=organisation, created_by=recruiter, title="芯片设计工程师")
    return SimpleNamespace(organisation=organisation, recruiter=recruiter, job=job)


def booked(fair, count=2):
    application = applicant(fair.job)
    slots = future_slots(fair.job, count)
    invitation = invite(fair.recruiter, application, slots)
    interview = services.book_interview(application.talent, invitation, slots[0])
    return application, invitation, slots, interview


@pytest.mark.django_db
def test_a_cancelled_interview_frees_the_time_and_tells_the_recruiter_in_their_language(
    client, fair, mailoutbox, django_capture_on_commit_callbacks
):
    application, _invitation, slots, _interview = booked(fair)
    other = applicant(fair.job)
    other_invitation = invite(fair.recruiter, other, [slots[0]])
    with pytest.raises(ValidationError, match="Someone has just taken this time"):
        services.book_interview(other.talent, other_invitation, slots[0])
    client.force_login(application.talent)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("talent:interview_cancel", application.pk))
    assert response.status_code == 302
    assert not Interview.objects.filter(application=application).exists()
    assert AuditEntry.objects.filter(action="interview.cancelled").count() == 1
    to_recruiter = next(m for m in mailoutbox if m.to == [fair.recruiter.email])
    assert "取消" in to_recruiter.subject  # the recruiter reads Chinese
    _name, calendar, mimetype = to_recruiter.attachments[0]
    assert mimetype == "text/calendar; method=CANCEL"
    assert "METHOD:CANCEL" in calendar and "STATUS:CANCELLED" in calendar
    to_talent = next(m for m in mailoutbox if m.to == [application.talent.email])
    assert "面试已取消" in to_talent.subject  # the talent's language (the default)
    # Freed: another applicant invited to that time books it now.
    assert services.book_interview(other.talent, other_invitation, slots[0]).slot == slots[0]
    page = client.get(en("talent:application", application.pk)).content.decode()
    assert 'data-testid="interview"' not in page


@pytest.mark.django_db
def test_a_reschedule_moves_to_another_offered_time_and_frees_the_first(
    client, fair, mailoutbox, django_capture_on_commit_callbacks
):
    application, _invitation, slots, interview = booked(fair, count=3)
    # Booked an hour ago: the calendar's SEQUENCE counts seconds.
    Interview.objects.filter(pk=interview.pk).update(booked_at=F("booked_at") - timedelta(hours=1))
    interview.refresh_from_db()
    first_sequence = _sequence(services.ical.invitation(interview))
    client.force_login(application.talent)
    page = client.get(en("talent:application", application.pk)).content.decode()
    assert 'data-testid="reschedule"' in page and 'data-testid="cancel-interview"' in page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            en("talent:interview_reschedule", application.pk), {"slot": slots[2].pk}
        )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.slot == slots[2]
    assert not Interview.objects.filter(slot=slots[0]).exists()
    assert AuditEntry.objects.filter(action="interview.rescheduled").count() == 1
    assert {m.to[0] for m in mailoutbox} == {application.talent.email, fair.recruiter.email}
    calendar = mailoutbox[0].attachments[0][1]
    assert "METHOD:REQUEST" in calendar and _sequence(calendar) > first_sequence
    assert f"UID:interview-{interview.pk}@yingcai" in calendar


def _sequence(calendar: str) -> int:
    return int(next(line for line in calendar.splitlines() if line.startswith("SEQUENCE:"))[9:])


@pytest.mark.django_db
def test_refusals(fair):
    application, _invitation, slots, interview = booked(fair, count=3)
    talent = application.talent
    # Someone else: neither the recruiter nor another talent changes it.
    for stranger in (fair.recruiter, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.cancel_interview(stranger, interview)
        with pytest.raises(PermissionDenied):
            services.reschedule_interview(stranger, interview, slots[1])
    # A time not offered in this invitation, the same time, a time taken by someone else.
    foreign = future_slots(fair.job, 1, days=9)[0]
    with pytest.raises(ValidationError, match="not offered to you"):
        services.reschedule_interview(talent, interview, foreign)
    with pytest.raises(ValidationError, match="already at this time"):
        services.reschedule_interview(talent, interview, slots[0])
    other = applicant(fair.job)
    services.book_interview(other.talent, invite(fair.recruiter, other, [slots[1]]), slots[1])
    with pytest.raises(ValidationError, match="Someone has just taken this time"):
        services.reschedule_interview(talent, interview, slots[1])
    interview.refresh_from_db()
    assert interview.slot == slots[0]
    # Once the interview started, it can be neither cancelled nor moved.
    InterviewSlot.objects.filter(pk=slots[0].pk).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )
    stale = Interview.objects.get(pk=interview.pk)
    with pytest.raises(ValidationError, match="already started"):
        services.cancel_interview(talent, stale)
    with pytest.raises(ValidationError, match="already started"):
        services.reschedule_interview(talent, stale, slots[2])
    assert Interview.objects.get(pk=interview.pk).slot == slots[0]


@pytest.mark.django_db
def test_a_page_opened_before_the_interview_started_is_refused_after(client, fair):
    application, _invitation, slots, interview = booked(fair)
    client.force_login(application.talent)
    # The page was shown while the interview was ahead; the post arrives after it started.
    InterviewSlot.objects.filter(pk=slots[0].pk).update(
        starts_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(en("talent:interview_cancel", application.pk), follow=True)
    assert "already started" in response.content.decode()
    assert Interview.objects.filter(pk=interview.pk).exists()
    page = client.get(en("talent:application", application.pk)).content.decode()
    assert 'data-testid="cancel-interview"' not in page


@pytest.mark.django_db
def test_a_cancelled_booking_is_gone_for_a_second_click(fair):
    application, _invitation, _slots, interview = booked(fair)
    stale = Interview.objects.get(pk=interview.pk)
    services.cancel_interview(application.talent, interview)
    with pytest.raises(ValidationError, match="no longer booked"):
        services.cancel_interview(application.talent, stale)


# --- PostgreSQL: parallel clients ------------------------------------------------------------
@pytest.fixture
def reference_rows(transactional_db):
    put_back_reference_rows()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_cancel_racing_bookings_of_the_freed_time_gives_it_to_one(reference_rows, fair):
    application, _invitation, slots, interview = booked(fair)
    others = [applicant(fair.job) for _ in range(19)]
    invitations = [invite(fair.recruiter, other, [slots[0]]) for other in others]
    calls = [lambda: services.cancel_interview(application.talent, interview)]
    calls += [
        lambda other=other, invitation=invitation: services.book_interview(
            other.talent, invitation, slots[0]
        )
        for other, invitation in zip(others, invitations, strict=True)
    ]
    outcomes = at_once(calls)
    assert outcomes[0] == "ok"
    taken = "Someone has just taken this time. Please choose another one."
    assert set(outcomes[1:]) <= {"ok", taken}, outcomes
    assert Interview.objects.filter(slot=slots[0]).count() == outcomes[1:].count("ok") <= 1
    assert not Interview.objects.filter(application=application).exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_reschedules_onto_one_time_make_one(reference_rows, fair):
    target = future_slots(fair.job, 1, days=12)[0]
    bookings = []
    for i in range(20):
        application = applicant(fair.job)
        own = future_slots(fair.job, 1, days=20 + i)[0]
        invitation = invite(fair.recruiter, application, [own, target])
        bookings.append(services.book_interview(application.talent, invitation, own))
    outcomes = at_once(
        [
            lambda b=b: services.reschedule_interview(b.application.talent, b, target)
            for b in bookings
        ]
    )
    assert Counter(outcomes) == {
        "ok": 1,
        "Someone has just taken this time. Please choose another one.": 19,
    }
    assert Interview.objects.filter(slot=target).count() == 1
    assert Interview.objects.count() == 20


# --- Booking has its own rule: jobs.book_interview ----------------------------------------------
def _offers_on_the_page(client, application) -> str:
    client.force_login(application.talent)
    return client.get(en("talent:application", application.pk)).content.decode()


@pytest.mark.django_db
def test_booking_asks_its_own_rule_of_the_invitation(client, fair):
    application = applicant(fair.job)
    slots = future_slots(fair.job, 2)
    invitation = invite(fair.recruiter, application, slots)
    assert can(application.talent, "jobs.book_interview", invitation)
    # The talent may withdraw, the recruiter may not book: withdrawing is not booking.
    for someone in (fair.recruiter, UserFactory()):
        assert not can(someone, "jobs.book_interview", invitation)
        with pytest.raises(PermissionDenied):
            services.book_interview(someone, invitation, slots[0])
    assert not Interview.objects.exists()


@pytest.mark.django_db
def test_booking_for_a_withdrawn_application_is_refused_on_the_page_and_by_the_service(
    client, fair
):
    application = applicant(fair.job)
    slots = future_slots(fair.job, 2)
    invitation = invite(fair.recruiter, application, slots)
    assert 'data-testid="invitation"' in _offers_on_the_page(client, application)
    services.withdraw(application.talent, application)
    application.refresh_from_db()
    invitation.refresh_from_db()
    assert not can(application.talent, "jobs.book_interview", invitation)
    assert 'data-testid="invitation"' not in _offers_on_the_page(client, application)
    with pytest.raises(ValidationError, match="This application is closed"):
        services.book_interview(application.talent, invitation, slots[0])
    response = client.post(
        en("talent:book", application.pk, invitation.pk), {"slot": slots[0].pk}, follow=True
    )
    assert "This application is closed" in response.content.decode()
    assert not Interview.objects.exists()


@pytest.mark.django_db
def test_an_answered_invitation_cannot_be_booked_again(fair):
    application, invitation, slots, _interview = booked(fair)
    assert not can(application.talent, "jobs.book_interview", invitation)
    with pytest.raises(ValidationError, match="already chosen an interview time"):
        services.book_interview(application.talent, invitation, slots[1])
    assert Interview.objects.filter(application=application).count() == 1


@pytest.mark.django_db
def test_an_inactive_applicant_is_refused_without_a_reason(fair):
    application = applicant(fair.job)
    slots = future_slots(fair.job, 1)
    invitation = invite(fair.recruiter, application, slots)
    application.talent.is_active = False
    application.talent.save()
    with pytest.raises(PermissionDenied):
        services.book_interview(application.talent, invitation, slots[0])
