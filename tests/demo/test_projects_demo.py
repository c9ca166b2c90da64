"""Projects, demands and the docking in `yingcai demo` (issue 13).

The tests read one load shared by the module, in a transaction rolled back at its end.
"""

from collections import Counter
from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone, translation

from yingcai.core.files import sniff
from yingcai.docking.models import (
    Interest,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    Seat,
    Session,
    Unavailability,
)
from yingcai.organisations.models import Membership, Organisation
from yingcai.projects.models import BusinessPlan, Demand, PlanSharing, Project, TeamMember

SCALE = 0.05


@pytest.fixture(scope="module")
def fair(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with translation.override("en"):
                call_command(
                    "demo", "--scale", str(SCALE), "--seed", "7", "--reset", "--yes",
                    stdout=StringIO(),
                )  # fmt: skip
            yield timezone.localdate() + timedelta(days=1)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def anchor(fair, db):
    return fair


def test_the_seed_counts_follow_the_scale(anchor):
    # "288 project demands" and "607 projects registered": all but the drafts.
    assert Demand.objects.exclude(status="draft").count() == round(288 * SCALE)
    assert Project.objects.exclude(status="draft").count() == round(607 * SCALE)
    assert Project.objects.filter(status="draft").exists()
    assert set(Project.objects.values_list("status", flat=True)) >= {"verified", "submitted"}


def test_every_project_has_one_lead_and_demands_come_from_verified_organisations(anchor):
    leads = Counter(TeamMember.objects.filter(role="lead").values_list("project", flat=True))
    assert set(leads.values()) == {1}
    assert len(leads) == Project.objects.count()
    assert not Demand.objects.exclude(organisation__status=Organisation.Status.VERIFIED).exists()
    kinds = dict(Demand.objects.values_list("organisation__kind", "kind").distinct())
    assert kinds[Organisation.Kind.INVESTOR] == Demand.Kind.INVESTMENT
    assert kinds[Organisation.Kind.UNIVERSITY] == Demand.Kind.COMMERCIALISATION
    for project in Project.objects.filter(seeks_investment=True):
        assert 0 < project.amount_min <= project.amount_max


def test_the_demo_talent_leads_a_listed_project_and_the_investor_has_a_demand(anchor):
    project = Project.objects.get(team__user__email="talent@example.com", team__role="lead")
    assert project.status == Project.Status.VERIFIED
    investor = Membership.objects.get(user__email="investor@example.com").organisation
    assert investor.kind == Organisation.Kind.INVESTOR
    assert investor.status == Organisation.Status.VERIFIED
    assert investor.demands.filter(status="published").exists()


def test_meetings_only_for_accepted_requests_between_mutually_interested_sides(anchor):
    mutual = set(Interest.objects.filter(status="accepted").values_list("project", "organisation"))
    requests = MeetingRequest.objects.select_related("requester", "counterpart")
    for request in requests:
        sides = {request.requester.side, request.counterpart.side}
        assert sides == {"project", "organisation"}
        project = request.requester.project_id or request.counterpart.project_id
        organisation = request.requester.organisation_id or request.counterpart.organisation_id
        assert (project, organisation) in mutual
    assert not Meeting.objects.exclude(request__status="accepted").exists()


def test_the_held_session_is_scheduled_without_clashes_and_has_outcomes(anchor):
    held = Session.objects.get(status=Session.Status.PUBLISHED)
    meetings = Meeting.objects.filter(session=held)
    assert meetings.exists() and held.weight <= held.upper_bound
    # Every meeting has its two seats; a participant and a table are once per slot.
    assert Seat.objects.filter(meeting__session=held).count() == 2 * meetings.count()
    seats = Seat.objects.filter(meeting__session=held)
    per_slot = Counter(seats.values_list("participant", "slot"))
    assert set(per_slot.values()) == {1}
    tables = Counter(meetings.values_list("slot", "table"))
    assert set(tables.values()) == {1}
    # Nobody meets in a slot they said they cannot attend.
    blocked = set(Unavailability.objects.values_list("participant", "slot"))
    assert not blocked & set(per_slot)
    assert Outcome.objects.filter(result="agreement", confirmed_at__isnull=False).exists()
    for outcome in Outcome.objects.filter(result="agreement"):
        assert outcome.agreement_kind and outcome.amount > 0 and outcome.district_id


def test_the_opening_days_session_takes_requests(anchor):
    session = Session.objects.get(status=Session.Status.OPEN)
    assert session.takes_requests
    assert session.date == anchor
    assert session.tables.filter(online_link="").exists()
    assert session.tables.exclude(online_link="").exists()
    assert not Participant.objects.filter(session=session).exists()


def test_every_date_stands_before_the_opening(anchor):
    snapshot = timezone.make_aware(datetime.combine(anchor - timedelta(days=2), time(10)))
    for model in (Project, Demand, TeamMember, Interest, MeetingRequest, Outcome):
        for field in model._meta.concrete_fields:
            # When the row was last saved and when its suggestions were computed: the load's time.
            if isinstance(field, models.DateTimeField) and field.name not in (
                "updated_at",
                "recommendations_refreshed_at",
            ):
                newest = model.objects.aggregate(newest=models.Max(field.name))["newest"]
                assert newest is None or newest <= snapshot, f"{model.__name__}.{field.name}"


def test_business_plans_are_real_private_pdfs_shared_only_after_mutual_interest(anchor):
    demo_project = Project.objects.get(team__user__email="talent@example.com", team__role="lead")
    assert BusinessPlan.objects.filter(project=demo_project, is_current=True).exists()
    for plan in BusinessPlan.objects.all()[:5]:
        with plan.file.open("rb") as handle:
            assert sniff(handle) == "pdf"
        assert plan.file.name.startswith(f"business-plans/{plan.project_id}/")
    mutual = set(Interest.objects.filter(status="accepted").values_list("project", "organisation"))
    sharings = PlanSharing.objects.all()
    assert sharings.exists()
    for sharing in sharings:
        assert (sharing.project_id, sharing.organisation_id) in mutual
        assert sharing.project.plans.filter(is_current=True).exists()
        names = {sharing.organisation.name_zh_hans, sharing.organisation.name_en} - {"", None}
        assert any(name in sharing.text_shown for name in names)
        assert sharing.given_by.project_memberships.filter(project=sharing.project).exists()


def test_every_step_of_the_docking_comes_after_the_one_before(anchor):
    """Interest once both sides are listed, requests once it is mutual and within the window,
    each side in the session before its first request."""
    for interest in Interest.objects.select_related("project", "demand"):
        assert interest.created_at >= interest.project.verified_at
        assert interest.created_at >= interest.demand.published_at
        assert interest.answered_at is None or interest.answered_at >= interest.created_at
    mutual_at = {
        (i.project_id, i.organisation_id): i.answered_at
        for i in Interest.objects.filter(status="accepted")
    }
    requests = MeetingRequest.objects.select_related("session", "requester", "counterpart")
    assert requests.exists()
    for request in requests:
        a, b = request.requester, request.counterpart
        pair = (a.project_id or b.project_id, a.organisation_id or b.organisation_id)
        assert request.created_at > mutual_at[pair]
        window = request.session
        assert window.requests_open_at <= request.created_at < window.requests_close_at
        assert request.created_at <= request.answered_at < window.requests_close_at
        assert a.joined_at < request.created_at and b.joined_at < request.created_at
