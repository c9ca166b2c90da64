"""The online job fair in Chromium (issue 4): a talent signs up, fills the profile, uploads a
CV, searches in Chinese, applies and consents; the employer moves the application to
interview and proposes times; the talent picks one.

Each journey sets up what comes before it through factories and services, so that every test
runs alone. The talent's pages are visited in Chinese, the employer's in English. Part of the
Chinese catalogue is still being translated: the talent's journey selects fields by name and
forms by their address, and checks data (rows, values shown), never translated sentences.
"""

import re
from datetime import datetime, time, timedelta
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    JobFactory,
    MembershipFactory,
    OrganisationFactory,
    ProfileFactory,
    UserFactory,
)
from tests.talents.helpers import PDF
from yingcai.accounts.models import User
from yingcai.core.models import DisciplineField, District
from yingcai.jobs import search
from yingcai.jobs import services as jobs
from yingcai.jobs.models import (
    Application,
    ApplicationEvent,
    Interview,
    InterviewInvitation,
    InterviewSlot,
    Stage,
)
from yingcai.privacy.models import SharingConsent
from yingcai.talents import services as talents
from yingcai.talents.models import CV, TalentProfile

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")
PHONE = {"width": 390, "height": 844}
CHIP_TITLE = "集成电路芯片设计工程师"
ONLINE_LINK = "https://meeting.tencent.com/dm/yingcai-interview-2025"
ON_SITE_PLACE = "重庆市渝北区仙桃数据谷东路19号 3号楼 201会议室"


def zh(name, *args) -> str:
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def en(name, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded CVs go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation():
    return OrganisationFactory(
        name_zh_hans="重庆芯测微电子有限公司",
        name_en="Chongqing Xince Microelectronics Co.",
        contact_email="hr@xince.example.cn",
        contact_phone="023-6000 0000",
    )


@pytest.fixture
def recruiter(organisation):
    return MembershipFactory(
        organisation=organisation,
        role="recruiter",
        user__name="王招聘",
        user__email="recruiter@xince.example.cn",
        user__language="en",
    ).user


def indexed_job(**fields):
    """A published open job, segmented for search as the services would have done it."""
    job = JobFactory(**fields)
    job.search_document = search.document_for(job)
    job.save(update_fields=["search_document"])
    return job


@pytest.fixture
def chip_job(organisation, recruiter):
    return indexed_job(organisation=organisation, created_by=recruiter, title=CHIP_TITLE)


@pytest.fixture
def unrelated_job():
    return indexed_job(
        title="财务会计",
        description="负责公司财务核算与报表编制。",
        field=DisciplineField.objects.get(slug="finance"),
        district=District.objects.get(slug="jiangbei"),
    )


def applicant(job) -> Application:
    """A talent with a profile and a CV who applied to `job` (consenting), through services."""
    talent = UserFactory(name="李雷", email="li.lei@example.com")
    ProfileFactory(user=talent, university="重庆大学", skills="芯片设计, Verilog")
    talents.upload_cv(talent, SimpleUploadedFile("李雷简历.pdf", PDF, "application/pdf"))
    jobs.give_consent(talent, job.organisation)
    return jobs.apply(talent, job, "我对芯片设计很有兴趣。")


def slot_time(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def invited(application, recruiter) -> InterviewInvitation:
    """The application moved to interview, with an online and an on-site time proposed."""
    interview = jobs.stage_for(application.job.organisation, Stage.Key.INTERVIEW)
    jobs.move(recruiter, [application], interview, "技术面试")
    return jobs.propose_interview(
        recruiter,
        application,
        [
            {
                "starts_at": slot_time(7, 10),
                "ends_at": slot_time(7, 11),
                "mode": InterviewSlot.Mode.ONLINE,
                "place": "",
                "link": ONLINE_LINK,
            },
            {
                "starts_at": slot_time(8, 14, 30),
                "ends_at": slot_time(8, 15, 30),
                "mode": InterviewSlot.Mode.ON_SITE,
                "place": ON_SITE_PLACE,
                "link": "",
            },
        ],
        "请选择一个面试时间。",
    )


def log_in(page, user):
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()


def submit(page, action: str):
    """Click the submit button of the form in the main part posting to `action`."""
    page.locator(f'main form[action="{action}"] button[type=submit]').click()


def assert_fits_phone(page):
    # The layout viewport (clientWidth), not window.innerWidth: see test_layout.py.
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


# --- The talent: from signing up to applying -------------------------------------------------
def test_talent_signs_up_fills_the_profile_uploads_a_cv_searches_and_applies(
    page, tmp_path, chip_job, unrelated_job, organisation
):
    # Sign up in Chinese and confirm the address through the link in the e-mail.
    page.goto(zh("account_signup"))
    page.fill("#id_name", "李雷")
    page.fill("#id_email", "li.lei@example.com")
    page.fill("#id_password1", "Chongqing-hotpot-2025")
    page.fill("#id_password2", "Chongqing-hotpot-2025")
    page.check("#id_accept_terms")
    submit(page, zh("account_signup"))

    expect(page).to_have_url(re.compile(r"/zh-hans/accounts/confirm-email/$"))
    assert [m.to for m in mail.outbox] == [["li.lei@example.com"]]
    link = CONFIRM_LINK.search(mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group())
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    talent = User.objects.get(email="li.lei@example.com")
    assert talent.emailaddress_set.get().verified

    # The profile: a doctor in electronic information who would like to work in Yubei.
    field = DisciplineField.objects.get(slug="electronic-information")
    district = District.objects.get(slug="yubei")
    page.goto(zh("talent:profile"))
    expect(page.locator("input[name=name]")).to_have_value("李雷")
    page.select_option("select[name=degree]", "doctor")
    page.fill("input[name=university]", "重庆大学")
    page.check(f"input[name=fields][value='{field.pk}']")
    page.check(f"input[name=desired_districts][value='{district.pk}']")
    page.fill("input[name=skills]", "芯片设计, Verilog, 数字电路")
    # The profile form posts to its own address: it has no action attribute.
    page.locator("main form[method=post]:not([action]) button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/zh-hans/me/profile/$"))
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("select[name=degree]")).to_have_value("doctor")
    expect(page.locator("input[name=university]")).to_have_value("重庆大学")
    expect(page.locator("input[name=skills]")).to_have_value("芯片设计, Verilog, 数字电路")
    expect(page.locator(f"input[name=fields][value='{field.pk}']")).to_be_checked()
    expect(page.locator(f"input[name=desired_districts][value='{district.pk}']")).to_be_checked()
    profile = TalentProfile.objects.get(user=talent)
    assert (profile.degree, profile.university) == ("doctor", "重庆大学")
    assert list(profile.fields.all()) == [field]
    assert list(profile.desired_districts.all()) == [district]

    # A CV: a real PDF file, chosen as a person would.
    cv_file = tmp_path / "李雷简历.pdf"
    cv_file.write_bytes(PDF)
    page.goto(zh("talent:cvs"))
    page.set_input_files("input[name=file]", str(cv_file))
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/zh-hans/me/cvs/$"))
    current = page.locator("tbody tr[aria-current=true]")
    expect(current).to_have_count(1)
    expect(current.get_by_role("link", name="李雷简历.pdf")).to_be_visible()
    expect(current.locator(".badge")).to_be_visible()
    cv = CV.objects.get(profile=profile)
    assert (cv.is_current, cv.kind, cv.original_name) == (True, "pdf", "李雷简历.pdf")

    # Search in Chinese: 芯片 (chip) finds the chip designer's job and not the accountant's.
    page.goto(zh("jobs:search"))
    results = page.locator("#job-results")
    expect(results.get_by_role("link", name=unrelated_job.title)).to_be_visible()
    page.fill("input[name=q]", "芯片")
    page.locator("input[name=q]").press("Enter")

    expect(page).to_have_url(re.compile(re.escape(f"q={quote('芯片')}")))
    expect(results.get_by_role("link", name=unrelated_job.title)).to_have_count(0)
    expect(results.get_by_role("link", name=CHIP_TITLE)).to_be_visible()
    results.get_by_role("link", name=CHIP_TITLE).click()

    # The job, then applying: the first application to the organisation asks for consent.
    expect(page).to_have_url(re.compile(rf"/zh-hans/jobs/{chip_job.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CHIP_TITLE)
    page.get_by_test_id("apply").click()
    expect(page).to_have_url(re.compile(rf"/zh-hans/jobs/{chip_job.pk}/apply/$"))
    page.fill("textarea[name=cover_note]", "我对芯片设计很有兴趣。")
    submit(page, zh("applying:apply", chip_job.pk))

    with translation.override("zh-hans"):
        shown = jobs.consent_text(organisation)
    expect(page.get_by_test_id("recipient")).to_have_text("重庆芯测微电子有限公司")
    expect(page.get_by_test_id("contact")).to_have_text("hr@xince.example.cn, 023-6000 0000")
    expect(page.get_by_test_id("purpose")).to_have_text(str(shown["purpose"]))
    expect(page.get_by_test_id("data")).to_have_text(str(shown["data"]))
    assert not Application.objects.exists()
    assert not SharingConsent.objects.exists()
    submit(page, zh("applying:consent", chip_job.pk))

    application = Application.objects.get()
    expect(page).to_have_url(re.compile(rf"/zh-hans/me/applications/{application.pk}/$"))
    expect(page.locator(".flash-success")).to_contain_text("重庆芯测微电子有限公司")
    expect(page.get_by_test_id("stage")).to_have_class(re.compile(r"\bbadge-applied\b"))
    assert (application.job, application.talent, application.cv) == (chip_job, talent, cv)
    assert application.stage.key == Stage.Key.APPLIED
    assert application.cover_note == "我对芯片设计很有兴趣。"
    consent = SharingConsent.objects.get()
    assert (consent.user, consent.organisation, consent.purpose) == (
        talent,
        organisation,
        "job_application",
    )
    assert consent.given_at is not None and consent.withdrawn_at is None
    assert consent.recipient_contact == "hr@xince.example.cn, 023-6000 0000"

    # "My applications" lists it, at the first step.
    page.goto(zh("talent:applications"))
    row = page.locator("tbody tr", has=page.get_by_role("link", name=CHIP_TITLE))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("重庆芯测微电子有限公司")
    expect(row.locator(".badge")).to_have_class(re.compile(r"\bbadge-applied\b"))


# --- The employer: to interview, and times proposed -----------------------------------------
def test_recruiter_moves_the_application_to_interview(page, chip_job, organisation, recruiter):
    application = applicant(chip_job)
    talent = application.talent
    interview = jobs.stage_for(organisation, Stage.Key.INTERVIEW)
    mail.outbox.clear()
    log_in(page, recruiter)

    page.goto(en("employer:applicants", organisation.pk, chip_job.pk))
    row = page.get_by_test_id("applicant").filter(has_text="李雷")
    expect(row).to_contain_text("重庆大学")
    expect(row).to_contain_text("applied")
    row.get_by_role("link", name="李雷").click()
    expect(page).to_have_url(
        re.compile(rf"/en/organisations/{organisation.pk}/applications/{application.pk}/$")
    )
    expect(page.get_by_test_id("current-stage")).to_have_text("applied")
    expect(page.get_by_test_id("cv-link")).to_be_visible()

    # The move is sent by HTMX: the step's section is replaced in place.
    section = page.locator("#stage-section")
    section.locator("select[name=stage]").select_option(str(interview.pk))
    section.locator("input[name=note]").fill("Strong background in chip design.")
    section.get_by_role("button", name="Move").click()
    expect(page.get_by_test_id("current-stage")).to_have_text("interview")
    expect(page.locator("#stage-section")).to_contain_text("Strong background in chip design.")
    expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/$"))

    event = ApplicationEvent.objects.get(application=application, to_stage=interview)
    assert (event.from_stage.key, event.actor, event.note) == (
        Stage.Key.APPLIED,
        recruiter,
        "Strong background in chip design.",
    )
    application.refresh_from_db()
    assert application.stage == interview
    assert [m.to for m in mail.outbox] == [[talent.email]]  # told of the new step

    # Back in the pipeline, the applicant is listed under the new step.
    page.goto(en("employer:applicants", organisation.pk, chip_job.pk))
    expect(page.get_by_test_id("applicant").filter(has_text="李雷")).to_contain_text("interview")


def test_recruiter_proposes_an_online_and_an_on_site_time(page, chip_job, organisation, recruiter):
    application = applicant(chip_job)
    talent = application.talent
    jobs.move(recruiter, [application], jobs.stage_for(organisation, Stage.Key.INTERVIEW))
    mail.outbox.clear()
    log_in(page, recruiter)

    page.goto(en("employer:application", organisation.pk, application.pk))
    expect(page.get_by_test_id("current-stage")).to_have_text("interview")
    # Two times of the three rows offered: one online with a link, one on site with a place.
    interviews = page.locator("#interviews")
    interviews.locator("summary").click()
    first, second = slot_time(7, 10).date(), slot_time(8, 14).date()
    interviews.locator("input[name=slots-0-day]").fill(first.isoformat())
    interviews.locator("input[name=slots-0-start]").fill("10:00")
    interviews.locator("input[name=slots-0-end]").fill("11:00")
    interviews.locator("select[name=slots-0-mode]").select_option("online")
    interviews.locator("input[name=slots-0-link]").fill(ONLINE_LINK)
    interviews.locator("input[name=slots-1-day]").fill(second.isoformat())
    interviews.locator("input[name=slots-1-start]").fill("14:30")
    interviews.locator("input[name=slots-1-end]").fill("15:30")
    interviews.locator("select[name=slots-1-mode]").select_option("on_site")
    interviews.locator("input[name=slots-1-place]").fill(ON_SITE_PLACE)
    interviews.locator("textarea[name=message]").fill("请选择一个面试时间。")
    with page.expect_navigation():
        interviews.get_by_role("button", name="Send the invitation").click()

    # Plain assertion once the answer has loaded: the expected failure need not wait out the
    # timeout of expect(). Accepted, the form redirects back to the application's page.
    assert page.url.endswith(f"/applications/{application.pk}/"), page.url
    expect(page.locator(".flash-success")).to_contain_text("choose one of 2 interview times")
    listed = page.locator("#interviews article li")
    expect(listed).to_have_count(2)
    expect(listed.nth(0)).to_contain_text(ONLINE_LINK)
    expect(listed.nth(1)).to_contain_text(ON_SITE_PLACE)

    invitation = InterviewInvitation.objects.get(application=application)
    assert (invitation.created_by, invitation.message) == (recruiter, "请选择一个面试时间。")
    online, on_site = invitation.slots.order_by("starts_at")
    assert (online.mode, online.link, online.place) == ("online", ONLINE_LINK, "")
    assert timezone.localtime(online.starts_at) == slot_time(7, 10)
    assert timezone.localtime(online.ends_at) == slot_time(7, 11)
    assert (on_site.mode, on_site.place, on_site.link) == ("on_site", ON_SITE_PLACE, "")
    assert timezone.localtime(on_site.starts_at) == slot_time(8, 14, 30)
    assert timezone.localtime(on_site.ends_at) == slot_time(8, 15, 30)
    # Already at the interview step: proposing times does not move it again.
    assert application.events.filter(to_stage__key=Stage.Key.INTERVIEW).count() == 1
    [invited_mail] = mail.outbox
    assert invited_mail.to == [talent.email]
    assert CHIP_TITLE in invited_mail.body and ON_SITE_PLACE in invited_mail.body


# --- The talent picks one of the times -------------------------------------------------------
def test_talent_books_one_of_the_proposed_times(page, chip_job, recruiter):
    application = applicant(chip_job)
    talent = application.talent
    invitation = invited(application, recruiter)
    online, on_site = invitation.slots.order_by("starts_at")
    mail.outbox.clear()
    log_in(page, talent)

    page.goto(zh("talent:application", application.pk))
    offer = page.get_by_test_id("invitation")
    expect(offer).to_contain_text("请选择一个面试时间。")
    expect(offer.locator("input[name=slot]")).to_have_count(2)
    offer.locator("label", has_text=ON_SITE_PLACE).locator("input[name=slot]").check()
    offer.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/zh-hans/me/applications/{application.pk}/$"))
    booked = page.get_by_test_id("interview")
    expect(booked).to_contain_text(ON_SITE_PLACE)
    expect(booked.locator("a[href$='/interview.ics']")).to_have_count(1)
    # The other time is no longer offered: no invitation left to answer.
    expect(page.get_by_test_id("invitation")).to_have_count(0)
    # The other time is offered only as a move of the booked one, beside a cancellation.
    expect(page.locator("input[name=slot]")).to_have_count(1)
    expect(page.get_by_test_id("reschedule").locator("input[name=slot]")).to_have_count(1)
    expect(page.get_by_test_id("cancel-interview")).to_have_count(1)

    interview = Interview.objects.get()
    assert (interview.application, interview.slot, interview.invitation) == (
        application,
        on_site,
        invitation,
    )
    assert not hasattr(InterviewSlot.objects.get(pk=online.pk), "interview")
    # Both sides get the calendar invitation.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([talent.email, recruiter.email])
    for message in mail.outbox:
        [(name, content, mimetype)] = message.attachments
        assert name == "interview.ics"
        assert mimetype.startswith("text/calendar")
        assert "BEGIN:VCALENDAR" in content and "BEGIN:VEVENT" in content


# --- On a phone ------------------------------------------------------------------------------
def test_job_search_and_application_pages_fit_a_phone(
    new_context, chip_job, unrelated_job, recruiter
):
    application = applicant(chip_job)
    invitation = invited(application, recruiter)
    context = new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)
    page = context.new_page()

    page.goto(f"{zh('jobs:search')}?q={quote('芯片')}")
    expect(page.locator("#job-results").get_by_role("link", name=CHIP_TITLE)).to_be_visible()
    assert_fits_phone(page)

    log_in(page, application.talent)
    page.goto(zh("talent:application", application.pk))
    expect(page.get_by_test_id("invitation").locator("input[name=slot]")).to_have_count(2)
    assert_fits_phone(page)

    # Once booked, the page shows the interview with its (long) meeting link.
    online = invitation.slots.get(mode=InterviewSlot.Mode.ONLINE)
    jobs.book_interview(application.talent, invitation, online)
    page.reload()
    expect(page.get_by_test_id("interview")).to_contain_text(ONLINE_LINK)
    assert_fits_phone(page)
