"""The ranking of a stage: review totals through the engine, per division or track, ties
marked at the cut, each reviewer's leniency; a bounded number of queries."""

import pytest

from yingcai.calls.models import Advancement, Conflict, Review
from yingcai.calls.services import ranking

from .factories import EntryFactory, StageFactory, contest_call, roadshow_call
from .scored import entries, reviewers, score

pytestmark = pytest.mark.django_db


def test_z_scores_take_out_a_lenient_reviewer():
    call = roadshow_call()
    stage = call.stages.get()
    a, b, c, d = entries(call, 4)
    lenient, strict = reviewers(call, 2)
    # The lenient reviewer gives everyone 30 points more: the order is what both agree on.
    score(stage, {a: [90], b: [80]}, [lenient])
    score(stage, {c: [55], d: [45]}, [strict])
    result = ranking.rank(stage)
    assert result.by == ranking.OVERALL
    order = [row.entry for row in result.rows]
    assert set(order[:2]) == {a, c}
    assert set(order[2:]) == {b, d}
    assert all(row.tied for row in result.rows)  # z = +1, +1, -1, -1
    stats = {r["reviewer"]: r for r in result.reviewers}
    assert stats[lenient]["mean"] == 85
    assert stats[lenient]["leniency"] == 17.5
    assert stats[strict]["leniency"] == -17.5


def test_a_tie_at_the_cut_is_marked_never_broken_silently():
    call = roadshow_call()
    stage = call.stages.get()
    stage.accept_count = 2
    stage.method = "mean"
    stage.save()
    a, b, c, d = entries(call, 4)
    score(stage, {a: [90, 90], b: [80, 80], c: [80, 80], d: [10, 10]})
    result = ranking.rank(stage)
    rows = {row.entry: row for row in result.rows}
    assert rows[a].inside and not rows[a].tie_at_cut
    assert rows[b].tie_at_cut and rows[c].tie_at_cut
    assert rows[b].rank == rows[c].rank == 2
    assert not rows[d].tie_at_cut
    assert result.tie_at_cut


def test_a_withdrawn_entry_is_not_ranked_and_an_unscored_one_is_listed_apart():
    call = roadshow_call()
    stage = call.stages.get()
    a, b = entries(call, 2)
    gone = EntryFactory(call=call, status="withdrawn")
    waiting = EntryFactory(call=call)
    stage.stage_entries.create(entry=waiting)
    score(stage, {a: [70, 60], b: [50, 40], gone: [99, 99]})
    result = ranking.rank(stage)
    assert [row.entry for row in result.rows] == [a, b]
    assert result.unscored == [waiting]


def test_per_division_with_trimmed_means_and_the_places_of_each_division():
    call = contest_call()
    semi = call.stages.get(slug="semi-final")
    shanghai, chengdu = call.divisions.order_by("position")[:2]
    Advancement.objects.create(stage=semi, division=shanghai, top_n=1)
    Advancement.objects.create(stage=semi, division=chengdu, top_n=2)
    s1, s2 = entries(call, 2, division=shanghai)
    c1, c2, c3 = entries(call, 3, division=chengdu)
    # Trimmed: the 100 and the 0 are dropped.
    score(
        semi,
        {
            s1: [100, 80, 80, 0],
            s2: [70, 70, 70, 70],
            c1: [60, 60, 60],
            c2: [50, 50, 50],
            c3: [40, 40, 40],
        },
    )
    result = ranking.rank(semi)
    assert result.by == ranking.BY_DIVISION
    first, second = result.lines
    assert first.group == shanghai and first.places == 1
    assert [(row.entry, row.score, row.rank, row.inside) for row in first.rows] == [
        (s1, 80.0, 1, True),
        (s2, 70.0, 2, False),
    ]
    assert second.group == chengdu and [row.inside for row in second.rows] == [True, True, False]
    # Normalised within each division for the wildcards: the best of Chengdu is +1.22.
    assert second.rows[0].normalised == pytest.approx(1.224745, abs=1e-5)


def test_the_per_track_view_of_an_overall_stage():
    call = contest_call()
    preliminary = call.stages.get(slug="preliminary")
    innovation, creativity = call.tracks.get(slug="innovation"), call.tracks.get(slug="creativity")
    a = EntryFactory(call=call, track=innovation)
    b = EntryFactory(call=call, track=creativity)
    c = EntryFactory(call=call, track=innovation)
    score(preliminary, {a: [80, 70], b: [60, 50], c: [40, 30]})
    result = ranking.rank(preliminary, ranking.BY_TRACK)
    assert [line.group for line in result.lines] == [innovation, creativity]
    assert [row.rank for row in result.lines[0].rows] == [1, 2]
    assert result.lines[0].places is None


def test_nothing_scored_ranks_nothing():
    stage = StageFactory()
    result = ranking.rank(stage)
    assert result.lines == [] and result.unscored == []
    assert not Review.objects.exists()


def test_a_review_by_a_reviewer_found_in_conflict_since_does_not_count():
    call = roadshow_call()
    stage = call.stages.get()
    stage.method = "mean"
    stage.save()
    a, b = entries(call, 2)
    first, second = reviewers(call, 2)
    score(stage, {a: [90, 10], b: [50, 50]}, [first, second])
    Conflict.objects.create(reviewer=second, entry=a, source="declared")
    result = ranking.rank(stage)
    rows = {row.entry: row for row in result.rows}
    assert (rows[a].score, rows[a].count) == (90.0, 1)
    assert rows[b].count == 2
