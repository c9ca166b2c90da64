"""The docking's interest and outcome rules against every kind of actor (a part of the
permission matrix, tests/test_permissions.py), and the refusals: another team, another
organisation and anonymous visitors reach no contact before mutual interest."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from yingcai.core.rules import can, forget
from yingcai.docking.services import interests, outcomes
from yingcai.organisations.models import Membership

from ..factories import DemandFactory, OrganisationFactory, StaffFactory, UserFactory
from ..talents.helpers import en
from .factories import docking_world, meeting, seat_of

ACTORS = [
    "anonymous",
    "talent",
    "lead",
    "member",
    "other_lead",
    "owner",
    "recruiter",
    "viewer",
    "other_owner",
    "editor",
    "verifier",
    "staff_admin",
]
TEAM = {"lead", "member"}
SPEAKERS = {"owner", "recruiter"}
ORGANISATION = SPEAKERS | {"viewer"}
CONFIRMERS = {"verifier", "staff_admin"}

RULES = [
    ("docking.express_interest_in_project", "project", SPEAKERS | {"other_owner"}),
    ("docking.express_interest_in_demand", "demand", TEAM | {"other_lead"}),
    ("docking.speak_for_organisation", "organisation", SPEAKERS),
    ("docking.speak_for_project", "project", TEAM),
    ("docking.view_interest", "interest", TEAM | ORGANISATION | {"staff_admin"}),
    ("docking.answer_interest", "interest", TEAM),
    ("docking.withdraw_interest", "interest", SPEAKERS),
    # No contact before mutual interest; then both sides, viewers too, and nobody else.
    ("docking.view_contacts", "interest", set()),
    ("docking.view_contacts", "mutual", TEAM | ORGANISATION),
    ("docking.share_plan", "interest", set()),
    ("docking.share_plan", "mutual", TEAM),
    ("docking.mark_attendance", "project_seat", TEAM),
    ("docking.mark_attendance", "organisation_seat", SPEAKERS),
    ("docking.record_outcome", "project_seat", TEAM),
    ("docking.record_outcome", "organisation_seat", SPEAKERS),
    ("docking.amend_outcome", "outcome", SPEAKERS),
    ("docking.confirm_outcome", "outcome", CONFIRMERS),
    ("docking.review_outcomes", None, CONFIRMERS),
]


@pytest.fixture
def world(db, verifier):
    found = docking_world()
    demand = DemandFactory(organisation=found.organisation)
    # A second verified organisation of the same people, whose interest is mutual.
    second = OrganisationFactory(contact_email="second@example.cn")
    for membership in Membership.objects.filter(organisation=found.organisation):
        Membership.objects.create(organisation=second, user=membership.user, role=membership.role)
    pending = interests.express_for_organisation(
        found.recruiter, found.organisation, found.project, "有兴趣"
    )
    mutual = interests.express_for_organisation(found.owner, second, found.project, "你好")
    mutual = interests.answer(found.member, mutual, accept=True)
    done = meeting(found.project, found.organisation)
    outcome = outcomes.record_outcome(
        found.recruiter,
        seat_of(done),
        {"result": "agreement", "agreement_kind": "investment", "signed_on": timezone.localdate()},
    )
    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "lead": found.lead,
        "member": found.member,
        "other_lead": found.other_lead,
        "owner": found.owner,
        "recruiter": found.recruiter,
        "viewer": found.viewer,
        "other_owner": found.other_owner,
        "editor": StaffFactory(roles=["editor"]),
        "verifier": verifier,
        "staff_admin": StaffFactory(roles=["organiser-admin"]),
    }
    for user in users.values():
        forget(user)
    objects = {
        "project": found.project,
        "demand": demand,
        "organisation": found.organisation,
        "interest": pending,
        "mutual": mutual,
        "project_seat": seat_of(done, project=True),
        "organisation_seat": seat_of(done),
        "outcome": outcome,
        None: None,
    }
    return users, objects, found


@pytest.mark.parametrize(
    ("perm", "target", "name", "allowed"),
    [(perm, target, name, name in allowed) for perm, target, allowed in RULES for name in ACTORS],
)
def test_docking_interest_rules(world, perm, target, name, allowed):
    users, objects, _found = world
    assert can(users[name], perm, objects[target]) is allowed


def test_no_contact_before_mutual_interest_on_the_page(client, world):
    users, objects, found = world
    pending = objects["interest"]
    client.force_login(found.lead)
    page = client.get(en("docking:interest", pending.pk)).content
    assert b"invest@example.cn" not in page and b"023-88886666" not in page
    client.force_login(found.owner)
    page = client.get(en("docking:interest", pending.pk)).content
    assert found.lead.email.encode() not in page
    # Another team, another organisation: the interest does not exist for them.
    for name in ("other_lead", "other_owner", "talent"):
        client.force_login(users[name])
        assert client.get(en("docking:interest", pending.pk)).status_code == 404
        assert client.get(en("docking:interest", objects["mutual"].pk)).status_code == 404
        assert (
            client.post(en("docking:answer", pending.pk), {"decision": "accept"}).status_code == 404
        )
    client.logout()
    response = client.get(en("docking:interest", objects["mutual"].pk))
    assert response.status_code == 302 and "/login/" in response["Location"]
    # Once mutual, both sides see both contacts.
    client.force_login(found.viewer)
    page = client.get(en("docking:interest", objects["mutual"].pk)).content
    assert b"second@example.cn" in page and found.lead.email.encode() in page


def test_a_team_member_may_not_answer_its_own_sides_interest(world):
    _users, _objects, found = world
    demand = DemandFactory(organisation=found.other_organisation)
    sent = interests.express_for_project(found.lead, found.project, demand, "你好")
    assert not can(found.member, "docking.answer_interest", sent)
    assert can(found.member, "docking.withdraw_interest", sent)
    assert can(found.other_owner, "docking.answer_interest", sent)
    assert not can(found.other_owner, "docking.withdraw_interest", sent)


def test_rules_asked_of_no_object_or_of_another_kind_refuse(world):
    users, objects, _found = world
    for name, perm, target in (
        ("lead", "docking.speak_for_project", None),
        ("owner", "docking.speak_for_organisation", None),
        ("lead", "docking.view_interest", None),
        ("lead", "docking.answer_interest", "project"),
        ("owner", "docking.record_outcome", "interest"),
    ):
        assert not can(users[name], perm, objects[target]), (name, perm, target)
