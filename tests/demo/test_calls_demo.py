"""The roadshow call and the Talents Cup in `yingcai demo` (issue 14).

The tests read one small load shared by the module, in a transaction rolled back at its end;
they recompute the engine's ranking from the Review rows the load wrote, so the selection
is shown to come out of the scores (not out of a list). The full-scale numbers (612
applications, 24 selected, 330 entries, 25 finalists) are the preset's counts and the
places, checked without a load (a full load takes a minute).
"""

import json
from collections import Counter
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from yingcai.calls.models import (
    Advancement,
    Assignment,
    Call,
    Certificate,
    Conflict,
    Decision,
    Entry,
    PanelMember,
    Review,
    Stage,
    StageEntry,
)
from yingcai.calls.rules.entries import ENTERING
from yingcai.calls.scoring import total_of
from yingcai.demo import calls as demo_calls
from yingcai.demo.base import Context
from yingcai.demo.presets import CHONGQING_2020
from yingcai.matching.contest import rank_entries
from yingcai.projects.models import Project
from yingcai.roadshow.models import Pitch
from yingcai.stats import report

SCALE = 0.05


@pytest.fixture(scope="module")
def load(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            with translation.override("en"):
                call_command(
                    "demo", "--scale", str(SCALE), "--seed", "7", "--reset", "--yes", stdout=out
                )
            yield timezone.localdate() + timedelta(days=1), out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def anchor(load, db):
    return load[0]


def scores_of(stage) -> list[tuple[str, str, float]]:
    return [
        (str(reviewer), str(entry), total)
        for reviewer, entry, total in Review.objects.filter(assignment__stage=stage).values_list(
            "assignment__reviewer_id", "assignment__entry_id", "total"
        )
    ]


def accepted(stage) -> set[str]:
    return {
        str(pk)
        for pk in Decision.objects.filter(
            stage=stage, outcome="accept", confirmed_at__isnull=False
        ).values_list("entry_id", flat=True)
    }


def test_the_preset_holds_the_seeds_numbers_and_the_places_hold_down_to_half_scale():
    assert CHONGQING_2020.counts["roadshow_applications"] == 612
    assert CHONGQING_2020.counts["contest_entries"] == 330
    assert CHONGQING_2020.counts["call_reviewers"] == 60
    for scale in (1, 0.5):
        ctx = Context(seed=1, scale=scale, anchor=date(2020, 11, 21), counts=CHONGQING_2020.counts)
        assert demo_calls._places(ctx, demo_calls.SELECTED) == 24
        semi = demo_calls._places(ctx, demo_calls.SEMI_FINAL_TOP)
        wildcards = demo_calls._places(ctx, demo_calls.WILDCARDS)
        assert semi * (len(demo_calls.DIVISIONS) + 1) + wildcards == 25
        # Enough semi-finalists in each division for those places.
        assert demo_calls._places(ctx, demo_calls.PRELIMINARY_TOP) >= semi
    half = Context(seed=1, scale=0.5, anchor=date(2020, 11, 21), counts=CHONGQING_2020.counts)
    assert half.count("roadshow_applications") == 306 and half.count("contest_entries") == 165


def test_every_application_is_a_project_reviewed_by_five_experts(anchor):
    call = Call.objects.get(kind="roadshow")
    stage = call.stages.get()
    entries = Entry.objects.filter(call=call).select_related("project")
    assert entries.count() == round(612 * SCALE)
    assert StageEntry.objects.filter(stage=stage).count() == entries.count()
    for entry in entries:
        # Listed projects first, then those not listed (yet): never a withdrawn one.
        assert entry.status == "submitted" and entry.project.status in ENTERING
        project = entry.project
        assert (project.verified_at or project.created_at) < entry.first_submitted_at
        assert call.opens_at <= entry.first_submitted_at < call.closes_at
    listed = Project.objects.filter(status="verified").count()
    unlisted = entries.exclude(project__status="verified").count()
    assert unlisted == max(0, entries.count() - listed)
    per_entry = Counter(Assignment.objects.filter(stage=stage).values_list("entry", flat=True))
    assert set(per_entry.values()) == {5}
    loads = Counter(Assignment.objects.filter(stage=stage).values_list("reviewer", flat=True))
    assert max(loads.values()) - min(loads.values()) <= 1
    conflicted = set(Conflict.objects.values_list("reviewer", "entry"))
    assert not conflicted & set(Assignment.objects.values_list("reviewer", "entry"))
    criteria = list(stage.criteria.all())
    reviews = Review.objects.filter(assignment__stage=stage)
    assert reviews.count() == 5 * entries.count()
    for review in reviews:
        assert review.total == total_of(criteria, review.values)
        assert all(0 <= v <= 10 and (2 * v).is_integer() for v in review.values.values())
        assert stage.scoring_closes_at > review.submitted_at > call.closes_at


def test_the_selection_is_the_rankings_top_confirmed_by_an_editor(anchor):
    stage = Stage.objects.get(call__kind="roadshow")
    result = rank_entries(scores_of(stage), "zscore", advance=stage.accept_count)
    assert accepted(stage) == set(result["advancing"])
    decisions = Decision.objects.filter(stage=stage)
    assert decisions.count() == len(result["ranking"])
    assert not decisions.filter(confirmed_at__isnull=True).exists()
    assert set(decisions.values_list("confirmed_by__groups__name", flat=True)) == {"editor"}
    order = {item["entry"]: n for n, item in enumerate(result["ranking"])}
    outcomes = [d.outcome for d in sorted(decisions, key=lambda d: order[str(d.entry_id)])]
    # Accepted, then the waiting list, then the others, in the ranking's order.
    assert outcomes == sorted(outcomes, key=["accept", "waitlist", "reject"].index)
    assert "waitlist" in outcomes and "reject" in outcomes
    assert stage.status == "published" and stage.results_final()


def test_the_selected_pitch_on_the_opening_day(anchor):
    stage = Stage.objects.get(call__kind="roadshow")
    pitches = Pitch.objects.select_related("session", "entry__project")
    assert {str(p.entry_id) for p in pitches} == accepted(stage)
    for pitch in pitches:
        assert (pitch.pitch_minutes, pitch.questions_minutes) == (7, 5)
        assert timezone.localdate(pitch.starts_at) == anchor
        assert pitch.online == (pitch.entry.project.origin == "overseas")
        assert bool(pitch.online_url) == pitch.online
        later = pitch.session.pitches.filter(order=pitch.order + 1).first()
        if later:
            assert later.starts_at == pitch.starts_at + timedelta(minutes=12)


def test_the_talents_cup_advances_by_its_rules(anchor):
    call = Call.objects.get(kind="contest")
    preliminary, semi, final = call.stages.order_by("position")
    assert [s.slug for s in (preliminary, semi, final)] == ["preliminary", "semi-final", "final"]
    assert set(call.tracks.values_list("slug", flat=True)) == {
        "innovation",
        "entrepreneurship",
        "creativity",
    }
    assert list(call.divisions.values_list("slug", "is_online")) == [
        ("shanghai", False),
        ("chengdu", False),
        ("shenzhen", False),
        ("beijing", False),
        ("overseas", True),
    ]
    entries = Entry.objects.filter(call=call).select_related("project", "division")
    assert entries.count() == round(330 * SCALE)
    for entry in entries:
        assert entry.division.is_online == (entry.project.origin == "overseas")
        assert set(entry.answers) == {q["key"] for q in call.questions}
    groups = {str(e.pk): str(e.division_id) for e in entries}
    # The preliminary: every entry, z-scores, the first N of each division.
    top = Advancement.objects.filter(stage=preliminary).values_list("top_n", flat=True)
    (top,) = set(top)
    result = rank_entries(scores_of(preliminary), "zscore", groups, advance=top, per_group=True)
    semi_finalists = set(StageEntry.objects.filter(stage=semi).values_list("entry", flat=True))
    assert {str(pk) for pk in semi_finalists} == set(result["advancing"]) == accepted(preliminary)
    # The semi-finals: each division's panel scores its semi-finalists (trimmed mean); the
    # first N of each and the wildcards on the normalised scores go to the final.
    for assignment in Assignment.objects.filter(stage=semi).select_related("entry"):
        member = PanelMember.objects.get(stage=semi, reviewer=assignment.reviewer_id)
        assert member.division_id == assignment.entry.division_id
    scores = scores_of(semi)
    semi_groups = {e: groups[e] for _r, e, _s in scores}
    (top,) = set(Advancement.objects.filter(stage=semi).values_list("top_n", flat=True))
    result = rank_entries(scores, "trimmed", semi_groups, advance=top, per_group=True)
    through = set(result["advancing"])
    rest = [
        i["entry"] for i in rank_entries(scores, "zscore")["ranking"] if i["entry"] not in through
    ]
    wildcards = set(rest[: semi.wildcards])
    finals = StageEntry.objects.filter(stage=final)
    assert {str(s.entry_id) for s in finals} == through | wildcards == accepted(semi)
    assert {str(s.entry_id) for s in finals if s.wildcard} == wildcards
    assert sorted(s.order for s in finals) == list(range(1, finals.count() + 1))
    # The final: at the conference, its panel named, nothing scored; no certificate yet.
    assert final.status == "planned" and timezone.localdate(final.starts_at) >= anchor
    assert not Assignment.objects.filter(stage=final).exists()
    assert PanelMember.objects.filter(stage=final, reviewer__user__email="expert@example.com")
    assert call.award_categories.count() == 5 and not Certificate.objects.exists()


def test_the_figures_and_the_press_report(anchor):
    out = StringIO()
    with translation.override("en"):
        call_command("stats", "--json", stdout=out)
    figures = {k: v["value"] for k, v in json.loads(out.getvalue()).items()}
    roadshow = Stage.objects.get(call__kind="roadshow")
    assert figures["roadshow_applications"] == round(612 * SCALE)
    assert figures["roadshow_selected"] == roadshow.accept_count == len(accepted(roadshow))
    assert figures["contest_entries"] == round(330 * SCALE)
    semi = Stage.objects.get(slug="semi-final")
    assert figures["contest_semifinalists"] == StageEntry.objects.filter(stage=semi).count()
    assert figures["contest_finalists"] == len(accepted(semi))
    body = report.draft().body
    assert f"共收到海内外路演项目申报{round(612 * SCALE)}个" in body["zh-hans"]
    assert f"{round(330 * SCALE)} projects registered for the “Talents Cup”" in body["en"]


def test_every_date_stands_before_the_opening_but_the_final_and_the_roadshow(anchor):
    snapshot = timezone.make_aware(datetime.combine(anchor - timedelta(days=2), time(10)))
    for model, name in (
        (Entry, "first_submitted_at"),
        (Review, "submitted_at"),
        (Decision, "confirmed_at"),
        (StageEntry, "added_at"),
        (Assignment, "created_at"),
    ):
        newest = max(model.objects.values_list(name, flat=True))
        assert newest <= snapshot, model


def test_the_expert_log_in(load, db):
    _anchor, output = load
    assert "expert@example.com" in output
    assert Review.objects.filter(
        assignment__reviewer__user__email="expert@example.com",
        assignment__stage__call__kind="roadshow",
    ).exists()


def test_a_visitor_of_the_demo_finds_a_call_taking_entries(anchor):
    """The seed's two calls closed weeks before the opening: a third takes entries, so that a
    team can try entering its project, and the seed's figures stay as they are."""
    open_calls = [c for c in Call.objects.all() if c.accepts_entries()]
    assert [c.kind for c in open_calls] == ["other"]
    call = open_calls[0]
    assert not call.entries.exists() and call.stages.get().criteria.count() == 4


def test_every_pitching_project_is_listed(anchor):
    """The programme is public: the selected projects not listed yet were verified first."""
    assert Pitch.objects.exists()
    assert not Pitch.objects.exclude(entry__project__status="verified").exists()
