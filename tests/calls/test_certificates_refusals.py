"""The refusals of certificates and awards that the other tests do not reach: an award's
name too long, a call, stage, entry or certificate deleted meanwhile, and an award given by
another path between the check and the write (PostgreSQL)."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import translation

from yingcai.calls.models import AwardCategory, Call, Certificate, Entry, Stage, StageEntry
from yingcai.calls.services import certificates as services
from yingcai.core.models import AuditEntry, District
from yingcai.core.rules import STAFF_EDITOR

from ..concurrency import postgresql_only, put_back_reference_rows
from ..factories import StaffFactory
from .factories import EntryFactory, contest_call
from .test_calls_refusals import while_uncommitted


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def final(db):
    """A contest's final with one finalist."""
    call = contest_call()
    stage = call.stages.get(slug="final")
    finalist = EntryFactory(call=call)
    StageEntry.objects.create(stage=stage, entry=finalist)
    return stage, finalist


@pytest.mark.parametrize(("zh", "en"), [("奖" * 81, ""), ("", "P" * 81), ("一等奖", "P" * 81)])
def test_an_award_name_is_at_most_80_characters(final, editor, zh, en):
    stage, _finalist = final
    with pytest.raises(ValidationError, match="Write at most 80 characters"):
        services.add_award_category(editor, stage.call, zh, en)
    assert not AwardCategory.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_call_deleted_meanwhile_gets_no_award(editor, db):
    call = contest_call()
    Call.objects.filter(pk=call.pk).delete()
    with pytest.raises(ValidationError, match="This call no longer exists"):
        services.add_award_category(editor, call, "一等奖", "First prize")
    assert not AwardCategory.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_stage_deleted_meanwhile_issues_no_certificate(final, editor):
    stage, _finalist = final
    Stage.objects.filter(pk=stage.pk).delete()
    with pytest.raises(ValidationError, match="This stage no longer exists"):
        services.issue_certificates(editor, stage)
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_entry_deleted_meanwhile_gets_no_award(final, editor):
    stage, finalist = final
    prize = services.add_award_category(editor, stage.call, "一等奖", "First prize")
    Entry.objects.filter(pk=finalist.pk).delete()
    with pytest.raises(ValidationError, match="This entry no longer exists"):
        services.award(editor, finalist, prize)
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.filter(action="calls.award_given").exists()


def test_a_certificate_deleted_meanwhile_is_not_revoked(final, editor):
    stage, _finalist = final
    [certificate] = services.issue_certificates(editor, stage)
    Certificate.objects.filter(pk=certificate.pk).delete()
    with pytest.raises(ValidationError, match="This certificate no longer exists"):
        services.revoke(editor, certificate)
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.filter(action="calls.certificate_revoked").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_award_written_by_another_path_meanwhile_is_given_once():
    put_back_reference_rows()
    Group.objects.get_or_create(name=STAFF_EDITOR)
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    editor = StaffFactory(roles=[STAFF_EDITOR])
    call = contest_call()
    finalist = EntryFactory(call=call)
    StageEntry.objects.create(stage=call.stages.get(slug="final"), entry=finalist)
    prize = AwardCategory.objects.create(call=call, slug="first", name="一等奖")
    # A path that does not lock the entry (the admin, a script) writes the award while an
    # organiser gives it: only `calls_award_certificate_once` stands between them.
    outcome = while_uncommitted(
        lambda: Certificate.objects.create(entry=finalist, award=prize),
        lambda: services.award(editor, finalist, prize),
    )
    assert outcome == "This project already has this award."
    assert Certificate.objects.filter(entry=finalist, award=prize).count() == 1
    assert not AuditEntry.objects.filter(action="calls.award_given").exists()
