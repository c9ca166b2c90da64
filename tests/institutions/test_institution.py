"""A public institution's recruitment pages: its posts and who may change them, its applicants,
one applicant's file, and the certificates only its reviewers may download."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry, DisciplineField
from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.institutions import services
from yingcai.institutions.models import Post, PostApplication

from ..factories import MembershipFactory, OrganisationFactory, StaffFactory
from ..talents.helpers import PDF, with_cv
from .factories import PostFactory, RoundFactory, applicant, apply_to, institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise_member(db):
    """The owner of an enterprise: not a public institution."""
    return MembershipFactory(organisation=OrganisationFactory(), role="owner").user


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def login(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))


# The texts are given in Chinese unless a test names the language.
CHINESE = {
    "name": "name_zh_hans",
    "majors": "majors_zh_hans",
    "other_conditions": "other_conditions_zh_hans",
}


def post_data(round_=None, **overrides):
    data = {
        "code": "CQ-001",
        "name_zh_hans": "临床医学研究岗",
        "headcount": "2",
        "majors_zh_hans": "临床医学、基础医学",
        "fields": [DisciplineField.objects.get(slug="healthcare").pk],
        "degree_min": "doctor",
        "title_min": "",
        "max_age": "40",
        "other_conditions_zh_hans": "具有2年以上临床经历",
        "method": "written_interview",
        "written_weight": "60",
        "questions": "* 请简述您的研究方向\n可到岗时间",
    }
    if round_ is not None:
        data["round"] = round_.pk
    data.update({CHINESE.get(k, k): v for k, v in overrides.items()})
    return {k: v for k, v in data.items() if v is not None}


def close_registration(round_):
    services.close_registration(StaffFactory(roles=[STAFF_RECRUITMENT]), round_)
    round_.refresh_from_db()


# --- Posts: adding and changing -------------------------------------------------------------
def test_a_recruiter_adds_a_post_with_fields_and_questions(client, recruiter, organisation, round_):
    client.force_login(recruiter)
    page = client.get(en("recruitment_institution:post_create", organisation.pk))
    assert page.status_code == 200
    response = client.post(
        en("recruitment_institution:post_create", organisation.pk), post_data(round_)
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert (
        response.url == f"{en('recruitment_institution:posts', organisation.pk)}?round={round_.pk}"
    )
    assert post.institution == organisation and post.round == round_
    assert post.created_by == recruiter
    assert post.method == "written_interview" and post.written_weight == 60
    assert post.weights() == {"written": 60, "interview": 40}
    assert [f.slug for f in post.fields.all()] == ["healthcare"]
    assert [(q.text, q.required) for q in post.questions.all()] == [
        ("请简述您的研究方向", True),
        ("可到岗时间", False),
    ]
    assert AuditEntry.objects.filter(action="post.created").count() == 1
    listing = client.get(response.url).content.decode()
    assert "CQ-001" in listing and "临床医学研究岗" in listing


def test_editing_keeps_unchanged_questions_and_their_answers(
    client, recruiter, organisation, round_
):
    post = PostFactory(round=round_, institution=organisation, degree_min="master")
    services.save_post(
        recruiter,
        post,
        questions=[{"text": "研究方向", "required": True}, {"text": "到岗时间", "required": False}],
    )
    kept = post.questions.get(text="研究方向")
    talent = applicant()
    application = apply_to(talent, post, answers={str(post.pk): {str(kept.pk): "类器官"}})[0]
    client.force_login(recruiter)
    edit = en("recruitment_institution:post_edit", organisation.pk, post.pk)
    assert "* 研究方向" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "code": post.code,
            "name_zh_hans": "新名称",
            "headcount": "3",
            "majors_zh_hans": post.majors,
            "degree_min": "master",
            "method": "direct",
            "written_weight": "",
            "questions": "研究方向\n* 代表性成果",
        },
    )
    assert response.status_code == 302, response.content.decode()
    post.refresh_from_db()
    assert post.name == "新名称" and post.headcount == 3
    assert post.questions.get(text="研究方向").pk == kept.pk  # now optional, same row
    assert not post.questions.get(text="研究方向").required
    assert post.questions.filter(text="到岗时间").count() == 0
    page = client.get(
        en("recruitment_institution:application", organisation.pk, application.pk)
    ).content.decode()
    assert "类器官" in page


def test_conditions_cannot_change_once_people_applied(client, recruiter, organisation, round_):
    post = PostFactory(round=round_, institution=organisation, degree_min="master")
    apply_to(applicant(), post)
    client.force_login(recruiter)
    response = client.post(
        en("recruitment_institution:post_edit", organisation.pk, post.pk),
        post_data(code=post.code, degree_min="doctor", method="direct"),
    )
    assert response.status_code == 400
    assert "cannot change once people applied" in response.content.decode()
    post.refresh_from_db()
    assert post.degree_min == "master"


def test_the_written_weight_counts_only_for_written_exam_and_interview(
    client, recruiter, organisation, round_
):
    client.force_login(recruiter)
    url = en("recruitment_institution:post_create", organisation.pk)
    response = client.post(url, post_data(round_, written_weight="0"))
    assert response.status_code == 400
    assert "between 1% and 99%" in response.content.decode()
    response = client.post(url, post_data(round_, written_weight="100"))
    assert response.status_code == 400
    assert not Post.objects.exists()
    response = client.post(url, post_data(round_, method="interview", written_weight="70"))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.written_weight == 0 and post.weights() == {"interview": 100}


@pytest.mark.parametrize(
    "overrides",
    [
        {"code": ""},
        {"headcount": "0"},
        {"headcount": "abc"},
        {"max_age": "7"},
        {"degree_min": "kindergarten"},
        {"method": "lottery"},
        {"questions": "x" * 301},
        {"questions": "\n".join(f"问题{i}" for i in range(21))},
    ],
)
def test_bad_post_data_is_refused_without_saving(
    client, recruiter, organisation, round_, overrides
):
    client.force_login(recruiter)
    response = client.post(
        en("recruitment_institution:post_create", organisation.pk), post_data(round_, **overrides)
    )
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_a_code_is_used_once_per_round(client, recruiter, organisation, round_):
    PostFactory(round=round_, institution=institution(), code="CQ-001")
    client.force_login(recruiter)
    response = client.post(
        en("recruitment_institution:post_create", organisation.pk), post_data(round_)
    )
    assert response.status_code == 400
    assert Post.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 200),
        ("recruiter", 200),
        ("recruitment_staff", 200),
        ("viewer", 403),
        ("outsider", 403),
        ("talent", 403),
        ("enterprise_member", 403),
        ("plain_staff", 403),
        ("anonymous", 302),
    ],
)
def test_who_may_add_a_post(client, request, organisation, round_, who, expected):
    login(client, request, who)
    url = en("recruitment_institution:post_create", organisation.pk)
    assert client.get(url).status_code == expected
    response = client.post(url, post_data(round_))
    assert response.status_code == (302 if expected == 200 else expected)
    assert Post.objects.exists() == (expected == 200)
    if who == "anonymous":
        assert response.url.startswith(en("account_login"))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("recruiter", 302),
        ("viewer", 403),
        ("outsider", 403),
        ("talent", 403),
        ("enterprise_member", 403),
        ("anonymous", 302),
    ],
)
def test_who_may_change_a_post(client, request, organisation, round_, who, expected):
    post = PostFactory(round=round_, institution=organisation, name="原名称")
    login(client, request, who)
    response = client.post(
        en("recruitment_institution:post_edit", organisation.pk, post.pk),
        post_data(code=post.code, name="改过的名称"),
    )
    assert response.status_code == expected
    post.refresh_from_db()
    assert (post.name == "改过的名称") == (who == "recruiter")


def test_another_institution_cannot_reach_a_post_through_its_own_address(
    client, outsider, other_organisation, organisation, round_
):
    post = PostFactory(round=round_, institution=organisation)
    client.force_login(outsider)
    for name in ("post_edit", "ranking"):
        url = en(f"recruitment_institution:{name}", other_organisation.pk, post.pk)
        assert client.get(url).status_code == 404


def test_posts_cannot_change_once_registration_closed(client, recruiter, organisation, round_):
    post = PostFactory(round=round_, institution=organisation, name="原名称")
    close_registration(round_)
    client.force_login(recruiter)
    edit = en("recruitment_institution:post_edit", organisation.pk, post.pk)
    assert client.get(edit).status_code == 403
    assert client.post(edit, post_data(code=post.code, name="改过")).status_code == 403
    post.refresh_from_db()
    assert post.name == "原名称"
    # Nor can a post be added to that round.
    response = client.post(
        en("recruitment_institution:post_create", organisation.pk),
        post_data(round_, code="NEW-1"),
    )
    assert response.status_code == 400
    assert Post.objects.count() == 1
    listing = client.get(en("recruitment_institution:posts", organisation.pk)).content.decode()
    assert edit not in listing


def test_a_viewer_sees_the_posts_but_no_way_to_change_them(client, viewer, organisation, round_):
    post = PostFactory(round=round_, institution=organisation)
    client.force_login(viewer)
    response = client.get(en("recruitment_institution:posts", organisation.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert post.code in page
    assert en("recruitment_institution:post_create", organisation.pk) not in page
    assert en("recruitment_institution:post_edit", organisation.pk, post.pk) not in page


@pytest.mark.parametrize(
    ("who", "expected"), [("outsider", 403), ("talent", 403), ("anonymous", 302)]
)
def test_outsiders_do_not_see_the_posts_page(client, request, organisation, who, expected):
    login(client, request, who)
    assert client.get(en("recruitment_institution:posts", organisation.pk)).status_code == expected


def test_an_enterprise_sees_a_clear_notice(client, enterprise_member, round_):
    enterprise = enterprise_member.memberships.get().organisation
    client.force_login(enterprise_member)
    response = client.get(en("recruitment_institution:posts", enterprise.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="not-institution-notice"' in page
    assert en("recruitment_institution:post_create", enterprise.pk) not in page
    assert client.get(en("recruitment_institution:post_create", enterprise.pk)).status_code == 403
    assert (
        client.post(
            en("recruitment_institution:post_create", enterprise.pk), post_data(round_)
        ).status_code
        == 403
    )
    assert client.get(en("recruitment_institution:applications", enterprise.pk)).status_code == 404
    assert not Post.objects.exists()


def test_an_unverified_institution_sees_a_notice_and_cannot_add_posts(client, round_):
    unverified = institution(status="pending")
    member = MembershipFactory(organisation=unverified, role="owner").user
    client.force_login(member)
    page = client.get(en("recruitment_institution:posts", unverified.pk)).content.decode()
    assert 'data-testid="unverified-notice"' in page
    response = client.post(
        en("recruitment_institution:post_create", unverified.pk), post_data(round_)
    )
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_the_posts_list_filters_by_round_counts_by_status_and_stays_bounded(
    client, recruiter, organisation, django_assert_max_num_queries
):
    first, second = RoundFactory(), RoundFactory()
    posts = [PostFactory(round=first, institution=organisation) for _ in range(6)]
    PostFactory(round=second, institution=organisation, code="OTHER-1")
    PostFactory(round=first, institution=institution(), code="ELSEWHERE")
    for post in posts[:3]:
        for _ in range(2):
            apply_to(applicant(), post)
    application = posts[0].applications.first()
    services.review(recruiter, application, "reject", "学历不符")
    client.force_login(recruiter)
    url = f"{en('recruitment_institution:posts', organisation.pk)}?round={first.pk}"
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="post"') == 6
    assert "OTHER-1" not in page and "ELSEWHERE" not in page
    assert "awaiting qualification review 1 · not qualified 1" in page
    everything = client.get(en("recruitment_institution:posts", organisation.pk)).content.decode()
    assert everything.count('data-testid="post"') == 7
    bad = client.get(f"{en('recruitment_institution:posts', organisation.pk)}?round=abc")
    assert bad.status_code == 404


# --- Applicants ----------------------------------------------------------------------------
def test_the_applicants_list_filters_and_shows_only_our_applicants(
    client, viewer, organisation, other_organisation, round_, django_assert_max_num_queries
):
    ours = PostFactory(round=round_, institution=organisation, code="OURS", max_age=45)
    second = PostFactory(round=round_, institution=organisation, code="SECOND")
    theirs = PostFactory(round=round_, institution=other_organisation, code="THEIRS")
    for _ in range(4):
        apply_to(applicant(), ours)
    apply_to(applicant(title="senior"), second)
    apply_to(applicant(user__name="外单位的申请人"), theirs)
    client.force_login(viewer)
    url = en("recruitment_institution:applications", organisation.pk)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="applicant"') == 5
    assert "外单位的申请人" not in page
    by_post = client.get(f"{url}?post={second.pk}").content.decode()
    assert by_post.count('data-testid="applicant"') == 1
    assert "senior professional title" in by_post
    by_round = client.get(f"{url}?round={round_.pk}&status=approved").content.decode()
    assert by_round.count('data-testid="applicant"') == 0
    for bad in ("?post=" + str(theirs.pk), "?round=999999", "?status=nonsense", "?post=x"):
        assert client.get(url + bad).status_code == 404


def test_the_applicants_list_is_paginated(client, recruiter, organisation, round_):
    post = PostFactory(round=round_, institution=organisation, headcount=5)
    for _ in range(52):
        apply_to(applicant(), post)
    client.force_login(recruiter)
    url = en("recruitment_institution:applications", organisation.pk)
    assert client.get(url).content.decode().count('data-testid="applicant"') == 50
    assert client.get(f"{url}?page=2").content.decode().count('data-testid="applicant"') == 2


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("viewer", 200),
        ("recruitment_staff", 200),
        ("outsider", 403),
        ("talent", 403),
        ("plain_staff", 403),
        ("enterprise_member", 403),
        ("anonymous", 302),
    ],
)
def test_who_sees_the_applicants(client, request, organisation, round_, who, expected):
    post = PostFactory(round=round_, institution=organisation)
    application = apply_to(applicant(), post)[0]
    login(client, request, who)
    assert (
        client.get(en("recruitment_institution:applications", organisation.pk)).status_code
        == expected
    )
    url = en("recruitment_institution:application", organisation.pk, application.pk)
    assert client.get(url).status_code == expected


def test_a_reviewer_never_sees_another_institutions_applicant(
    client, outsider, other_organisation, organisation, round_
):
    application = apply_to(applicant(), PostFactory(round=round_, institution=organisation))[0]
    client.force_login(outsider)
    url = en("recruitment_institution:application", other_organisation.pk, application.pk)
    assert client.get(url).status_code == 404
    own_list = client.get(en("recruitment_institution:applications", other_organisation.pk))
    assert own_list.status_code == 200
    assert str(application.talent) not in own_list.content.decode()


def test_the_applicant_page_shows_the_snapshot_profile_cv_and_answers(
    client, recruiter, organisation, round_, media
):
    post = PostFactory(round=round_, institution=organisation, max_age=45)
    services.save_post(
        recruiter, post, questions=[{"text": "请简述您的研究方向", "required": True}]
    )
    question = post.questions.get()
    talent = applicant(birth_date=date(1990, 5, 1), title="associate_senior")
    talent.talent_profile.university = "重庆医科大学"
    talent.talent_profile.save()
    cv = with_cv(talent)
    application = apply_to(talent, post, answers={str(post.pk): {str(question.pk): "肿瘤免疫"}})[0]
    client.force_login(recruiter)
    response = client.get(
        en("recruitment_institution:application", organisation.pk, application.pk)
    )
    assert response.status_code == 200
    page = response.content.decode()
    age = services.age_on(date(1990, 5, 1), timezone.localtime(round_.registration_closes).date())
    assert f"{age} years old when registration closes" in page
    assert "associate senior professional title" in page and "doctor" in page
    assert "重庆医科大学" in page
    assert "请简述您的研究方向" in page and "肿瘤免疫" in page
    assert en("talent:cv", cv.pk) in page
    # The CV link works for the institution's members: the consent covers the CV.
    download = client.get(en("talent:cv", cv.pk))
    assert download.status_code == 200


def test_no_cv_link_for_someone_who_may_not_open_it(client, organisation, round_, media):
    """The talent applied elsewhere: an institution they did not apply to sees nothing."""
    talent = applicant()
    cv = with_cv(talent)
    apply_to(talent, PostFactory(round=round_, institution=organisation))
    other = MembershipFactory(organisation=institution(), role="owner").user
    client.force_login(other)
    assert client.get(en("talent:cv", cv.pk)).status_code == 404


# --- Certificates --------------------------------------------------------------------------
@pytest.fixture
def certificate(organisation, round_, media):
    post = PostFactory(round=round_, institution=organisation)
    talent = applicant()
    apply_to(talent, post)
    return services.upload_certificate(
        talent, round_, "degree", SimpleUploadedFile("博士学位证书.pdf", PDF)
    )


def test_the_reviewers_download_a_certificate_privately(
    client, recruiter, organisation, certificate
):
    client.force_login(recruiter)
    application = PostApplication.objects.get()
    page = client.get(
        en("recruitment_institution:application", organisation.pk, application.pk)
    ).content.decode()
    url = en("recruitment_institution:certificate", organisation.pk, certificate.pk)
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 200),
        ("recruiter", 200),
        ("recruitment_staff", 200),
        ("viewer", 404),
        ("outsider", 404),
        ("talent", 404),
        ("enterprise_member", 404),
        ("plain_staff", 404),
        ("staff_admin", 200),
        ("editor", 404),
    ],
)
def test_who_may_download_a_certificate(client, request, organisation, certificate, who, expected):
    login(client, request, who)
    url = en("recruitment_institution:certificate", organisation.pk, certificate.pk)
    assert client.get(url).status_code == expected


def test_the_public_is_sent_to_log_in_and_the_owner_uses_their_own_pages(
    client, organisation, certificate
):
    url = en("recruitment_institution:certificate", organisation.pk, certificate.pk)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(en("account_login"))
    client.force_login(certificate.talent)
    assert client.get(url).status_code == 404


def test_a_viewer_is_told_the_certificates_are_for_reviewers(
    client, viewer, organisation, certificate
):
    client.force_login(viewer)
    application = PostApplication.objects.get()
    page = client.get(
        en("recruitment_institution:application", organisation.pk, application.pk)
    ).content.decode()
    assert "visible to the reviewers only" in page
    assert 'data-testid="certificate"' not in page


def test_another_institution_never_gets_a_certificate(
    client, outsider, other_organisation, organisation, certificate
):
    client.force_login(outsider)
    for org in (organisation, other_organisation):
        url = en("recruitment_institution:certificate", org.pk, certificate.pk)
        assert client.get(url).status_code == 404


def test_each_institution_applied_to_reviews_the_certificates_of_that_round_only(
    client, organisation, other_organisation, outsider, media
):
    """Preference mode: the talent ranks a post of each institution."""
    round_ = RoundFactory(mode="preference", max_preferences=2)
    ours = PostFactory(round=round_, institution=organisation)
    theirs = PostFactory(round=round_, institution=other_organisation)
    talent = applicant()
    apply_to(talent, ours, theirs)
    shared = services.upload_certificate(talent, round_, "degree", SimpleUploadedFile("d.pdf", PDF))
    later = RoundFactory()
    apply_to(talent, PostFactory(round=later, institution=organisation))
    private = services.upload_certificate(talent, later, "title", SimpleUploadedFile("t.pdf", PDF))
    client.force_login(outsider)
    url = "recruitment_institution:certificate"
    assert client.get(en(url, other_organisation.pk, shared.pk)).status_code == 200
    assert client.get(en(url, organisation.pk, shared.pk)).status_code == 404
    assert client.get(en(url, other_organisation.pk, private.pk)).status_code == 404


def test_a_missing_certificate_file_is_not_found(client, recruiter, organisation, certificate):
    certificate.file.storage.delete(certificate.file.name)
    client.force_login(recruiter)
    url = en("recruitment_institution:certificate", organisation.pk, certificate.pk)
    assert client.get(url).status_code == 404
    assert (
        client.get(en("recruitment_institution:certificate", organisation.pk, 999999)).status_code
        == 404
    )


def test_the_applicant_page_stays_bounded(
    client, recruiter, organisation, round_, media, django_assert_max_num_queries
):
    post = PostFactory(round=round_, institution=organisation)
    services.save_post(
        recruiter, post, questions=[{"text": f"问题{i}", "required": False} for i in range(5)]
    )
    talent = applicant()
    with_cv(talent)
    application = apply_to(talent, post)[0]
    for kind in ("degree", "title", "identity"):
        services.upload_certificate(talent, round_, kind, SimpleUploadedFile(f"{kind}.pdf", PDF))
    # Three decisions (an identical decision twice in a row is refused as a double click).
    for decision, reason in (("approve", ""), ("reject", "学历不符"), ("approve", "")):
        services.review(recruiter, application, decision, reason)
    client.force_login(recruiter)
    with django_assert_max_num_queries(20):
        response = client.get(
            en("recruitment_institution:application", organisation.pk, application.pk)
        )
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="certificate"') == 3


def test_registration_dates_do_not_matter_for_pages(client, recruiter, organisation):
    """A round whose registration has not opened yet (draft) takes posts already."""
    draft = RoundFactory(
        phase="draft",
        registration_opens=timezone.now() + timedelta(days=3),
        registration_closes=timezone.now() + timedelta(days=10),
    )
    client.force_login(recruiter)
    response = client.post(
        en("recruitment_institution:post_create", organisation.pk), post_data(draft)
    )
    assert response.status_code == 302
    assert Post.objects.get().round == draft
