"""The refusals of entering a call that the other tests do not reach: answers that are not
valid, a call, entry, project or document deleted meanwhile, an upload without a file, and
an entry started by another path between the check and the write (PostgreSQL)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from yingcai.calls.models import Call, Entry, EntryDocument
from yingcai.calls.services import entries as services
from yingcai.core.models import AuditEntry, District
from yingcai.projects.models import Project

from ..concurrency import postgresql_only, put_back_reference_rows
from ..talents.helpers import media, stored_files  # noqa: F401
from .entries_helpers import ANSWERS, complete_entry, open_call, team_project
from .factories import CallFactory, EntryFactory
from .test_calls_refusals import while_uncommitted


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def call(db):
    return open_call()


@pytest.fixture
def team(db):
    return team_project()


@pytest.mark.parametrize(
    ("answers", "key", "words"),
    [
        (
            {"video": "https://example.com/" + "v" * 481},
            "video",
            "A link is at most 500 characters.",
        ),
        (["team-size"], None, "The answers are not valid."),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(call, team, answers, key, words):
    project, lead = team
    entry = services.start_entry(lead, call, project)
    with pytest.raises(ValidationError) as refused:
        services.update_entry(lead, entry, answers=answers)
    if key:
        assert refused.value.message_dict == {key: [words]}
    else:
        assert refused.value.messages == [words]
    assert Entry.objects.get().answers == {}
    assert not AuditEntry.objects.filter(action="call_entry.changed").exists()


def test_a_question_of_an_unknown_kind_takes_no_answer(team):
    # Written past the organisers' forms (the admin's JSON): a kind the entry form lacks.
    call = CallFactory(questions=[{"key": "when", "label_en": "Founded", "kind": "date"}])
    project, lead = team
    entry = services.start_entry(lead, call, project)
    with pytest.raises(ValidationError) as refused:
        services.update_entry(lead, entry, answers={"when": "2020"})
    assert refused.value.message_dict == {"when": ["This answer is not valid."]}
    assert Entry.objects.get().answers == {}


def test_a_call_deleted_meanwhile_takes_no_entry(call, team):
    project, lead = team
    Call.objects.filter(pk=call.pk).delete()
    with pytest.raises(ValidationError, match="This call no longer exists"):
        services.start_entry(lead, call, project)
    assert not Entry.objects.exists()
    assert not AuditEntry.objects.filter(action="call_entry.started").exists()


def test_a_project_deleted_meanwhile_does_not_enter(call, team):
    project, lead = team
    # The page offered the project: the person's teams were read before it was deleted.
    assert lead.has_perm("calls.enter_with_project", project)
    Project.objects.filter(pk=project.pk).delete()
    with pytest.raises(ValidationError, match="This project no longer exists"):
        services.start_entry(lead, call, project)
    assert not Entry.objects.exists()
    assert not AuditEntry.objects.filter(action="call_entry.started").exists()


def test_an_entry_deleted_meanwhile_is_not_changed(call, team):
    project, lead = team
    entry = services.start_entry(lead, call, project)
    Entry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ValidationError, match="This entry no longer exists"):
        services.update_entry(lead, entry, answers=dict(ANSWERS))
    assert not Entry.objects.exists()
    assert not AuditEntry.objects.filter(action="call_entry.changed").exists()


def test_an_upload_without_a_file_is_refused(call, team, media):  # noqa: F811
    project, lead = team
    entry = services.start_entry(lead, call, project)
    with pytest.raises(ValidationError, match="Choose a file") as refused:
        services.upload_document(lead, entry, "plan", None)
    assert refused.value.code == "missing"
    assert not EntryDocument.objects.exists()
    assert stored_files(media) == []


def test_a_document_deleted_meanwhile_is_not_deleted_twice(call, team, media):  # noqa: F811
    project, lead = team
    entry = complete_entry(call, project, lead)
    document = entry.documents.get()
    EntryDocument.objects.filter(pk=document.pk).delete()
    with pytest.raises(ValidationError, match="This document no longer exists"):
        services.delete_document(lead, document)
    assert not AuditEntry.objects.filter(action="call_entry.document_deleted").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_entry_written_by_another_path_meanwhile_refuses_the_second():
    put_back_reference_rows()
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    call = open_call()
    project, lead = team_project()
    # A path that forgot the project's lock (the admin, a script) writes the project's entry
    # while the team starts one: only `calls_entry_once_per_call` stands between them.
    outcome = while_uncommitted(
        lambda: EntryFactory(call=call, project=project, status="draft", submitted_at=None),
        lambda: services.start_entry(lead, call, project),
    )
    assert outcome == "This project has already entered this call."
    assert Entry.objects.filter(call=call, project=project).count() == 1
    assert not AuditEntry.objects.filter(action="call_entry.started").exists()
