"""Opening an online review stage, the engine's assignment, hand adjustments."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from yingcai.calls.models import Assignment, Conflict, Review, StageEntry
from yingcai.calls.services import assignment as services
from yingcai.core.models import AuditEntry

from ..factories import UserFactory
from .factories import AssignmentFactory, EntryFactory, ReviewerFactory, StageFactory
from .test_reviewers import en, log_in, review_world

pytestmark = pytest.mark.django_db


def pairs(stage):
    return set(Assignment.objects.filter(stage=stage).values_list("reviewer_id", "entry_id"))


def test_opening_the_first_stage_puts_every_submitted_entry_in_it():
    call, stage, entries, _pool, manager = review_world(entries=4)
    EntryFactory(call=call, status="draft")
    stage.status = "planned"
    stage.save()
    assert services.open_stage(manager, stage) == 4
    stage.refresh_from_db()
    assert stage.status == "scoring"
    assert set(StageEntry.objects.filter(stage=stage).values_list("entry_id", flat=True)) == {
        e.pk for e in entries
    }


def test_the_engine_gives_every_entry_k_reviewers_balanced_without_conflicts():
    _call, stage, entries, pool, manager = review_world(entries=7, reviewers=4, per_entry=2)
    Conflict.objects.create(reviewer=pool[0], entry=entries[0], source="declared")
    entries[1].project.team.create(user=pool[1].user, role="member")  # found by the service
    summary = services.assign(manager, stage)
    assert summary["assigned"] == 14
    made = pairs(stage)
    per_entry = Counter(e for _r, e in made)
    assert set(per_entry.values()) == {2}
    assert (pool[0].pk, entries[0].pk) not in made and (pool[1].pk, entries[1].pk) not in made
    loads = Counter(r for r, _e in made)
    assert max(loads.values()) - min(loads.values()) <= 1
    check = services.check_assignment(stage)
    assert check["complete"] and check["balanced"]
    assert AuditEntry.objects.filter(action="calls_review.assigned").exists()


def test_assigning_again_keeps_scored_assignments_and_replaces_the_rest():
    _call, stage, _entries, _pool, manager = review_world(entries=6, reviewers=4, per_entry=2)
    services.assign(manager, stage)
    scored = Assignment.objects.filter(stage=stage).order_by("pk")[:3]
    kept = set()
    for assignment in scored:
        Review.objects.create(assignment=assignment, values={}, total=50)
        kept.add((assignment.reviewer_id, assignment.entry_id))
    summary = services.assign(manager, stage)
    assert summary["kept"] == 3
    made = pairs(stage)
    assert kept <= made
    assert set(Counter(e for _r, e in made).values()) == {2}
    loads = Counter(r for r, _e in made)
    assert max(loads.values()) - min(loads.values()) <= 1  # the kept scores counted
    assert Review.objects.count() == 3


def test_a_reviewer_above_the_balanced_load_keeps_the_scores_and_gets_less_new_work():
    _call, stage, entries, pool, manager = review_world(entries=6, reviewers=3, per_entry=1)
    for entry in entries[:4]:  # balanced would be 2 each
        Review.objects.create(
            assignment=AssignmentFactory(stage=stage, reviewer=pool[0], entry=entry),
            values={},
            total=50,
        )
    summary = services.assign(manager, stage)
    assert summary["kept"] == 4
    loads = Counter(r for r, _e in pairs(stage))
    assert loads[pool[0].pk] == 4 and loads[pool[1].pk] + loads[pool[2].pk] == 2


def test_an_impossible_assignment_is_explained_and_writes_nothing():
    _call, stage, entries, pool, manager = review_world(entries=3, reviewers=3, per_entry=2)
    services.assign(manager, stage)
    before = pairs(stage)
    # Two of the three reviewers in conflict with entry 0: one left, two needed.
    for reviewer in pool[:2]:
        Conflict.objects.create(reviewer=reviewer, entry=entries[0], source="organiser")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.assign(manager, stage)
    text = " ".join(refused.value.messages)
    assert entries[0].project.title in text
    assert "only 1 reviewers without a conflict of interest" in text
    assert pairs(stage) == before


def test_too_small_a_pool_is_explained_in_chinese():
    _call, stage, _entries, _pool, manager = review_world(entries=2, reviewers=1, per_entry=2)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.assign(manager, stage)
    assert "评审专家" in " ".join(refused.value.messages)
    assert not Assignment.objects.exists()


def test_the_engine_reasons_read_as_sentences():
    with translation.override("en"):
        assert "at most 7 of the 9 places" in services.explain(
            "cannot give every entry 3 judges without conflicts while every judge judges 1-2 "
            "entries: at most 7 of the 9 places can be filled",
            3,
        )
        assert "No assignment gives every entry 3 reviewers" in services.explain("odd", 3)


def test_only_managers_assign_and_not_after_the_scoring_closed(english):
    _call, stage, _entries, pool, manager = review_world()
    for someone in (UserFactory(), pool[0].user):
        with pytest.raises(PermissionDenied):
            services.assign(someone, stage)
    stage.status = "closed"
    stage.save()
    with pytest.raises(ValidationError) as refused:
        services.assign(manager, stage)
    assert "closed" in str(refused.value)


def test_hand_changes_are_checked_with_the_engines_rules(english):
    _call, stage, entries, pool, manager = review_world(entries=2, reviewers=3, per_entry=1)
    made = services.add_assignment(manager, stage, pool[0], entries[0])
    assert made.source == "hand"
    with pytest.raises(ValidationError, match="already assigned"):
        services.add_assignment(manager, stage, pool[0], entries[0])
    Conflict.objects.create(reviewer=pool[1], entry=entries[0], source="declared")
    with pytest.raises(ValidationError, match="conflict of interest"):
        services.add_assignment(manager, stage, pool[1], entries[0])
    entries[0].project.team.create(user=pool[2].user, role="member")
    with pytest.raises(ValidationError, match="conflict of interest"):
        services.add_assignment(manager, stage, pool[2], entries[0])
    other_call = ReviewerFactory()
    with pytest.raises(ValidationError, match="active reviewer of this call"):
        services.add_assignment(manager, stage, other_call, entries[0])
    check = services.check_assignment(stage)
    assert check["short"] == [entries[1].pk] and not check["complete"]
    Review.objects.create(assignment=made, values={}, total=10)
    with pytest.raises(ValidationError, match="scored already"):
        services.remove_assignment(manager, made)
    other = services.add_assignment(manager, stage, pool[1], entries[1])
    services.remove_assignment(manager, other)
    assert pairs(stage) == {(pool[0].pk, entries[0].pk)}


def test_the_organiser_runs_the_assignment_from_the_stage_page(client):
    call, stage, _entries, _pool, manager = review_world(entries=8, reviewers=4, per_entry=2)
    log_in(client, manager)
    url = en("orga_review:stage", kwargs={"call_pk": call.pk, "stage_pk": stage.pk})
    act = en(
        "orga_review:act", kwargs={"call_pk": call.pk, "stage_pk": stage.pk, "action": "assign"}
    )
    with translation.override("en"):
        response = client.post(act, follow=True)
    assert "8 entries assigned to the reviewers." in response.content.decode()
    assert Assignment.objects.filter(stage=stage).count() == 16
    assert client.get(url).status_code == 200


def test_an_impossible_assignment_shows_its_reason_on_the_page(client):
    call, stage, _entries, _pool, manager = review_world(entries=2, reviewers=1, per_entry=2)
    log_in(client, manager)
    act = en(
        "orga_review:act", kwargs={"call_pk": call.pk, "stage_pk": stage.pk, "action": "assign"}
    )
    with translation.override("en"):
        page = client.post(act, follow=True).content.decode()
    assert "only 1 active reviewers are in the pool" in page


def test_the_stage_and_entry_pages_read_in_bounded_queries(client, django_assert_max_num_queries):
    call, stage, entries, _pool, manager = review_world(entries=40, reviewers=12, per_entry=3)
    services.assign(manager, stage)
    log_in(client, manager)
    url = en("orga_review:stage", kwargs={"call_pk": call.pk, "stage_pk": stage.pk})
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    entry_url = en(
        "orga_review:entry",
        kwargs={"call_pk": call.pk, "stage_pk": stage.pk, "entry_pk": entries[0].pk},
    )
    with django_assert_max_num_queries(20):
        assert client.get(entry_url).status_code == 200


def test_the_entry_page_adds_and_removes_by_hand(client):
    call, stage, entries, pool, manager = review_world(entries=1, reviewers=2, per_entry=1)
    log_in(client, manager)
    url = en(
        "orga_review:entry",
        kwargs={"call_pk": call.pk, "stage_pk": stage.pk, "entry_pk": entries[0].pk},
    )
    assert client.post(url, {"reviewer": pool[1].pk}).status_code == 302
    made = Assignment.objects.get()
    remove = en("orga_review:remove", kwargs={"call_pk": call.pk, "pk": made.pk})
    assert client.post(remove).status_code == 302
    assert not Assignment.objects.exists()


def test_the_organisers_pages_refuse_reviewers_and_talents(client):
    call, stage, _entries, pool, _manager = review_world(entries=1, reviewers=1)
    for someone in (pool[0].user, UserFactory()):
        client.logout()
        log_in(client, someone)
        for name, kwargs in (
            ("orga_review:index", {}),
            ("orga_review:reviewers", {}),
            ("orga_review:stage", {"stage_pk": stage.pk}),
        ):
            url = en(name, kwargs={"call_pk": call.pk, **kwargs})
            assert client.get(url).status_code == 403
        act = en(
            "orga_review:act",
            kwargs={"call_pk": call.pk, "stage_pk": stage.pk, "action": "assign"},
        )
        assert client.post(act).status_code == 403
    assert not Assignment.objects.exists()


def test_bad_addresses_and_input_answer_404_or_400_never_500(client):
    call, stage, entries, pool, manager = review_world(entries=1, reviewers=1)
    _other_call, other_stage, other_entries, other_pool, _m = review_world(entries=1, reviewers=1)
    panel = StageFactory(call=call, position=9, kind="panel", method="trimmed")
    log_in(client, manager)
    act = en(
        "orga_review:act", kwargs={"call_pk": call.pk, "stage_pk": stage.pk, "action": "explode"}
    )
    assert client.post(act).status_code == 404
    for kwargs in (
        {"stage_pk": other_stage.pk},
        {"stage_pk": panel.pk},
    ):
        assert (
            client.get(en("orga_review:stage", kwargs={"call_pk": call.pk, **kwargs})).status_code
            == 404
        )
    wrong_entry = en(
        "orga_review:entry",
        kwargs={"call_pk": call.pk, "stage_pk": stage.pk, "entry_pk": other_entries[0].pk},
    )
    assert client.get(wrong_entry).status_code == 404
    entry_url = en(
        "orga_review:entry",
        kwargs={"call_pk": call.pk, "stage_pk": stage.pk, "entry_pk": entries[0].pk},
    )
    assert client.post(entry_url, {"reviewer": other_pool[0].pk}).status_code == 400
    assert client.post(entry_url, {"reviewer": "x\x00"}).status_code == 400
    reviewers = en("orga_review:reviewers", kwargs={"call_pk": call.pk})
    assert client.post(reviewers, {"email": "a\x00@example.com"}).status_code == 400
    assert (
        client.post(reviewers, {"email": pool[0].user.email, "affiliation": "x" * 500}).status_code
        == 400
    )
    other_reviewer = en("orga_review:reviewer", kwargs={"call_pk": call.pk, "pk": other_pool[0].pk})
    assert client.get(other_reviewer).status_code == 404
    assert (
        client.get(
            en("orga_review:stage", kwargs={"call_pk": call.pk, "stage_pk": stage.pk})
            + "?page=x\x00"
        ).status_code
        == 400
    )
    assert not Assignment.objects.exists()
