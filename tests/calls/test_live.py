"""Live scoring: one score per judge and entry whatever the taps and retries, refusals in
words with nothing saved, the judge's sheet, the results screen and its cheap fragment."""

import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from yingcai.calls.models import Assignment, Conflict, Review
from yingcai.calls.services import live, panels
from yingcai.core.models import AuditEntry

from ..factories import PASSWORD
from .factories import CriterionFactory, ReviewerFactory
from .test_panels import final_panel, semi_final

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def scoring(editor):
    """An open semi-final: two divisions of three entries, three judges each."""
    stage, divisions, rows, judges = semi_final(seat_by=editor)
    panels.open_scoring(editor, stage)
    stage.refresh_from_db()
    return stage, divisions, rows, judges


def criterion_of(stage):
    return stage.criteria.get()


def assignment_of(reviewer, row):
    return Assignment.objects.get(stage=row.stage, reviewer=reviewer, entry=row.entry)


def values(stage, score):
    return {str(criterion_of(stage).pk): score}


def key():
    return str(uuid.uuid4())


def live_audit():
    return AuditEntry.objects.filter(action__startswith="calls_review.live")


# --- The service -----------------------------------------------------------------------------
def test_a_score_is_saved_once_whatever_the_retries(scoring):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    assignment = assignment_of(judge, rows[divisions[0].pk][0])
    same = key()
    first = live.submit_live_score(judge.user, assignment, values(stage, 80), same)
    again = live.submit_live_score(judge.user, assignment, values(stage, 80), same)
    assert not first.replayed and again.replayed
    assert again.review.pk == first.review.pk
    assert Review.objects.count() == 1
    assert live_audit().count() == 1
    assert first.review.total == 80.0


def test_a_later_key_replaces_the_score_until_the_panel_closes(scoring, editor):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    assignment = assignment_of(judge, rows[divisions[0].pk][0])
    live.submit_live_score(judge.user, assignment, values(stage, 80), key())
    changed = live.submit_live_score(judge.user, assignment, values(stage, 72.5), key())
    assert Review.objects.get().total == 72.5 and not changed.replayed
    assert list(live_audit().order_by("pk").values_list("action", flat=True)) == [
        "calls_review.live_scored",
        "calls_review.live_changed",
    ]
    retried = key()
    panels.close_scoring(editor, stage)
    with pytest.raises(ValidationError, match="does not take scores now"):
        live.submit_live_score(judge.user, assignment, values(stage, 10), retried)
    assert Review.objects.get().total == 72.5


def test_a_retry_of_a_score_saved_before_the_close_answers_it(scoring, editor):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    assignment = assignment_of(judge, rows[divisions[0].pk][0])
    same = key()
    live.submit_live_score(judge.user, assignment, values(stage, 66), same)
    panels.close_scoring(editor, stage)
    assert live.submit_live_score(judge.user, assignment, values(stage, 66), same).replayed


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (101, "must be between 0 and 100"),
        (-1, "must be between 0 and 100"),
        ("abc", "must be a number"),
        ("", "Give a score"),
        (7.25, "whole or half point"),
    ],
)
def test_a_score_outside_the_rubric_is_refused_in_words(scoring, score, message):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    assignment = assignment_of(judge, rows[divisions[0].pk][0])
    with pytest.raises(ValidationError, match=message):
        live.submit_live_score(judge.user, assignment, values(stage, score), key())
    assert not Review.objects.exists() and not live_audit().exists()


@pytest.mark.parametrize(
    "bad", ["", "short", "x" * 65, "a b c d e f g h", "<script>alert</script>"]
)
def test_a_missing_or_malformed_key_is_refused(scoring, bad):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    assignment = assignment_of(judge, rows[divisions[0].pk][0])
    with pytest.raises(ValidationError, match="reload the page"):
        live.submit_live_score(judge.user, assignment, values(stage, 50), bad)
    assert not Review.objects.exists()


def test_a_judge_cannot_score_an_entry_outside_their_panel(scoring, talent):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    other = assignment_of(judges[divisions[1].pk][0], rows[divisions[1].pk][0])
    for person in (judge.user, talent):
        with pytest.raises(PermissionDenied):
            live.submit_live_score(person, other, values(stage, 50), key())
    assert not Review.objects.exists()


def test_a_conflict_recorded_after_the_opening_stops_the_score(scoring):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    row = rows[divisions[0].pk][0]
    Conflict.objects.create(reviewer=judge, entry=row.entry, source="organiser")
    with pytest.raises(ValidationError, match="conflict of interest"):
        live.submit_live_score(judge.user, assignment_of(judge, row), values(stage, 50), key())
    assert not Review.objects.exists()


def test_an_inactive_reviewer_no_longer_scores(scoring):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    judge.is_active = False
    judge.save()
    with pytest.raises(PermissionDenied):
        live.submit_live_score(
            judge.user, assignment_of(judge, rows[divisions[0].pk][0]), values(stage, 50), key()
        )


def test_a_rubric_of_several_weighted_criteria_gives_the_weighted_total(editor):
    stage, _rows, judges = final_panel(entries=1, judges=1, seat_by=editor)
    first = criterion_of(stage)
    second = CriterionFactory(stage=stage, name="市场", weight=3, max_score=10, position=2)
    panels.open_scoring(editor, stage)
    assignment = Assignment.objects.get(stage=stage)
    result = live.submit_live_score(
        judges[0].user, assignment, {str(first.pk): 100, str(second.pk): 5}, key()
    )
    assert result.review.total == pytest.approx((100 + 3 * 50) / 4)
    with pytest.raises(ValidationError, match="Give a score"):
        live.submit_live_score(judges[0].user, assignment, {str(first.pk): 100}, key())


# --- The results screen --------------------------------------------------------------------
def test_the_screen_shows_the_trimmed_mean_as_it_forms(scoring):
    stage, divisions, rows, judges = scoring
    division = divisions[0]
    row = rows[division.pk][0]
    row.refresh_from_db()
    scores = [90, 60, 75]
    for judge, score in zip(judges[division.pk], scores, strict=True):
        live.submit_live_score(judge.user, assignment_of(judge, row), values(stage, score), key())
        shown = next(r for r in live.screen_rows(stage, division) if r.place == row.order)
        if score == 60:
            assert shown.score == 75.0 and shown.received == 2  # two scores: their mean
    assert shown.score == 75.0 and shown.received == 3 and shown.expected == 3
    assert shown.complete and shown.latest
    everyone = live.screen_rows(stage)
    assert len(everyone) == 6 and sum(r.received for r in everyone) == 3


def test_the_screen_fragment_costs_a_few_queries(
    client, editor, scoring, django_assert_max_num_queries
):
    stage, divisions, rows, judges = scoring
    for division in divisions:
        for judge in judges[division.pk]:
            for row in rows[division.pk]:
                live.submit_live_score(
                    judge.user, assignment_of(judge, row), values(stage, 70), key()
                )
    log_in(client, editor)
    url = reverse("live:screen_rows", args=[stage.pk, "all"])
    client.get(url)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="screen-row"') == 6
    assert "70.00" in page and "3 / 3" in page
    assert 'hx-trigger="every 1s"' in page
    # No person on the screen: neither a judge nor a team member.
    for division in divisions:
        for judge in judges[division.pk]:
            assert str(judge.user) not in page


def test_the_screen_is_for_organisers_only(client, scoring, talent):
    stage, divisions, _rows, judges = scoring
    url = reverse("live:screen", args=[stage.pk, divisions[0].slug])
    assert client.get(url).status_code == 302  # to log in
    log_in(client, talent)
    assert client.get(url).status_code == 403
    log_in(client, judges[divisions[0].pk][0].user)
    assert client.get(url).status_code == 403


def test_the_screen_of_an_unknown_division_or_stage_is_not_found(client, editor, scoring):
    stage, divisions, _rows, _judges = scoring
    log_in(client, editor)
    assert client.get(reverse("live:screen", args=[stage.pk, "nowhere"])).status_code == 404
    preliminary = stage.call.stages.get(slug="preliminary")
    assert client.get(reverse("live:screen", args=[preliminary.pk, "all"])).status_code == 404
    page = client.get(reverse("live:screen", args=[stage.pk, divisions[0].slug]))
    assert page.status_code == 200 and "live-screen" in page.content.decode()


def test_a_closed_panel_screen_stops_polling(client, editor, scoring):
    stage, _divisions, _rows, _judges = scoring
    panels.close_scoring(editor, stage)
    log_in(client, editor)
    page = client.get(reverse("live:screen", args=[stage.pk, "all"])).content.decode()
    assert "hx-trigger" not in page and "The scoring is closed." in page


# --- The judge's pages -----------------------------------------------------------------------
def test_the_judge_sees_their_division_in_order_with_the_current_entry(client, scoring):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    log_in(client, judge.user)
    listing = client.get(reverse("live:panels")).content.decode()
    assert reverse("live:sheet", args=[stage.pk]) in listing
    page = client.get(reverse("live:sheet", args=[stage.pk])).content.decode()
    assert page.count('data-testid="live-entry"') == 3
    mine = rows[divisions[0].pk]
    positions = [page.index(str(row.entry.project)) for row in mine]
    assert positions == sorted(positions)
    assert str(rows[divisions[1].pk][0].entry.project) not in page
    assert 'aria-current="step"' in page and "live-scoring.js" in page


def test_a_judge_of_another_panel_cannot_open_the_sheet(client, scoring, talent):
    stage, _divisions, _rows, _judges = scoring
    stranger = ReviewerFactory(call=stage.call)
    for person in (stranger.user, talent):
        log_in(client, person)
        assert client.get(reverse("live:sheet", args=[stage.pk])).status_code == 403


def test_the_form_post_without_javascript_saves_once_and_shows_the_sheet(client, scoring):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    row = rows[divisions[0].pk][0]
    assignment = assignment_of(judge, row)
    log_in(client, judge.user)
    url = reverse("live:score", args=[assignment.pk])
    data = {f"score-{criterion_of(stage).pk}": "88.5", "key": key()}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url.endswith(f"#entry-{row.entry_id}")
    assert client.post(url, data).status_code == 302  # the same form twice
    assert Review.objects.get().total == 88.5
    assert live_audit().count() == 1
    page = client.get(response.url).content.decode()
    assert "88.50" in page


def test_the_form_post_out_of_range_answers_the_sheet_with_the_error(client, scoring):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    assignment = assignment_of(judge, rows[divisions[0].pk][0])
    log_in(client, judge.user)
    response = client.post(
        reverse("live:score", args=[assignment.pk]),
        {f"score-{criterion_of(stage).pk}": "150", "key": key()},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "must be between 0 and 100" in page
    assert 'value="150"' in page  # what was typed is shown again
    assert not Review.objects.exists()


def test_the_fetch_path_answers_json(client, scoring, editor):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    assignment = assignment_of(judge, rows[divisions[0].pk][0])
    log_in(client, judge.user)
    url = reverse("live:score", args=[assignment.pk])
    field = f"score-{criterion_of(stage).pk}"
    same = key()
    json_headers = {"HTTP_ACCEPT": "application/json"}
    first = client.post(url, {field: "61", "key": same}, **json_headers)
    again = client.post(url, {field: "61", "key": same}, **json_headers)
    assert first.status_code == 200 and again.status_code == 200
    assert json.loads(first.content) == {
        "ok": True,
        "replayed": False,
        "total": 61.0,
        "entry": assignment.entry_id,
        "message": "Score saved: 61.00",
    }
    assert json.loads(again.content)["replayed"] is True
    bad = client.post(url, {field: "1e9", "key": key()}, **json_headers)
    assert bad.status_code == 400
    assert "must be between" in json.loads(bad.content)["message"]
    elsewhere = assignment_of(judges[divisions[1].pk][0], rows[divisions[1].pk][0])
    refused = client.post(
        reverse("live:score", args=[elsewhere.pk]), {field: "50", "key": key()}, **json_headers
    )
    assert refused.status_code == 403
    assert "not on your panel" in json.loads(refused.content)["message"]
    panels.close_scoring(editor, stage)
    late = client.post(url, {field: "70", "key": key()}, **json_headers)
    assert late.status_code == 400 and "does not take scores" in json.loads(late.content)["message"]
    assert Review.objects.get().total == 61.0
    assert live_audit().count() == 1


def test_refusals_are_translated(client, scoring, editor):
    stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    assignment = assignment_of(judge, rows[divisions[0].pk][0])
    panels.close_scoring(editor, stage)
    log_in(client, judge.user)
    response = client.post(
        "/zh-hans" + reverse("live:score", args=[assignment.pk])[3:],
        {f"score-{criterion_of(stage).pk}": "50", "key": key()},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert json.loads(response.content)["message"] == "本轮现场评分现在不接受评分，分数未保存。"


def test_a_get_on_the_score_url_writes_nothing(client, scoring):
    _stage, divisions, rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    assignment = assignment_of(judge, rows[divisions[0].pk][0])
    log_in(client, judge.user)
    assert client.get(reverse("live:score", args=[assignment.pk])).status_code == 405
    assert not Review.objects.exists()


def test_the_sheet_costs_a_few_queries(client, scoring, django_assert_max_num_queries):
    stage, divisions, _rows, judges = scoring
    judge = judges[divisions[0].pk][0]
    log_in(client, judge.user)
    url = reverse("live:sheet", args=[stage.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_my_yingcai_leads_a_judge_to_their_live_panel(client, scoring, talent):
    stage, divisions, _rows, judges = scoring
    log_in(client, judges[divisions[0].pk][0].user)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'data-testid="live-panels-panel"' in page
    assert reverse("live:sheet", args=[stage.pk]) in page
    log_in(client, talent)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'data-testid="live-panels-panel"' not in page
