"""The docking's figures over `yingcai stats --json` and `--at`: meetings scheduled and held,
agreements signed (once per meeting), projects settled, with their breakdowns."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from yingcai.core.models import District
from yingcai.core.registry.figures import bucket_labels
from yingcai.docking.figures import amounts_signed
from yingcai.docking.models import Meeting, Outcome, Seat
from yingcai.docking.services import outcomes

from .factories import docking_world, meeting, seat_of

KEYS = (
    "docking_meetings_scheduled",
    "docking_meetings_held",
    "agreements_signed",
    "projects_settled",
)


def stats(*args) -> dict:
    out = StringIO()
    with translation.override("en"):
        call_command("stats", "--json", *args, stdout=out)
    return {key: value for key, value in json.loads(out.getvalue()).items() if key in KEYS}


def at(moment) -> dict:
    return stats("--at", timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M"))


def agreement(kind, amount, district, **more):
    return {
        "result": "agreement",
        "agreement_kind": kind,
        "amount": amount,
        "currency": "CNY",
        "district": District.objects.get(slug=district),
        "signed_on": timezone.localdate() - timedelta(days=3),
        **more,
    }


@pytest.fixture
def docking(db):
    now = timezone.now()
    world = docking_world()
    first = meeting(world.project, world.organisation, starts_at=now - timedelta(days=3))
    second = meeting(world.project, world.organisation, starts_at=now - timedelta(days=2))
    meeting(world.project, world.organisation, status=Meeting.Status.CANCELLED)
    meeting(world.project, world.organisation, status=Meeting.Status.PLANNED)
    Seat.objects.filter(pk=seat_of(first, project=True).pk).update(attendance="held")
    Seat.objects.filter(meeting=second).update(attendance="missed")
    # Both sides record the first meeting's settlement: counted once.
    org_side = outcomes.record_outcome(
        world.recruiter, seat_of(first), agreement("settlement", 50_000_000, "liangjiang")
    )
    team_side = outcomes.record_outcome(
        world.lead, seat_of(first, project=True), agreement("settlement", 50_000_000, "liangjiang")
    )
    invest = outcomes.record_outcome(
        world.owner, seat_of(second), agreement("investment", 3_000_000, "yubei")
    )
    outcomes.record_outcome(world.lead, seat_of(second, project=True), {"result": "intention"})
    Outcome.objects.filter(pk=org_side.pk).update(confirmed_at=now - timedelta(days=2))
    Outcome.objects.filter(pk=team_side.pk).update(confirmed_at=now - timedelta(days=1))
    Outcome.objects.filter(pk=invest.pk).update(confirmed_at=now - timedelta(hours=1))
    # An agreement not yet confirmed does not count.
    third = meeting(world.other_project, world.organisation, starts_at=now - timedelta(hours=5))
    outcomes.record_outcome(world.owner, seat_of(third), agreement("employment", None, "yubei"))
    return now, world


def test_the_figures_now(docking):
    figures = stats()
    assert {key: figures[key]["value"] for key in KEYS} == {
        "docking_meetings_scheduled": 3,
        "docking_meetings_held": 1,
        "agreements_signed": 2,
        "projects_settled": 1,
    }
    signed = figures["agreements_signed"]["breakdowns"]
    assert signed["district"] == {"liangjiang": 1, "yubei": 1}
    assert signed["field"] == {"electronic-information": 2}
    assert signed["agreement_kind"] == {"investment": 1, "settlement": 1}
    assert signed["amount"] == {"CNY-10m-100m": 1, "CNY-1m-10m": 1}
    assert signed["organisation_kind"] == {"investor": 2}
    assert signed["stage"] == {"prototype": 2} and signed["origin"] == {"domestic": 2}
    settled = figures["projects_settled"]["breakdowns"]
    assert settled["district"] == {"liangjiang": 1}
    assert settled["field"] == {"electronic-information": 1}
    scheduled = figures["docking_meetings_scheduled"]["breakdowns"]
    assert scheduled["organisation_kind"] == {"investor": 3}
    assert scheduled["stage"] == {"prototype": 3}
    assert figures["docking_meetings_held"]["breakdowns"]["field"] == {"electronic-information": 1}
    assert set(figures["agreements_signed"]["label"]) == {"zh-hans", "en"}


def test_the_figures_at_past_moments_are_history(docking):
    now, _world = docking
    assert {k: v["value"] for k, v in at(now - timedelta(days=6)).items()} == dict.fromkeys(KEYS, 0)
    before = at(now - timedelta(days=2, hours=12))
    # Both meetings were published (a day before their slots, 4 and 3 days ago); the first
    # was held (its slot has started, 3 days ago); nothing was confirmed yet.
    assert before["docking_meetings_scheduled"]["value"] == 2
    assert before["docking_meetings_held"]["value"] == 1
    assert before["agreements_signed"]["value"] == 0
    assert before["projects_settled"]["value"] == 0
    # The second side's later confirmation of the same meeting changes nothing.
    later = at(now - timedelta(days=1, hours=12))
    assert later["agreements_signed"]["value"] == 1
    assert later["projects_settled"]["value"] == 1
    assert at(now - timedelta(hours=12))["agreements_signed"]["value"] == 1


def test_the_amounts_signed_by_district_and_field(docking):
    assert amounts_signed("district") == [
        {"bucket": "liangjiang", "currency": "CNY", "amount": 50_000_000, "agreements": 1},
        {"bucket": "yubei", "currency": "CNY", "amount": 3_000_000, "agreements": 1},
    ]
    assert amounts_signed("field") == [
        {
            "bucket": "electronic-information",
            "currency": "CNY",
            "amount": 53_000_000,
            "agreements": 2,
        },
    ]


def test_the_buckets_have_words_in_both_languages(db):
    for language, words in (("en", "yuan (CNY) · 1 to 10 million"), ("zh-hans", None)):
        with translation.override(language):
            labels = bucket_labels("amount")
            assert labels["CNY-1m-10m"] != "CNY-1m-10m"
            if words:
                assert labels["CNY-1m-10m"] == words
            assert bucket_labels("organisation_kind")["investor"] != "investor"
            assert bucket_labels("agreement_kind")["settlement"] != "settlement"
