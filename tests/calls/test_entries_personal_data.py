"""Entries' personal data (PIPL Art. 45, 47): the entries of a person's projects and the
documents they uploaded in their export; after erasure no entry or document names them, and
the documents of a project that leaves with its last member leave no file behind."""

import pytest

from yingcai.calls.models import Call, Entry, EntryDocument
from yingcai.core.registry import personal_data as registry
from yingcai.core.rules import forget
from yingcai.projects.models import TeamMember

from ..factories import UserFactory
from ..privacy.test_personal_data import EMAIL, MOBILE, NAME, rows_naming
from ..talents.helpers import media, stored_files  # noqa: F401
from .entries_helpers import complete_entry, open_call, pdf, submitted_entry, team_project


@pytest.fixture
def nana(db, media):  # noqa: F811
    person = UserFactory(name=NAME, email=EMAIL)
    person.mobile = MOBILE
    person.save()
    shared, lead = team_project()
    TeamMember.objects.create(project=shared, user=person)
    call = open_call()
    Call.objects.filter(pk=call.pk).update(created_by=person)
    kept = submitted_entry(call, shared, person)
    EntryDocument.objects.filter(entry=kept).update(original_name=f"{NAME}的计划书.pdf")
    alone, _lead = team_project(lead=person)
    forget(person)  # the roles read above, before the person led a project of their own
    gone = complete_entry(open_call(), alone, person)
    return person, kept, gone, lead


def test_every_entry_model_pointing_at_a_person_is_covered(db):
    assert {"calls.Call", "calls.Entry", "calls.EntryDocument"} <= set(registry.covered_models())


def test_the_export_holds_the_entries(nana):
    person, kept, gone, _lead = nana
    data = registry.export(person)
    entries = {(e["project"], e["status"], e["entered_by_me"]) for e in data["call_entries"]}
    assert entries == {(str(kept.project), "submitted", True), (str(gone.project), "draft", True)}
    assert len(data["call_documents_uploaded"]) == 2
    assert len(data["calls_opened"]) == 1


def test_erasure_leaves_no_entry_naming_the_person_and_no_orphan_file(
    nana,
    media,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person, kept, gone, _lead = nana
    assert "calls.EntryDocument.original_name" in rows_naming(NAME, EMAIL, MOBILE)
    with django_capture_on_commit_callbacks(execute=True):
        registry.erase(person)
    left = {k: v for k, v in rows_naming(NAME, EMAIL, MOBILE).items() if k.startswith("calls.")}
    assert left == {}
    assert not Entry.objects.filter(created_by=person).exists()
    assert not EntryDocument.objects.filter(uploaded_by=person).exists()
    assert not Call.objects.filter(created_by=person).exists()
    # The shared project keeps its entry and document; the project alone left with its entry.
    kept.refresh_from_db()
    assert kept.status == "submitted" and kept.documents.get().original_name == "document"
    assert not Entry.objects.filter(pk=gone.pk).exists()
    assert stored_files(media) == [media / kept.documents.get().file.name]
    assert pdf()
