"""The refusals of the online review's services no other test reaches: rows deleted before
the call, empty stages and pools, texts out of bounds, someone else's conflict, a role read
before it was taken away. Each refusal in words, nothing saved."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from yingcai.calls.models import (
    Assignment,
    Call,
    Conflict,
    Entry,
    Review,
    Reviewer,
    Stage,
    StageEntry,
)
from yingcai.calls.rules.roles import is_assigned_reviewer
from yingcai.calls.services import assignment as assignment_services
from yingcai.calls.services import reviewers as reviewer_services
from yingcai.calls.services import reviews as review_services
from yingcai.core.models import AuditEntry

from ..factories import UserFactory
from .factories import AssignmentFactory, CriterionFactory, EntryFactory, StageFactory
from .test_reviewers import review_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def audited(prefix="calls_review."):
    return AuditEntry.objects.filter(action__startswith=prefix).count()


# --- Opening a stage and assigning ----------------------------------------------------------
def test_opening_a_deleted_stage_is_refused():
    _call, stage, _entries, _pool, manager = review_world(entries=2)
    stage.status = "planned"
    stage.save()
    Stage.objects.filter(pk=stage.pk).delete()
    with pytest.raises(ValidationError, match="The stage no longer exists"):
        assignment_services.open_stage(manager, stage)
    assert not StageEntry.objects.exists() and audited() == 0


def test_a_later_stage_without_advanced_entries_is_not_opened():
    call, first, _entries, _pool, manager = review_world(entries=2)
    later = StageFactory(call=call, slug="second", position=first.position + 1, status="planned")
    CriterionFactory(stage=later, name="总体", weight=1, position=1)
    with pytest.raises(ValidationError, match="No entry has advanced to this stage yet"):
        assignment_services.open_stage(manager, later)
    later.refresh_from_db()
    assert later.status == "planned"
    assert not StageEntry.objects.filter(stage=later).exists() and audited() == 0


def test_the_first_stage_without_a_submitted_entry_is_not_opened():
    call, stage, _entries, _pool, manager = review_world(entries=0)
    EntryFactory(call=call, status="draft")
    stage.status = "planned"
    stage.save()
    with pytest.raises(ValidationError, match="No entry of this call has been submitted yet"):
        assignment_services.open_stage(manager, stage)
    stage.refresh_from_db()
    assert stage.status == "planned"
    assert not StageEntry.objects.exists() and audited() == 0


def test_assigning_a_stage_without_entries_is_refused():
    _call, stage, _entries, _pool, manager = review_world(entries=0, reviewers=2)
    with pytest.raises(ValidationError, match="No entry takes part in this stage yet"):
        assignment_services.assign(manager, stage)
    assert not Assignment.objects.exists() and audited() == 0


def test_assigning_without_an_active_reviewer_is_refused():
    _call, stage, _entries, pool, manager = review_world(entries=2, reviewers=1)
    Reviewer.objects.filter(pk=pool[0].pk).update(is_active=False)
    with pytest.raises(ValidationError, match="The pool has no active reviewer yet"):
        assignment_services.assign(manager, stage)
    assert not Assignment.objects.exists() and audited() == 0


def test_an_entry_outside_the_stage_is_not_assigned_by_hand():
    call, stage, _entries, pool, manager = review_world(entries=1, reviewers=1)
    draft = EntryFactory(call=call, status="draft")
    other_call = EntryFactory()
    for entry in (draft, other_call):
        with pytest.raises(ValidationError, match="This entry does not take part in this stage"):
            assignment_services.add_assignment(manager, stage, pool[0], entry)
    assert not Assignment.objects.exists() and audited() == 0


def test_removing_a_deleted_assignment_is_refused():
    _call, stage, entries, pool, manager = review_world(entries=1, reviewers=1)
    assignment = AssignmentFactory(stage=stage, reviewer=pool[0], entry=entries[0])
    Assignment.objects.filter(pk=assignment.pk).delete()
    with pytest.raises(ValidationError, match="The assignment no longer exists"):
        assignment_services.remove_assignment(manager, assignment)
    assert audited() == 0


# --- The pool -----------------------------------------------------------------------------
def test_adding_a_reviewer_to_a_deleted_call_is_refused():
    call, _stage, _entries, _pool, manager = review_world(entries=0, reviewers=0)
    expert = UserFactory()
    Call.objects.filter(pk=call.pk).delete()
    with pytest.raises(ValidationError, match="The call no longer exists"):
        reviewer_services.add_reviewer(manager, call, expert.email)
    assert not Reviewer.objects.filter(user=expert).exists() and audited() == 0


def test_changing_a_reviewer_taken_out_of_the_pool_table_is_refused():
    _call, _stage, _entries, pool, manager = review_world(entries=0, reviewers=1)
    reviewer = pool[0]
    Reviewer.objects.filter(pk=reviewer.pk).delete()
    with pytest.raises(ValidationError, match="This reviewer is no longer in the pool"):
        reviewer_services.change_reviewer(manager, reviewer, affiliation="重庆大学")
    assert not Reviewer.objects.exists() and audited() == 0


def test_an_affiliation_with_a_nul_character_or_too_long_is_refused():
    _call, _stage, _entries, pool, manager = review_world(entries=0, reviewers=1)
    reviewer = pool[0]
    before = reviewer.affiliation
    with pytest.raises(ValidationError) as refused:
        reviewer_services.change_reviewer(manager, reviewer, affiliation="重庆\x00大学")
    assert refused.value.message_dict == {
        "affiliation": ["The text contains a character that is not allowed."]
    }
    with pytest.raises(ValidationError) as refused:
        reviewer_services.change_reviewer(manager, reviewer, affiliation="大" * 121)
    assert refused.value.message_dict == {
        "affiliation": ["Keep the text to 120 characters or fewer."]
    }
    reviewer.refresh_from_db()
    assert reviewer.affiliation == before and audited() == 0


# --- Conflicts ----------------------------------------------------------------------------
def test_declaring_a_conflict_with_a_deleted_entry_is_refused():
    _call, _stage, entries, pool, _manager = review_world(entries=1, reviewers=1)
    entry = entries[0]
    Entry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ValidationError, match="The entry no longer exists"):
        reviewer_services.declare_conflict(pool[0].user, entry, "我指导过该团队")
    assert not Conflict.objects.exists() and audited() == 0


def test_withdrawing_a_deleted_conflict_is_refused():
    _call, _stage, entries, pool, _manager = review_world(entries=1, reviewers=1)
    user = pool[0].user
    conflict = reviewer_services.declare_conflict(user, entries[0], "我指导过该团队")
    Conflict.objects.filter(pk=conflict.pk).delete()
    with pytest.raises(ValidationError, match="This conflict of interest is no longer recorded"):
        reviewer_services.withdraw_conflict(user, conflict)
    assert not AuditEntry.objects.filter(action="calls_review.conflict_withdrawn").exists()


def test_a_reviewer_does_not_withdraw_someone_elses_conflict():
    _call, _stage, entries, pool, _manager = review_world(entries=1, reviewers=2)
    conflict = reviewer_services.declare_conflict(pool[0].user, entries[0], "亲属")
    with pytest.raises(ValidationError, match="This conflict of interest is not yours"):
        reviewer_services.withdraw_conflict(pool[1].user, conflict)
    assert Conflict.objects.filter(pk=conflict.pk).exists()
    assert not AuditEntry.objects.filter(action="calls_review.conflict_withdrawn").exists()


def test_a_reviewer_taken_out_of_the_pool_meanwhile_neither_declares_nor_withdraws():
    """The roles read at the start of a request (the user object's cache) still name the
    reviewer; the manager takes them out before the conflict is written."""
    _call, _stage, entries, pool, manager = review_world(entries=2, reviewers=1)
    reviewer = pool[0]
    user = reviewer.user
    conflict = reviewer_services.declare_conflict(user, entries[0], "亲属")
    reviewer_services.deactivate_reviewer(manager, Reviewer.objects.get(pk=reviewer.pk))
    with pytest.raises(ValidationError, match="You are not a reviewer of this call"):
        reviewer_services.declare_conflict(user, entries[1], "亲属")
    with pytest.raises(ValidationError, match="You are not a reviewer of this call"):
        reviewer_services.withdraw_conflict(user, conflict)
    assert list(Conflict.objects.values_list("pk", flat=True)) == [conflict.pk]


# --- Scores -------------------------------------------------------------------------------
def test_a_comment_too_long_is_refused():
    _call, stage, entries, pool, _manager = review_world(entries=1, reviewers=1)
    assignment = AssignmentFactory(stage=stage, reviewer=pool[0], entry=entries[0])
    scores = {str(c.pk): 5 for c in stage.criteria.all()}
    with pytest.raises(ValidationError) as refused:
        review_services.submit_review(pool[0].user, assignment, scores, "长" * 4001)
    assert refused.value.message_dict == {"comment": ["Keep the text to 4000 characters or fewer."]}
    assert not Review.objects.exists() and audited() == 0


def test_scoring_a_deleted_assignment_is_refused():
    _call, stage, entries, pool, _manager = review_world(entries=1, reviewers=1)
    assignment = AssignmentFactory(stage=stage, reviewer=pool[0], entry=entries[0])
    scores = {str(c.pk): 5 for c in stage.criteria.all()}
    Assignment.objects.filter(pk=assignment.pk).delete()
    with pytest.raises(ValidationError, match="The assignment no longer exists"):
        review_services.submit_review(pool[0].user, assignment, scores)
    assert not Review.objects.exists() and audited() == 0


def test_closing_the_scoring_of_a_deleted_stage_is_refused():
    _call, stage, _entries, _pool, manager = review_world(entries=1, reviewers=1)
    Stage.objects.filter(pk=stage.pk).delete()
    with pytest.raises(ValidationError, match="The stage no longer exists"):
        review_services.close_scoring(manager, stage)
    assert audited() == 0


def test_an_assigned_reviewer_is_about_assignments_and_entries_only():
    _call, stage, entries, pool, _manager = review_world(entries=1, reviewers=1)
    AssignmentFactory(stage=stage, reviewer=pool[0], entry=entries[0])
    user = pool[0].user
    assert is_assigned_reviewer.test(user, entries[0])
    assert not is_assigned_reviewer.test(user, stage)
    assert not is_assigned_reviewer.test(user, None)
