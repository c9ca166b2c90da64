"""A call's reviewer pool and conflicts of interest: the services and the pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from yingcai.calls import personal_data
from yingcai.calls.models import Assignment, Conflict, Review, Reviewer
from yingcai.calls.services import reviewers as services
from yingcai.core.models import AuditEntry, DisciplineField
from yingcai.core.rules import STAFF_EDITOR

from ..factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)
from .factories import AssignmentFactory, EntryFactory, ReviewerFactory, roadshow_call

pytestmark = pytest.mark.django_db


def en(name, **kwargs):
    """The English page's URL (the language is the URL's prefix)."""
    with translation.override("en"):
        return reverse(name, **kwargs)


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def review_world(entries=6, reviewers=4, per_entry=2):
    """A roadshow call (one online review stage, two criteria) with submitted entries and an
    active pool; answers (call, stage, entries, reviewers, manager)."""
    call = roadshow_call(reviewers_per_entry=per_entry)
    stage = call.stages.get()
    made = [EntryFactory(call=call) for _ in range(entries)]
    pool = [ReviewerFactory(call=call) for _ in range(reviewers)]
    manager = StaffFactory(roles=[STAFF_EDITOR])
    return call, stage, made, pool, manager


def test_a_manager_adds_an_account_by_its_address_with_fields_and_organisation():
    call, _stage, _entries, _pool, manager = review_world(entries=1, reviewers=0)
    expert = UserFactory(email="Expert@Example.com")
    organisation = OrganisationFactory()
    field = DisciplineField.objects.first()
    reviewer = services.add_reviewer(
        manager, call, "expert@example.com", [field], organisation, "重庆大学 教授"
    )
    assert reviewer.user == expert and reviewer.is_active
    assert list(reviewer.fields.all()) == [field]
    assert reviewer.organisation == organisation and reviewer.affiliation == "重庆大学 教授"
    assert AuditEntry.objects.filter(action="calls_review.reviewer_added").exists()


def test_an_unknown_address_an_unverified_organisation_and_a_second_add_are_refused(english):
    call, _stage, _entries, _pool, manager = review_world(entries=1, reviewers=0)
    with pytest.raises(ValidationError) as refused:
        services.add_reviewer(manager, call, "nobody@example.com")
    assert "No account uses this e-mail address" in str(refused.value)
    expert = UserFactory()
    with pytest.raises(ValidationError) as refused:
        services.add_reviewer(
            manager, call, expert.email, organisation=OrganisationFactory(status="pending")
        )
    assert "verified organisation" in str(refused.value)
    services.add_reviewer(manager, call, expert.email)
    with pytest.raises(ValidationError) as refused:
        services.add_reviewer(manager, call, expert.email)
    assert "already in this call's pool" in str(refused.value)
    assert Reviewer.objects.filter(call=call).count() == 1


def test_only_call_managers_build_the_pool():
    call, _stage, _entries, pool, _manager = review_world(entries=1, reviewers=1)
    for someone in (UserFactory(), pool[0].user, StaffFactory()):
        with pytest.raises(PermissionDenied):
            services.add_reviewer(someone, call, UserFactory().email)
        with pytest.raises(PermissionDenied):
            services.deactivate_reviewer(someone, pool[0])


def test_deactivating_removes_unscored_assignments_and_adding_again_reactivates():
    call, stage, entries, pool, manager = review_world(entries=2, reviewers=2)
    reviewer = pool[0]
    AssignmentFactory(stage=stage, reviewer=reviewer, entry=entries[0])
    assert services.deactivate_reviewer(manager, reviewer) == 1
    reviewer.refresh_from_db()
    assert not reviewer.is_active and not Assignment.objects.filter(reviewer=reviewer).exists()
    with pytest.raises(ValidationError):
        services.deactivate_reviewer(manager, reviewer)
    again = services.add_reviewer(manager, call, reviewer.user.email)
    assert again.pk == reviewer.pk and again.is_active


def test_conflicts_are_found_from_the_team_and_the_organisations():
    call, stage, entries, pool, _manager = review_world(entries=3, reviewers=3)
    # pool[0] is in the team of entry 0.
    entries[0].project.team.create(user=pool[0].user, role="member")
    # pool[1]'s organisation (named in the pool) is a team member's organisation (entry 1).
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, user=entries[1].project.team.get().user)
    pool[1].organisation = organisation
    pool[1].save()
    # pool[2] belongs to the organisation of entry 2's lead.
    other = OrganisationFactory()
    MembershipFactory(organisation=other, user=entries[2].project.team.get().user)
    MembershipFactory(organisation=other, user=pool[2].user, role="viewer")
    assert services.find_conflicts(stage) == 3
    found = {(c.reviewer_id, c.entry_id): c.source for c in Conflict.objects.all()}
    assert found == {
        (pool[0].pk, entries[0].pk): "team",
        (pool[1].pk, entries[1].pk): "organisation",
        (pool[2].pk, entries[2].pk): "organisation",
    }
    assert services.find_conflicts(call) == 0  # recorded once


def test_a_reviewer_declares_a_conflict_and_loses_the_assignment(english):
    _call, stage, entries, pool, _manager = review_world(entries=2, reviewers=1)
    reviewer = pool[0]
    AssignmentFactory(stage=stage, reviewer=reviewer, entry=entries[0])
    conflict = services.declare_conflict(reviewer.user, entries[0], "曾在该团队任顾问")
    assert conflict.source == "declared"
    assert not Assignment.objects.filter(reviewer=reviewer).exists()
    with pytest.raises(ValidationError) as refused:
        services.declare_conflict(reviewer.user, entries[0])
    assert "already declared" in str(refused.value)
    with pytest.raises(PermissionDenied):
        services.declare_conflict(UserFactory(), entries[1])
    services.withdraw_conflict(reviewer.user, conflict)
    assert not Conflict.objects.exists()


def test_a_found_conflict_cannot_be_withdrawn(english):
    call, _stage, entries, pool, _manager = review_world(entries=1, reviewers=1)
    entries[0].project.team.create(user=pool[0].user, role="member")
    services.find_conflicts(call)
    with pytest.raises(ValidationError) as refused:
        services.withdraw_conflict(pool[0].user, Conflict.objects.get())
    assert "it stays" in str(refused.value)


def test_the_pool_page_adds_a_reviewer_and_says_when_the_address_is_unknown(client):
    call, _stage, _entries, _pool, manager = review_world(entries=1, reviewers=3)
    log_in(client, manager)
    url = en("orga_review:reviewers", kwargs={"call_pk": call.pk})
    with translation.override("en"):
        refused = client.post(url, {"email": "nobody@example.com"})
        assert refused.status_code == 400
        assert "No account uses this e-mail address" in refused.content.decode()
        expert = UserFactory()
        done = client.post(url, {"email": expert.email, "affiliation": "西南大学"})
        assert done.status_code == 302
    assert Reviewer.objects.filter(call=call, user=expert, affiliation="西南大学").exists()


def test_the_pool_page_reads_in_bounded_queries(client, django_assert_max_num_queries):
    call, _stage, _entries, _pool, manager = review_world(entries=1, reviewers=25)
    log_in(client, manager)
    url = en("orga_review:reviewers", kwargs={"call_pk": call.pk})
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_the_conflicts_page_shows_titles_organisations_and_cities_only(client):
    call, _stage, entries, pool, _manager = review_world(entries=3, reviewers=1)
    organisation = OrganisationFactory(name_zh_hans="两江科技有限公司")
    MembershipFactory(organisation=organisation, user=entries[0].project.team.get().user)
    log_in(client, pool[0].user)
    url = en("review:conflicts", kwargs={"call_pk": call.pk})
    page = client.get(url).content.decode()
    assert entries[0].project.title in page and organisation.name_en in page
    assert entries[0].project.summary not in page
    declare = en("review:declare", kwargs={"call_pk": call.pk, "entry_pk": entries[1].pk})
    assert client.post(declare, {"reason": "同事"}).status_code == 302
    assert Conflict.objects.filter(reviewer=pool[0], entry=entries[1], reason="同事").exists()


def test_someone_outside_the_pool_cannot_open_the_conflicts_page(client):
    call, _stage, entries, _pool, _manager = review_world(entries=1, reviewers=1)
    log_in(client, UserFactory())
    url = en("review:conflicts", kwargs={"call_pk": call.pk})
    assert client.get(url).status_code == 404
    declare = en("review:declare", kwargs={"call_pk": call.pk, "entry_pk": entries[0].pk})
    assert client.post(declare).status_code == 404
    assert not Conflict.objects.exists()


def test_a_reviewers_data_is_exported_and_erased_keeping_the_scores():
    call, stage, entries, pool, _manager = review_world(entries=1, reviewers=1)
    reviewer = pool[0]
    reviewer.organisation = OrganisationFactory()
    reviewer.save()
    assignment = AssignmentFactory(stage=stage, reviewer=reviewer, entry=entries[0])
    Review.objects.create(assignment=assignment, values={"1": 5}, total=50, comment="很好")
    services.declare_conflict(reviewer.user, EntryFactory(call=call), "亲属")
    exported = personal_data.export(reviewer.user)
    assert exported["call_reviews_given"][0]["comment"] == "很好"
    assert exported["call_conflicts"][0]["reason"] == "亲属"
    assert exported["call_reviewer_roles"][0]["affiliation"] == "重庆大学"
    personal_data.erase(reviewer.user)
    review = Review.objects.get()
    reviewer.refresh_from_db()
    assert review.comment == "" and review.total == 50
    assert Conflict.objects.get().reason == ""
    assert reviewer.affiliation == "" and reviewer.organisation is None and not reviewer.is_active
