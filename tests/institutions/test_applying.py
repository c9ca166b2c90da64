"""The applicants' side of public-institution recruitment through HTTP: applying in single and
preference mode with eligibility and the separate consent, certificates, my applications,
correcting, withdrawing, transferring."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.institutions import services
from yingcai.institutions.models import (
    Certificate,
    Post,
    PostApplication,
    PostQuestion,
    Round,
)
from yingcai.privacy.models import SharingConsent

from ..factories import MembershipFactory, ProfileFactory, StaffFactory, UserFactory
from ..talents.helpers import JPEG, PDF, PNG, en, media, stored_files, zh
from ..talents.test_profile import profile_data
from .factories import PostFactory, RoundFactory, applicant, apply_to, institution

__all__ = ["media"]

A = PostApplication.Status


# --- Helpers -------------------------------------------------------------------------------------
def hospital(**fields):
    fields.setdefault("contact_email", "rsc@cq-hospital.cn")
    fields.setdefault("contact_phone", "023-6300 0000")
    return institution(**fields)


def question(post, text="请简述您的主要研究方向。", required=True):
    return PostQuestion.objects.create(post=post, text=text, required=required)


def answer_key(post, q):
    return f"answer-{post.pk}-{q.pk}"


def reviewer_of(post):
    return MembershipFactory(organisation=post.institution, role="recruiter").user


def recruitment_staff():
    return StaffFactory(roles=[STAFF_RECRUITMENT])


def page_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def round_():
    return RoundFactory(title="2020年重庆市事业单位面向大会招聘高层次人才")


@pytest.fixture
def post(round_):
    return PostFactory(
        round=round_,
        institution=hospital(name_zh_hans="重庆医科大学附属第一医院", name_en="First Hospital"),
        name="心血管内科医师",
        code="A001",
    )


@pytest.fixture
def other_post(round_):
    return PostFactory(
        round=round_,
        institution=hospital(
            level="district", name_zh_hans="渝北区人民医院", name_en="Yubei People's Hospital"
        ),
        name="肿瘤科医师",
        code="A002",
    )


@pytest.fixture
def doctor(db):
    return applicant(degree="doctor", birth_date=date(1990, 5, 1))


# --- Access --------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_anonymous_visitors_log_in_first_and_come_back(client, round_, post, doctor):
    application = apply_to(doctor, post)[0]
    certificate = services.upload_certificate(
        doctor, round_, "degree", SimpleUploadedFile("学位证.pdf", PDF)
    )
    for url in (
        en("recruitment:apply", round_.pk),
        en("recruitment:consent", round_.pk),
        en("recruitment:certificates", round_.pk),
        en("recruitment:my_applications"),
        en("recruitment:my_application", application.pk),
        en("recruitment:resubmit", application.pk),
        en("recruitment:withdraw", application.pk),
        en("recruitment:transfer", application.pk),
        en("recruitment:certificate", certificate.pk),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url, url
        assert "next=" in response.url
    assert client.post(en("recruitment:apply", round_.pk), {"post": post.pk}).status_code == 302
    assert client.post(en("recruitment:certificate_delete", certificate.pk)).status_code == 302
    assert PostApplication.objects.count() == 1 and Certificate.objects.count() == 1


@pytest.mark.django_db
def test_a_draft_round_does_not_exist_for_applicants(client, doctor):
    draft = RoundFactory(phase=Round.Phase.DRAFT)
    PostFactory(round=draft)
    client.force_login(doctor)
    assert client.get(en("recruitment:apply", draft.pk)).status_code == 404
    assert client.get(en("recruitment:certificates", draft.pk)).status_code == 404


# --- Single mode ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_applying_for_one_post_end_to_end(
    client, round_, post, other_post, doctor, mailoutbox, django_capture_on_commit_callbacks
):
    q = question(post)
    optional = question(post, "其他说明", required=False)
    client.force_login(doctor)
    url = en("recruitment:apply", round_.pk)
    page = page_of(client.get(url + f"?post={post.pk}"))
    assert "A001 心血管内科医师" in page and "A002 肿瘤科医师" in page
    assert 'data-testid="eligible"' in page  # the post chosen from its page is checked at once
    assert "请简述您的主要研究方向。" in page
    # Without JavaScript, "check" shows the chosen post's eligibility and questions; no refusal.
    response = client.post(url, {"post": other_post.pk, "action": "check"})
    assert response.status_code == 200
    assert 'data-testid="eligible"' in page_of(response)
    assert "请简述" not in page_of(response)
    # A required answer is missing: nothing is sent.
    response = client.post(url, {"post": post.pk, "action": "apply"})
    assert response.status_code == 400
    assert "Answer this question." in page_of(response)
    assert not PostApplication.objects.exists()
    # The first application to the institution stops at the separate consent.
    response = client.post(
        url,
        {"post": post.pk, answer_key(post, q): "冠心病介入治疗", "action": "apply"},
    )
    assert response.status_code == 302 and response.url == en("recruitment:consent", round_.pk)
    assert not PostApplication.objects.exists() and not SharingConsent.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("recruitment:consent", round_.pk), {"agree": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == en("recruitment:my_applications")
    application = PostApplication.objects.get()
    assert (application.post, application.rank, application.status) == (post, 1, A.SUBMITTED)
    assert application.answers == {str(q.pk): "冠心病介入治疗", str(optional.pk): ""}
    assert application.degree == "doctor" and application.birth_date == date(1990, 5, 1)
    page = page_of(response)
    assert "Your application is sent" in page and "A001" in page
    assert "awaiting qualification review" in page
    assert [m.to for m in mailoutbox] == [[doctor.email]]
    # The draft is gone, and the page says the person has applied.
    assert "recruitment-draft-" not in str(dict(client.session))
    assert 'data-testid="already-applied"' in page_of(client.get(url))


@pytest.mark.django_db
def test_a_second_application_in_a_single_round_is_refused_clearly(
    client, round_, post, other_post, doctor
):
    apply_to(doctor, post)
    services.give_consents(doctor, [other_post.institution])
    client.force_login(doctor)
    response = client.post(
        en("recruitment:apply", round_.pk), {"post": other_post.pk, "action": "apply"}
    )
    assert response.status_code == 400
    assert "You have already applied in this round" in page_of(response)
    assert PostApplication.objects.filter(talent=doctor).count() == 1
    # Two posts at once in a single-choice round are refused by the form as well.
    other = applicant()
    client.force_login(other)
    response = client.post(
        en("recruitment:apply", round_.pk), {"post": [post.pk, other_post.pk], "action": "apply"}
    )
    assert response.status_code == 400
    assert "Choose at most 1 posts in this round." in page_of(response)
    assert not PostApplication.objects.filter(talent=other).exists()


@pytest.mark.django_db
def test_cancelled_posts_and_unknown_posts_cannot_be_chosen(client, round_, post, doctor):
    cancelled = PostFactory(round=round_, status=Post.Status.CANCELLED, code="Z999")
    elsewhere = PostFactory()
    client.force_login(doctor)
    page = page_of(client.get(en("recruitment:apply", round_.pk)))
    assert "Z999" not in page
    for value in (cancelled.pk, elsewhere.pk, "abc", ""):
        response = client.post(
            en("recruitment:apply", round_.pk), {"post": value, "action": "apply"}
        )
        assert response.status_code == 400, value
    assert not PostApplication.objects.exists()


@pytest.mark.django_db
def test_registration_closed_refuses(client, doctor):
    later = RoundFactory(
        registration_opens=timezone.now() + timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=5),
    )
    post = PostFactory(round=later)
    services.give_consents(doctor, [post.institution])
    client.force_login(doctor)
    page = page_of(client.get(en("recruitment:apply", later.pk)))
    assert 'data-testid="closed"' in page and "<select" not in page
    response = client.post(en("recruitment:apply", later.pk), {"post": post.pk, "action": "apply"})
    assert response.status_code == 400
    assert "Registration for this round is not open." in page_of(response)
    assert not PostApplication.objects.exists()


# --- Preference mode -----------------------------------------------------------------------------
@pytest.fixture
def preference_round():
    return RoundFactory(mode=Round.Mode.PREFERENCE, max_preferences=2)


@pytest.mark.django_db
def test_ranking_posts_in_preference_mode(client, preference_round, doctor):
    first, second, third = (
        PostFactory(round=preference_round, institution=hospital(), code=f"P00{n}")
        for n in (1, 2, 3)
    )
    client.force_login(doctor)
    url = en("recruitment:apply", preference_round.pk)
    page = page_of(client.get(url))
    assert page.count('name="post"') == 2 and "Preference 2" in page
    # More than the round allows.
    response = client.post(url, {"post": [first.pk, second.pk, third.pk], "action": "apply"})
    assert response.status_code == 400
    assert "Choose at most 2 posts in this round." in page_of(response)
    # The same post twice.
    response = client.post(url, {"post": [first.pk, first.pk], "action": "apply"})
    assert response.status_code == 400
    assert "Each post can be chosen once." in page_of(response)
    assert not PostApplication.objects.exists()
    # Second choice first: the order of the preferences is the rank.
    response = client.post(url, {"post": [third.pk, first.pk], "action": "apply"})
    assert response.url == en("recruitment:consent", preference_round.pk)
    page = page_of(client.get(response.url))
    assert page.count('data-testid="consent-text"') == 2
    assert str(third.institution.name_en) in page and str(first.institution.name_en) in page
    client.post(en("recruitment:consent", preference_round.pk), {"agree": "on"})
    ranks = dict(PostApplication.objects.values_list("post__code", "rank"))
    assert ranks == {"P003": 1, "P001": 2}
    assert SharingConsent.objects.filter(user=doctor).count() == 2
    page = page_of(client.get(en("recruitment:my_applications")))
    assert "Preference 1" in page and "Preference 2" in page


@pytest.mark.django_db
def test_an_empty_preference_between_two_is_skipped(client, preference_round, doctor):
    first, second = (PostFactory(round=preference_round, code=f"Q00{n}") for n in (1, 2))
    services.give_consents(doctor, [first.institution, second.institution])
    client.force_login(doctor)
    client.post(
        en("recruitment:apply", preference_round.pk),
        {"post": ["", second.pk], "action": "apply"},
    )
    assert list(PostApplication.objects.values_list("post__code", "rank")) == [("Q002", 1)]


# --- Eligibility ---------------------------------------------------------------------------------
def _refusal(client, round_, post, talent) -> str:
    services.give_consents(talent, [post.institution])
    client.force_login(talent)
    response = client.post(en("recruitment:apply", round_.pk), {"post": post.pk, "action": "apply"})
    assert response.status_code == 400
    assert not PostApplication.objects.filter(talent=talent).exists()
    return page_of(response)


@pytest.mark.django_db
def test_a_degree_too_low_is_refused_with_the_reason(client, round_, post):
    page = _refusal(client, round_, post, applicant(degree="master"))
    assert "The post requires at least: doctor (PhD)." in page


@pytest.mark.django_db
def test_too_old_when_registration_closes_is_refused(client, round_):
    post = PostFactory(round=round_, max_age=35)
    closes = timezone.localtime(round_.registration_closes).date()
    # 35 today, 36 on the day registration closes (a week from now).
    try:
        born = closes.replace(year=closes.year - 36)
    except ValueError:  # 29 February
        born = closes.replace(year=closes.year - 36, day=28)
    assert services.age_on(born, timezone.localdate()) == 35
    page = _refusal(client, round_, post, applicant(birth_date=born))
    assert "The post accepts applicants up to 35 years old; you will be 36." in page


@pytest.mark.django_db
def test_a_title_too_low_is_refused(client, round_):
    post = PostFactory(round=round_, title_min="senior")
    page = _refusal(client, round_, post, applicant(title="associate_senior"))
    assert "The post requires at least the title: senior professional title." in page


@pytest.mark.django_db
def test_a_missing_birth_date_with_an_age_limit_is_refused(client, round_):
    post = PostFactory(round=round_, max_age=45)
    talent = ProfileFactory(degree="doctor").user
    page = _refusal(client, round_, post, talent)
    assert "Give your date of birth in your profile: the post has an age limit." in page
    # Without an age limit the same person may apply.
    free = PostFactory(round=round_)
    assert not services.eligibility(free, degree="doctor", title="", birth_date=None)


@pytest.mark.django_db
def test_a_profile_without_degree_is_told_to_complete_it(client, round_, post, talent):
    client.force_login(talent)
    page = page_of(client.get(en("recruitment:apply", round_.pk)))
    assert 'data-testid="incomplete"' in page and en("talent:profile") in page
    page = _refusal(client, round_, post, talent)
    assert "Complete your profile first: your highest degree is missing." in page


@pytest.mark.django_db
def test_eligibility_is_shown_at_once_when_choosing(client, round_):
    post = PostFactory(round=round_, degree_min="doctor", title_min="senior", max_age=35)
    q = question(post, "您的代表性成果？")
    talent = applicant(degree="master", birth_date=date(1970, 1, 1))
    client.force_login(talent)
    url = en("recruitment:check", round_.pk) + f"?post={post.pk}"
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = page_of(response)
    assert "<html" not in page and 'data-testid="ineligible"' in page
    assert "The post requires at least: doctor (PhD)." in page
    assert "The post requires at least the title: senior professional title." in page
    assert "up to 35 years old" in page
    assert f'name="{answer_key(post, q)}"' in page and "您的代表性成果？" in page
    # The post page answers "Can I apply?" the same way; without HTMX the check leads there.
    assert client.get(url).url == en("recruitment:post", round_.pk, post.pk)
    page = page_of(client.get(en("recruitment:post", round_.pk, post.pk)))
    assert 'data-testid="ineligible"' in page and "doctor (PhD)" in page
    # Nothing for an unknown post.
    response = client.get(
        en("recruitment:check", round_.pk) + "?post=x", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and response.content == b""


@pytest.mark.django_db
def test_the_profile_form_takes_the_date_of_birth(client, talent):
    client.force_login(talent)
    page = page_of(client.get(en("talent:profile")))
    assert 'name="birth_date"' in page and 'type="date"' in page
    assert (
        client.post(en("talent:profile"), profile_data(birth_date="1988-03-04")).status_code == 302
    )
    talent.talent_profile.refresh_from_db()
    assert talent.talent_profile.birth_date == date(1988, 3, 4)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(en("talent:profile"), profile_data(birth_date=tomorrow))
    assert response.status_code == 400 and "Give your real date of birth." in page_of(response)


# --- Consent -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_consent_page_shows_the_institutions_and_is_recorded_before_applying(
    client, round_, post, doctor
):
    client.force_login(doctor)
    # Without a choice there is nothing to consent to.
    assert client.get(en("recruitment:consent", round_.pk)).url == en(
        "recruitment:apply", round_.pk
    )
    client.post(en("recruitment:apply", round_.pk), {"post": post.pk, "action": "apply"})
    response = client.get(en("recruitment:consent", round_.pk))
    page = page_of(response)
    assert response.status_code == 200
    assert "First Hospital" in page  # the recipient
    assert "rsc@cq-hospital.cn, 023-6300 0000" in page  # its contact
    assert "to review your qualifications and assess you for its post" in page  # the purpose
    assert "which are sensitive personal information" in page  # the data, certificates included
    assert "PIPL, Art. 23 and 29" in page
    # Not ticked: neither the consent nor the application.
    response = client.post(en("recruitment:consent", round_.pk), {})
    assert response.status_code == 400
    assert "Tick the box to agree" in page_of(response)
    assert not SharingConsent.objects.exists() and not PostApplication.objects.exists()
    client.post(en("recruitment:consent", round_.pk), {"agree": "on"})
    consent = SharingConsent.objects.get(user=doctor, organisation=post.institution)
    application = PostApplication.objects.get(talent=doctor)
    assert consent.purpose == "public_recruitment" and consent.given_at <= application.submitted_at
    assert consent.recipient_contact == "rsc@cq-hospital.cn, 023-6300 0000"
    assert "sensitive personal information" in consent.data_shown


@pytest.mark.django_db
def test_a_refused_application_keeps_no_consent(client, round_, post, doctor):
    client.force_login(doctor)
    client.post(en("recruitment:apply", round_.pk), {"post": post.pk, "action": "apply"})
    # Registration closes while the person reads the consent page.
    Round.objects.filter(pk=round_.pk).update(registration_closes=timezone.now())
    response = client.post(en("recruitment:consent", round_.pk), {"agree": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == en("recruitment:apply", round_.pk)
    assert "Registration for this round is not open." in page_of(response)
    assert not SharingConsent.objects.exists() and not PostApplication.objects.exists()


@pytest.mark.django_db
def test_consent_given_once_covers_the_institution_later(client, round_, post, doctor):
    services.give_consents(doctor, [post.institution])
    client.force_login(doctor)
    response = client.post(en("recruitment:apply", round_.pk), {"post": post.pk, "action": "apply"})
    assert response.url == en("recruitment:my_applications")
    assert PostApplication.objects.filter(talent=doctor).count() == 1


# --- Certificates --------------------------------------------------------------------------------
def _upload(client, round_, name, content, kind="degree", agree=True):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if agree:
        data["agree"] = "on"
    return client.post(en("recruitment:certificates", round_.pk), data)


@pytest.mark.django_db
def test_uploading_listing_downloading_and_deleting_certificates(
    client, round_, post, doctor, media, django_capture_on_commit_callbacks
):
    client.force_login(doctor)
    assert _upload(client, round_, "博士学位证书.pdf", PDF).status_code == 302
    assert _upload(client, round_, "身份证.png", PNG, kind="identity").status_code == 302
    assert _upload(client, round_, "职称证书.jpg", JPEG, kind="title").status_code == 302
    page = page_of(client.get(en("recruitment:certificates", round_.pk)))
    assert "博士学位证书.pdf" in page and "身份证.png" in page and "职称证书.jpg" in page
    certificate = Certificate.objects.get(original_name="博士学位证书.pdf")
    response = client.get(en("recruitment:certificate", certificate.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    # On the application form too.
    assert "博士学位证书.pdf" in page_of(client.get(en("recruitment:apply", round_.pk)))
    assert len(stored_files(media)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("recruitment:certificate_delete", certificate.pk))
    assert response.url == en("recruitment:certificates", round_.pk)
    assert not Certificate.objects.filter(pk=certificate.pk).exists()
    assert len(stored_files(media)) == 2


@pytest.mark.django_db
def test_a_file_that_is_not_a_pdf_jpeg_or_png_is_refused(client, round_, doctor, media):
    client.force_login(doctor)
    response = _upload(client, round_, "学位证.pdf", b"MZ\x90\x00 this is a program")
    assert response.status_code == 400
    assert "A certificate must be a PDF, JPEG or PNG file." in page_of(response)
    response = _upload(client, round_, "空.pdf", b"")
    assert response.status_code == 400
    assert not Certificate.objects.exists() and not stored_files(media)


@pytest.mark.django_db
def test_a_certificate_over_10_mb_is_refused(client, round_, doctor, media):
    client.force_login(doctor)
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = _upload(client, round_, "扫描件.pdf", big)
    assert response.status_code == 400
    assert "A certificate may be at most 10 MB." in page_of(response)
    assert not Certificate.objects.exists() and not stored_files(media)
    # The service refuses it too, whoever calls it.
    with pytest.raises(ValidationError):
        services.upload_certificate(doctor, round_, "degree", SimpleUploadedFile("a.pdf", big))


@pytest.mark.django_db
def test_certificates_need_the_agreement_and_an_open_round(client, round_, doctor, media):
    client.force_login(doctor)
    response = _upload(client, round_, "学位证.pdf", PDF, agree=False)
    assert response.status_code == 400 and "Tick the box to agree" in page_of(response)
    Round.objects.filter(pk=round_.pk).update(phase=Round.Phase.ASSESSMENT)
    page = page_of(client.get(en("recruitment:certificates", round_.pk)))
    assert 'data-testid="uploads-closed"' in page and 'type="file"' not in page
    response = _upload(client, round_, "学位证.pdf", PDF)
    assert response.status_code == 400
    assert "Certificates can be uploaded while registration or review is open." in page_of(response)
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_certificates_are_never_downloadable_by_another_talent_or_anonymous(
    client, round_, post, doctor, media
):
    apply_to(doctor, post)
    certificate = services.upload_certificate(
        doctor, round_, "identity", SimpleUploadedFile("身份证.pdf", PDF)
    )
    url = en("recruitment:certificate", certificate.pk)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response.url
    # Another talent, even one who applied for the same post; the institution's reviewer and
    # organiser staff have their own pages, not this one.
    someone = applicant()
    apply_to(someone, post)
    for user in (someone, reviewer_of(post), recruitment_staff()):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(en("recruitment:certificate_delete", certificate.pk)).status_code == 404
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    with pytest.raises(PermissionDenied):
        services.delete_certificate(someone, certificate)
    # The owner's list shows who can see them.
    client.force_login(doctor)
    page = page_of(client.get(en("recruitment:certificates", round_.pk)))
    assert 'data-testid="seen-by"' in page and "First Hospital" in page


# --- My applications -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_my_applications_show_status_reasons_and_review_history_not_the_reviewer(
    client, round_, post, doctor
):
    application = apply_to(doctor, post)[0]
    reviewer = reviewer_of(post)
    reviewer.name = "王审核"
    reviewer.save()
    services.review(reviewer, application, "return", "请上传博士学位证书。")
    client.force_login(doctor)
    page = page_of(client.get(en("recruitment:my_applications")))
    assert "returned for correction" in page and "请上传博士学位证书。" in page
    assert 'data-testid="decisions"' in page and "Correct and resubmit" in page
    assert "王审核" not in page and reviewer.email not in page
    page = page_of(client.get(en("recruitment:my_application", application.pk)))
    assert "请上传博士学位证书。" in page and "王审核" not in page
    assert "First Hospital" in page and "A001" in page


@pytest.mark.django_db
def test_my_applications_use_a_bounded_number_of_queries(
    client, doctor, django_assert_max_num_queries
):
    for _n in range(4):
        round_ = RoundFactory(mode=Round.Mode.PREFERENCE, max_preferences=2)
        posts = [PostFactory(round=round_), PostFactory(round=round_)]
        applications = apply_to(doctor, *posts)
        services.review(reviewer_of(posts[0]), applications[0], "return", "补充材料")
    client.force_login(doctor)
    with django_assert_max_num_queries(8):
        response = client.get(en("recruitment:my_applications"))
    assert page_of(response).count('data-testid="application"') == 8


@pytest.mark.django_db
def test_scores_are_shown_from_the_publicity_on(client, round_, post, doctor):
    application = apply_to(doctor, post)[0]
    PostApplication.objects.filter(pk=application.pk).update(
        status=A.APPROVED, total_score="87.50", rank_in_post=1
    )
    client.force_login(doctor)
    Round.objects.filter(pk=round_.pk).update(phase=Round.Phase.ASSESSMENT)
    page = page_of(client.get(en("recruitment:my_application", application.pk)))
    assert "87.50" not in page and "Scores are shown here when the publicity starts." in page
    Round.objects.filter(pk=round_.pk).update(phase=Round.Phase.PUBLICITY)
    page = page_of(client.get(en("recruitment:my_application", application.pk)))
    assert 'data-testid="score"' in page and "87.50" in page and "rank 1 in the post" in page


@pytest.mark.django_db
def test_an_applicant_never_sees_another_applicants_application(client, round_, post, doctor):
    application = apply_to(doctor, post)[0]
    services.review(reviewer_of(post), application, "return", "请补充材料")
    someone = applicant()
    apply_to(someone, PostFactory(round=round_))
    client.force_login(someone)
    for name in ("my_application", "resubmit", "withdraw", "transfer"):
        assert client.get(en(f"recruitment:{name}", application.pk)).status_code == 404, name
    assert (
        client.post(en("recruitment:withdraw", application.pk), {"confirm": "on"}).status_code
        == 404
    )
    assert client.post(en("recruitment:resubmit", application.pk), {}).status_code == 404
    page = page_of(client.get(en("recruitment:my_applications")))
    assert "A001" not in page
    # The services refuse the wrong person whatever the path.
    for call in (
        lambda: services.withdraw(someone, application),
        lambda: services.resubmit(someone, application, {}),
        lambda: services.transfer(someone, application, PostFactory(round=round_)),
    ):
        with pytest.raises(PermissionDenied):
            call()
    application.refresh_from_db()
    assert application.status == A.RETURNED


# --- Resubmitting --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_resubmitting_after_a_return(client, round_, doctor):
    post = PostFactory(round=round_, title_min="associate_senior")
    q = question(post, "代表性论文")
    doctor.talent_profile.title = "associate_senior"
    doctor.talent_profile.save()
    application = apply_to(doctor, post, answers={str(post.pk): {str(q.pk): "一篇"}})[0]
    services.review(reviewer_of(post), application, "return", "请列出全部代表性论文。")
    # The person gets a senior title meanwhile: it is read again from the profile.
    doctor.talent_profile.title = "senior"
    doctor.talent_profile.save()
    client.force_login(doctor)
    url = en("recruitment:resubmit", application.pk)
    page = page_of(client.get(url))
    assert "请列出全部代表性论文。" in page and "一篇" in page
    response = client.post(url, {answer_key(post, q): ""})
    assert response.status_code == 400 and "Answer this question." in page_of(response)
    response = client.post(url, {answer_key(post, q): "三篇：……"})
    assert response.url == en("recruitment:my_application", application.pk)
    application.refresh_from_db()
    assert application.status == A.SUBMITTED and application.title == "senior"
    assert application.answers == {str(q.pk): "三篇：……"}
    # Resubmitted once, it is no longer returned.
    response = client.post(url, {answer_key(post, q): "四篇"})
    assert response.status_code == 400
    assert "Only an application returned for correction can be resubmitted." in page_of(response)
    assert 'data-testid="not-resubmittable"' in page_of(client.get(url))
    application.refresh_from_db()
    assert application.answers == {str(q.pk): "三篇：……"}


@pytest.mark.django_db
def test_resubmitting_is_refused_after_the_review_closes(client, round_, post, doctor):
    application = apply_to(doctor, post)[0]
    services.review(reviewer_of(post), application, "return", "请补充材料")
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(
        phase=Round.Phase.REVIEW,
        registration_closes=now - timedelta(hours=2),
        review_closes=now - timedelta(hours=1),
    )
    client.force_login(doctor)
    url = en("recruitment:resubmit", application.pk)
    page = page_of(client.get(url))
    assert "The time for corrections is over." in page and "<textarea" not in page
    assert "Correct and resubmit" not in page_of(client.get(en("recruitment:my_applications")))
    response = client.post(url, {})
    assert response.status_code == 400
    assert "The time for corrections is over." in page_of(response)
    application.refresh_from_db()
    assert application.status == A.RETURNED


# --- Withdrawing ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_withdrawing_with_confirmation(client, round_, post, doctor):
    application = apply_to(doctor, post)[0]
    client.force_login(doctor)
    url = en("recruitment:withdraw", application.pk)
    assert "You are about to withdraw" in page_of(client.get(url))
    response = client.post(url, {})
    assert response.status_code == 400 and "Tick the box to confirm." in page_of(response)
    application.refresh_from_db()
    assert application.status == A.SUBMITTED
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "Your application is withdrawn." in page_of(response)
    application.refresh_from_db()
    assert application.status == A.WITHDRAWN
    # Twice: refused with the reason, nothing changes.
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "This application can no longer be withdrawn." in page_of(response)
    assert "Withdraw my application" not in page_of(
        client.get(en("recruitment:my_application", application.pk))
    )


@pytest.mark.django_db
def test_a_withdrawn_applicant_may_apply_for_another_post(client, round_, post, other_post, doctor):
    application = apply_to(doctor, post)[0]
    services.withdraw(doctor, application)
    services.give_consents(doctor, [other_post.institution])
    client.force_login(doctor)
    response = client.post(
        en("recruitment:apply", round_.pk), {"post": other_post.pk, "action": "apply"}
    )
    assert response.status_code == 302
    # The same post again is refused: one application per post, whatever became of it.
    services.withdraw(doctor, PostApplication.objects.get(post=other_post))
    response = client.post(en("recruitment:apply", round_.pk), {"post": post.pk, "action": "apply"})
    assert response.status_code == 400
    assert "You have already applied to this post." in page_of(response)


# --- Transferring (改报) -----------------------------------------------------------------------
@pytest.mark.django_db
def test_transferring_after_the_post_was_cancelled(
    client, round_, post, other_post, doctor, mailoutbox, django_capture_on_commit_callbacks
):
    q = question(other_post, "为何改报本岗位？")
    application = apply_to(doctor, post)[0]
    client.force_login(doctor)
    # While the post is open there is nothing to transfer.
    assert 'data-testid="no-transfer"' in page_of(
        client.get(en("recruitment:transfer", application.pk))
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_post(recruitment_staff(), post)
    assert len(mailoutbox) == 1
    page = page_of(client.get(en("recruitment:my_applications")))
    assert "post cancelled" in page and "Transfer to another post" in page
    url = en("recruitment:transfer", application.pk)
    page = page_of(client.get(url))
    assert "A002 肿瘤科医师" in page and "A001 心血管内科医师" not in page.split("<select")[1]
    # Checking the post shows its eligibility, its questions and the consent it needs.
    page = page_of(client.post(url, {"post": other_post.pk, "action": "check"}))
    assert 'data-testid="eligible"' in page and "为何改报本岗位？" in page
    assert 'data-testid="consent-text"' in page and "Yubei People&#x27;s Hospital" in page
    response = client.post(
        url, {"post": other_post.pk, answer_key(other_post, q): "方向一致", "action": "transfer"}
    )
    assert response.status_code == 400 and "Tick the box to agree" in page_of(response)
    assert not SharingConsent.objects.filter(organisation=other_post.institution).exists()
    response = client.post(
        url,
        {
            "post": other_post.pk,
            answer_key(other_post, q): "方向一致",
            "agree": "on",
            "action": "transfer",
        },
    )
    new = PostApplication.objects.get(post=other_post, talent=doctor)
    assert response.url == en("recruitment:my_application", new.pk)
    application.refresh_from_db()
    assert application.status == A.TRANSFERRED
    assert (new.status, new.transferred_from, new.rank) == (A.SUBMITTED, application, 1)
    assert new.answers == {str(q.pk): "方向一致"}
    assert SharingConsent.objects.filter(organisation=other_post.institution).exists()
    page = page_of(client.get(en("recruitment:my_application", new.pk)))
    assert "Transferred from A001" in page
    # Done once: no second transfer of the same application.
    response = client.post(url, {"post": other_post.pk, "action": "transfer"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_transferring_is_refused_when_the_window_is_closed(
    client, round_, post, other_post, doctor
):
    application = apply_to(doctor, post)[0]
    services.give_consents(doctor, [other_post.institution])
    services.cancel_post(recruitment_staff(), post)
    Round.objects.filter(pk=round_.pk).update(transfer_closes=timezone.now() - timedelta(minutes=1))
    client.force_login(doctor)
    url = en("recruitment:transfer", application.pk)
    page = page_of(client.get(url))
    assert 'data-testid="no-transfer"' in page and "The transfer window is closed." in page
    assert "Transfer to another post" not in page_of(client.get(en("recruitment:my_applications")))
    response = client.post(url, {"post": other_post.pk, "action": "transfer"})
    assert response.status_code == 400
    assert "The transfer window is closed." in page_of(response)
    application.refresh_from_db()
    assert application.status == A.CANCELLED
    assert not PostApplication.objects.filter(post=other_post).exists()


@pytest.mark.django_db
def test_transferring_to_a_post_already_ranked_is_refused(client, doctor):
    round_ = RoundFactory(mode=Round.Mode.PREFERENCE, max_preferences=3)
    first, second, third = (PostFactory(round=round_, code=f"T00{n}") for n in (1, 2, 3))
    applications = apply_to(doctor, first, second)
    services.cancel_post(recruitment_staff(), first)
    client.force_login(doctor)
    url = en("recruitment:transfer", applications[0].pk)
    page = page_of(client.get(url)).split("<select")[1]
    assert "T003" in page and "T002" not in page  # already one of the person's posts
    response = client.post(url, {"post": second.pk, "action": "transfer"})
    assert response.status_code == 400
    assert not PostApplication.objects.filter(transferred_from=applications[0]).exists()
    with pytest.raises(ValidationError, match="already applied to this post"):
        services.transfer(doctor, applications[0], second)
    with pytest.raises(services.ConsentRequired):
        services.transfer(doctor, applications[0], third)
    services.give_consents(doctor, [third.institution])
    new = services.transfer(doctor, applications[0], third)
    assert (new.post, new.rank) == (third, 1)


@pytest.mark.django_db
def test_a_cancelled_application_cannot_be_withdrawn_so_it_may_still_transfer(round_, post, doctor):
    application = apply_to(doctor, post)[0]
    services.cancel_post(recruitment_staff(), post)
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        services.withdraw(doctor, application)


@pytest.mark.django_db
def test_the_applicant_pages_exist_in_chinese(client, round_, post, doctor):
    application = apply_to(doctor, post)[0]
    client.force_login(doctor)
    for url in (
        zh("recruitment:apply", round_.pk),
        zh("recruitment:my_applications"),
        zh("recruitment:my_application", application.pk),
        zh("recruitment:certificates", round_.pk),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="zh-CN"' in page_of(response)


@pytest.mark.django_db
def test_an_inactive_account_cannot_apply(round_, post):
    talent = UserFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        services.apply(talent, round_, [post])
