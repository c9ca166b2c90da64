"""The recruitment part of the permission matrix: every rule against every kind of actor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from yingcai.core.rules import can
from yingcai.institutions.models import Certificate

from ..factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory
from .factories import PostFactory, applicant, apply_to, institution

ACTORS = [
    "anonymous",
    "applicant",
    "other_talent",
    "inst_viewer",
    "inst_recruiter",
    "inst_owner",
    "other_inst_recruiter",
    "enterprise_owner",
    "recruitment_staff",
    "staff_admin",
    "verifier",
]
INSTITUTION = {"inst_viewer", "inst_recruiter", "inst_owner"}
REVIEWERS = {"inst_recruiter", "inst_owner"}
ORGANISERS = {"recruitment_staff", "staff_admin"}

RULES = [
    ("institutions.view_round", "round", set(ACTORS)),
    ("institutions.manage_round", "round", ORGANISERS),
    ("institutions.add_post", "hospital", REVIEWERS | ORGANISERS),
    ("institutions.change_post", "post", REVIEWERS | ORGANISERS),
    ("institutions.view_post_applicants", "post", INSTITUTION | ORGANISERS),
    ("institutions.view_post", "post", INSTITUTION | ORGANISERS),
    ("institutions.review", "application", REVIEWERS),
    ("institutions.assess", "application", REVIEWERS | ORGANISERS),
    # A submitted application while registration is open: awaiting review, not yet assessed.
    ("institutions.review_application", "application", REVIEWERS),
    ("institutions.score_application", "application", set()),
    ("institutions.check_application", "application", set()),
    ("institutions.view_application", "application", {"applicant"} | INSTITUTION | ORGANISERS),
    ("institutions.withdraw", "application", {"applicant"}),
    # Submitted, to an open post: it may be withdrawn, not corrected nor transferred.
    ("institutions.withdraw_application", "application", {"applicant"}),
    ("institutions.resubmit_application", "application", set()),
    ("institutions.transfer_application", "application", set()),
    ("institutions.view_certificate", "certificate", {"applicant"} | REVIEWERS | ORGANISERS),
]


@pytest.fixture
def world(db):
    hospital = institution()
    post = PostFactory(institution=hospital)
    person = applicant()
    application = apply_to(person, post)[0]
    certificate = Certificate(
        round=post.round,
        talent=person,
        kind="degree",
        extension="pdf",
        original_name="d.pdf",
        size=9,
    )
    certificate.file.save("d.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    users = {
        "anonymous": AnonymousUser(),
        "applicant": person,
        "other_talent": UserFactory(),
        "inst_viewer": MembershipFactory(organisation=hospital, role="viewer").user,
        "inst_recruiter": MembershipFactory(organisation=hospital, role="recruiter").user,
        "inst_owner": MembershipFactory(organisation=hospital, role="owner").user,
        "other_inst_recruiter": MembershipFactory(
            organisation=institution(), role="recruiter"
        ).user,
        "enterprise_owner": MembershipFactory(
            organisation=OrganisationFactory(), role="owner"
        ).user,
        "recruitment_staff": StaffFactory(roles=["recruitment"]),
        "staff_admin": StaffFactory(roles=["organiser-admin"]),
        "verifier": StaffFactory(roles=["verifier"]),
    }
    objects = {
        "round": post.round,
        "hospital": hospital,
        "post": post,
        "application": application,
        "certificate": certificate,
    }
    return users, objects


@pytest.mark.parametrize(
    ("perm", "target", "name", "allowed"),
    [(perm, target, name, name in allowed) for perm, target, allowed in RULES for name in ACTORS],
)
def test_recruitment_rules(world, perm, target, name, allowed):
    users, objects = world
    assert can(users[name], perm, objects[target]) is allowed


def test_an_enterprise_cannot_add_recruitment_posts(world):
    users, _objects = world
    enterprise = users["enterprise_owner"].memberships.get().organisation
    assert not can(users["enterprise_owner"], "institutions.add_post", enterprise)


def test_draft_rounds_are_hidden_and_posts_freeze_after_registration(world):
    users, objects = world
    round_ = objects["round"]
    round_.phase = "draft"
    round_.save()
    assert not can(users["applicant"], "institutions.view_round", round_)
    assert can(users["recruitment_staff"], "institutions.view_round", round_)
    round_.phase = "assessment"
    round_.save()
    objects["post"].round = round_
    assert not can(users["inst_recruiter"], "institutions.change_post", objects["post"])


# (phase, status) -> who may review, score and check the application now.
STATES = [
    ("registration", "submitted", REVIEWERS, set(), set()),
    ("review", "approved", REVIEWERS, set(), set()),
    ("review", "returned", set(), set(), set()),
    ("review", "withdrawn", set(), set(), set()),
    ("assessment", "approved", set(), REVIEWERS | ORGANISERS, REVIEWERS | ORGANISERS),
    ("assessment", "rejected", set(), set(), set()),
    ("publicity", "proposed", set(), set(), REVIEWERS | ORGANISERS),
    ("publicity", "approved", set(), set(), REVIEWERS | ORGANISERS),
    ("closed", "placed", set(), set(), set()),
    ("closed", "approved", set(), set(), set()),
]


@pytest.mark.parametrize(("phase", "status", "review", "score", "check"), STATES)
def test_reviewing_scoring_and_checking_follow_the_phase_and_the_status(
    world, phase, status, review, score, check
):
    users, objects = world
    application = objects["application"]
    application.round.phase = phase
    application.round.save()
    application.status = status
    application.save()
    wrong = [
        (perm, name)
        for perm, allowed in (
            ("institutions.review_application", review),
            ("institutions.score_application", score),
            ("institutions.check_application", check),
        )
        for name in ACTORS
        if can(users[name], perm, application) is not (name in allowed)
    ]
    assert not wrong


def _applicant_may(users, application):
    return {
        perm
        for perm in (
            "institutions.withdraw_application",
            "institutions.resubmit_application",
            "institutions.transfer_application",
        )
        if can(users["applicant"], perm, application)
    }


def test_what_the_applicant_may_do_follows_the_status_the_post_and_the_dates(world):
    users, objects = world
    application, post = objects["application"], objects["post"]
    round_ = application.round
    application.status = "returned"
    assert _applicant_may(users, application) == {
        "institutions.withdraw_application",
        "institutions.resubmit_application",
    }
    round_.review_closes = timezone.now() - timedelta(minutes=1)
    assert _applicant_may(users, application) == {"institutions.withdraw_application"}
    post.status = "cancelled"
    application.status = "cancelled"
    round_.transfer_closes = timezone.now() + timedelta(days=1)
    assert _applicant_may(users, application) == {"institutions.transfer_application"}
    round_.transfer_closes = timezone.now() - timedelta(minutes=1)
    assert _applicant_may(users, application) == set()
    # Nobody else may, whatever the state.
    round_.transfer_closes = timezone.now() + timedelta(days=1)
    for name in set(ACTORS) - {"applicant"}:
        assert not can(users[name], "institutions.transfer_application", application)
    for status in ("withdrawn", "transferred", "placed", "not_placed", "rejected"):
        application.status = status
        assert "institutions.withdraw_application" not in _applicant_may(users, application)
