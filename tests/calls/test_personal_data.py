"""The calls' personal data (PIPL Art. 45, 47): a person's entries, documents, reviewer roles,
conflicts, reviews given with their scores, appeals, mails and certificates in their export;
after erasure no calls row names them, and the scores stay in the ranking without them."""

import pytest
from django.utils import timezone

from yingcai.calls.models import (
    Appeal,
    Call,
    Certificate,
    Conflict,
    Decision,
    Entry,
    EntryDocument,
    OutboxMessage,
    PanelMember,
    Review,
    Reviewer,
)
from yingcai.calls.scoring import total_of
from yingcai.core import audit
from yingcai.core.models import AuditEntry
from yingcai.core.registry import personal_data as registry

from ..factories import OrganisationFactory, ProjectFactory, StaffFactory, UserFactory
from ..privacy.test_personal_data import EMAIL, MOBILE, NAME, rows_naming
from .factories import AssignmentFactory, EntryFactory, ReviewerFactory, roadshow_call

CALLS_MODELS = {
    "calls.Call",
    "calls.Entry",
    "calls.EntryDocument",
    "calls.Reviewer",
    "calls.Conflict",
    "calls.Decision",
    "calls.OutboxMessage",
    "calls.Appeal",
    "calls.Certificate",
}


def review(assignment, values, comment=""):
    criteria = list(assignment.stage.criteria.all())
    scores = {str(c.pk): v for c, v in zip(criteria, values, strict=True)}
    return Review.objects.create(
        assignment=assignment,
        values=scores,
        total=total_of(criteria, scores),
        comment=comment,
    )


@pytest.fixture
def nana(db):
    """A team member who entered her project (a teammate stays), uploaded its plan, appealed
    and got a certificate and a mail; also a reviewer of another call with a declared
    conflict, two reviews and a panel seat; and, as staff, she opened a call and confirmed a
    decision."""
    person = UserFactory(name=NAME, email=EMAIL)
    person.mobile = MOBILE
    person.save()
    teammate = UserFactory(name="韩梅梅", email="meimei@example.com")
    project = ProjectFactory(lead=teammate)
    project.team.create(user=person, role="member")
    call = roadshow_call(created_by=person)
    stage = call.stages.get()
    entry = EntryFactory(call=call, project=project, created_by=person, answers={"team": "6"})
    EntryDocument.objects.create(
        entry=entry,
        key="plan",
        file="call-documents/1/abc",
        original_name=f"{NAME}的计划书.pdf",
        content_type="application/pdf",
        size=1000,
        uploaded_by=person,
    )
    Appeal.objects.create(stage=stage, entry=entry, text=f"{NAME}申诉：评分有误", created_by=person)
    Decision.objects.create(
        stage=stage,
        entry=entry,
        proposed="accept",
        outcome="accept",
        confirmed_at=timezone.now(),
        confirmed_by=person,
    )
    OutboxMessage.objects.create(
        stage=stage,
        entry=entry,
        language="zh-hans",
        recipients=[EMAIL.upper(), "meimei@example.com"],
        subject="评审结果",
        body="您的项目入选路演。",
        released_by=person,
    )
    # A mail to her alone about a team she has left since.
    alone = OutboxMessage.objects.create(
        stage=stage,
        entry=EntryFactory(call=call),
        language="zh-hans",
        recipients=[EMAIL],
        subject=f"{NAME}您好",
        body=f"{NAME}您好，您的项目未入选。",
    )
    Certificate.objects.create(entry=entry, issued_by=person)
    # As a reviewer of another call.
    other = roadshow_call()
    other_stage = other.stages.get()
    role = ReviewerFactory(
        call=other, user=person, affiliation=f"{NAME}实验室", organisation=OrganisationFactory()
    )
    ReviewerFactory(call=other, user=UserFactory(), added_by=person)
    first = AssignmentFactory(stage=other_stage, reviewer=role)
    second = AssignmentFactory(stage=other_stage, reviewer=role)
    review(first, [8, 6], comment=f"{NAME}认为技术领先")
    review(second, [4, 5.5])
    Conflict.objects.create(
        reviewer=role, entry=EntryFactory(call=other), source="declared", reason=f"{NAME}的学生"
    )
    PanelMember.objects.create(stage=other_stage, reviewer=role)
    audit.record(StaffFactory(roles=["editor"]), "call.reviewer_added", role)
    return {"person": person, "entry": entry, "role": role, "alone": alone, "first": first}


def test_every_calls_model_pointing_at_a_person_is_covered(db):
    covered = registry.covered_models()
    assert set(covered) >= CALLS_MODELS
    assert covered["calls.Review"] == "calls"
    assert not [m for m in registry.uncovered() if m.startswith("calls.")]


def test_the_export_holds_entries_reviews_and_scores(nana):
    person = nana["person"]
    data = registry.export(person)
    [entry] = data["call_entries"]
    assert entry["answers"] == {"team": "6"} and entry["status"] == "submitted"
    assert data["call_documents_uploaded"][0]["file_name"] == f"{NAME}的计划书.pdf"
    [role] = data["call_reviewer_roles"]
    assert role["affiliation"] == f"{NAME}实验室" and role["active"]
    reviews = data["call_reviews_given"]
    assert [r["comment"] for r in reviews] == [f"{NAME}认为技术领先", ""]
    assert reviews[1]["scores"] == {"创新性": 4.0, "市场前景": 5.5}
    # The total on the rubric's 0–100 scale: (2 × 40 + 1 × 55) / 3.
    assert reviews[1]["total"] == pytest.approx(45.0)
    assert data["call_conflicts"][0]["reason"] == f"{NAME}的学生"
    assert len(data["call_panels"]) == 1
    assert data["call_appeals"][0]["grounds"] == f"{NAME}申诉：评分有误"
    assert {m["subject"] for m in data["call_mails_received"]} == {"评审结果", f"{NAME}您好"}
    [certificate] = data["call_certificates"]
    assert certificate["code"] == nana["entry"].certificates.get().code


def test_erasure_leaves_no_calls_row_naming_the_person(nana):
    person, entry, role = nana["person"], nana["entry"], nana["role"]
    before = rows_naming(NAME, EMAIL, MOBILE)
    for column in (
        "calls.Review.comment",
        "calls.Conflict.reason",
        "calls.Appeal.text",
        "calls.OutboxMessage.recipients",
        "calls.Reviewer.affiliation",
        "calls.EntryDocument.original_name",
    ):
        assert column in before, column
    totals = sorted(Review.objects.values_list("total", flat=True))
    registry.erase(person)
    left = {k: v for k, v in rows_naming(NAME, EMAIL, MOBILE).items() if k.startswith("calls.")}
    assert left == {}
    for model, fields in (
        (Call, ("created_by",)),
        (Entry, ("created_by",)),
        (EntryDocument, ("uploaded_by",)),
        (Reviewer, ("added_by",)),
        (Decision, ("confirmed_by",)),
        (OutboxMessage, ("released_by",)),
        (Appeal, ("created_by",)),
        (Certificate, ("issued_by",)),
    ):
        for field in fields:
            assert not model.objects.filter(**{field: person}).exists(), (model, field)
    # The scores stay in the ranking, held by an inactive role of the anonymised account.
    assert sorted(Review.objects.values_list("total", flat=True)) == totals
    role.refresh_from_db()
    assert not role.is_active and role.organisation is None and not role.fields.exists()
    person.refresh_from_db()
    assert person.name == "" and not person.is_active
    # The team's rows stay; the mail to the team goes to the teammate alone.
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.answers == {"team": "6"}
    assert entry.decisions.get().outcome == "accept" and entry.certificates.exists()
    assert entry.documents.get().original_name == "plan.pdf"
    assert entry.outbox.get().recipients == ["meimei@example.com"]
    # A mail addressed to her alone is not sent to nobody.
    alone = OutboxMessage.objects.get(pk=nana["alone"].pk)
    assert alone.status == "discarded" and alone.recipients == [] and alone.body == ""
    # The audit entry about her reviewer role no longer names her.
    assert not AuditEntry.objects.filter(object_repr__contains=NAME).exists()


def test_a_reviewer_erased_leaves_the_other_reviewers_untouched(nana):
    other = ReviewerFactory(call=nana["role"].call, affiliation="重庆大学")
    registry.erase(nana["person"])
    other.refresh_from_db()
    assert other.is_active and other.affiliation == "重庆大学"
