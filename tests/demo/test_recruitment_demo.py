"""Public-institution recruitment in `yingcai demo`: the round, posts, applications, reviews.

One load shared by the module (in a transaction rolled back at its end).
"""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.institutions import services, stats
from yingcai.institutions.models import (
    Certificate,
    Post,
    PostApplication,
    ReviewDecision,
    Round,
)
from yingcai.organisations.models import Membership, Organisation
from yingcai.privacy.models import SharingConsent

SCALE = 0.05
A = PostApplication.Status


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            with translation.override("en"):
                call_command(
                    "demo", "--scale", str(SCALE), "--seed", "3", "--reset", "--yes", stdout=out
                )
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def output(loaded, db):
    return loaded


def test_the_seeds_figures_at_the_scale(output):
    figures = stats.summary()
    assert figures["municipal"] == round(1259 * SCALE)
    assert figures["municipal_doctors"] == round(1063 * SCALE)
    assert figures["district"] == round(4662 * SCALE)
    assert figures["total"] == figures["municipal"] + figures["district"]
    assert f"municipal {figures['municipal']:,}" in output


def test_a_round_open_for_registration_on_the_opening_day(output, client):
    """A new user of the demo finds a post to apply to (the conference's round is in review)."""
    open_round = Round.objects.get(phase=Round.Phase.REGISTRATION)
    now = timezone.now()
    assert open_round.registration_opens < now < open_round.registration_closes
    posts = list(open_round.posts.all())
    assert posts and all(p.status == Post.Status.OPEN for p in posts)
    assert not PostApplication.objects.filter(round=open_round).exists()
    assert all(p.fields.exists() for p in posts)
    assert "报名时间" in open_round.announcement_zh_hans
    assert "Registration from" in open_round.announcement_en


def test_one_round_in_review_with_posts_of_both_levels(output):
    round_ = Round.objects.get(phase=Round.Phase.REVIEW)
    assert round_.phase == Round.Phase.REVIEW
    assert round_.registration_closes < timezone.now() + timedelta(days=1)
    assert "事业单位" in round_.announcement and "public institutions" in round_.announcement
    levels = set(round_.posts.values_list("institution__level", flat=True))
    assert levels == {Organisation.Level.MUNICIPAL, Organisation.Level.DISTRICT}
    # Every post belongs to a verified public institution.
    assert not Post.objects.exclude(
        institution__kind=Organisation.Kind.PUBLIC_INSTITUTION,
        institution__status=Organisation.Status.VERIFIED,
    ).exists()
    assert Post.objects.filter(status=Post.Status.CANCELLED).exists()


def test_applications_at_every_review_step(output):
    statuses = Counter(PostApplication.objects.values_list("status", flat=True))
    for status in (A.SUBMITTED, A.APPROVED, A.REJECTED, A.RETURNED, A.WITHDRAWN):
        assert statuses[status] > 0, status
    # Every decision names who made it and, when it refuses or returns, why.
    decisions = ReviewDecision.objects.all()
    assert decisions.exists()
    assert not decisions.filter(actor=None).exists()
    refusals = decisions.exclude(decision=ReviewDecision.Decision.APPROVE)
    assert refusals.exists() and not refusals.filter(reason="").exists()


def test_one_post_per_applicant_and_eligible_applicants(output):
    live = PostApplication.objects.exclude(status__in=[A.TRANSFERRED, A.WITHDRAWN])
    per_talent = Counter(live.values_list("round_id", "talent_id"))
    assert max(per_talent.values()) == 1
    # Whoever was approved meets the post's conditions, as the service checks them.
    approved = live.filter(status=A.APPROVED).select_related("post__round")
    assert approved.exists()
    for application in approved:
        problems = services.eligibility(
            application.post,
            degree=application.degree,
            title=application.title,
            birth_date=application.birth_date,
        )
        assert problems == [], (application.pk, problems)


def test_every_applicant_gave_the_separate_consent(output):
    pairs = set(PostApplication.objects.values_list("talent_id", "post__institution_id"))
    consents = set(SharingConsent.objects.values_list("user_id", "organisation_id"))
    assert pairs <= consents


def test_the_named_reviewer_has_applicants_and_certificates(output, client):
    membership = Membership.objects.get(user__email="reviewer@example.com")
    institution = membership.organisation
    applications = PostApplication.objects.filter(post__institution=institution)
    assert set(applications.values_list("status", flat=True)) >= {A.SUBMITTED, A.RETURNED}
    certificates = Certificate.objects.filter(talent__in=applications.values("talent"))
    assert certificates.exists()
    certificate = certificates.first()
    assert default_storage.exists(certificate.file.name)
    client.force_login(membership.user)
    page = client.get(reverse("recruitment_institution:applications", args=[institution.pk]))
    assert page.status_code == 200
    assert applications.first().post.code in page.content.decode()


def test_the_demo_talent_was_returned_for_correction(output, client):
    application = PostApplication.objects.get(talent__email="talent@example.com")
    assert application.status == A.RETURNED
    client.force_login(application.talent)
    page = client.get(reverse("recruitment:my_application", args=[application.pk]))
    assert page.status_code == 200


def test_a_new_round_runs_end_to_end_with_the_demos_accounts(output):
    """What `make demo` lets one person do: admin, reviewer and talent run a round to the end."""

    users = get_user_model().objects
    admin = users.get(email="admin@example.com")
    reviewer = users.get(email="reviewer@example.com")
    talent = users.get(email="talent@example.com")
    institution = Membership.objects.get(user=reviewer).organisation
    now = timezone.now()
    round_ = services.save_round(
        admin,
        Round(
            title="2020年第二批 / Second round",
            announcement="## 公告",
            registration_opens=now - timedelta(hours=1),
            registration_closes=now + timedelta(days=7),
            review_closes=now + timedelta(days=9),
            transfer_closes=now + timedelta(days=10),
            assessment_starts=timezone.localdate() + timedelta(days=12),
            assessment_ends=timezone.localdate() + timedelta(days=14),
        ),
    )
    post = services.save_post(
        reviewer,
        Post(
            round=round_,
            institution=institution,
            code="DEMO-2",
            name="环境科学研究岗",
            headcount=1,
            majors="环境科学",
            degree_min="doctor",
            method=Post.Method.DIRECT,
            exempt_from_ratio=True,
        ),
    )
    services.open_registration(admin, round_)
    services.give_consents(talent, [institution])
    (application,) = services.apply(talent, Round.objects.get(pk=round_.pk), [post], {})
    services.close_registration(admin, Round.objects.get(pk=round_.pk))
    services.review(reviewer, application, "approve")
    services.open_assessment(admin, Round.objects.get(pk=round_.pk))
    services.enter_score(
        reviewer, PostApplication.objects.get(pk=application.pk), "panel", "专家A", 90
    )
    services.rank_post(reviewer, post)
    services.start_publicity(admin, Round.objects.get(pk=round_.pk))
    Round.objects.filter(pk=round_.pk).update(publicity_starts=now - timedelta(days=8))
    services.confirm_placement(admin, Round.objects.get(pk=round_.pk))
    assert PostApplication.objects.get(pk=application.pk).status == A.PLACED
    assert Round.objects.get(pk=round_.pk).phase == Round.Phase.CLOSED
    # The demo round is untouched.
    demo_round = Round.objects.exclude(pk=round_.pk).get(phase=Round.Phase.REVIEW)
    assert stats.summary(demo_round)["municipal"] == round(1259 * SCALE)
