"""Qualification review, scores, ranking with ties, checks and substitutes, through the
institution's pages: each action with the right role, the wrong roles and the wrong state."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.institutions import services
from yingcai.institutions.models import PostApplication, ReviewDecision, Round, Score

from ..factories import MembershipFactory, StaffFactory, UserFactory
from .factories import PostFactory, applicant, apply_to, institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(round_, organisation):
    return PostFactory(round=round_, institution=organisation, degree_min="master")


@pytest.fixture
def application(post):
    return apply_to(applicant(user__name="王芳"), post)[0]


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def act(client, application, action, data):
    return client.post(
        en(
            "recruitment_institution:application_action",
            application.post.institution_id,
            application.pk,
            action,
        ),
        data,
    )


def page_of(client, application) -> str:
    return client.get(
        en(
            "recruitment_institution:application",
            application.post.institution_id,
            application.pk,
        )
    ).content.decode()


def login_as(client, request, who, application):
    if who == "applicant":
        client.force_login(application.talent)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))


def to_assessment(round_, reviewer):
    """Approve everyone still waiting, close registration and open the assessment."""
    for waiting in PostApplication.objects.filter(round=round_, status="submitted"):
        services.review(reviewer, waiting, "approve")
    staff = StaffFactory(roles=[STAFF_RECRUITMENT])
    services.close_registration(staff, round_)
    services.open_assessment(staff, round_)
    round_.refresh_from_db()
    return round_


def score(client, application, stage, assessor, value):
    return act(client, application, "score", {"stage": stage, "assessor": assessor, "score": value})


# --- Qualification review ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("decision", "reason", "status"),
    [
        ("approve", "", "approved"),
        ("reject", "博士学位证书未上传，学历不符合岗位要求", "rejected"),
        ("return", "请补充上传职称证书", "returned"),
    ],
)
def test_a_reviewer_decides_with_who_when_and_why(
    client,
    recruiter,
    application,
    decision,
    reason,
    status,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, application, "review", {"decision": decision, "reason": reason})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == status and application.status_reason == reason
    recorded = ReviewDecision.objects.get()
    assert (recorded.decision, recorded.reason, recorded.actor) == (decision, reason, recruiter)
    assert AuditEntry.objects.filter(action=f"recruitment.review_{decision}").exists()
    assert [m.to for m in mailoutbox] == [[application.talent.email]]
    page = page_of(client, application)
    assert str(recruiter) in page and recorded.get_decision_display() in page
    if reason:
        assert reason in page


def test_a_decision_can_be_revised_and_the_history_keeps_both(client, recruiter, application):
    client.force_login(recruiter)
    act(client, application, "review", {"decision": "approve"})
    act(client, application, "review", {"decision": "reject", "reason": "年龄超过岗位要求"})
    application.refresh_from_db()
    assert application.status == "rejected"
    assert list(ReviewDecision.objects.values_list("decision", flat=True)) == [
        "approve",
        "reject",
    ]
    assert page_of(client, application).count("<li>") >= 2


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "reject", "reason": ""},
        {"decision": "return", "reason": "   "},
        {"decision": "promote"},
        {},
    ],
)
def test_a_decision_needs_a_reason_and_a_known_value(client, recruiter, application, data):
    client.force_login(recruiter)
    response = act(client, application, "review", data)
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not ReviewDecision.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("outsider", 403),  # another institution's recruiter
        ("viewer", 403),
        ("applicant", 403),
        ("talent", 403),
        ("recruitment_staff", 403),  # organiser staff without membership
        ("staff_admin", 403),
        ("plain_staff", 403),
        ("anonymous", 302),
    ],
)
def test_only_the_institutions_reviewers_decide(client, request, application, who, expected):
    login_as(client, request, who, application)
    response = act(client, application, "review", {"decision": "reject", "reason": "不符合"})
    assert response.status_code == expected
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not ReviewDecision.objects.exists()


def test_another_institution_cannot_decide_through_its_own_address(
    client, outsider, other_organisation, application
):
    client.force_login(outsider)
    response = client.post(
        en(
            "recruitment_institution:application_action",
            other_organisation.pk,
            application.pk,
            "review",
        ),
        {"decision": "approve"},
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"


def test_an_unverified_institution_cannot_review(client, round_):
    unverified = institution()
    reviewer = MembershipFactory(organisation=unverified, role="recruiter").user
    found = apply_to(applicant(), PostFactory(round=round_, institution=unverified))[0]
    # Back to review after the application came in (an unverified one takes none).
    unverified.status = "pending"
    unverified.save(update_fields=["status"])
    client.force_login(reviewer)
    assert act(client, found, "review", {"decision": "approve"}).status_code == 403
    found.refresh_from_db()
    assert found.status == "submitted"


def test_no_review_once_the_assessment_started(client, recruiter, application, round_):
    to_assessment(round_, recruiter)
    client.force_login(recruiter)
    assert "Record the decision" not in page_of(client, application)
    response = act(client, application, "review", {"decision": "reject", "reason": "迟到的意见"})
    assert response.status_code == 400
    assert "cannot be done while the round is at the step" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "approved"


def test_no_review_of_a_withdrawn_or_returned_application(client, recruiter, post):
    withdrawn = apply_to(applicant(), post)[0]
    services.withdraw(withdrawn.talent, withdrawn)
    returned = apply_to(applicant(), post)[0]
    services.review(recruiter, returned, "return", "请补充材料")
    client.force_login(recruiter)
    for found, status in ((withdrawn, "withdrawn"), (returned, "returned")):
        response = act(client, found, "review", {"decision": "approve"})
        assert response.status_code == 400
        assert "not awaiting a review decision" in response.content.decode()
        found.refresh_from_db()
        assert found.status == status


def test_no_return_for_correction_once_the_review_time_is_over(
    client, recruiter, application, round_
):
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(
        phase="review",
        registration_opens=now - timedelta(days=10),
        registration_closes=now - timedelta(days=5),
        review_closes=now - timedelta(hours=1),
    )
    client.force_login(recruiter)
    response = act(client, application, "review", {"decision": "return", "reason": "补材料"})
    assert response.status_code == 400
    assert "The time for corrections is over" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"


def test_unknown_actions_are_not_found(client, recruiter, application):
    client.force_login(recruiter)
    assert act(client, application, "promote", {}).status_code == 404
    url = en(
        "recruitment_institution:application_action", application.post.institution_id, 0, "review"
    )
    assert client.post(url, {"decision": "approve"}).status_code == 404


# --- Scores and ranking --------------------------------------------------------------------
@pytest.fixture
def written_post(round_, organisation):
    return PostFactory(
        round=round_,
        institution=organisation,
        method="written_interview",
        written_weight=60,
        headcount=1,
        code="W-1",
    )


def test_scores_make_means_a_weighted_total_and_a_ranking_with_ties(
    client, recruiter, written_post, round_
):
    a, b, c, d = (
        apply_to(applicant(user__name=name), written_post)[0] for name in ("甲", "乙", "丙", "丁")
    )
    to_assessment(round_, recruiter)
    client.force_login(recruiter)
    for found, stage, assessor, value in [
        (a, "written", "张老师", "80"),
        (a, "written", "王老师", "90"),
        (a, "interview", "李老师", "70"),
        (b, "written", "张老师", "75"),
        (b, "interview", "李老师", "85"),
        (c, "written", "张老师", "90"),
        (c, "interview", "李老师", "90"),
        (d, "written", "张老师", "99"),  # no interview yet: no total
    ]:
        assert score(client, found, stage, assessor, value).status_code == 302
    for found in (a, b, c, d):
        found.refresh_from_db()
    # 60% × mean(80, 90) + 40% × 70 = 51 + 28 = 79; 60% × 75 + 40% × 85 = 45 + 34 = 79.
    assert (a.total_score, b.total_score, c.total_score) == (
        Decimal("79.00"),
        Decimal("79.00"),
        Decimal("90.00"),
    )
    assert (c.rank_in_post, a.rank_in_post, b.rank_in_post) == (1, 2, 2)
    assert a.tied and b.tied and not c.tied
    assert d.total_score is None and d.rank_in_post is None

    page = page_of(client, a)
    assert 'data-testid="mean-written">85.00<' in page
    assert 'data-testid="mean-interview">70.00<' in page
    assert page.count('data-testid="score"') == 3
    assert "79.00" in page

    ranking = client.get(
        en("recruitment_institution:ranking", written_post.institution_id, written_post.pk)
    )
    assert ranking.status_code == 200
    rows = ranking.context["rows"]
    assert [r.talent.name for r in rows] == ["丙", "甲", "乙", "丁"]
    text = ranking.content.decode()
    assert text.count('data-testid="tied"') == 2

    # The same assessor scores again: the score is replaced, the ranking follows.
    assert score(client, a, "interview", "李老师", "80").status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert Score.objects.filter(application=a, stage="interview").count() == 1
    assert a.total_score == Decimal("83.00") and a.rank_in_post == 2 and not a.tied
    assert b.rank_in_post == 3 and not b.tied


def test_a_direct_assessment_panel_makes_the_total(client, recruiter, post, round_):
    found = apply_to(applicant(), post)[0]
    to_assessment(round_, recruiter)
    client.force_login(recruiter)
    score(client, found, "panel", "专家一", "88.5")
    score(client, found, "panel", "专家二", "91")
    found.refresh_from_db()
    assert found.total_score == Decimal("89.75") and found.rank_in_post == 1
    # This post has no written exam.
    assert score(client, found, "written", "专家一", "60").status_code == 400


@pytest.mark.parametrize(
    "data",
    [
        {"stage": "written", "assessor": "张老师", "score": "150"},
        {"stage": "written", "assessor": "张老师", "score": "-1"},
        {"stage": "written", "assessor": "张老师", "score": "很好"},
        {"stage": "written", "assessor": "", "score": "80"},
        {"stage": "panel", "assessor": "张老师", "score": "80"},
        {"stage": "written", "assessor": "张" * 61, "score": "80"},
        {},
    ],
)
def test_bad_scores_are_refused(client, recruiter, written_post, round_, data):
    found = apply_to(applicant(), written_post)[0]
    to_assessment(round_, recruiter)
    client.force_login(recruiter)
    assert act(client, found, "score", data).status_code == 400
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("recruiter", 302),
        ("owner", 302),
        ("recruitment_staff", 302),
        ("viewer", 403),
        ("outsider", 403),
        ("applicant", 403),
        ("plain_staff", 403),
        ("anonymous", 302),
    ],
)
def test_who_enters_scores(client, request, recruiter, written_post, round_, who, expected):
    found = apply_to(applicant(), written_post)[0]
    to_assessment(round_, recruiter)
    login_as(client, request, who, found)
    response = score(client, found, "written", "张老师", "80")
    assert response.status_code == expected
    assert Score.objects.exists() == (who in ("recruiter", "owner", "recruitment_staff"))


def test_no_scores_before_the_assessment_nor_for_the_unqualified(
    client, recruiter, written_post, round_
):
    found = apply_to(applicant(), written_post)[0]
    client.force_login(recruiter)
    response = score(client, found, "written", "张老师", "80")
    assert response.status_code == 400
    assert "cannot be done while the round is at the step" in response.content.decode()
    rejected = apply_to(applicant(), written_post)[0]
    services.review(recruiter, rejected, "reject", "学历不符")
    to_assessment(round_, recruiter)
    response = score(client, rejected, "written", "张老师", "80")
    assert response.status_code == 400
    assert "Only qualified applicants are scored" in response.content.decode()
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("viewer", 200), ("recruitment_staff", 200), ("outsider", 403), ("talent", 403)],
)
def test_who_sees_the_ranking(client, request, recruiter, written_post, round_, who, expected):
    apply_to(applicant(), written_post)
    to_assessment(round_, recruiter)
    client.force_login(request.getfixturevalue(who))
    url = en("recruitment_institution:ranking", written_post.institution_id, written_post.pk)
    assert client.get(url).status_code == expected
    # Only those who assess recompute it.
    ranked = AuditEntry.objects.filter(action="recruitment.ranked").exists()
    assert ranked == (who == "recruitment_staff")


def test_the_ranking_stays_bounded(
    client, recruiter, written_post, round_, django_assert_max_num_queries
):
    found = [apply_to(applicant(), written_post)[0] for _ in range(12)]
    to_assessment(round_, recruiter)
    for i, application in enumerate(found):
        services.enter_score(recruiter, application, "written", "张老师", 60 + i)
        services.enter_score(recruiter, application, "interview", "李老师", 70 + i % 3)
    client.force_login(recruiter)
    url = en("recruitment_institution:ranking", written_post.institution_id, written_post.pk)
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="ranked"') == 12


def test_the_applicants_list_shows_totals_and_ranks(client, recruiter, written_post, round_):
    a, b = (apply_to(applicant(), written_post)[0] for _ in range(2))
    to_assessment(round_, recruiter)
    for found in (a, b):
        services.enter_score(recruiter, found, "written", "张老师", 80)
        services.enter_score(recruiter, found, "interview", "李老师", 80)
    services.rank_post(recruiter, written_post)
    client.force_login(recruiter)
    page = client.get(
        en("recruitment_institution:applications", written_post.institution_id)
    ).content.decode()
    assert page.count("80.00") == 2 and page.count(">tied<") == 2


# --- Checks and substitutes ----------------------------------------------------------------
def test_examination_and_inspection_are_recorded(client, recruiter, written_post, round_):
    found = apply_to(applicant(), written_post)[0]
    to_assessment(round_, recruiter)
    client.force_login(recruiter)
    assert act(client, found, "check", {"kind": "exam", "result": "passed"}).status_code == 302
    assert (
        act(client, found, "check", {"kind": "inspection", "result": "failed"}).status_code == 302
    )
    found.refresh_from_db()
    assert (found.exam, found.inspection) == ("passed", "failed")
    page = page_of(client, found)
    assert 'data-testid="exam">passed<' in page and 'data-testid="inspection">failed<' in page
    for data in ({"kind": "blood", "result": "passed"}, {"kind": "exam", "result": "maybe"}, {}):
        assert act(client, found, "check", data).status_code == 400


@pytest.mark.parametrize(
    ("who", "expected"),
    [("viewer", 403), ("outsider", 403), ("applicant", 403), ("recruitment_staff", 302)],
)
def test_who_records_checks(client, request, recruiter, written_post, round_, who, expected):
    found = apply_to(applicant(), written_post)[0]
    to_assessment(round_, recruiter)
    login_as(client, request, who, found)
    response = act(client, found, "check", {"kind": "exam", "result": "failed"})
    assert response.status_code == expected
    found.refresh_from_db()
    assert found.exam == ("failed" if expected == 302 else "")


def test_no_checks_before_the_assessment_nor_for_the_rejected(
    client, recruiter, written_post, round_
):
    found = apply_to(applicant(), written_post)[0]
    client.force_login(recruiter)
    response = act(client, found, "check", {"kind": "exam", "result": "passed"})
    assert response.status_code == 400
    rejected = apply_to(applicant(), written_post)[0]
    services.review(recruiter, rejected, "reject", "不符合")
    to_assessment(round_, recruiter)
    response = act(client, rejected, "check", {"kind": "exam", "result": "passed"})
    assert response.status_code == 400
    rejected.refresh_from_db()
    found.refresh_from_db()
    assert rejected.exam == "" and found.exam == ""


def _publicity(round_, recruiter, post):
    """Two qualified applicants for one place, scored 90 and 80, then the publicity."""
    first, second = (apply_to(applicant(), post)[0] for _ in range(2))
    to_assessment(round_, recruiter)
    for found, value in ((first, 90), (second, 80)):
        services.enter_score(recruiter, found, "written", "张老师", value)
        services.enter_score(recruiter, found, "interview", "李老师", value)
    services.start_publicity(StaffFactory(roles=[STAFF_RECRUITMENT]), round_)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("proposed", "approved")
    return first, second


def test_a_failed_inspection_proposes_the_next_in_rank(
    client, recruiter, written_post, round_, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = _publicity(round_, recruiter, written_post)
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, first, "check", {"kind": "inspection", "result": "failed"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "not_placed" and first.inspection == "failed"
    assert second.status == "proposed" and second.substitute
    assert {m.to[0] for m in mailoutbox} == {first.talent.email, second.talent.email}
    assert 'data-testid="substitute"' in page_of(client, second)
    ranking = client.get(
        en("recruitment_institution:ranking", written_post.institution_id, written_post.pk)
    ).content.decode()
    assert "proposed as a substitute" in ranking and "Did not pass the inspection" in ranking


def test_a_withdrawal_of_a_proposed_hire_shows_the_substitute(
    client, recruiter, written_post, round_
):
    first, second = _publicity(round_, recruiter, written_post)
    services.withdraw(first.talent, first)
    client.force_login(recruiter)
    second.refresh_from_db()
    assert second.substitute
    assert 'data-testid="substitute"' in page_of(client, second)
    ranking = client.get(
        en("recruitment_institution:ranking", written_post.institution_id, written_post.pk)
    )
    outcomes = [r.get_status_display() for r in ranking.context["rows"]]
    assert outcomes == ["withdrawn", "proposed for placement (publicity)"]
    # The publicity keeps the ranking the proposals came from: nothing is recomputed.
    assert ranking.context["rows"][0].rank_in_post == 1


def test_no_scores_during_the_publicity(client, recruiter, written_post, round_):
    _first, second = _publicity(round_, recruiter, written_post)
    client.force_login(recruiter)
    assert score(client, second, "written", "张老师", "100").status_code == 400
    second.refresh_from_db()
    assert second.total_score == Decimal("80.00")


def test_the_talent_never_reaches_the_institution_pages(client, application):
    client.force_login(application.talent)
    for url in (
        en("recruitment_institution:application", application.post.institution_id, application.pk),
        en("recruitment_institution:applications", application.post.institution_id),
        en(
            "recruitment_institution:ranking",
            application.post.institution_id,
            application.post_id,
        ),
    ):
        assert client.get(url).status_code == 403


def test_someone_without_any_role_is_refused(client, application):
    client.force_login(UserFactory())
    assert act(client, application, "review", {"decision": "approve"}).status_code == 403


# --- One rule for the page and the service: the phase and the status ---------------------------
def _form_for(action, application) -> str:
    return en(
        "recruitment_institution:application_action",
        application.post.institution_id,
        application.pk,
        action,
    )


def test_reviewing_outside_the_review_phases_is_refused_on_the_page_and_by_the_service(
    client, recruiter, application, round_
):
    client.force_login(recruiter)
    assert f'action="{_form_for("review", application)}"' in page_of(client, application)
    round_.phase = Round.Phase.ASSESSMENT
    round_.save()
    assert f'action="{_form_for("review", application)}"' not in page_of(client, application)
    answer = act(client, application, "review", {"decision": "approve", "reason": ""})
    assert answer.status_code == 400
    assert "This cannot be done while the round is at the step" in answer.content.decode()
    with pytest.raises(ValidationError, match="at the step"):
        services.review(recruiter, application, "approve")
    assert not ReviewDecision.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.status == PostApplication.Status.SUBMITTED


def test_reviewing_an_application_not_awaiting_review_is_refused_by_the_rule_and_the_service(
    client, recruiter, application
):
    services.review(recruiter, application, "return", "补充学位证")
    application.refresh_from_db()
    client.force_login(recruiter)
    assert f'action="{_form_for("review", application)}"' not in page_of(client, application)
    with pytest.raises(ValidationError, match="not awaiting a review decision"):
        services.review(recruiter, application, "approve")
    assert ReviewDecision.objects.filter(application=application).count() == 1


def test_scoring_before_the_assessment_and_checking_a_rejected_applicant_are_refused(
    client, recruiter, application, round_
):
    client.force_login(recruiter)
    services.review(recruiter, application, "approve")
    application.refresh_from_db()
    # Still in registration: neither form, and the service refuses the score.
    page = page_of(client, application)
    assert f'action="{_form_for("score", application)}"' not in page
    assert f'action="{_form_for("check", application)}"' not in page
    with pytest.raises(ValidationError, match="at the step"):
        services.enter_score(recruiter, application, application.post.stages[0], "张三", 80)
    round_ = to_assessment(round_, recruiter)
    application.refresh_from_db()
    page = page_of(client, application)
    assert f'action="{_form_for("score", application)}"' in page
    assert f'action="{_form_for("check", application)}"' in page
    # A rejected applicant (set directly: the review phases are over) is neither scored nor
    # checked, on the page or by the services.
    PostApplication.objects.filter(pk=application.pk).update(status="rejected")
    application.refresh_from_db()
    page = page_of(client, application)
    assert f'action="{_form_for("score", application)}"' not in page
    assert f'action="{_form_for("check", application)}"' not in page
    with pytest.raises(ValidationError, match="Only qualified applicants are scored"):
        services.enter_score(recruiter, application, application.post.stages[0], "张三", 80)
    with pytest.raises(ValidationError, match="Only qualified applicants are examined"):
        services.record_check(recruiter, application, "exam", True)
    assert not Score.objects.filter(application=application).exists()


def test_a_viewer_is_refused_the_state_rules_with_not_allowed_not_the_state(
    viewer, application, round_
):
    round_.phase = Round.Phase.ASSESSMENT
    round_.save()
    # Someone without the role learns nothing about the phase or the status.
    with pytest.raises(PermissionDenied):
        services.review(viewer, application, "approve")
    with pytest.raises(PermissionDenied):
        services.record_check(viewer, application, "exam", True)
