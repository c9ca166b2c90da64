"""The recruitment services end to end: rules, phases, roles, the engine and the 递补."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingcai.institutions import services
from yingcai.institutions.models import Post, PostApplication, Round
from yingcai.institutions.stats import summary
from yingcai.matching.stable import deferred_acceptance
from yingcai.privacy.models import SharingConsent

from ..factories import MembershipFactory, StaffFactory
from .factories import PostFactory, RoundFactory, applicant, apply_to, institution

A = PostApplication.Status

# The refusals are read in English here; their Chinese is tested with the pages.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def organiser(db):
    return StaffFactory(roles=["recruitment"])


@pytest.fixture
def hospital(db):
    return institution(level="municipal", name_zh_hans="重庆医科大学附属第一医院")


@pytest.fixture
def reviewer(hospital):
    return MembershipFactory(organisation=hospital, role="recruiter").user


def advance_to(round_, phase):
    round_.phase = phase
    round_.save(update_fields=["phase"])


@pytest.mark.django_db
def test_round_life_cycle_in_single_mode(
    organiser, hospital, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = RoundFactory(phase=Round.Phase.DRAFT)
    post = PostFactory(
        round=round_,
        institution=hospital,
        headcount=1,
        method=Post.Method.WRITTEN_INTERVIEW,
        written_weight=60,
    )
    services.open_registration(organiser, round_)
    doctors = [applicant() for _ in range(3)]
    applications = [apply_to(d, post)[0] for d in doctors]
    with pytest.raises(ValidationError, match="already applied"):
        apply_to(doctors[0], post)
    services.close_registration(organiser, Round.objects.get(pk=round_.pk))
    for application in applications:
        services.review(reviewer, application, "approve")
    round_ = services.open_assessment(organiser, Round.objects.get(pk=round_.pk))
    # written 60 %, interview 40 %: 80*0.6+90*0.4 = 84; 90*0.6+70*0.4 = 82; 70*0.6+95*0.4 = 80
    for application, (written, interview) in zip(
        applications, [(80, 90), (90, 70), (70, 95)], strict=True
    ):
        services.enter_score(reviewer, application, "written", "专家A", written)
        services.enter_score(reviewer, application, "interview", "专家A", interview)
    ranked = services.rank_post(reviewer, post)
    assert [a.pk for a in ranked] == [a.pk for a in applications]
    assert [str(a.total_score) for a in ranked] == ["84.00", "82.00", "80.00"]
    with django_capture_on_commit_callbacks(execute=True):
        services.start_publicity(organiser, Round.objects.get(pk=round_.pk))
    first = PostApplication.objects.get(pk=applications[0].pk)
    assert first.status == A.PROPOSED
    assert any(
        "proposed" in m.subject.lower() or "拟聘" in m.subject or "拟" in m.subject
        for m in mailoutbox
    )
    # The physical examination fails: the next in rank fills the place (递补).
    services.record_check(reviewer, first, "exam", passed=False)
    second = PostApplication.objects.get(pk=applications[1].pk)
    assert second.status == A.PROPOSED and second.substitute
    round_ = Round.objects.get(pk=round_.pk)
    with pytest.raises(ValidationError, match="publicity runs until"):
        services.confirm_placement(organiser, round_)
    round_.publicity_starts = timezone.now() - timedelta(days=8)
    round_.save()
    services.confirm_placement(organiser, round_)
    statuses = list(
        PostApplication.objects.filter(pk__in=[a.pk for a in applications])
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert statuses == [A.NOT_PLACED, A.PLACED, A.NOT_PLACED]
    assert Round.objects.get(pk=round_.pk).phase == Round.Phase.CLOSED


@pytest.mark.django_db
def test_preference_mode_places_by_the_stable_assignment(organiser, hospital, reviewer):
    round_ = RoundFactory(mode=Round.Mode.PREFERENCE, max_preferences=2)
    clinic = PostFactory(round=round_, institution=hospital, headcount=1)
    lab = PostFactory(round=round_, institution=hospital, headcount=1)
    a, b, c = applicant(), applicant(), applicant()
    # a prefers the clinic, b the clinic, c the lab then the clinic.
    apps = {
        "a": apply_to(a, clinic, lab),
        "b": apply_to(b, clinic, lab),
        "c": apply_to(c, lab, clinic),
    }
    with pytest.raises(ValidationError, match="at most 2"):
        apply_to(applicant(), clinic, lab, PostFactory(round=round_, institution=hospital))
    advance_to(round_, Round.Phase.REVIEW)
    for group in apps.values():
        for application in group:
            services.review(reviewer, application, "approve")
    advance_to(round_, Round.Phase.ASSESSMENT)
    # The clinic ranks b > c > a; the lab ranks a > c > b.
    marks = {clinic.pk: {b.pk: 95, c.pk: 90, a.pk: 80}, lab.pk: {a.pk: 95, c.pk: 90, b.pk: 70}}
    for group in apps.values():
        for application in group:
            services.enter_score(
                reviewer,
                application,
                "panel",
                "专家",
                marks[application.post_id][application.talent_id],
            )
    services.start_publicity(organiser, round_)
    proposed = {
        (x.talent_id, x.post_id)
        for x in PostApplication.objects.filter(round=round_, status=A.PROPOSED)
    }
    expected = deferred_acceptance(
        {
            str(a.pk): [str(clinic.pk), str(lab.pk)],
            str(b.pk): [str(clinic.pk), str(lab.pk)],
            str(c.pk): [str(lab.pk), str(clinic.pk)],
        },
        {str(clinic.pk): 1, str(lab.pk): 1},
        {
            str(clinic.pk): [str(b.pk), str(c.pk), str(a.pk)],
            str(lab.pk): [str(a.pk), str(c.pk), str(b.pk)],
        },
    )
    assert proposed == {(int(t), int(p)) for t, p in expected.items() if p}
    assert proposed == {(b.pk, clinic.pk), (a.pk, lab.pk)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("post_fields", "profile", "reason"),
    [
        ({"degree_min": "doctor"}, {"degree": "master"}, "requires at least"),
        ({"max_age": 35}, {"birth_date": date(1970, 1, 1)}, "up to 35 years old"),
        ({"title_min": "senior"}, {"title": "intermediate"}, "title"),
        ({"max_age": 35}, {"birth_date": None}, "date of birth"),
    ],
)
def test_eligibility_is_checked_with_a_reason(post_fields, profile, reason):
    post = PostFactory(**post_fields)
    talent = applicant(**profile)
    with pytest.raises(ValidationError, match=reason):
        apply_to(talent, post)
    assert not PostApplication.objects.exists()


@pytest.mark.django_db
def test_separate_consent_comes_first(hospital):
    post = PostFactory(institution=hospital)
    talent = applicant()
    with pytest.raises(services.ConsentRequired) as error:
        services.apply(talent, post.round, [post])
    assert error.value.institutions == [hospital]
    services.give_consents(talent, [hospital])
    assert SharingConsent.objects.get(user=talent).purpose == "public_recruitment"
    assert services.apply(talent, post.round, [post])


@pytest.mark.django_db
def test_return_for_correction_and_resubmit(hospital, reviewer):
    post = PostFactory(institution=hospital)
    talent = applicant()
    application = apply_to(talent, post)[0]
    with pytest.raises(ValidationError, match="reason"):
        services.review(reviewer, application, "return", "")
    services.review(reviewer, application, "return", "请上传博士学位证书")
    application.refresh_from_db()
    assert application.status == A.RETURNED
    services.resubmit(talent, application)
    application.refresh_from_db()
    assert application.status == A.SUBMITTED
    assert [d.decision for d in application.decisions.all()] == ["return"]
    with pytest.raises(ValidationError):
        services.resubmit(talent, application)  # not returned any more


@pytest.mark.django_db
def test_resubmitting_after_the_review_closed_is_refused(hospital, reviewer):
    post = PostFactory(institution=hospital)
    talent = applicant()
    application = apply_to(talent, post)[0]
    services.review(reviewer, application, "return", "缺少材料")
    past = timezone.now() - timedelta(seconds=1)
    Round.objects.filter(pk=post.round_id).update(
        registration_opens=past - timedelta(days=2), registration_closes=past, review_closes=past
    )
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="over"):
        services.resubmit(talent, application)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["viewer_of_hospital", "other_reviewer", "talent", "organiser", "staff_admin"]
)
def test_only_the_institutions_reviewers_review(request, hospital, organiser, who):
    post = PostFactory(institution=hospital)
    application = apply_to(applicant(), post)[0]
    users = {
        "viewer_of_hospital": lambda: MembershipFactory(organisation=hospital, role="viewer").user,
        "other_reviewer": lambda: (
            MembershipFactory(organisation=institution(), role="recruiter").user
        ),
        "talent": lambda: request.getfixturevalue("talent"),
        "organiser": lambda: organiser,
        "staff_admin": lambda: request.getfixturevalue("staff_admin"),
    }
    with pytest.raises(PermissionDenied):
        services.review(users[who](), application, "approve")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["talent", "owner", "verifier", "editor"])
def test_only_recruitment_staff_run_rounds(request, who):
    round_ = RoundFactory(phase=Round.Phase.DRAFT)
    PostFactory(round=round_)
    with pytest.raises(PermissionDenied):
        services.open_registration(request.getfixturevalue(who), round_)


@pytest.mark.django_db
def test_steps_in_the_wrong_phase_are_refused(organiser, hospital, reviewer):
    post = PostFactory(institution=hospital)
    application = apply_to(applicant(), post)[0]
    with pytest.raises(ValidationError, match="registration open"):
        services.enter_score(reviewer, application, "panel", "专家", 90)
    with pytest.raises(ValidationError):
        services.start_publicity(organiser, post.round)
    with pytest.raises(ValidationError):
        services.open_registration(organiser, post.round)
    with pytest.raises(ValidationError, match="await"):
        advance_to(post.round, Round.Phase.REVIEW)
        services.open_assessment(organiser, post.round)


@pytest.mark.django_db
def test_ratio_report_reduce_cancel_and_transfer(organiser, hospital, reviewer):
    round_ = RoundFactory(ratio=3)
    small = PostFactory(round=round_, institution=hospital, headcount=2)
    cancelled = PostFactory(round=round_, institution=hospital, headcount=1)
    exempt = PostFactory(round=round_, institution=hospital, headcount=1, exempt_from_ratio=True)
    other = PostFactory(round=round_, institution=hospital, headcount=1)
    for _ in range(3):
        services.review(reviewer, apply_to(applicant(), small)[0], "approve")
    moved = apply_to(applicant(), cancelled)[0]
    services.review(reviewer, moved, "approve")
    services.review(reviewer, apply_to(applicant(), exempt)[0], "approve")
    late = apply_to(applicant(), small)[0]
    advance_to(round_, Round.Phase.REVIEW)
    report = {row["post"].pk: row for row in services.ratio_report(round_)}
    assert report[small.pk]["below"] and report[small.pk]["supported_places"] == 1
    assert report[cancelled.pk]["below"] and not report[exempt.pk]["below"]
    services.reduce_post(organiser, small, 1)
    services.cancel_post(organiser, cancelled)
    moved.refresh_from_db()
    assert moved.status == A.CANCELLED
    new = services.transfer(moved.talent, moved, other)
    moved.refresh_from_db()
    assert (
        moved.status == A.TRANSFERRED
        and new.transferred_from == moved
        and new.status == A.SUBMITTED
    )
    Round.objects.filter(pk=round_.pk).update(transfer_closes=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="window"):
        services.transfer(late.talent, late, other)


@pytest.mark.django_db
def test_objections_during_publicity_and_an_upheld_one_brings_in_the_next(
    organiser, hospital, reviewer
):
    post = PostFactory(institution=hospital, headcount=1)
    first, second = apply_to(applicant(), post)[0], apply_to(applicant(), post)[0]
    advance_to(post.round, Round.Phase.REVIEW)
    for application in (first, second):
        services.review(reviewer, application, "approve")
    advance_to(post.round, Round.Phase.ASSESSMENT)
    services.enter_score(reviewer, first, "panel", "专家", 90)
    services.enter_score(reviewer, second, "panel", "专家", 85)
    with pytest.raises(ValidationError, match="publicity only"):
        services.object_to(first, "王五", "wang@example.com", "学历造假")
    services.start_publicity(organiser, post.round)
    first.refresh_from_db()
    objection = services.object_to(first, "王五", "wang@example.com", "学历造假")
    services.handle_objection(organiser, objection, upheld=True, response="经核查属实")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == A.NOT_PLACED and second.status == A.PROPOSED and second.substitute


@pytest.mark.django_db
def test_ties_share_a_rank(organiser, hospital, reviewer):
    post = PostFactory(institution=hospital, headcount=2)
    applications = [apply_to(applicant(), post)[0] for _ in range(3)]
    advance_to(post.round, Round.Phase.REVIEW)
    for application in applications:
        services.review(reviewer, application, "approve")
    advance_to(post.round, Round.Phase.ASSESSMENT)
    for application, mark in zip(applications, [88, 88, 80], strict=True):
        services.enter_score(reviewer, application, "panel", "专家", mark)
    services.rank_post(reviewer, post)
    ranks = list(
        PostApplication.objects.filter(post=post).order_by("pk").values_list("rank_in_post", "tied")
    )
    assert ranks == [(1, True), (1, True), (3, False)]
    with pytest.raises(ValidationError):
        services.enter_score(reviewer, applications[0], "panel", "专家", 101)


@pytest.mark.django_db
def test_statistics_count_levels_and_doctors():
    round_ = RoundFactory()
    municipal = PostFactory(round=round_, institution=institution("municipal"), degree_min="master")
    district = PostFactory(round=round_, institution=institution("district"), degree_min="master")
    for degree in ["doctor", "doctor", "master"]:
        apply_to(applicant(degree=degree), municipal)
    apply_to(applicant(degree="master"), district)
    figures = summary(round_)
    assert (figures["municipal"], figures["municipal_doctors"], figures["district"]) == (3, 2, 1)
    assert figures["municipal_doctor_share"] == 66.7
    assert figures["by_degree"] == {"doctor": 2, "master": 2}
