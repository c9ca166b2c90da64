"""The talent's side of the job fair through HTTP: applying with consent, my applications,
withdrawing, messages, interviews."""

from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from yingcai.jobs import services
from yingcai.jobs.models import Application, ApplicationEvent, Interview
from yingcai.privacy.models import SharingConsent

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import JobFactory, OrganisationFactory, ProfileFactory, UserFactory
from ..talents import helpers
from ..talents.helpers import application_of, en, profile_of, with_cv

media = helpers.media


@pytest.fixture
def job(organisation, recruiter):
    organisation.contact_email = "hr@cq-test.cn"
    organisation.contact_phone = "023-6000 0000"
    organisation.save()
    return JobFactory(organisation=organisation, created_by=recruiter, title="芯片设计工程师")


@pytest.fixture
def candidate(talent, media):
    profile_of(talent, degree="doctor")
    with_cv(talent, "李雷简历.pdf")
    return talent


# --- Applying ------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_anonymous_visitors_log_in_first_and_come_back(client, job):
    url = en("applying:apply", job.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response.url and "next=" in response.url
    assert client.post(url, {"cover_note": "x"}).status_code == 302
    assert client.post(en("applying:consent", job.pk)).status_code == 302
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_applying_end_to_end_with_separate_consent(
    client, candidate, job, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(candidate)
    page = client.get(en("applying:apply", job.pk)).content.decode()
    assert "芯片设计工程师" in page and "李雷简历.pdf" in page
    # The first application to the organisation stops at the consent page.
    response = client.post(en("applying:apply", job.pk), {"cover_note": "我对芯片设计很有兴趣。"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="consent-text"' in page
    assert organisation.name_en in page  # the recipient
    assert "hr@cq-test.cn" in page and "023-6000 0000" in page  # its contact
    assert "to consider you for its job requirements" in page  # the purpose
    assert "your CV and your cover notes" in page  # the data
    assert "我对芯片设计很有兴趣。" in page  # carried to the next step
    assert not Application.objects.exists() and not SharingConsent.objects.exists()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            en("applying:consent", job.pk), {"cover_note": "我对芯片设计很有兴趣。"}, follow=True
        )
    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == en("talent:application", application.pk)
    assert "Your application to" in response.content.decode()
    consent = SharingConsent.objects.get(user=candidate, organisation=organisation)
    assert consent.purpose == "job_application" and consent.given_at >= before
    assert consent.recipient_contact == "hr@cq-test.cn, 023-6000 0000"
    assert application.cv.original_name == "李雷简历.pdf"
    assert application.cover_note == "我对芯片设计很有兴趣。"
    assert application.stage.key == "applied"
    assert [m.to for m in mailoutbox] == [[candidate.email]]
    # The next job of the same organisation: no consent page.
    second = JobFactory(organisation=organisation, title="验证工程师")
    response = client.post(en("applying:apply", second.pk), {"cover_note": ""})
    assert response.status_code == 302
    assert Application.objects.filter(job=second, talent=candidate).exists()
    assert SharingConsent.objects.count() == 1


@pytest.mark.django_db
def test_sending_the_form_again_after_applying_keeps_the_first_application(client, candidate, job):
    """One after the other (the back button, a second tab); the race is the next test."""
    services.give_consent(candidate, job.organisation)
    client.force_login(candidate)
    first = client.post(en("applying:apply", job.pk), {"cover_note": "一"}, follow=True)
    second = client.post(en("applying:apply", job.pk), {"cover_note": "二"}, follow=True)
    assert Application.objects.filter(job=job, talent=candidate).count() == 1
    assert "Your application to" in first.content.decode()
    assert "You have already applied for this job." in second.content.decode()
    assert Application.objects.get().cover_note == "一"
    page = client.get(en("applying:apply", job.pk)).content.decode()
    assert 'data-testid="already-applied"' in page


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_of_the_form_make_one_application_per_talent_and_job():
    """Talents clicking "Send" several times at once, each click its own browser request on
    its own connection, all released together."""
    put_back_reference_rows()
    organisation = OrganisationFactory()
    jobs = JobFactory.create_batch(2, organisation=organisation)
    talents = [ProfileFactory(degree="doctor").user for _ in range(4)]
    sessions = {}
    for talent in talents:
        services.give_consent(talent, organisation)
        sessions[talent.pk] = Client()
        sessions[talent.pk].force_login(talent)

    def post(talent, job, note):
        response = sessions[talent.pk].post(en("applying:apply", job.pk), {"cover_note": note})
        assert response.status_code == 302, response.status_code

    clicks = [(t, j, f"{t.pk}-{j.pk}-{n}") for t in talents for j in jobs for n in range(3)]
    outcomes = at_once([lambda c=click: post(*c) for click in clicks])
    assert outcomes == ["ok"] * len(clicks)
    made = Counter(Application.objects.values_list("talent_id", "job_id"))
    assert made == Counter({(t.pk, j.pk): 1 for t in talents for j in jobs})
    # Each application was recorded once, with one of its own talent's notes for that job.
    assert ApplicationEvent.objects.count() == len(talents) * len(jobs)
    for application in Application.objects.all():
        talent_id, job_id, _n = application.cover_note.split("-")
        assert (int(talent_id), int(job_id)) == (application.talent_id, application.job_id)


@pytest.mark.django_db
def test_cancelling_the_consent_records_nothing(client, candidate, job):
    client.force_login(candidate)
    page = client.get(en("applying:consent", job.pk)).content.decode()
    assert f'href="{en("applying:apply", job.pk)}"' in page
    assert not SharingConsent.objects.exists()


def _closed(organisation):
    return JobFactory(organisation=organisation, status="closed", closed_at=timezone.now())


def _past(organisation):
    return JobFactory(organisation=organisation, deadline=timezone.localdate() - timedelta(days=1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_job", "degree", "message"),
    [
        (_past, "doctor", "The deadline of this job requirement has passed."),
        (_closed, "doctor", "This job requirement is not open for applications."),
        (JobFactory, "", "Complete your profile first: your highest degree is missing."),
        (JobFactory, "bachelor", "This job requires at least: master."),
    ],
)
def test_refusals_are_clear_messages(client, talent, organisation, make_job, degree, message):
    profile_of(talent, degree=degree)
    services.give_consent(talent, organisation)
    job = make_job(organisation=organisation)
    client.force_login(talent)
    response = client.post(en("applying:apply", job.pk), {"cover_note": "你好"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_talent_without_a_profile_is_refused_too(client, talent, job):
    client.force_login(talent)
    response = client.post(en("applying:apply", job.pk), {"cover_note": ""})
    assert "your highest degree is missing" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("post", [False, True])
def test_a_missing_degree_is_said_once_and_offers_the_profile_not_the_send_button(
    client, talent, job, post
):
    profile_of(talent, degree="")
    services.give_consent(talent, job.organisation)
    client.force_login(talent)
    url = en("applying:apply", job.pk)
    response = client.post(url, {"cover_note": "你好"}) if post else client.get(url)
    page = response.content.decode()
    assert page.count("your highest degree is missing") == 1
    assert "Send my application" not in page
    assert 'data-testid="complete-profile"' in page and en("talent:profile") in page


@pytest.mark.django_db
def test_the_job_page_says_already_applied_with_a_link_and_no_apply_button(client, candidate, job):
    client.force_login(candidate)
    page = client.get(en("jobs:detail", job.pk)).content.decode()
    assert 'data-testid="apply"' in page and 'data-testid="already-applied"' not in page
    services.give_consent(candidate, job.organisation)
    application = services.apply(candidate, job)
    page = client.get(en("jobs:detail", job.pk)).content.decode()
    assert 'data-testid="already-applied"' in page
    assert en("talent:application", application.pk) in page
    assert 'data-testid="apply"' not in page
    # Someone else still sees the button.
    other = ProfileFactory(degree="doctor").user
    client.force_login(other)
    page = client.get(en("jobs:detail", job.pk)).content.decode()
    assert 'data-testid="apply"' in page and 'data-testid="already-applied"' not in page


@pytest.mark.django_db
def test_unpublished_jobs_do_not_exist_for_talents(client, candidate, organisation):
    draft = JobFactory(organisation=organisation, status="draft", published_at=None)
    client.force_login(candidate)
    assert client.get(en("applying:apply", draft.pk)).status_code == 404
    assert client.post(en("applying:apply", draft.pk), {"cover_note": ""}).status_code == 404
    assert client.post(en("applying:consent", draft.pk), {"cover_note": ""}).status_code == 404
    assert not SharingConsent.objects.exists()


@pytest.mark.django_db
def test_a_cover_note_too_long_is_refused(client, candidate, job):
    client.force_login(candidate)
    response = client.post(en("applying:apply", job.pk), {"cover_note": "长" * 3001})
    assert response.status_code == 400
    assert "Ensure this value has at most 3000 characters" in response.content.decode()


# --- My applications ------------------------------------------------------------------------
@pytest.mark.django_db
def test_my_applications_in_bounded_queries_with_the_organisations_stage_names(
    client, candidate, organisation, owner, django_assert_max_num_queries
):
    applications = [
        application_of(candidate, JobFactory(organisation=organisation, title=f"岗位{i}"))
        for i in range(12)
    ]
    screened = services.stage_for(organisation, "screened")
    services.rename_stage(owner, screened, "初筛通过")
    services.move(owner, applications[:3], screened)
    client.force_login(candidate)
    with django_assert_max_num_queries(8):
        page = client.get(en("talent:applications")).content.decode()
    assert page.count("岗位") == 12
    assert page.count("初筛通过") == 3 and "applied" in page


@pytest.mark.django_db
def test_an_application_shows_its_history_without_the_organisations_notes_or_rating(
    client, candidate, job, recruiter, django_assert_max_num_queries
):
    application = application_of(candidate, job, "求职信")
    services.move(
        recruiter, [application], services.stage_for(job.organisation, "screened"), "内部:学历一般"
    )
    services.add_note(recruiter, application, "内部评价：沟通能力一般")
    services.rate(recruiter, application, 2)
    services.send_message(recruiter, application, "请补充论文清单")
    client.force_login(candidate)
    with django_assert_max_num_queries(12):
        response = client.get(en("talent:application", application.pk))
    page = response.content.decode()
    assert "applied" in page and "screened" in page and "请补充论文清单" in page
    assert "求职信" in page and "李雷简历.pdf" in page
    assert "内部评价" not in page and "内部:学历一般" not in page
    assert "2/5" not in page and "rating" not in page.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["another_talent", "recruiter", "staff_admin", "anonymous"])
def test_other_peoples_applications_do_not_exist_here(client, request, candidate, job, who):
    application = application_of(candidate, job)
    if who == "another_talent":
        client.force_login(UserFactory())
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for name in ("talent:application", "talent:withdraw", "talent:interview_ics"):
        response = client.get(en(name, application.pk))
        assert response.status_code == (302 if who == "anonymous" else 404), name
    response = client.post(en("talent:message", application.pk), {"body": "冒充"})
    assert response.status_code == (302 if who == "anonymous" else 404)
    response = client.post(en("talent:withdraw", application.pk), {"confirm": "on"})
    assert response.status_code == (302 if who == "anonymous" else 404)
    application.refresh_from_db()
    assert application.stage.key == "applied" and not application.messages.exists()
    if who == "anonymous":
        assert "/login/" in client.get(en("talent:applications")).url


@pytest.mark.django_db
def test_withdrawing_asks_for_confirmation(client, candidate, job):
    application = application_of(candidate, job)
    client.force_login(candidate)
    url = en("talent:withdraw", application.pk)
    assert "Yes, withdraw this application." in client.get(url).content.decode()
    response = client.post(url, {})
    assert response.status_code == 400 and "Tick the box to confirm." in response.content.decode()
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "Your application is withdrawn." in response.content.decode()
    application.refresh_from_db()
    assert application.stage.key == "withdrawn"
    assert ApplicationEvent.objects.filter(application=application, actor=candidate).count() == 2
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "can no longer be withdrawn" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "name"), [("en", "name_en"), ("zh-hans", "name_zh_hans")])
def test_messages_go_both_ways_and_are_mailed_in_the_readers_language(
    client,
    candidate,
    job,
    recruiter,
    mailoutbox,
    django_capture_on_commit_callbacks,
    language,
    name,
):
    candidate.language = language
    candidate.save()
    application = application_of(candidate, job)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(recruiter, application, "请问下周二有空吗？")
    [to_talent] = mailoutbox
    assert to_talent.to == [candidate.email]
    assert getattr(job.organisation, name) in to_talent.body
    assert "请问下周二有空吗？" in to_talent.body
    client.force_login(candidate)
    assert (
        "请问下周二有空吗？"
        in client.get(en("talent:application", application.pk)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("talent:message", application.pk), {"body": "有空，谢谢。"})
    assert response.status_code == 302
    assert mailoutbox[-1].to == [recruiter.email] and "有空，谢谢。" in mailoutbox[-1].body
    assert application.messages.filter(from_organisation=False, sender=candidate).count() == 1
    response = client.post(en("talent:message", application.pk), {"body": "  "})
    assert response.status_code == 400
    htmx = client.post(
        en("talent:message", application.pk), {"body": "再补充一句"}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 200 and "<html" not in htmx.content.decode()
    assert "再补充一句" in htmx.content.decode()


# --- Interviews --------------------------------------------------------------------------------
def _slot(hours, **extra):
    start = timezone.now() + timedelta(days=3, hours=hours)
    data = {"starts_at": start, "ends_at": start + timedelta(minutes=30), "mode": "online"}
    data["link"] = f"https://meet.example.com/{hours}"
    data.update(extra)
    return data


@pytest.mark.django_db
def test_booking_an_offered_time_and_downloading_the_calendar(client, candidate, job, recruiter):
    application = application_of(candidate, job)
    invitation = services.propose_interview(
        recruiter,
        application,
        [_slot(0), _slot(2, mode="on_site", link="", place="渝北区人和街道1号")],
        "请选择面试时间",
    )
    client.force_login(candidate)
    page = client.get(en("talent:application", application.pk)).content.decode()
    assert page.count('name="slot"') == 2 and "请选择面试时间" in page
    chosen = invitation.slots.get(mode="on_site")
    response = client.post(
        en("talent:book", application.pk, invitation.pk), {"slot": chosen.pk}, follow=True
    )
    assert "Your interview is booked" in response.content.decode()
    assert Interview.objects.get(application=application).slot == chosen
    page = response.content.decode()
    assert 'data-testid="interview"' in page and "渝北区人和街道1号" in page
    # No second booking; the other time is offered as a move of this one.
    assert en("talent:book", application.pk, invitation.pk) not in page
    assert page.count('name="slot"') == 1 and 'data-testid="reschedule"' in page
    calendar = client.get(en("talent:interview_ics", application.pk))
    assert calendar["Content-Type"].startswith("text/calendar")
    assert calendar["Content-Disposition"] == "attachment; filename=interview.ics"
    text = calendar.content.decode()
    assert "BEGIN:VEVENT" in text and "渝北区人和街道1号" in text


@pytest.mark.django_db
def test_a_time_taken_meanwhile_gives_a_clear_message_and_the_other_times(
    client, candidate, job, recruiter
):
    mine = application_of(candidate, job)
    rival = ProfileFactory().user
    theirs = application_of(rival, job)
    invitation = services.propose_interview(recruiter, mine, [_slot(0), _slot(1)])
    contested = invitation.slots.order_by("starts_at").first()
    rival_invitation = services.propose_interview(recruiter, theirs, [_slot(5)])
    rival_invitation.slots.add(contested)  # the employer offered the same time to both
    services.book_interview(rival, rival_invitation, contested)
    client.force_login(candidate)
    response = client.post(
        en("talent:book", mine.pk, invitation.pk), {"slot": contested.pk}, follow=True
    )
    page = response.content.decode()
    assert "Someone has just taken this time. Please choose another one." in page
    assert page.count('name="slot"') == 1
    assert not Interview.objects.filter(application=mine).exists()
    response = client.post(en("talent:book", mine.pk, invitation.pk), {"slot": "abc"}, follow=True)
    assert "Choose one of the times offered." in response.content.decode()


@pytest.mark.django_db
def test_no_calendar_before_an_interview_is_booked(client, candidate, job):
    application = application_of(candidate, job)
    client.force_login(candidate)
    assert client.get(en("talent:interview_ics", application.pk)).status_code == 404
