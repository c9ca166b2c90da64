"""Project demands under parallel clients (PostgreSQL): one decision per demand, one first
submission, an edit never undoing a submission."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from yingcai.core.models import AuditEntry, District
from yingcai.core.rules import STAFF_VERIFIER
from yingcai.projects.models import Demand
from yingcai.projects.services import demands as services

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import MembershipFactory, OrganisationFactory, StaffFactory
from .factories import field

pytestmark = postgresql_only


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def reference_rows(transactional_db):
    put_back_reference_rows()
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    Group.objects.get_or_create(name=STAFF_VERIFIER)


def draft(user, organisation) -> Demand:
    return services.create_demand(
        user,
        organisation,
        Demand(title_zh_hans="需求", description_zh_hans="说明"),
        {"fields": [field()]},
    )


def test_twenty_submissions_at_once_submit_once(reference_rows):
    organisation = OrganisationFactory(kind="investor")
    users = [MembershipFactory(organisation=organisation, role="recruiter").user for _ in range(20)]
    demand = draft(users[0], organisation)
    outcomes = at_once([lambda u=u: services.submit_demand(u, demand) for u in users])
    assert Counter(outcomes) == {
        "ok": 1,
        "Only a draft or a returned demand can be submitted.": 19,
    }
    assert AuditEntry.objects.filter(action="demand.submitted").count() == 1
    assert Demand.objects.get().first_submitted_at is not None


def test_twenty_organisers_deciding_at_once_decide_once(reference_rows):
    organisation = OrganisationFactory(kind="investor")
    user = MembershipFactory(organisation=organisation, role="recruiter").user
    demand = draft(user, organisation)
    services.submit_demand(user, demand)
    verifiers = [StaffFactory(roles=[STAFF_VERIFIER]) for _ in range(20)]
    calls = [
        (lambda v=v: services.approve_demand(v, demand))
        if n % 2
        else (lambda v=v: services.reject_demand(v, demand, "请补充"))
        for n, v in enumerate(verifiers)
    ]
    outcomes = at_once(calls)
    assert outcomes.count("ok") == 1
    assert all(o == "ok" or o.startswith("Only a demand awaiting approval") for o in outcomes), (
        outcomes
    )
    decided = AuditEntry.objects.filter(action__in=["demand.approved", "demand.rejected"])
    assert decided.count() == 1


def test_edits_racing_a_submission_never_unsubmit(reference_rows):
    organisation = OrganisationFactory(kind="investor")
    users = [MembershipFactory(organisation=organisation, role="recruiter").user for _ in range(20)]
    demand = draft(users[0], organisation)

    def edit(user):
        stale = Demand.objects.get(pk=demand.pk)
        stale.title_zh_hans = "改"
        services.update_demand(user, stale, {"fields": [field()]})

    calls = [lambda: services.submit_demand(users[0], demand)]
    calls += [lambda u=u: edit(u) for u in users[1:]]
    outcomes = at_once(calls)
    assert outcomes[0] == "ok"
    assert all(o in ("ok", "You are not allowed to do this.") for o in outcomes), outcomes
    assert Demand.objects.get().status == "submitted"
