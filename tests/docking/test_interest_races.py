"""The docking under simultaneous clients (PostgreSQL, 20 parallel clients, rows counted
afterwards): both sides expressing interest at once make one mutual interest; one outcome
per side of a meeting; an agreement confirmed once."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry, District
from yingcai.core.rules import STAFF_VERIFIER
from yingcai.docking.models import Interest, Outcome
from yingcai.docking.services import interests, outcomes

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import DemandFactory, MembershipFactory, StaffFactory, UserFactory
from .factories import docking_world, meeting, seat_of

pytestmark = postgresql_only


@pytest.fixture
def world(transactional_db):
    put_back_reference_rows()
    Group.objects.get_or_create(name=STAFF_VERIFIER)
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    return docking_world()


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_both_sides_at_once_make_one_mutual_interest(world):
    demand = DemandFactory(organisation=world.organisation)
    speakers = [
        MembershipFactory(organisation=world.organisation, role="recruiter").user for _ in range(10)
    ]
    team = [UserFactory() for _ in range(10)]
    for user in team:
        world.project.team.create(user=user, role="member")
    calls = [
        lambda u=u: interests.express_for_organisation(
            u, world.organisation, world.project, "有兴趣"
        )
        for u in speakers
    ] + [
        lambda u=u: interests.express_for_project(u, world.project, demand, "我们也是")
        for u in team
    ]
    results = Counter(at_once(calls))
    assert not [r for r in results if r.startswith("error")], results
    [interest] = Interest.objects.all()
    assert interest.status == "accepted"
    assert AuditEntry.objects.filter(action="docking.interest_expressed").count() == 1
    assert AuditEntry.objects.filter(action="docking.interest_accepted").count() == 1
    assert results["ok"] == 2
    assert set(results) - {"ok"} <= {
        "Your side has already expressed this interest: it awaits an answer.",
        "This interest is already mutual.",
    }


def test_one_outcome_per_side_and_one_confirmation(world):
    done = meeting(world.project, world.organisation)
    speakers = [
        MembershipFactory(organisation=world.organisation, role="recruiter").user for _ in range(20)
    ]
    values = {
        "result": "agreement",
        "agreement_kind": "investment",
        "amount": 2_000_000,
        "signed_on": timezone.localdate(),
    }
    seat = seat_of(done)
    results = Counter(
        at_once([lambda u=u: outcomes.record_outcome(u, seat, values) for u in speakers])
    )
    assert results == {"ok": 20}  # the later ones change the one outcome of the side
    [outcome] = Outcome.objects.all()
    verifiers = [StaffFactory(roles=["verifier"]) for _ in range(20)]
    results = Counter(
        at_once([lambda v=v: outcomes.confirm_outcome(v, outcome) for v in verifiers])
    )
    assert results == {"ok": 1, "This agreement is already confirmed.": 19}
    assert AuditEntry.objects.filter(action="docking.outcome_confirmed").count() == 1
    outcome.refresh_from_db()
    assert outcome.confirmed_by in verifiers
