"""Public-institution recruitment under simultaneous clients: decisions, scores and phase
changes are taken under locks (the round, then its applications), PostgreSQL with 20 parallel
clients counting rows afterwards; refusals in words on any database."""

from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from yingcai.core.rules import STAFF_RECRUITMENT
from yingcai.institutions import services
from yingcai.institutions.models import PostApplication, ReviewDecision, Round, Score

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import MembershipFactory, StaffFactory
from ..talents.helpers import PDF, media  # noqa: F401 - the fixture
from .factories import PostFactory, RoundFactory, applicant, apply_to, institution

A = PostApplication.Status
ALREADY = "This decision has already been recorded."


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def reference_rows(transactional_db):
    put_back_reference_rows()
    Group.objects.get_or_create(name=STAFF_RECRUITMENT)


def recruitment(applicants=1):
    """A round in review with one post of a hospital, its reviewer and its applications."""
    hospital = institution()
    reviewer = MembershipFactory(organisation=hospital, role="recruiter").user
    round_ = RoundFactory()
    post = PostFactory(round=round_, institution=hospital, headcount=1)
    applications = [apply_to(applicant(), post)[0] for _ in range(applicants)]
    Round.objects.filter(pk=round_.pk).update(phase=Round.Phase.REVIEW)
    round_.refresh_from_db()
    return round_, reviewer, applications


# --- PostgreSQL: parallel clients --------------------------------------------------------------
@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_identical_decisions_at_once_are_recorded_once(reference_rows):
    _round, reviewer, (application,) = recruitment()
    outcomes = at_once(
        [lambda: services.review(reviewer, application, "approve") for _ in range(20)]
    )
    assert Counter(outcomes) == {"ok": 1, ALREADY: 19}
    assert ReviewDecision.objects.filter(application=application).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_scores_of_one_assessor_at_once_make_one_score(reference_rows):
    round_, reviewer, (application,) = recruitment()
    services.review(reviewer, application, "approve")
    Round.objects.filter(pk=round_.pk).update(phase=Round.Phase.ASSESSMENT)
    marks = [Decimal(60 + i) for i in range(20)]
    outcomes = at_once(
        [
            lambda mark=mark: services.enter_score(reviewer, application, "panel", "专家A", mark)
            for mark in marks
        ]
    )
    assert outcomes == ["ok"] * 20
    scores = list(Score.objects.filter(application=application))
    assert len(scores) == 1 and scores[0].score in marks


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_returns_racing_the_opening_of_the_assessment_leave_nothing_pending(reference_rows):
    round_, reviewer, applications = recruitment(applicants=19)
    for application in applications:
        services.review(reviewer, application, "approve")
    organiser = StaffFactory(roles=[STAFF_RECRUITMENT])
    calls = [lambda: services.open_assessment(organiser, round_)]
    calls += [
        lambda a=a: services.review(reviewer, a, "return", "请补充学位证书") for a in applications
    ]
    outcomes = at_once(calls)
    round_.refresh_from_db()
    returned = PostApplication.objects.filter(round=round_, status=A.RETURNED).count()
    assert returned == outcomes[1:].count("ok")
    if round_.phase == Round.Phase.ASSESSMENT:
        # Opened: no application may still be waiting for a correction.
        assert outcomes[0] == "ok" and returned == 0
    else:
        assert outcomes[0].endswith("applications still await a review decision.")
        assert returned > 0


# --- On any database ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_repeated_decision_is_refused_and_a_changed_one_recorded(mailoutbox):
    _round, reviewer, (application,) = recruitment()
    services.review(reviewer, application, "approve")
    with pytest.raises(ValidationError, match=ALREADY):
        services.review(reviewer, application, "approve")
    services.review(reviewer, application, "reject", "学历不符")
    assert [d.decision for d in ReviewDecision.objects.filter(application=application)] == [
        "approve",
        "reject",
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("media")
def test_a_certificate_uploaded_from_a_page_opened_before_the_assessment_is_refused():
    round_, _reviewer, (application,) = recruitment()
    stale = Round.objects.get(pk=round_.pk)
    Round.objects.filter(pk=round_.pk).update(phase=Round.Phase.ASSESSMENT)
    with pytest.raises(ValidationError, match="while registration or review is open"):
        services.upload_certificate(
            application.talent, stale, "degree", SimpleUploadedFile("degree.pdf", PDF)
        )


@pytest.mark.django_db
def test_an_objection_from_a_page_opened_before_the_placement_is_refused():
    round_, _reviewer, (application,) = recruitment()
    PostApplication.objects.filter(pk=application.pk).update(status=A.PROPOSED)
    Round.objects.filter(pk=round_.pk).update(phase=Round.Phase.PUBLICITY)
    stale = PostApplication.objects.select_related("round").get(pk=application.pk)
    Round.objects.filter(pk=round_.pk).update(phase=Round.Phase.CLOSED)
    PostApplication.objects.filter(pk=application.pk).update(status=A.PLACED)
    with pytest.raises(ValidationError, match="during the publicity only"):
        services.object_to(stale, "张三", "13800000000", "此人学历造假。")
    assert not stale.objections.exists()
