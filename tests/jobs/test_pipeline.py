"""Applicants: the pipeline, one application's page, notes kept inside, interviews."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone, translation

from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import can
from yingcai.jobs import services
from yingcai.jobs.models import (
    ApplicationEvent,
    ApplicationMessage,
    ApplicationNote,
    Interview,
    InterviewSlot,
    Recommendation,
)
from yingcai.talents import services as talents

from ..factories import JobFactory, MembershipFactory, OrganisationFactory, ProfileFactory
from ..talents.helpers import PDF
from .test_employer import applicant, en, login


@pytest.fixture
def job(organisation, recruiter):
    return JobFactory(organisation=organisation, created_by=recruiter, title="芯片设计工程师")


def action(organisation, application, name):
    return en("employer:application_action", organisation.pk, application.pk, name)


# --- The pipeline --------------------------------------------------------------------------
@pytest.mark.django_db
def test_pipeline_lists_applicants_by_step_in_bounded_queries(
    client, recruiter, organisation, job, django_assert_max_num_queries
):
    applications = [applicant(job, university=f"重庆大学{i}") for i in range(30)]
    screened = services.stage_for(organisation, "screened")
    services.move(recruiter, applications[:4], screened)
    services.rate(recruiter, applications[0], 5)
    client.force_login(recruiter)
    url = en("employer:applicants", organisation.pk, job.pk)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    page = response.content.decode()
    assert page.count('data-testid="applicant"') == 30
    assert "screened (4)" in page and "applied (26)" in page
    assert "重庆大学7" in page and "doctor (PhD)" in page and "5/5" in page
    with django_assert_max_num_queries(15):
        filtered = client.get(url, {"stage": screened.pk}).content.decode()
    assert filtered.count('data-testid="applicant"') == 4
    assert client.get(url, {"stage": "999999"}).status_code == 404


@pytest.mark.django_db
def test_bulk_move_moves_many_records_events_and_mails(
    client, recruiter, organisation, job, mailoutbox, django_capture_on_commit_callbacks
):
    applications = [applicant(job) for _ in range(6)]
    interview = services.stage_for(organisation, "interview")
    client.force_login(recruiter)
    url = en("employer:applicants", organisation.pk, job.pk)
    chosen = applications[:5]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "applications": [a.pk for a in chosen],
                "stage": interview.pk,
                "note": "第一轮筛选通过",
            },
            follow=True,
        )
    assert "5 applicants moved to “interview”." in response.content.decode()
    for application in applications:
        application.refresh_from_db()
    assert [a.stage.key for a in applications] == ["interview"] * 5 + ["applied"]
    events = ApplicationEvent.objects.filter(to_stage=interview)
    assert events.count() == 5
    assert {e.actor for e in events} == {recruiter} and {e.note for e in events} == {
        "第一轮筛选通过"
    }
    assert {m.to[0] for m in mailoutbox[-5:]} == {a.talent.email for a in chosen}


@pytest.mark.django_db
def test_bulk_move_refuses_strangers_and_foreign_applications(client, recruiter, organisation, job):
    other = applicant(JobFactory(organisation=organisation))
    foreign = applicant(JobFactory())
    client.force_login(recruiter)
    url = en("employer:applicants", organisation.pk, job.pk)
    offer = services.stage_for(organisation, "offer")
    for pk in (other.pk, foreign.pk):
        response = client.post(url, {"applications": [pk], "stage": offer.pk}, follow=True)
        assert "Select a valid choice" in response.content.decode()
    response = client.post(url, {"stage": offer.pk}, follow=True)
    assert "Select at least one applicant" in response.content.decode()
    foreign_stage = services.stage_for(foreign.job.organisation, "offer")
    mine = applicant(job)
    response = client.post(url, {"applications": [mine.pk], "stage": foreign_stage.pk}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    for application in (other, foreign, mine):
        application.refresh_from_db()
        assert application.stage.key == "applied"


@pytest.mark.django_db
def test_a_withdrawn_application_stops_the_whole_bulk_move(client, recruiter, organisation, job):
    kept, withdrawn = applicant(job), applicant(job)
    services.withdraw(withdrawn.talent, withdrawn)
    client.force_login(recruiter)
    response = client.post(
        en("employer:applicants", organisation.pk, job.pk),
        {
            "applications": [kept.pk, withdrawn.pk],
            "stage": services.stage_for(organisation, "offer").pk,
        },
        follow=True,
    )
    assert "has withdrawn the application" in response.content.decode()
    kept.refresh_from_db()
    assert kept.stage.key == "applied"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer", "talent", "outsider", "verifier", "anonymous"])
def test_pipeline_refused_to_the_wrong_role(client, request, organisation, job, who):
    application = applicant(job)
    login(client, request, who)
    url = en("employer:applicants", organisation.pk, job.pk)
    offer = services.stage_for(organisation, "offer")
    response = client.post(url, {"applications": [application.pk], "stage": offer.pk})
    get = client.get(url)
    if who == "anonymous":
        assert response.status_code == get.status_code == 302
    elif who == "viewer":
        assert response.status_code == 403 and get.status_code == 200
        assert 'name="applications"' not in get.content.decode()
    else:
        assert response.status_code == get.status_code == 403
    application.refresh_from_db()
    assert application.stage.key == "applied"


# --- Talents for this job ------------------------------------------------------------------
def recommend(job, profile, position, reasons):
    return Recommendation.objects.create(
        direction="job",
        job=job,
        talent=profile.user,
        score=0.9 - position / 10,
        position=position,
        reasons=reasons,
    )


@pytest.mark.django_db
def test_talents_for_this_job_with_reasons_in_the_readers_language(
    client, viewer, organisation, job
):
    client.force_login(viewer)
    url = en("employer:applicants", organisation.pk, job.pk)
    assert "No suggestion yet" in client.get(url).content.decode()
    open_profile = ProfileFactory(visibility="open")
    hidden = ProfileFactory(visibility="applied")
    hidden_but_applied = applicant(job, visibility="applied").talent.talent_profile
    recommend(
        job, open_profile, 0, {"zh-hans": ["学科领域：电子信息"], "en": ["Field: electronics"]}
    )
    recommend(job, hidden, 1, {"zh-hans": ["隐藏"], "en": ["Hidden one"]})
    recommend(job, hidden_but_applied, 2, {"zh-hans": ["已申请"], "en": ["Already applied"]})
    recommend(JobFactory(organisation=organisation), ProfileFactory(), 0, {"en": ["Other job"]})
    page = client.get(url).content.decode()
    assert page.count('data-testid="recommendation"') == 2
    assert "Field: electronics" in page and "学科领域" not in page
    assert str(open_profile.user) in page
    assert "Already applied" in page
    assert "Hidden one" not in page and str(hidden.user) not in page and "Other job" not in page
    chinese = client.get(url.replace("/en/", "/zh-hans/", 1)).content.decode()
    assert "学科领域：电子信息" in chinese


# --- One application -----------------------------------------------------------------------
@pytest.mark.django_db
def test_application_page_shows_the_applicant_and_the_history(
    client, viewer, recruiter, organisation, job, django_assert_max_num_queries
):
    application = applicant(job, university="重庆大学", skills="Verilog, 芯片验证")
    services.move(
        recruiter, [application], services.stage_for(organisation, "screened"), "简历不错"
    )
    services.add_note(recruiter, application, "沟通能力强")
    services.send_message(recruiter, application, "请问您何时可以面试？")
    client.force_login(viewer)
    url = en("employer:application", organisation.pk, application.pk)
    with django_assert_max_num_queries(25):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        application.talent.email,
        "重庆大学",
        "Verilog, 芯片验证",
        "我对这个岗位很感兴趣。",
        "简历不错",
        "沟通能力强",
        "请问您何时可以面试？",
        str(recruiter),
        "No CV was attached.",
    ):
        assert text in page, text
    # A viewer reads; the forms to act are not offered.
    assert action(organisation, application, "move") not in page
    assert action(organisation, application, "note") not in page


@pytest.mark.django_db
def test_application_actions_without_javascript(
    client, recruiter, organisation, job, mailoutbox, django_capture_on_commit_callbacks
):
    application = applicant(job)
    client.force_login(recruiter)
    page = en("employer:application", organisation.pk, application.pk)
    offer = services.stage_for(organisation, "offer")
    response = client.post(
        action(organisation, application, "move"), {"stage": offer.pk, "note": "面试表现优秀"}
    )
    assert response.status_code == 302 and response.url == page
    response = client.post(action(organisation, application, "rate"), {"rating": "4"})
    assert response.status_code == 302
    client.post(action(organisation, application, "note"), {"body": "薪资期望偏高"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action(organisation, application, "message"), {"body": "恭喜您通过面试"})
    application.refresh_from_db()
    assert application.stage == offer and application.rating == 4
    assert ApplicationNote.objects.get(application=application).author == recruiter
    message = ApplicationMessage.objects.get(application=application)
    assert message.from_organisation and message.sender == recruiter
    assert mailoutbox[-1].to == [application.talent.email]
    assert "恭喜您通过面试" in mailoutbox[-1].body
    shown = client.get(page).content.decode()
    assert "面试表现优秀" in shown and "薪资期望偏高" in shown
    # Bad input is answered on the page, nothing half-written.
    response = client.post(action(organisation, application, "rate"), {"rating": "9"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = client.post(action(organisation, application, "note"), {"body": "  "})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    application.refresh_from_db()
    assert application.rating == 4 and ApplicationNote.objects.count() == 1
    assert client.post(action(organisation, application, "explode"), {}).status_code == 404


@pytest.mark.django_db
def test_application_actions_with_htmx_answer_a_fragment(client, recruiter, organisation, job):
    application = applicant(job)
    client.force_login(recruiter)
    htmx = {"HTTP_HX_REQUEST": "true"}
    response = client.post(action(organisation, application, "rate"), {"rating": "3"}, **htmx)
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<section id="rating-section">')
    assert "Rating saved." in fragment and "<html" not in fragment
    response = client.post(action(organisation, application, "note"), {"body": "待定"}, **htmx)
    fragment = response.content.decode()
    assert 'id="notes-section"' in fragment and "待定" in fragment
    response = client.post(
        action(organisation, application, "move"),
        {"stage": services.stage_for(organisation, "screened").pk},
        **htmx,
    )
    fragment = response.content.decode()
    assert 'id="stage-section"' in fragment
    # The header's step badge comes with it (out of band), naming the new step, not the old.
    assert (
        'id="application-stage" data-testid="application-stage" hx-swap-oob="true">screened<'
        in (fragment)
    )
    assert 'data-testid="current-stage">screened<' in fragment
    assert "Moved to “screened”." in fragment
    response = client.post(action(organisation, application, "message"), {"body": ""}, **htmx)
    assert "This field is required" in response.content.decode()
    application.refresh_from_db()
    assert application.rating == 3 and application.stage.key == "screened"


@pytest.mark.django_db
def test_moving_a_withdrawn_application_is_refused_clearly(client, recruiter, organisation, job):
    application = applicant(job)
    services.withdraw(application.talent, application)
    client.force_login(recruiter)
    response = client.post(
        action(organisation, application, "move"),
        {"stage": services.stage_for(organisation, "offer").pk},
    )
    assert response.status_code == 400
    assert "has withdrawn the application" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["the_talent", "another_talent", "outsider", "verifier", "staff_admin", "anonymous"]
)
def test_application_and_notes_refused_outside_the_organisation(
    client, request, recruiter, organisation, job, who
):
    application = applicant(job)
    services.add_note(recruiter, application, "内部备注：不要外传")
    services.rate(recruiter, application, 2)
    if who == "the_talent":
        client.force_login(application.talent)
    elif who == "another_talent":
        client.force_login(ProfileFactory().user)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = en("employer:application", organisation.pk, application.pk)
    responses = [client.get(url)] + [
        client.post(action(organisation, application, name), data)
        for name, data in [
            ("note", {"body": "x"}),
            ("rate", {"rating": "5"}),
            ("message", {"body": "x"}),
        ]
    ]
    for response in responses:
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url
        else:
            assert response.status_code in (403, 404)
            assert "内部备注" not in response.content.decode()
    application.refresh_from_db()
    assert application.rating == 2 and application.notes.count() == 1
    assert not application.messages.exists()


@pytest.mark.django_db
def test_notes_and_ratings_are_never_the_talents(recruiter, viewer, outsider, organisation, job):
    application = applicant(job)
    talent = application.talent
    assert not can(talent, "jobs.view_notes", application)
    assert not can(talent, "jobs.add_note", application)
    assert not can(outsider, "jobs.view_notes", application)
    assert can(viewer, "jobs.view_notes", application)
    assert not can(viewer, "jobs.add_note", application)
    assert can(recruiter, "jobs.add_note", application)
    # The talent may see the application itself, not the organisation's side of it.
    assert can(talent, "jobs.view_application", application)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["move", "rate", "note", "message", "propose"])
def test_viewers_read_but_do_not_act(client, viewer, organisation, job, name):
    application = applicant(job)
    client.force_login(viewer)
    assert client.post(action(organisation, application, name), {}).status_code == 403


@pytest.mark.django_db
def test_an_application_of_another_organisation_is_not_found(client, owner, organisation):
    foreign = applicant(JobFactory())
    client.force_login(owner)
    url = en("employer:application", organisation.pk, foreign.pk)
    assert client.get(url).status_code == 404
    assert client.post(action(organisation, foreign, "note"), {"body": "x"}).status_code == 404


@pytest.mark.django_db
def test_the_cv_is_offered_when_there_is_one(client, recruiter, organisation, job):

    profile = ProfileFactory()
    talents.upload_cv(profile.user, SimpleUploadedFile("简历.pdf", PDF))
    services.give_consent(profile.user, organisation)
    application = services.apply(profile.user, job)
    client.force_login(recruiter)
    page = client.get(en("employer:application", organisation.pk, application.pk))
    text = page.content.decode()
    assert page.status_code == 200 and "No CV was attached." not in text
    assert 'data-testid="cv-link"' in text or "简历.pdf" in text


# --- Interviews ----------------------------------------------------------------------------
def slots_data(*slots, message=""):
    data = {
        "slots-TOTAL_FORMS": "3",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "20",
        "message": message,
    }
    for i, slot in enumerate(slots):
        for key, value in slot.items():
            data[f"slots-{i}-{key}"] = value
    # A browser posts the mode of the rows left empty too: the select always has a value.
    for i in range(len(slots), 3):
        data[f"slots-{i}-mode"] = "on_site"
    return data


def a_slot(days=3, start="09:00", end="09:30", mode="on_site", place="两江新区互联网产业园 3 号楼"):
    day = (timezone.localdate() + timedelta(days=days)).isoformat()
    slot = {"day": day, "start": start, "end": end, "mode": mode}
    slot["place" if mode == "on_site" else "link"] = place
    return slot


@pytest.mark.django_db
def test_interview_proposed_booked_and_both_get_a_calendar_invitation(
    client, recruiter, organisation, job, mailoutbox, django_capture_on_commit_callbacks
):
    application = applicant(job)
    client.force_login(recruiter)
    data = slots_data(
        a_slot(),
        a_slot(days=4, mode="online", place="https://meeting.example.cn/j/123"),
        message="请带上作品集",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action(organisation, application, "propose"), data)
    assert response.status_code == 302
    invitation = application.interview_invitations.get()
    slots = list(invitation.slots.order_by("starts_at"))
    assert [s.mode for s in slots] == ["on_site", "online"]
    assert slots[1].link == "https://meeting.example.cn/j/123" and slots[1].place == ""
    assert invitation.message == "请带上作品集"
    assert mailoutbox[-1].to == [application.talent.email]
    application.refresh_from_db()
    assert application.stage.key == "interview"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.book_interview(application.talent, invitation, slots[1])
    assert {m.to[0] for m in mailoutbox} == {application.talent.email, recruiter.email}
    for mail in mailoutbox:
        (name, content, mimetype) = mail.attachments[0]
        assert name == "interview.ics" and mimetype.startswith("text/calendar")
        assert "BEGIN:VEVENT" in content and "https://meeting.example.cn/j/123" in content
    page = client.get(en("employer:application", organisation.pk, application.pk)).content.decode()
    assert 'data-testid="booked-interview"' in page and "chosen" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slot", "message"),
    [
        (a_slot(days=-1), "must be in the future"),
        (a_slot(start="10:00", end="09:00"), "must end after it starts"),
        (a_slot(mode="online", place=""), "Give the meeting link"),
        (a_slot(mode="on_site", place=""), "Give the place"),
        (a_slot(mode="online", place="javascript:alert(1)"), "Enter a valid URL"),
        ({}, "Propose at least one time"),
    ],
)
def test_bad_interview_times_are_refused_clearly(
    client, recruiter, organisation, job, slot, message
):
    application = applicant(job)
    client.force_login(recruiter)
    response = client.post(action(organisation, application, "propose"), slots_data(slot))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InterviewSlot.objects.exists()


@pytest.mark.usefixtures("english")
@pytest.mark.django_db
def test_a_taken_time_is_refused_to_the_next_talent(organisation, recruiter, job):
    first, second = applicant(job), applicant(job)
    starts = timezone.now() + timedelta(days=2)
    slot = {"starts_at": starts, "ends_at": starts + timedelta(minutes=30), "mode": "on_site"}
    slot["place"] = "会议室 A"
    invitation = services.propose_interview(recruiter, first, [slot])
    shared = invitation.slots.get()
    other = services.propose_interview(recruiter, second, [slot])
    other.slots.add(shared)  # the same time offered to both
    services.book_interview(first.talent, invitation, shared)
    with pytest.raises(ValidationError, match="Someone has just taken this time"):
        services.book_interview(second.talent, other, shared)
    assert Interview.objects.filter(slot=shared).count() == 1


@pytest.fixture
def reference_rows(transactional_db):
    """Transactional tests run after others whose flush emptied the migrations' reference
    rows: put back the district and the field the factories use."""
    District.objects.get_or_create(
        slug="yubei",
        defaults={"name_zh_hans": "渝北区", "name_en": "Yubei District", "kind": "district"},
    )
    DisciplineField.objects.get_or_create(
        slug="electronic-information",
        defaults={"name_zh_hans": "电子信息", "name_en": "Electronic information"},
    )


# Decided at collection: on SQLite the test must not even set up (and then flush) the database.
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: the race needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_talents_booking_the_same_time_at_once(reference_rows):
    organisation = OrganisationFactory()
    recruiter = MembershipFactory(organisation=organisation, role="recruiter").user
    job = JobFactory(organisation=organisation, created_by=recruiter)
    first, second = applicant(job), applicant(job)
    starts = timezone.now() + timedelta(days=2)
    slot = InterviewSlot.objects.create(
        job=job,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        mode="online",
        link="https://meeting.example.cn/j/1",
    )
    invitations = []
    for application in (first, second):
        invitation = application.interview_invitations.create(created_by=recruiter)
        invitation.slots.add(slot)
        invitations.append(invitation)
    barrier = threading.Barrier(2)
    outcomes = []

    def book(application, invitation):
        # A new thread starts in the default language (Chinese); the message is checked in English.
        translation.activate("en")
        try:
            barrier.wait(timeout=10)
            services.book_interview(application.talent, invitation, slot)
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(application, invitation))
        for application, invitation in zip((first, second), invitations, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == sorted(
        ["booked", "Someone has just taken this time. Please choose another one."]
    )
    assert Interview.objects.filter(slot=slot).count() == 1
