"""The calls' figures: roadshow applications and selection, contest entries, semi-finalists and
finalists — what they count, from which moment (`yingcai stats --json --at` is history), their
breakdowns by field, division, track and origin, and the press report's sentences."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from yingcai.calls.models import Decision, Entry, StageEntry
from yingcai.core.registry import figures as registry
from yingcai.stats import report

from ..factories import ProjectFactory
from ..projects.factories import field
from .factories import EntryFactory, contest_call, roadshow_call

pytestmark = pytest.mark.django_db

KEYS = (
    "roadshow_applications",
    "roadshow_selected",
    "contest_entries",
    "contest_semifinalists",
    "contest_finalists",
)


def stats(*args) -> dict:
    out = StringIO()
    with translation.override("en"):
        call_command("stats", "--json", *args, stdout=out)
    figures = json.loads(out.getvalue())
    return {key: figures[key] for key in KEYS}


def values(figures) -> dict[str, int]:
    return {key: figures[key]["value"] for key in KEYS}


@pytest.fixture
def world():
    """Ten days ago: 3 roadshow applications and 4 contest entries. Five days ago: the
    roadshow's selection confirmed (2 accepted, 1 waitlisted) and 3 contest entries advanced
    to the semi-finals. Today: 3 more roadshow applications (one withdrawn since, one with an
    acceptance proposed and not yet confirmed; a draft that never counts), 1 finalist."""
    now = timezone.now()
    early, middle = now - timedelta(days=10), now - timedelta(days=5)
    roadshow = roadshow_call()
    review = roadshow.stages.get()
    overseas = ProjectFactory(origin="overseas", field=field("biomedicine"))
    applications = [
        EntryFactory(call=roadshow, project=overseas, first_submitted_at=early),
        EntryFactory(call=roadshow, first_submitted_at=early),
        EntryFactory(call=roadshow, first_submitted_at=early),
    ]
    EntryFactory(call=roadshow, first_submitted_at=now)
    EntryFactory(call=roadshow, status="withdrawn", first_submitted_at=now)
    EntryFactory(call=roadshow, status="draft", first_submitted_at=None, submitted_at=None)
    for entry, outcome in zip(applications, ("accept", "accept", "waitlist"), strict=True):
        Decision.objects.create(
            stage=review, entry=entry, proposed=outcome, outcome=outcome, confirmed_at=middle
        )
    Decision.objects.create(stage=review, entry=EntryFactory(call=roadshow), proposed="accept")

    contest = contest_call()
    tracks = {t.slug: t for t in contest.tracks.all()}
    divisions = {d.slug: d for d in contest.divisions.all()}
    stages = {s.slug: s for s in contest.stages.all()}
    entries = [
        EntryFactory(
            call=contest,
            track=tracks["innovation"],
            division=divisions["shanghai"],
            first_submitted_at=early,
        ),
        EntryFactory(
            call=contest,
            track=tracks["innovation"],
            division=divisions["chengdu"],
            first_submitted_at=early,
        ),
        EntryFactory(
            call=contest,
            track=tracks["creativity"],
            division=divisions["overseas"],
            project=ProjectFactory(origin="overseas"),
            first_submitted_at=early,
        ),
        EntryFactory(
            call=contest,
            track=tracks["entrepreneurship"],
            division=divisions["beijing"],
            first_submitted_at=early,
        ),
    ]
    for entry in entries:
        StageEntry.objects.create(stage=stages["preliminary"], entry=entry, added_at=early)
    for entry in entries[:3]:
        StageEntry.objects.create(stage=stages["semi-final"], entry=entry, added_at=middle)
    StageEntry.objects.create(stage=stages["final"], entry=entries[2], added_at=now)
    return now


def test_the_keys_are_in_yingcai_stats_json_with_their_breakdowns(world):
    figures = stats()
    assert values(figures) == {
        "roadshow_applications": 6,  # submitted, whatever became of them; not the draft
        "roadshow_selected": 2,  # confirmed acceptances only
        "contest_entries": 4,
        "contest_semifinalists": 3,
        "contest_finalists": 1,
    }
    for key in KEYS:
        assert set(figures[key]["breakdowns"]) == {"day", "field", "division", "track", "origin"}
    selected = figures["roadshow_selected"]["breakdowns"]
    assert selected["origin"] == {"domestic": 1, "overseas": 1}
    assert selected["field"] == {"biomedicine": 1, "electronic-information": 1}
    entries = figures["contest_entries"]["breakdowns"]
    assert entries["division"] == {"beijing": 1, "chengdu": 1, "overseas": 1, "shanghai": 1}
    assert entries["track"] == {"innovation": 2, "creativity": 1, "entrepreneurship": 1}
    assert figures["contest_semifinalists"]["breakdowns"]["track"] == {
        "innovation": 2,
        "creativity": 1,
    }
    assert figures["contest_finalists"]["breakdowns"]["origin"] == {"overseas": 1}
    assert figures["contest_finalists"]["label"] == {
        "zh-hans": "大赛决赛项目",
        "en": "contest finalists",
    }


def test_at_past_moments_the_figures_are_history(world):
    def on(days_ago):
        return (timezone.localdate(world) - timedelta(days=days_ago)).isoformat()

    assert values(stats("--at", on(12))) == dict.fromkeys(KEYS, 0)
    assert values(stats("--at", on(8))) == {
        "roadshow_applications": 3,
        "roadshow_selected": 0,
        "contest_entries": 4,
        "contest_semifinalists": 0,
        "contest_finalists": 0,
    }
    assert values(stats("--at", on(3))) == {
        "roadshow_applications": 3,
        "roadshow_selected": 2,
        "contest_entries": 4,
        "contest_semifinalists": 3,
        "contest_finalists": 0,
    }


def test_a_withdrawn_and_resubmitted_entry_counts_from_its_first_submission(world):
    first = world - timedelta(days=2)
    entry = EntryFactory(
        call=Entry.objects.filter(call__kind="roadshow").first().call,
        status="withdrawn",
        first_submitted_at=first,
    )
    Entry.objects.filter(pk=entry.pk).update(status="submitted", submitted_at=timezone.now())
    before = registry.compute(at=first - timedelta(seconds=1), keys=["roadshow_applications"])
    at = registry.compute(at=first, keys=["roadshow_applications"])
    assert at["roadshow_applications"]["value"] == before["roadshow_applications"]["value"] + 1


def test_the_divisions_and_tracks_are_named_in_both_languages(world):
    with translation.override("en"):
        division = registry.bucket_labels("division")
        track = registry.bucket_labels("track")
        assert registry.dimension("division").label == "division"
    with translation.override("zh-hans"):
        assert registry.bucket_labels("division")["shanghai"] == "上海赛区"
        assert registry.bucket_labels("track")["creativity"] == "创意"
    # The factories write Chinese names only: English falls back to them, never to a code.
    assert division["shanghai"] == "上海赛区" and track["innovation"] == "创新"


def test_a_contest_with_a_final_only_has_no_semi_finalists(world):
    contest = contest_call(slug="final-only")
    contest.stages.exclude(slug="final").delete()
    StageEntry.objects.create(stage=contest.stages.get(), entry=EntryFactory(call=contest))
    figures = registry.compute(keys=["contest_semifinalists", "contest_finalists"])
    assert figures["contest_semifinalists"]["value"] == 3
    assert figures["contest_finalists"]["value"] == 2


def test_the_press_report_has_the_contest_and_roadshow_sentences(world):
    body = report.draft().body
    assert "共收到海内外路演项目申报6个，经专业评审遴选，2个项目进入现场路演洽谈" in body["zh-hans"]
    assert "“英才杯”创新创业创意项目大赛共有4个项目报名参赛，1个项目晋级大会决赛" in body["zh-hans"]
    assert (
        "6 applications for roadshow projects at home and abroad have been received; after "
        "professional review and selection, 2 projects entered the on-site roadshow "
        "negotiation" in body["en"]
    )
