"""Scoring an online review: one review per assignment, editable until the scoring closes;
refusals (out of range, after the close, a conflicted reviewer, someone else's assignment)
in words, with nothing saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yingcai.calls.models import Conflict, Review
from yingcai.calls.services import reviews as services
from yingcai.core.models import AuditEntry

from ..factories import UserFactory
from .factories import AssignmentFactory
from .test_reviewers import en, log_in, review_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned():
    """An assignment of an open stage, its rubric (创新性 ×2, 市场前景 ×1, 0–10)."""
    _call, stage, entries, pool, manager = review_world(entries=2, reviewers=2)
    assignment = AssignmentFactory(stage=stage, reviewer=pool[0], entry=entries[0])
    criteria = list(stage.criteria.order_by("position"))
    return assignment, criteria, manager


def values(criteria, *scores):
    return {str(c.pk): s for c, s in zip(criteria, scores, strict=True)}


def test_a_reviewer_scores_and_changes_the_scores(assigned):
    assignment, criteria, _manager = assigned
    user = assignment.reviewer.user
    review = services.submit_review(user, assignment, values(criteria, 8, 5), "很有前景", "k1")
    assert review.total == pytest.approx((2 * 80 + 50) / 3, abs=1e-3)
    changed = services.submit_review(user, assignment, values(criteria, 10, 10), "", "k2")
    assert changed.pk == review.pk and changed.total == 100
    assert Review.objects.count() == 1
    assert AuditEntry.objects.filter(action="calls_review.changed").exists()


def test_a_repeated_key_changes_nothing(assigned):
    assignment, criteria, _manager = assigned
    user = assignment.reviewer.user
    services.submit_review(user, assignment, values(criteria, 8, 5), "第一次", "same-key")
    again = services.submit_review(user, assignment, values(criteria, 1, 1), "重试", "same-key")
    assert again.comment == "第一次" and again.values == values(criteria, 8.0, 5.0)
    assert AuditEntry.objects.filter(action__startswith="calls_review.").count() == 1


def test_scores_outside_the_range_are_refused_in_words(assigned, english):
    assignment, criteria, _manager = assigned
    user = assignment.reviewer.user
    for bad in ((11, 5), (-1, 5), ("八", 5), (7.25, 5)):
        with pytest.raises(ValidationError) as refused:
            services.submit_review(user, assignment, values(criteria, *bad))
        assert criteria[0].name in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        services.submit_review(user, assignment, {str(criteria[0].pk): 5})
    with pytest.raises(ValidationError):
        services.submit_review(user, assignment, values(criteria, 5, 5), "\x00", "k")
    with pytest.raises(ValidationError):
        services.submit_review(user, assignment, values(criteria, 5, 5), "", "not a key!")
    assert not Review.objects.exists()


def test_no_review_after_the_close(assigned, english):
    assignment, criteria, manager = assigned
    user = assignment.reviewer.user
    services.submit_review(user, assignment, values(criteria, 5, 5))
    stage = assignment.stage
    stage.scoring_closes_at = timezone.now() - timedelta(minutes=1)
    stage.save()
    with pytest.raises(ValidationError, match="closed"):
        services.submit_review(user, assignment, values(criteria, 9, 9))
    stage.scoring_closes_at = None
    stage.save()
    assert services.close_scoring(manager, stage) == 1
    with pytest.raises(ValidationError, match="closed"):
        services.submit_review(user, assignment, values(criteria, 9, 9))
    with pytest.raises(ValidationError):
        services.close_scoring(manager, stage)
    assert Review.objects.get().total == 50


def test_someone_else_and_a_conflicted_reviewer_are_refused(assigned, english):
    assignment, criteria, _manager = assigned
    other = assignment.stage.call.reviewers.exclude(pk=assignment.reviewer_id).get()
    for someone in (other.user, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.submit_review(someone, assignment, values(criteria, 5, 5))
    Conflict.objects.create(reviewer=assignment.reviewer, entry=assignment.entry, source="team")
    with pytest.raises(ValidationError, match="conflict of interest"):
        services.submit_review(assignment.reviewer.user, assignment, values(criteria, 5, 5))
    assert not Review.objects.exists()


def test_only_managers_close_the_scoring(assigned):
    assignment, _criteria, _manager = assigned
    with pytest.raises(PermissionDenied):
        services.close_scoring(assignment.reviewer.user, assignment.stage)


# --- The pages ---------------------------------------------------------------------------
def test_a_reviewer_lists_their_assignments_and_scores_one_on_its_page(client, assigned):
    assignment, criteria, _manager = assigned
    log_in(client, assignment.reviewer.user)
    listing = client.get(en("review:assignments")).content.decode()
    assert assignment.entry.project.title in listing
    url = en("review:score", args=[assignment.pk])
    page = client.get(url).content.decode()
    assert 'max="10"' in page and criteria[0].name in page
    data = {f"criterion_{c.pk}": "7" for c in criteria}
    with translation.override("en"):
        response = client.post(url, {**data, "comment": "好", "key": "abc-123"}, follow=True)
    assert "Your scores are saved." in response.content.decode()
    assert Review.objects.get().total == 70
    # The same key again (a double tap): nothing changes.
    client.post(url, {**{k: "1" for k in data}, "comment": "", "key": "abc-123"})
    assert Review.objects.get().total == 70


def test_an_out_of_range_score_answers_the_form_again(client, assigned):
    assignment, criteria, _manager = assigned
    log_in(client, assignment.reviewer.user)
    url = en("review:score", args=[assignment.pk])
    data = {f"criterion_{criteria[0].pk}": "12", f"criterion_{criteria[1].pk}": "5"}
    with translation.override("en"):
        response = client.post(url, {**data, "key": "k"})
    assert response.status_code == 400
    assert "must be between 0 and 10" in response.content.decode()
    assert not Review.objects.exists()


def test_someone_elses_assignment_answers_404_and_a_conflicted_one_403(client, assigned):
    assignment, criteria, _manager = assigned
    other = assignment.stage.call.reviewers.exclude(pk=assignment.reviewer_id).get()
    url = en("review:score", args=[assignment.pk])
    log_in(client, other.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {f"criterion_{c.pk}": "5" for c in criteria}).status_code == 404
    client.logout()
    Conflict.objects.create(reviewer=assignment.reviewer, entry=assignment.entry, source="team")
    log_in(client, assignment.reviewer.user)
    with translation.override("en"):
        refused = client.get(url)
    assert refused.status_code == 403
    assert "conflict of interest" in refused.content.decode()
    assert assignment.entry.project.title not in refused.content.decode()
    with translation.override("zh-hans"):
        refused = client.post(url, {f"criterion_{c.pk}": "5" for c in criteria})
    assert refused.status_code == 403
    assert (
        assignment.entry.project.title not in client.get(en("review:assignments")).content.decode()
    )
    assert not Review.objects.exists()


def test_after_the_close_the_page_shows_the_scores_and_refuses_a_post(client, assigned):
    assignment, criteria, manager = assigned
    services.submit_review(assignment.reviewer.user, assignment, values(criteria, 6, 6))
    services.close_scoring(manager, assignment.stage)
    log_in(client, assignment.reviewer.user)
    url = en("review:score", args=[assignment.pk])
    with translation.override("en"):
        page = client.get(url).content.decode()
        assert "the scores can no longer change" in page
        response = client.post(url, {f"criterion_{c.pk}": "9" for c in criteria}, follow=True)
    assert "the scores can no longer change" in response.content.decode()
    assert Review.objects.get().total == 60


def test_a_planned_stages_assignments_are_not_shown(client, assigned):
    assignment, _criteria, _manager = assigned
    stage = assignment.stage
    stage.status = "planned"
    stage.save()
    log_in(client, assignment.reviewer.user)
    assert client.get(en("review:score", args=[assignment.pk])).status_code == 404
    listing = client.get(en("review:assignments")).content.decode()
    assert assignment.entry.project.title not in listing


def test_the_list_reads_in_bounded_queries(client, django_assert_max_num_queries):
    _call, stage, entries, pool, _manager = review_world(entries=30, reviewers=1)
    for entry in entries:
        AssignmentFactory(stage=stage, reviewer=pool[0], entry=entry)
    log_in(client, pool[0].user)
    with django_assert_max_num_queries(12):
        assert client.get(en("review:assignments")).status_code == 200
    first = stage.assignments.order_by("pk").first()
    with django_assert_max_num_queries(14):
        assert client.get(en("review:score", args=[first.pk])).status_code == 200


def test_my_yingcai_shows_a_reviewer_the_entries_to_score(client, assigned):
    assignment, _criteria, _manager = assigned
    log_in(client, assignment.reviewer.user)
    page = client.get(en("accounts:dashboard")).content.decode()
    assert 'data-testid="review-panel"' in page and "1 entry to score." in page
    client.logout()
    log_in(client, UserFactory())
    assert 'data-testid="review-panel"' not in client.get(en("accounts:dashboard")).content.decode()


def test_bad_input_on_the_score_page_answers_the_form_again(client, assigned):
    assignment, criteria, _manager = assigned
    log_in(client, assignment.reviewer.user)
    url = en("review:score", args=[assignment.pk])
    first, second = (f"criterion_{c.pk}" for c in criteria)
    for data in (
        {first: "5\x00", second: "5"},
        {first: "5", second: "5", "comment": "x" * 5000},
        {first: "5", second: "5", "key": "k" * 80},
        {first: "NaN", second: "Infinity"},
        {first: "1e400", second: "5"},
    ):
        assert client.post(url, data).status_code == 400, data
    assert client.get(en("review:score", args=[987654])).status_code == 404
    assert not Review.objects.exists()


def test_stage_scores_leave_out_a_review_conflicted_since(assigned):
    assignment, criteria, _manager = assigned
    other = AssignmentFactory(
        stage=assignment.stage,
        reviewer=assignment.stage.call.reviewers.exclude(pk=assignment.reviewer_id).get(),
        entry=assignment.entry,
    )
    services.submit_review(assignment.reviewer.user, assignment, values(criteria, 10, 10))
    services.submit_review(other.reviewer.user, other, values(criteria, 5, 5))
    assert services.stage_scores(assignment.stage) == [
        (str(assignment.reviewer_id), str(assignment.entry_id), 100.0),
        (str(other.reviewer_id), str(other.entry_id), 50.0),
    ]
    Conflict.objects.create(reviewer=other.reviewer, entry=other.entry, source="organisation")
    assert services.stage_scores(assignment.stage) == [
        (str(assignment.reviewer_id), str(assignment.entry_id), 100.0)
    ]
