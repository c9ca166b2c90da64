"""The docking's personal data (PIPL Art. 45, 47): a person's interests, meeting requests,
meetings and outcomes in their export; after erasure no docking row names them."""

import pytest
from django.utils import timezone

from yingcai.core.registry import personal_data as registry
from yingcai.docking.models import Interest, Meeting, MeetingRequest, Outcome, Session
from yingcai.docking.services import interests, outcomes

from ..factories import DemandFactory, StaffFactory, UserFactory
from ..privacy.test_personal_data import EMAIL, MOBILE, NAME, rows_naming
from .factories import docking_world, meeting, seat_of

DOCKING_MODELS = {
    "docking.Interest",
    "docking.Session",
    "docking.MeetingRequest",
    "docking.Meeting",
    "docking.Outcome",
}


@pytest.fixture
def nana(db):
    """A team lead who sent and answered interests, asked for a meeting, cancelled one,
    recorded an outcome — and a staff member who created a session and confirmed it."""
    person = UserFactory(name=NAME, email=EMAIL)
    person.mobile = MOBILE
    person.save()
    world = docking_world()
    world.project.team.create(user=person, role="member")
    demand = DemandFactory(organisation=world.other_organisation)
    sent = interests.express_for_project(person, world.project, demand, f"我是{NAME}，电话{MOBILE}")
    received = interests.express_for_organisation(
        world.recruiter, world.organisation, world.project, f"{NAME}您好"
    )
    interests.answer(person, received, accept=True, reply=f"{NAME}同意，{EMAIL}")
    held = meeting(world.project, world.organisation)
    MeetingRequest.objects.filter(pk=held.request_id).update(
        created_by=person, message=f"{NAME}想见面"
    )
    cancelled = meeting(world.project, world.organisation, status=Meeting.Status.CANCELLED)
    Meeting.objects.filter(pk=cancelled.pk).update(cancelled_by=person, cancelled_at=timezone.now())
    Session.objects.filter(pk=held.session_id).update(created_by=person)
    outcome = outcomes.record_outcome(
        person,
        seat_of(held, project=True),
        {
            "result": "agreement",
            "agreement_kind": "investment",
            "amount": 1_000_000,
            "signed_on": timezone.localdate(),
            "note": f"{NAME}签约",
        },
    )
    outcomes.confirm_outcome(StaffFactory(roles=["verifier"]), outcome)
    Outcome.objects.filter(pk=outcome.pk).update(confirmed_by=person)  # as if staff, too
    return person, sent, received, outcome


def test_every_docking_model_pointing_at_a_person_is_covered(db):
    covered = registry.covered_models()
    assert set(covered) >= DOCKING_MODELS
    assert not [m for m in registry.uncovered() if m.startswith("docking.")]


def test_the_export_holds_the_docking(nana):
    person, sent, received, _outcome = nana
    data = registry.export(person)
    mine = {(i["message"], i["sent_by_me"], i["answered_by_me"]) for i in data["docking_interests"]}
    assert (sent.message, True, False) in mine
    assert (received.message, False, True) in mine
    assert data["docking_meeting_requests"][0]["message"] == f"{NAME}想见面"
    assert {m["status"] for m in data["docking_meetings"]} == {"published", "cancelled"}
    [recorded] = data["docking_outcomes"]
    assert recorded["note"] == f"{NAME}签约" and recorded["amount"] == 1_000_000
    assert recorded["confirmed_at"]


def test_erasure_leaves_no_docking_row_naming_the_person(nana):
    person, _sent, received, outcome = nana
    assert any(key.startswith("docking.") for key in rows_naming(NAME, EMAIL, MOBILE))
    registry.erase(person)
    left = {k: v for k, v in rows_naming(NAME, EMAIL, MOBILE).items() if k.startswith("docking.")}
    assert left == {}
    for model, fields in (
        (Interest, ("sender", "answered_by")),
        (Session, ("created_by",)),
        (MeetingRequest, ("created_by",)),
        (Meeting, ("cancelled_by",)),
        (Outcome, ("recorded_by", "confirmed_by")),
    ):
        for field in fields:
            assert not model.objects.filter(**{field: person}).exists(), (model, field)
    # The rows stay for the figures and the other side: an agreement signed is still one.
    outcome.refresh_from_db()
    assert outcome.confirmed_at and outcome.amount == 1_000_000 and outcome.note == ""
    received.refresh_from_db()
    assert received.status == "accepted" and received.reply == "" and received.message == ""
