"""Public-institution recruitment in Chromium: an organiser opens a round, an institution adds a
post, a doctor applies; the reviewer returns the application for correction, the doctor
resubmits, it is approved, scored, published and placed.

Three journeys, each setting up what comes before it through factories and services so that
every test runs alone: (1) the round, the post and the application; (2) the qualification
review with its correction; (3) the assessment, the publicity and the placement. Everyone works
in their own browser context, logged in through the real log-in page: the organiser and the
institution in English, the doctor in Chinese on a phone. Part of the Chinese catalogue is
still being translated: the doctor's pages are checked by data (badges' classes, values,
names), never by translated sentences.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.factories import PASSWORD, MembershipFactory, StaffFactory
from tests.institutions.factories import PostFactory, RoundFactory, applicant, apply_to, institution
from tests.talents.helpers import PDF
from yingcai.core.models import DisciplineField
from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.institutions import services
from yingcai.institutions.models import (
    Certificate,
    Post,
    PostApplication,
    PostQuestion,
    ReviewDecision,
    Round,
    Score,
)
from yingcai.privacy.models import SharingConsent

A = PostApplication.Status
PHONE = {"width": 390, "height": 844}
ROUND_TITLE = "2025年重庆英才大会事业单位面向海内外招聘高层次人才"
HOSPITAL_ZH = "重庆医科大学附属第一医院"
HOSPITAL_EN = "The First Affiliated Hospital of Chongqing Medical University"
POST_CODE = "CQMU-2025-001"
POST_NAME = "心血管内科临床研究岗"
QUESTION = "请简述您的主要研究方向。"
FIRST_ANSWER = "冠心病介入治疗。"
RETURN_REASON = "请补充研究方向的具体内容，并说明近五年的代表性成果。"
CORRECTED_ANSWER = (
    "冠心病介入治疗与心肌缺血再灌注损伤机制；"
    "近五年发表SCI论文8篇，主持国家自然科学基金青年项目1项。"
)
DOCTOR_NAME = "张心远"


def zh(name, *args) -> str:
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def en(name, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def in_english(text) -> str:
    """The institution's pages are in English: so are the labels they show."""
    with translation.override("en"):
        return str(text)


def local_input(moment) -> str:
    """A time as a datetime-local input takes it, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded certificates go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organiser():
    return StaffFactory(
        roles=[STAFF_RECRUITMENT],
        name="刘组织",
        email="liu.organiser@rsj.cq.example.cn",
        language="en",
    )


@pytest.fixture
def hospital():
    return institution(
        name_zh_hans=HOSPITAL_ZH,
        name_en=HOSPITAL_EN,
        contact_email="rsc@cqmu-hospital.example.cn",
        contact_phone="023-8901 2345",
    )


@pytest.fixture
def recruiter(hospital):
    """The hospital's recruiter: adds its posts, reviews and scores its applicants."""
    return MembershipFactory(
        organisation=hospital,
        role="recruiter",
        user__name="王人事",
        user__email="wang.hr@cqmu-hospital.example.cn",
        user__language="en",
    ).user


@pytest.fixture
def doctor():
    """A doctor of medicine, 35 when this round's registration closes."""
    return applicant(
        degree="doctor",
        birth_date=date(1990, 5, 1),
        university="重庆医科大学",
        user__name=DOCTOR_NAME,
        user__email="zhang.xinyuan@example.com",
    )


def open_round(hospital, **fields):
    """A round taking applications, with the hospital's post and its required question."""
    round_ = RoundFactory(title=ROUND_TITLE, **fields)
    post = PostFactory(
        round=round_, institution=hospital, code=POST_CODE, name=POST_NAME, exempt_from_ratio=True
    )
    question = PostQuestion.objects.create(post=post, text=QUESTION, required=True)
    return round_, post, question


def applied(doctor, post, question) -> PostApplication:
    """The doctor uploaded a degree certificate, consented and applied, through services."""
    services.upload_certificate(
        doctor,
        post.round,
        Certificate.Kind.DEGREE,
        SimpleUploadedFile("博士学位证书.pdf", PDF, "application/pdf"),
    )
    [application] = apply_to(doctor, post, answers={str(post.pk): {str(question.pk): FIRST_ANSWER}})
    return application


def logged_in(new_context, user, **options):
    """A page in a fresh context of its own, whose user logged in through the log-in page."""
    page = new_context(**options).new_page()
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return page


def on_phone(new_context, user):
    return logged_in(
        new_context, user, viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True
    )


def assert_fits_phone(page):
    # The layout viewport (clientWidth), not window.innerWidth: see test_layout.py.
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def next_step(page, round_, slug: str):
    """Click the organiser's button that moves the round on, after checking which step it is."""
    button = page.get_by_test_id("next-step")
    form = page.locator("main form", has=button)
    expect(form).to_have_attribute("action", en("orga_recruitment:round_step", round_.pk, slug))
    with page.expect_navigation():
        button.click()
    expect(page).to_have_url(re.compile(rf"/en/orga/recruitment/{round_.pk}/$"))


def expect_phase(page, phase: str):
    expect(page.get_by_test_id("round-phase")).to_have_class(re.compile(rf"\bbadge-{phase}\b"))


def phase_of(round_) -> str:
    return Round.objects.values_list("phase", flat=True).get(pk=round_.pk)


def expect_status(locator, status: str):
    expect(locator.get_by_test_id("status")).to_have_class(re.compile(rf"\bbadge-{status}\b"))


# --- 1. The round, the post and the application -------------------------------------------------
def test_organiser_opens_a_round_the_institution_adds_a_post_and_a_doctor_applies(
    new_context, tmp_path, organiser, hospital, recruiter, doctor
):
    # The organiser drafts the round in the back office.
    orga = logged_in(new_context, organiser)
    now = timezone.now()
    today = timezone.localdate()
    orga.goto(en("orga_recruitment:round_create"))
    orga.fill("#id_title_zh_hans", ROUND_TITLE)
    orga.fill(
        "#id_announcement_zh_hans", "## 公告\n\n面向海内外招聘博士。\n\n## Announcement\n\nDoctors."
    )
    orga.select_option("#id_mode", "single")
    orga.fill("#id_ratio", "3")
    orga.fill("#id_registration_opens", local_input(now - timedelta(hours=1)))
    orga.fill("#id_registration_closes", local_input(now + timedelta(days=7)))
    orga.fill("#id_review_closes", local_input(now + timedelta(days=10)))
    orga.fill("#id_transfer_closes", local_input(now + timedelta(days=12)))
    orga.fill("#id_assessment_starts", (today + timedelta(days=14)).isoformat())
    orga.fill("#id_assessment_ends", (today + timedelta(days=20)).isoformat())
    orga.fill("#id_publicity_days", "7")
    orga.fill("#id_certificate_retention_days", "180")
    orga.locator("main form[method=post]:not([action]) button[type=submit]").click()

    expect(orga).to_have_url(re.compile(r"/en/orga/recruitment/\d+/$"))
    round_ = Round.objects.get()
    assert orga.url.endswith(f"/recruitment/{round_.pk}/"), orga.url
    expect(orga.get_by_role("heading", level=1)).to_have_text(ROUND_TITLE)
    expect_phase(orga, "draft")
    assert (round_.phase, round_.created_by, round_.mode) == ("draft", organiser, "single")
    assert timezone.localtime(round_.registration_closes).date() == today + timedelta(days=7)
    assert (round_.assessment_starts, round_.assessment_ends) == (
        today + timedelta(days=14),
        today + timedelta(days=20),
    )
    # A draft is not public yet.
    assert not Round.objects.exclude(phase="draft").exists()

    # The hospital's recruiter adds a post to the draft through the post form.
    institution_page = logged_in(new_context, recruiter)
    institution_page.goto(en("recruitment_institution:posts", hospital.pk))
    expect(institution_page.get_by_test_id("round-tab")).to_contain_text(ROUND_TITLE)
    new_post = en("recruitment_institution:post_create", hospital.pk)
    institution_page.locator(f'main a[href^="{new_post}"]').click()
    expect(institution_page).to_have_url(re.compile(re.escape(new_post)))
    healthcare = DisciplineField.objects.get(slug="healthcare")
    institution_page.select_option("#id_round", str(round_.pk))
    institution_page.fill("#id_code", POST_CODE)
    institution_page.fill("#id_name_zh_hans", POST_NAME)
    institution_page.fill("#id_headcount", "1")
    institution_page.fill("#id_majors_zh_hans", "临床医学（心血管内科方向）")
    institution_page.check(f"input[name=fields][value='{healthcare.pk}']")
    institution_page.select_option("#id_degree_min", "doctor")
    institution_page.fill("#id_max_age", "40")
    institution_page.select_option("#id_method", "direct")
    # A high-level post: one qualified applicant is enough, whatever the round's ratio.
    institution_page.check("#id_exempt_from_ratio")
    institution_page.fill("#id_questions", f"* {QUESTION}")
    institution_page.locator("main form[method=post] button[type=submit]").click()

    expect(institution_page).to_have_url(re.compile(rf"/recruitment/\?round={round_.pk}$"))
    expect(institution_page.locator(".flash-success")).to_contain_text(POST_CODE)
    row = institution_page.get_by_test_id("post")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(POST_CODE)
    expect(row).to_contain_text(POST_NAME)
    post = Post.objects.get()
    assert (post.round, post.institution, post.created_by) == (round_, hospital, recruiter)
    assert (post.code, post.name, post.headcount, post.degree_min, post.max_age) == (
        POST_CODE,
        POST_NAME,
        1,
        "doctor",
        40,
    )
    assert (post.method, post.exempt_from_ratio, post.status) == ("direct", True, "open")
    assert list(post.fields.all()) == [healthcare]
    question = post.questions.get()
    assert (question.text, question.required) == (QUESTION, True)

    # The organiser sees the post in the round and opens registration.
    orga.reload()
    post_row = orga.get_by_test_id("post-row")
    expect(post_row).to_have_count(1)
    expect(post_row).to_contain_text(POST_CODE)
    expect(post_row).to_contain_text(HOSPITAL_EN)
    next_step(orga, round_, "open-registration")
    expect_phase(orga, "registration")
    expect(orga.locator(".flash-success")).to_be_visible()
    assert phase_of(round_) == "registration"

    # The doctor applies on a phone, in Chinese: the post, the answer, a certificate.
    phone = on_phone(new_context, doctor)
    phone.goto(zh("recruitment:round", round_.pk))
    expect(phone.get_by_role("heading", level=1)).to_contain_text(ROUND_TITLE)
    expect(phone.locator("main")).to_contain_text(POST_CODE)
    assert_fits_phone(phone)
    phone.goto(zh("recruitment:apply", round_.pk))
    expect(phone.get_by_test_id("profile")).to_be_visible()
    # Choosing the post loads its conditions and its question in place (HTMX).
    phone.select_option("#choice-1", str(post.pk))
    choice = phone.locator("#choice-1-details")
    expect(choice.get_by_test_id("eligible")).to_be_visible()
    expect(choice).to_contain_text(HOSPITAL_ZH)
    answer = choice.locator(f"textarea[name='answer-{post.pk}-{question.pk}']")
    expect(answer).to_be_visible()
    answer.fill(FIRST_ANSWER)
    assert_fits_phone(phone)

    # To the certificates and back: the choice and the answer are kept meanwhile.
    phone.locator("main button[name=action][value=certificates]").click()
    expect(phone).to_have_url(re.compile(rf"/zh-hans/recruitment/{round_.pk}/certificates/$"))
    certificate_file = tmp_path / "博士学位证书.pdf"
    certificate_file.write_bytes(PDF)
    phone.select_option("#id_kind", "degree")
    phone.set_input_files("#id_file", str(certificate_file))
    phone.check("#id_agree")
    phone.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(phone).to_have_url(re.compile(rf"/zh-hans/recruitment/{round_.pk}/certificates/$"))
    expect(phone.get_by_test_id("certificates").locator("tbody tr")).to_have_count(1)
    expect(phone.get_by_test_id("certificates")).to_contain_text("博士学位证书.pdf")
    certificate = Certificate.objects.get()
    assert (certificate.talent, certificate.round, certificate.kind) == (doctor, round_, "degree")
    assert (certificate.extension, certificate.original_name) == ("pdf", "博士学位证书.pdf")
    assert certificate.size == len(PDF) and certificate.delete_after is None
    assert_fits_phone(phone)

    phone.locator(f'main a[href="{zh("recruitment:apply", round_.pk)}"]').click()
    expect(phone.locator("#choice-1")).to_have_value(str(post.pk))
    expect(phone.locator(f"textarea[name='answer-{post.pk}-{question.pk}']")).to_have_value(
        FIRST_ANSWER
    )
    expect(phone.locator("main ul[data-testid=certificates]")).to_contain_text("博士学位证书.pdf")
    phone.get_by_test_id("send").click()

    # The separate consent comes first: nothing is sent, nothing recorded before it.
    expect(phone).to_have_url(re.compile(rf"/zh-hans/recruitment/{round_.pk}/apply/consent/$"))
    with translation.override("zh-hans"):
        shown = services.consent_text(hospital)
    expect(phone.get_by_test_id("posts")).to_contain_text(POST_CODE)
    expect(phone.get_by_test_id("recipient")).to_have_text(HOSPITAL_ZH)
    expect(phone.get_by_test_id("contact")).to_have_text(
        "rsc@cqmu-hospital.example.cn, 023-8901 2345"
    )
    expect(phone.get_by_test_id("purpose")).to_have_text(str(shown["purpose"]))
    expect(phone.get_by_test_id("data")).to_have_text(str(shown["data"]))
    assert_fits_phone(phone)
    assert not PostApplication.objects.exists()
    assert not SharingConsent.objects.exists()
    phone.check("#id_agree")
    phone.get_by_test_id("agree").click()

    expect(phone).to_have_url(re.compile(r"/zh-hans/recruitment/mine/$"))
    expect(phone.locator(".flash-success")).to_be_visible()
    mine = phone.get_by_test_id("application")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(POST_CODE)
    expect(mine).to_contain_text(HOSPITAL_ZH)
    expect_status(mine, "submitted")
    assert_fits_phone(phone)

    application = PostApplication.objects.get()
    assert (application.round, application.post, application.talent) == (round_, post, doctor)
    assert (application.status, application.rank) == (A.SUBMITTED, 1)
    assert (application.degree, application.birth_date) == ("doctor", date(1990, 5, 1))
    assert application.answers == {str(question.pk): FIRST_ANSWER}
    consent = SharingConsent.objects.get()
    assert (consent.user, consent.organisation, consent.purpose) == (
        doctor,
        hospital,
        services.CONSENT_PURPOSE,
    )
    assert consent.given_at is not None and consent.withdrawn_at is None
    assert doctor.email in [m.to[0] for m in mail.outbox]  # told the application is received

    # The hospital finds the applicant among its own, awaiting review.
    institution_page.goto(en("recruitment_institution:applications", hospital.pk))
    applicant_row = institution_page.get_by_test_id("applicant")
    expect(applicant_row).to_have_count(1)
    expect(applicant_row).to_contain_text(DOCTOR_NAME)
    expect(applicant_row).to_contain_text(POST_CODE)


# --- 2. The qualification review: returned, corrected, approved ---------------------------------
def test_reviewer_returns_the_application_the_doctor_corrects_it_and_it_is_approved(
    new_context, hospital, recruiter, doctor
):
    _round, post, question = open_round(hospital)
    application = applied(doctor, post, question)
    mail.outbox.clear()

    # The reviewer opens the application, with the certificate, and returns it with a reason.
    reviewer = logged_in(new_context, recruiter)
    reviewer.goto(en("recruitment_institution:applications", hospital.pk))
    reviewer.get_by_test_id("applicant").get_by_role("link", name=DOCTOR_NAME).click()
    application_url = en("recruitment_institution:application", hospital.pk, application.pk)
    expect(reviewer).to_have_url(re.compile(re.escape(application_url) + "$"))
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(DOCTOR_NAME)
    expect(reviewer.get_by_test_id("application-status")).to_have_text(
        in_english(A.SUBMITTED.label)
    )
    expect(reviewer.locator("main")).to_contain_text(FIRST_ANSWER)
    expect(reviewer.get_by_test_id("certificate")).to_contain_text("博士学位证书.pdf")
    review = reviewer.locator("#review")
    review.locator("input[name=decision][value=return]").check()
    review.locator("textarea[name=reason]").fill(RETURN_REASON)
    with reviewer.expect_navigation():
        review.locator("button[type=submit]").click()

    expect(reviewer).to_have_url(re.compile(re.escape(application_url) + "$"))
    expect(reviewer.locator(".flash-success")).to_be_visible()
    expect(reviewer.get_by_test_id("decisions").locator("li")).to_have_count(1)
    expect(reviewer.get_by_test_id("decisions")).to_contain_text(RETURN_REASON)
    # Returned, it awaits the applicant: no decision can be taken meanwhile.
    expect(reviewer.locator("#review form")).to_have_count(0)
    application.refresh_from_db()
    assert (application.status, application.status_reason) == (A.RETURNED, RETURN_REASON)
    decision = ReviewDecision.objects.get(application=application)
    assert (decision.decision, decision.reason, decision.actor) == (
        "return",
        RETURN_REASON,
        recruiter,
    )
    assert [m.to for m in mail.outbox] == [[doctor.email]]
    assert RETURN_REASON in mail.outbox[0].body

    # The doctor reads the reason on the phone, corrects the answer and sends it back.
    phone = on_phone(new_context, doctor)
    phone.goto(zh("recruitment:my_application", application.pk))
    expect_status(phone, "returned")
    expect(phone.get_by_test_id("reason")).to_contain_text(RETURN_REASON)
    # The reviewer's decision is shown, never who took it.
    expect(phone.get_by_test_id("decisions")).to_contain_text(RETURN_REASON)
    expect(phone.locator("main")).not_to_contain_text(recruiter.name)
    assert_fits_phone(phone)
    phone.locator(f'main a[href="{zh("recruitment:resubmit", application.pk)}"]').click()

    expect(phone).to_have_url(re.compile(rf"/zh-hans/recruitment/mine/{application.pk}/resubmit/$"))
    expect(phone.get_by_test_id("returned-for")).to_contain_text(RETURN_REASON)
    answer = phone.locator(f"textarea[name='answer-{post.pk}-{question.pk}']")
    expect(answer).to_have_value(FIRST_ANSWER)
    answer.fill(CORRECTED_ANSWER)
    assert_fits_phone(phone)
    phone.locator("main form[method=post] button[type=submit]").click()

    expect(phone).to_have_url(re.compile(rf"/zh-hans/recruitment/mine/{application.pk}/$"))
    expect(phone.locator(".flash-success")).to_be_visible()
    expect_status(phone, "submitted")
    expect(phone.get_by_test_id("reason")).to_have_count(0)
    expect(phone.locator("main")).to_contain_text(CORRECTED_ANSWER)
    application.refresh_from_db()
    assert (application.status, application.status_reason) == (A.SUBMITTED, "")
    assert application.answers == {str(question.pk): CORRECTED_ANSWER}

    # The reviewer sees the corrected answer and approves.
    mail.outbox.clear()
    reviewer.reload()
    expect(reviewer.get_by_test_id("application-status")).to_have_text(
        in_english(A.SUBMITTED.label)
    )
    expect(reviewer.locator("main")).to_contain_text(CORRECTED_ANSWER)
    review = reviewer.locator("#review")
    review.locator("input[name=decision][value=approve]").check()
    with reviewer.expect_navigation():
        review.locator("button[type=submit]").click()

    expect(reviewer.get_by_test_id("application-status")).to_have_text(in_english(A.APPROVED.label))
    expect(reviewer.get_by_test_id("decisions").locator("li")).to_have_count(2)
    application.refresh_from_db()
    assert application.status == A.APPROVED
    assert list(application.decisions.values_list("decision", "actor")) == [
        ("return", recruiter.pk),
        ("approve", recruiter.pk),
    ]
    assert [m.to for m in mail.outbox] == [[doctor.email]]

    phone.reload()
    expect_status(phone, "approved")
    expect(phone.get_by_test_id("decisions").locator("li")).to_have_count(2)


# --- 3. Assessment, publicity, placement --------------------------------------------------------
def test_the_round_is_assessed_published_and_the_doctor_is_placed(
    new_context, organiser, hospital, recruiter, doctor
):
    round_, post, question = open_round(hospital)
    application = applied(doctor, post, question)
    services.review(recruiter, application, ReviewDecision.Decision.APPROVE)
    certificate = Certificate.objects.get()

    # The organiser closes registration, then opens the assessment: every application is
    # decided, and the post is exempt from the ratio.
    orga = logged_in(new_context, organiser)
    orga.goto(en("orga_recruitment:round", round_.pk))
    expect_phase(orga, "registration")
    next_step(orga, round_, "close-registration")
    expect_phase(orga, "review")
    assert phase_of(round_) == "review"
    expect(orga.get_by_test_id("pending-reviews")).to_have_count(0)
    expect(orga.get_by_test_id("below-ratio")).to_have_count(0)
    next_step(orga, round_, "open-assessment")
    expect_phase(orga, "assessment")
    assert phase_of(round_) == "assessment"

    # The hospital enters the direct-assessment panel's two scores.
    assessor = logged_in(new_context, recruiter)
    assessor.goto(en("recruitment_institution:application", hospital.pk, application.pk))
    action = en("recruitment_institution:application_action", hospital.pk, application.pk, "score")
    scores = assessor.locator(f'#assessment form[action="{action}"]')
    for name, value in (("评委一", "88.50"), ("评委二", "91")):
        scores.locator("select[name=stage]").select_option("panel")
        scores.locator("input[name=assessor]").fill(name)
        scores.locator("input[name=score]").fill(value)
        with assessor.expect_navigation():
            scores.locator("button[type=submit]").click()
        expect(assessor.locator(".flash-success")).to_be_visible()
    rows = assessor.get_by_test_id("score")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("评委一")
    expect(rows.nth(0)).to_contain_text("88.50")
    expect(rows.nth(1)).to_contain_text("评委二")
    expect(rows.nth(1)).to_contain_text("91.00")
    expect(assessor.get_by_test_id("mean-panel")).to_have_text("89.75")
    expect(assessor.get_by_test_id("total")).to_contain_text("89.75")
    assert sorted(Score.objects.values_list("assessor", "score", "stage", "entered_by")) == [
        ("评委一", Decimal("88.50"), "panel", recruiter.pk),
        ("评委二", Decimal("91.00"), "panel", recruiter.pk),
    ]
    application.refresh_from_db()
    assert (str(application.total_score), application.rank_in_post) == ("89.75", 1)

    # The organiser starts the publicity: the doctor is proposed and published.
    mail.outbox.clear()
    orga.reload()
    next_step(orga, round_, "start-publicity")
    expect_phase(orga, "publicity")
    proposal = orga.get_by_test_id("proposal")
    expect(proposal).to_have_count(1)
    expect(proposal).to_contain_text(DOCTOR_NAME)
    expect(proposal).to_contain_text("89.75")
    round_.refresh_from_db()
    assert round_.phase == "publicity" and round_.publicity_starts is not None
    application.refresh_from_db()
    assert application.status == A.PROPOSED
    assert [m.to for m in mail.outbox] == [[doctor.email]]

    # Anyone, logged in or not, reads the publicity list.
    public = new_context().new_page()
    public.goto(zh("recruitment:publicity", round_.pk))
    listed = public.get_by_test_id("people").locator("tbody tr")
    expect(listed).to_have_count(1)
    for shown in (DOCTOR_NAME, POST_CODE, POST_NAME, HOSPITAL_ZH, "89.75"):
        expect(listed).to_contain_text(shown)
    expect(listed.get_by_test_id("object")).to_have_attribute(
        "href", zh("recruitment:objection", round_.pk, application.pk)
    )

    phone = on_phone(new_context, doctor)
    phone.goto(zh("recruitment:my_application", application.pk))
    expect_status(phone, "proposed")
    expect(phone.get_by_test_id("score")).to_contain_text("89.75")
    assert_fits_phone(phone)

    # Too early: the placement waits for the end of the publicity, nothing changes.
    next_step(orga, round_, "confirm-placement")
    expect(orga.locator(".flash-error")).to_be_visible()
    expect_phase(orga, "publicity")
    assert phase_of(round_) == "publicity"

    # Seven days cannot pass in a test: the publicity is moved back to have started eight days
    # ago, through the ORM, before the organiser confirms the placement in the browser.
    Round.objects.filter(pk=round_.pk).update(
        publicity_starts=timezone.now() - timedelta(days=round_.publicity_days + 1)
    )
    mail.outbox.clear()
    orga.reload()
    next_step(orga, round_, "confirm-placement")
    expect(orga.locator(".flash-success")).to_be_visible()
    expect_phase(orga, "closed")
    expect(orga.get_by_test_id("next-step")).to_have_count(0)
    expect(orga.get_by_test_id("proposal")).to_contain_text(DOCTOR_NAME)
    round_.refresh_from_db()
    assert round_.phase == "closed" and round_.closed_at is not None
    application.refresh_from_db()
    assert application.status == A.PLACED
    certificate.refresh_from_db()
    # The certificates are kept for the retention period after the placement, then deleted.
    assert certificate.delete_after == round_.closed_at + timedelta(
        days=round_.certificate_retention_days
    )
    assert [m.to for m in mail.outbox] == [[doctor.email]]

    # The doctor sees "placed"; the public list now shows those placed, without scores.
    phone.goto(zh("recruitment:my_applications"))
    mine = phone.get_by_test_id("application")
    expect(mine).to_have_count(1)
    expect_status(mine, "placed")
    assert_fits_phone(phone)
    phone.goto(zh("recruitment:my_application", application.pk))
    expect_status(phone, "placed")

    public.reload()
    listed = public.get_by_test_id("people").locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(DOCTOR_NAME)
    expect(listed).to_contain_text(POST_CODE)
    expect(listed).not_to_contain_text("89.75")
    expect(public.get_by_test_id("object")).to_have_count(0)
