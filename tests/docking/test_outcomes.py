"""Attendance and outcomes of a meeting (落地), and the organisers' confirmation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yingcai.core.models import AuditEntry, District
from yingcai.docking.models import Meeting, Outcome, Seat
from yingcai.docking.services import outcomes as services
from yingcai.orga.views import QUEUES

from ..talents.helpers import en
from .factories import docking_world, meeting, seat_of


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    found = docking_world()
    found.meeting = meeting(found.project, found.organisation)
    return found


def agreement(**changes):
    values = {
        "result": "agreement",
        "agreement_kind": "settlement",
        "amount": 50_000_000,
        "currency": "CNY",
        "district": District.objects.get(slug="liangjiang"),
        "signed_on": timezone.localdate(),
        "note": "签约落户两江新区",
    }
    values.update(changes)
    return values


# --- Attendance --------------------------------------------------------------------------
def test_each_side_marks_its_seat(world):
    services.mark_attendance(world.member, seat_of(world.meeting, project=True), "held")
    services.mark_attendance(world.recruiter, seat_of(world.meeting), "missed")
    marks = dict(world.meeting.seats.values_list("participant__project", "attendance"))
    assert marks == {world.project.pk: "held", None: "missed"}
    assert AuditEntry.objects.filter(action="docking.attendance_marked").count() == 2


def test_attendance_is_refused_before_the_slot_unpublished_or_to_others(world):
    seat = seat_of(world.meeting, project=True)
    with pytest.raises(ValidationError, match="Choose held or missed"):
        services.mark_attendance(world.member, seat, "maybe")
    with pytest.raises(PermissionDenied):  # the other side marks its own seat only
        services.mark_attendance(world.recruiter, seat, "held")
    with pytest.raises(PermissionDenied):  # a viewer of the organisation reads only
        services.mark_attendance(world.viewer, seat_of(world.meeting), "held")
    later = meeting(
        world.project, world.organisation, starts_at=timezone.now() + timedelta(hours=2)
    )
    with pytest.raises(ValidationError, match="once it has started"):
        services.mark_attendance(world.member, seat_of(later, project=True), "held")
    Meeting.objects.filter(pk=world.meeting.pk).update(status="planned")
    with pytest.raises(ValidationError, match="Only a published meeting can be marked"):
        services.mark_attendance(world.member, seat, "held")


# --- Outcomes ------------------------------------------------------------------------------
def test_each_side_records_one_outcome_and_changes_it_until_confirmed(world):
    seat = seat_of(world.meeting)
    first = services.record_outcome(world.recruiter, seat, {"result": "follow_up", "note": "再谈"})
    assert first.project == world.project and first.field == world.project.field
    second = services.record_outcome(world.owner, seat, agreement())
    assert second.pk == first.pk and second.result == "agreement"
    assert second.recorded_by == world.owner and second.district.slug == "liangjiang"
    # The project's side records its own.
    services.record_outcome(
        world.lead, seat_of(world.meeting, project=True), {"result": "intention"}
    )
    assert Outcome.objects.count() == 2
    # Back to a follow-up: the agreement's details go.
    back = services.record_outcome(world.owner, seat, {"result": "follow_up"})
    assert (back.agreement_kind, back.amount, back.district, back.signed_on) == (
        "",
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"result": "contract"}, "result", "Choose one of the outcomes"),
        ({"agreement_kind": ""}, "agreement_kind", "Choose the kind"),
        ({"agreement_kind": "bribe"}, "agreement_kind", "Choose the kind"),
        ({"amount": -1}, "amount", "between 0 and"),
        ({"amount": 10**13}, "amount", "between 0 and"),
        ({"currency": "EUR"}, "currency", "Choose a currency"),
        ({"district": "liangjiang"}, "district", "Choose a district"),
        ({"district": None}, "district", "settles"),
        ({"signed_on": None}, "signed_on", "Give the date"),
        ({"signed_on": timezone.localdate() + timedelta(days=1)}, "signed_on", "future"),
        ({"note": "x\x00"}, None, "not allowed"),
    ],
)
def test_bad_outcomes_are_refused_with_words(world, changes, field, words):
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(world.recruiter, seat_of(world.meeting), agreement(**changes))
    assert words in " ".join(refused.value.messages)
    if field:
        assert field in refused.value.error_dict
    assert not Outcome.objects.exists()


def test_an_outcome_before_the_meeting_or_by_others_is_refused(world):
    later = meeting(
        world.project, world.organisation, starts_at=timezone.now() + timedelta(hours=2)
    )
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.record_outcome(world.recruiter, seat_of(later), {"result": "none"})
    with pytest.raises(PermissionDenied):
        services.record_outcome(world.other_owner, seat_of(world.meeting), {"result": "none"})
    with pytest.raises(PermissionDenied):
        services.record_outcome(
            world.other_lead, seat_of(world.meeting, project=True), {"result": "none"}
        )
    Meeting.objects.filter(pk=world.meeting.pk).update(status="cancelled")
    with pytest.raises(ValidationError, match="Only a published meeting has an outcome"):
        services.record_outcome(world.recruiter, seat_of(world.meeting), {"result": "none"})


def test_the_organisers_confirm_an_agreement_once_and_it_freezes(
    world, verifier, django_capture_on_commit_callbacks
):
    seat = seat_of(world.meeting)
    outcome = services.record_outcome(world.recruiter, seat, agreement())
    assert list(services.awaiting_confirmation()) == [outcome]
    with pytest.raises(PermissionDenied):
        services.confirm_outcome(world.owner, outcome)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_outcome(verifier, outcome)
    assert [m.to[0] for m in mail.outbox] == [world.recruiter.email]
    outcome.refresh_from_db()
    assert outcome.confirmed_by == verifier and outcome.confirmed_at
    assert not services.awaiting_confirmation().exists()
    with pytest.raises(ValidationError, match="already confirmed"):
        services.confirm_outcome(verifier, outcome)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.record_outcome(world.recruiter, seat, agreement(amount=1))
    intention = services.record_outcome(
        world.lead, seat_of(world.meeting, project=True), {"result": "intention"}
    )
    with pytest.raises(ValidationError, match="Only a signed agreement"):
        services.confirm_outcome(verifier, intention)


# --- Pages -------------------------------------------------------------------------------
def test_the_meetings_page_marks_and_records(client, world, django_assert_max_num_queries):
    for _ in range(3):
        meeting(world.project, world.organisation)
    client.force_login(world.member)
    with django_assert_max_num_queries(12):
        response = client.get(en("docking:meetings"))
    assert len(response.context["rows"]) == 4
    seat = seat_of(world.meeting, project=True)
    response = client.post(en("docking:attendance", seat.pk), {"attendance": "held"})
    assert response.status_code == 302
    assert Seat.objects.get(pk=seat.pk).attendance == "held"
    response = client.post(en("docking:attendance", seat.pk), {"attendance": "later"}, follow=True)
    assert b"Choose held or missed." in response.content
    url = en("docking:outcome", seat.pk)
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {"result": "agreement", "agreement_kind": "investment", "amount": "-5", "currency": "CNY"},
    )
    assert bad.status_code == 400
    bad = client.post(
        url, {"result": "agreement", "agreement_kind": "investment", "currency": "CNY"}
    )
    assert bad.status_code == 400 and b"Give the date" in bad.content
    response = client.post(
        url,
        {
            "result": "agreement",
            "agreement_kind": "investment",
            "amount": "3000000",
            "currency": "CNY",
            "signed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Outcome.objects.get().amount == 3_000_000


def test_others_reach_no_seat(client, world):
    seat = seat_of(world.meeting, project=True)
    for user in (world.other_lead, world.other_owner, world.recruiter):
        client.force_login(user)
        assert client.get(en("docking:outcome", seat.pk)).status_code == 404
        assert (
            client.post(en("docking:attendance", seat.pk), {"attendance": "held"}).status_code
            == 404
        )
    later = meeting(
        world.project, world.organisation, starts_at=timezone.now() + timedelta(hours=2)
    )
    client.force_login(world.lead)
    assert client.get(en("docking:outcome", seat_of(later, project=True).pk)).status_code == 404
    response = client.post(
        en("docking:attendance", seat_of(later, project=True).pk),
        {"attendance": "held"},
        follow=True,
    )
    assert b"once it has started" in response.content


def test_a_confirmed_outcome_shows_frozen(client, world, verifier):
    seat = seat_of(world.meeting)
    services.confirm_outcome(verifier, services.record_outcome(world.recruiter, seat, agreement()))
    client.force_login(world.recruiter)
    response = client.get(en("docking:outcome", seat.pk))
    assert b'data-testid="confirmed"' in response.content
    response = client.post(en("docking:outcome", seat.pk), {"result": "none"})
    assert response.status_code == 400


def test_the_organisers_queue(client, world, verifier, editor, django_assert_max_num_queries):
    seat = seat_of(world.meeting)
    outcome = services.record_outcome(world.recruiter, seat, agreement())
    assert dict((key, pending().count()) for key, _rule, pending in QUEUES)["docking_outcomes"] == 1
    client.force_login(editor)
    assert client.get(en("orga_docking:outcomes")).status_code == 403
    client.force_login(verifier)
    with django_assert_max_num_queries(15):
        response = client.get(en("orga_docking:outcomes"))
    assert response.status_code == 200 and f"outcome-{outcome.pk}".encode() in response.content
    home = client.get(en("orga:home"))
    assert b'data-testid="queue-docking-outcomes"' in home.content
    response = client.post(en("orga_docking:confirm_outcome", outcome.pk), follow=True)
    assert b"The agreement is confirmed and counted." in response.content
    response = client.post(en("orga_docking:confirm_outcome", outcome.pk), follow=True)
    assert b"already confirmed" in response.content
    response = client.get(en("orga_docking:outcomes"))
    [row] = response.context["by_district"]
    assert row["amount"] == 50_000_000 and row["agreements"] == 1 and row["currency"] == "CNY"
    assert client.post(en("orga_docking:confirm_outcome", 987654)).status_code == 404


def test_reading_the_docking_pages_writes_nothing(client, world, verifier):
    from yingcai.docking.services import interests  # noqa: PLC0415

    from ..test_no_writes_on_get import row_counts  # noqa: PLC0415 - the suite's own counter

    interest = interests.express_for_organisation(
        world.recruiter, world.organisation, world.project, "有兴趣"
    )
    seat = seat_of(world.meeting, project=True)
    before = row_counts()
    for user, urls in (
        (
            world.lead,
            [
                en("docking:interests"),
                en("docking:interest", interest.pk),
                en("docking:meetings"),
                en("docking:outcome", seat.pk),
                en("accounts:dashboard"),
            ],
        ),
        (world.recruiter, [en("docking:express_project", world.other_project.pk)]),
        (verifier, [en("orga_docking:outcomes"), en("orga:home")]),
    ):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, url
    assert row_counts() == before
