"""Live panels: judges seated per division, the order of appearance, opening (assignments for
every judge × entry of their division, none for a conflict) and closing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from yingcai.calls.models import Assignment, Conflict, PanelMember, StageEntry
from yingcai.calls.services import panels as services
from yingcai.core.audit import history

from .factories import EntryFactory, ReviewerFactory, contest_call

pytestmark = pytest.mark.django_db


def semi_final(divisions=2, entries=3, judges=3, seat_by=None):
    """A contest's semi-final with `entries` per division and `judges` reviewers per
    division, seated when `seat_by` (an editor) is given."""
    call = contest_call()
    stage = call.stages.get(slug="semi-final")
    chosen = list(call.divisions.order_by("position"))[:divisions]
    rows = {}
    judges_of = {}
    for division in chosen:
        rows[division.pk] = [
            StageEntry.objects.create(stage=stage, entry=EntryFactory(call=call, division=division))
            for _ in range(entries)
        ]
        judges_of[division.pk] = [ReviewerFactory(call=call) for _ in range(judges)]
        if seat_by is not None:
            for reviewer in judges_of[division.pk]:
                services.seat_judge(seat_by, stage, reviewer, division)
    return stage, chosen, rows, judges_of


def final_panel(entries=4, judges=5, seat_by=None):
    call = contest_call()
    stage = call.stages.get(slug="final")
    rows = [
        StageEntry.objects.create(stage=stage, entry=EntryFactory(call=call))
        for _ in range(entries)
    ]
    judges = [ReviewerFactory(call=call) for _ in range(judges)]
    if seat_by is not None:
        for reviewer in judges:
            services.seat_judge(seat_by, stage, reviewer)
    return stage, rows, judges


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_opening_assigns_every_judge_the_entries_of_their_division_only(editor):
    stage, divisions, _rows, judges = semi_final(seat_by=editor)
    made = services.open_scoring(editor, stage)
    stage.refresh_from_db()
    assert stage.status == "scoring"
    assert made == 2 * 3 * 3
    for division in divisions:
        for reviewer in judges[division.pk]:
            entries = set(
                Assignment.objects.filter(stage=stage, reviewer=reviewer).values_list(
                    "entry__division", flat=True
                )
            )
            assert entries == {division.pk}
    assert set(Assignment.objects.values_list("source", flat=True)) == {"panel"}
    assert history(stage).filter(action="calls_panel.scoring_opened").count() == 1


def test_a_conflicted_judge_gets_no_assignment_for_that_entry(editor):
    stage, divisions, rows, judges = semi_final(seat_by=editor)
    division = divisions[0]
    conflicted = judges[division.pk][0]
    entry = rows[division.pk][1].entry
    Conflict.objects.create(reviewer=conflicted, entry=entry, source="declared")
    services.open_scoring(editor, stage)
    assert not Assignment.objects.filter(reviewer=conflicted, entry=entry).exists()
    assert Assignment.objects.filter(reviewer=conflicted, stage=stage).count() == 2
    assert Assignment.objects.filter(entry=entry, stage=stage).count() == 2


def test_the_final_panel_judges_every_entry(editor):
    stage, _rows, _judges = final_panel(seat_by=editor)
    assert set(PanelMember.objects.filter(stage=stage).values_list("division", flat=True)) == {None}
    assert services.open_scoring(editor, stage) == 4 * 5


def test_unplaced_entries_follow_the_placed_ones_at_opening(editor):
    stage, divisions, rows, _judges = semi_final(divisions=1, entries=3, seat_by=editor)
    first, second, third = rows[divisions[0].pk]
    services.set_order(editor, stage, {third.pk: "1"})
    services.open_scoring(editor, stage)
    orders = dict(StageEntry.objects.filter(stage=stage).values_list("pk", "order"))
    assert orders == {third.pk: 1, first.pk: 2, second.pk: 3}


def test_two_entries_of_one_division_never_share_a_place(editor):
    stage, divisions, rows, _judges = semi_final(seat_by=editor)
    a, b = rows[divisions[0].pk][:2]
    other = rows[divisions[1].pk][0]
    with pytest.raises(ValidationError, match="Two entries have the place 1"):
        services.set_order(editor, stage, {a.pk: 1, b.pk: 1})
    # Places count per division: another division's first is a first too.
    assert services.set_order(editor, stage, {a.pk: 1, other.pk: 1}) == 2


@pytest.mark.parametrize("bad", ["0", "1000", "x", "1\x00"])
def test_a_bad_place_is_refused(editor, bad):
    stage, divisions, rows, _judges = semi_final(divisions=1, seat_by=editor)
    with pytest.raises(ValidationError, match="whole number from 1 to 999"):
        services.set_order(editor, stage, {rows[divisions[0].pk][0].pk: bad})


def test_an_entry_of_another_stage_cannot_be_placed(editor):
    stage, _divisions, _rows, _seated = semi_final(divisions=1, seat_by=editor)
    _other_stage, other_rows, _judges = final_panel()
    with pytest.raises(ValidationError, match="no longer in this stage"):
        services.set_order(editor, stage, {other_rows[0].pk: 1})


def test_seating_needs_a_division_on_a_semi_final_and_a_reviewer_of_the_call(editor):
    stage, divisions, _rows, judges = semi_final(divisions=1)
    reviewer = judges[divisions[0].pk][0]
    with pytest.raises(ValidationError, match="Choose the division"):
        services.seat_judge(editor, stage, reviewer, None)
    stranger = ReviewerFactory()
    with pytest.raises(ValidationError, match="active reviewer of this call"):
        services.seat_judge(editor, stage, stranger, divisions[0])
    services.seat_judge(editor, stage, reviewer, divisions[0])
    with pytest.raises(ValidationError, match="already sits on this panel"):
        services.seat_judge(editor, stage, reviewer, divisions[0])


def test_judges_are_seated_only_before_the_scoring_opens(editor):
    stage, divisions, _rows, _judges = semi_final(divisions=1, seat_by=editor)
    services.open_scoring(editor, stage)
    late = ReviewerFactory(call=stage.call)
    with pytest.raises(ValidationError, match="before the scoring opens"):
        services.seat_judge(editor, stage, late, divisions[0])
    member = stage.panel_members.first()
    with pytest.raises(ValidationError, match="before the scoring opens"):
        services.unseat_judge(editor, member)


def test_opening_needs_judges_and_entries_and_happens_once(editor):
    stage, divisions, _rows, judges = semi_final(divisions=1)
    with pytest.raises(ValidationError, match="Seat the judges first"):
        services.open_scoring(editor, stage)
    services.seat_judge(editor, stage, judges[divisions[0].pk][0], divisions[0])
    services.open_scoring(editor, stage)
    with pytest.raises(ValidationError, match="already been opened"):
        services.open_scoring(editor, stage)


def test_closing_from_a_stale_page_is_refused_once_closed(editor):
    stage, _divisions, _rows, _judges = semi_final(divisions=1, seat_by=editor)
    services.open_scoring(editor, stage)
    stale = type(stage).objects.get(pk=stage.pk)
    services.close_scoring(editor, stage)
    with pytest.raises(ValidationError, match="not scoring"):
        services.close_scoring(editor, stale)
    stale.refresh_from_db()
    assert stale.status == "closed"


def test_an_online_review_stage_has_no_panel(editor):
    stage, divisions, _rows, judges = semi_final(divisions=1)
    preliminary = stage.call.stages.get(slug="preliminary")
    with pytest.raises(ValidationError, match="Only a live panel"):
        services.seat_judge(editor, preliminary, judges[divisions[0].pk][0], divisions[0])


def test_only_call_managers_arrange_panels(talent, moderator):
    stage, divisions, _rows, judges = semi_final(divisions=1)
    for person in (talent, moderator, judges[divisions[0].pk][0].user):
        with pytest.raises(PermissionDenied):
            services.seat_judge(person, stage, judges[divisions[0].pk][0], divisions[0])
        with pytest.raises(PermissionDenied):
            services.open_scoring(person, stage)
        with pytest.raises(PermissionDenied):
            services.set_order(person, stage, {})
    assert not PanelMember.objects.exists()
