"""Refusals of the recruitment services that no page reaches (their forms offer only valid
choices): each called on the service, with what it leaves unchanged."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingcai.institutions import services
from yingcai.institutions.models import (
    Certificate,
    Objection,
    Post,
    PostApplication,
    Round,
    Score,
)

from ..factories import MembershipFactory
from .factories import PostFactory, RoundFactory, applicant, apply_to, institution

A = PostApplication.Status
pytestmark = pytest.mark.usefixtures("english")


def refused(call, *args) -> str:
    with pytest.raises(ValidationError) as refusal:
        call(*args)
    return " ".join(refusal.value.messages)


@pytest.fixture
def post(db):
    return PostFactory(
        institution=institution(), method=Post.Method.WRITTEN_INTERVIEW, written_weight=60
    )


@pytest.fixture
def reviewer(post):
    return MembershipFactory(organisation=post.institution, role="recruiter").user


@pytest.mark.django_db
def test_an_application_names_each_post_once():
    post = PostFactory(round=RoundFactory(mode=Round.Mode.PREFERENCE, max_preferences=3))
    talent = applicant()
    services.give_consents(talent, [post.institution])
    assert refused(services.apply, talent, post.round, []) == "Choose a post."
    assert refused(services.apply, talent, post.round, [post, post]) == (
        "Each post can be chosen once."
    )
    assert not PostApplication.objects.exists()


@pytest.mark.django_db
def test_a_certificate_has_a_kind_and_content(post):
    talent = applicant()
    pdf = SimpleUploadedFile("学位证.pdf", b"%PDF-1.4\n%%EOF\n")
    assert refused(services.upload_certificate, talent, post.round, "diploma?", pdf) == (
        "Choose what the certificate is."
    )
    empty = SimpleUploadedFile("学位证.pdf", b"")
    assert refused(services.upload_certificate, talent, post.round, "degree", empty) == (
        "The file is empty."
    )
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_a_review_takes_a_known_decision(post, reviewer):
    [application] = apply_to(applicant(), post)
    assert refused(services.review, reviewer, application, "maybe") == "Choose a decision."
    application.refresh_from_db()
    assert application.status == A.SUBMITTED


@pytest.mark.django_db
def test_a_score_names_a_stage_of_the_post_an_assessor_and_a_number(post, reviewer):
    [application] = apply_to(applicant(), post)
    services.review(reviewer, application, "approve")
    Round.objects.filter(pk=post.round_id).update(phase=Round.Phase.ASSESSMENT)
    application = PostApplication.objects.get(pk=application.pk)
    score = services.enter_score
    assert refused(score, reviewer, application, "physical", "专家A", 80) == (
        "This post's assessment has no such stage."
    )
    assert refused(score, reviewer, application, "written", "  ", 80) == "Name the assessor."
    assert refused(score, reviewer, application, "written", "专家A", "八十") == (
        "A score is a number from 0 to 100."
    )
    assert refused(services.record_check, reviewer, application, "x-ray", True) == (
        "Choose the physical examination or the inspection."
    )
    assert not Score.objects.exists()


@pytest.mark.django_db
def test_the_mode_and_ratio_are_fixed_once_registration_closed(recruitment_staff):
    round_ = RoundFactory(phase=Round.Phase.REVIEW)
    round_.ratio = 1
    assert refused(services.save_round, recruitment_staff, round_, ["ratio"]) == (
        "The mode and the ratio cannot change once registration closed."
    )
    round_.refresh_from_db()
    assert round_.ratio == 3


@pytest.mark.django_db
def test_a_new_post_has_a_weight_for_its_written_exam_and_a_code_of_its_own(post, reviewer):
    def new(**fields):
        return Post(
            round=post.round,
            institution=post.institution,
            name_zh_hans="新岗位",
            majors="临床医学",
            headcount=1,
            degree_min="doctor",
            **fields,
        )

    weightless = new(code="S9999", method=Post.Method.WRITTEN_INTERVIEW, written_weight=0)
    with pytest.raises(ValidationError) as refusal:
        services.save_post(reviewer, weightless)
    assert refusal.value.message_dict == {
        "written_weight": ["Weigh the written exam between 1% and 99%."]
    }
    same_code = new(code=post.code, method=Post.Method.DIRECT)
    with pytest.raises(ValidationError) as refusal:
        services.save_post(reviewer, same_code)
    assert refusal.value.message_dict == {"code": ["Another post of this round has this code."]}
    assert list(Post.objects.all()) == [post]


@pytest.mark.django_db
def test_only_a_proposed_hire_is_set_aside(post, reviewer):
    [application] = apply_to(applicant(), post)
    assert refused(services.vacate, reviewer, application, "体检不合格") == (
        "Only a proposed hire can be set aside."
    )
    application.refresh_from_db()
    assert application.status == A.SUBMITTED


@pytest.mark.django_db
def test_a_required_question_is_answered(post):
    question = post.questions.create(text="您的主要研究方向是什么？", required=True)
    talent = applicant()
    services.give_consents(talent, [post.institution])
    answers = {str(post.pk): {str(question.pk): " "}}
    assert refused(services.apply, talent, post.round, [post], answers) == (
        "Answer the question: 您的主要研究方向是什么？"
    )
    assert not PostApplication.objects.exists()


@pytest.mark.django_db
def test_a_returned_application_is_resubmitted_only_if_still_eligible(post, reviewer):
    talent = applicant()
    [application] = apply_to(talent, post)
    services.review(reviewer, application, "return", "请补充学位证书")
    talent.talent_profile.degree = "master"
    talent.talent_profile.save()
    application = PostApplication.objects.get(pk=application.pk)
    assert refused(services.resubmit, talent, application) == (
        "The post requires at least: doctor (PhD)."
    )
    application.refresh_from_db()
    assert application.status == A.RETURNED


@pytest.mark.django_db
def test_a_transfer_leaves_a_cancelled_post_for_one_the_applicant_is_eligible_for(post):
    other = PostFactory(round=post.round, institution=post.institution, degree_min="doctor")
    talent = applicant(degree="doctor")
    [application] = apply_to(talent, post)
    services.give_consents(talent, [other.institution])
    assert refused(services.transfer, talent, application, other) == (
        "Only applicants of a reduced or cancelled post may transfer."
    )
    Post.objects.filter(pk=post.pk).update(status=Post.Status.CANCELLED)
    talent.talent_profile.degree = "master"
    talent.talent_profile.save()
    application = PostApplication.objects.get(pk=application.pk)
    assert refused(services.transfer, talent, application, other) == (
        "The post requires at least: doctor (PhD)."
    )
    PostApplication.objects.filter(pk=application.pk).update(status=A.WITHDRAWN)
    application = PostApplication.objects.get(pk=application.pk)
    assert refused(services.transfer, talent, application, other) == (
        "This application cannot be transferred."
    )
    assert list(PostApplication.objects.values_list("post", "status")) == [(post.pk, A.WITHDRAWN)]


@pytest.mark.django_db
def test_objections_come_during_the_publicity_and_get_a_written_response(post, recruitment_staff):
    [application] = apply_to(applicant(), post)
    PostApplication.objects.filter(pk=application.pk).update(status=A.PROPOSED)
    Round.objects.filter(pk=post.round_id).update(
        phase=Round.Phase.PUBLICITY, publicity_starts=timezone.now() - timedelta(days=1)
    )
    application = PostApplication.objects.get(pk=application.pk)
    objection = services.object_to(application, "王先生", "13800000000", "学历造假")
    assert refused(services.handle_objection, recruitment_staff, objection, True, " ") == (
        "Write the response to the objection."
    )
    objection.refresh_from_db()
    assert objection.status == Objection.Status.RECEIVED
    Round.objects.filter(pk=post.round_id).update(
        publicity_starts=timezone.now() - timedelta(days=8)
    )
    application = PostApplication.objects.get(pk=application.pk)
    assert refused(services.object_to, application, "李女士", "13900000000", "另有异议") == (
        "The publicity period is over."
    )
    assert Objection.objects.count() == 1
