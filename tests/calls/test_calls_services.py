"""Opening a call through the services: the eligibility, questions and documents are data
checked with translated messages; a call is created as a draft, changed, published once;
tracks and divisions chosen by entries stay."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yingcai.calls.models import Call, Track
from yingcai.calls.services import calls as services
from yingcai.calls.services import entries as entry_services
from yingcai.core.models import AuditEntry

from ..factories import UserFactory
from ..talents.helpers import media  # noqa: F401
from .entries_helpers import DOCUMENTS, QUESTIONS, open_call, team_project
from .factories import TrackFactory


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def new_call(**fields) -> Call:
    now = timezone.now()
    values = {
        "slug": "roadshow-2020",
        "kind": "roadshow",
        "title_zh_hans": "海内外项目路演征集",
        "title_en": "Roadshow call",
        "opens_at": now,
        "closes_at": now + timedelta(days=30),
        "reviewers_per_entry": 5,
        "questions": QUESTIONS,
        "documents": DOCUMENTS,
        "eligibility": {"max_lead_age": 45, "origins": ["domestic", "overseas"]},
    }
    values.update(fields)
    return Call(**values)


def test_an_editor_creates_a_draft_changes_and_publishes_it(editor):
    call = services.create_call(editor, new_call())
    assert not call.is_published and call.created_by == editor
    # Both origins are no limit at all.
    assert call.eligibility == {"max_lead_age": 45}
    call.title_en = "Roadshow call 2020"
    call.is_published = True  # from a form: ignored
    call = services.update_call(editor, call, ["title_en"])
    assert not Call.objects.get().is_published
    services.publish_call(editor, call)
    assert Call.objects.get().is_published
    with pytest.raises(ValidationError, match="already published"):
        services.publish_call(editor, call)
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "call.created",
        "call.changed",
        "call.published",
    ]


def test_only_call_managers_open_calls(talent, verifier):
    for person in (talent, verifier):
        with pytest.raises(PermissionDenied):
            services.create_call(person, new_call())
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"title_zh_hans": "", "title_en": ""}, "title_zh_hans", "Chinese, in English or both"),
        ({"closes_at": timezone.now() - timedelta(days=1)}, "closes_at", "close after"),
        ({"reviewers_per_entry": 0}, "reviewers_per_entry", "Between 1 and 20"),
        ({"eligibility": {"max_lead_age": 12}}, "eligibility", "between 16 and 100"),
        ({"eligibility": {"max_lead_age": "old"}}, "eligibility", "whole number"),
        ({"eligibility": {"stages": ["moon"]}}, "eligibility", "stages among those"),
        ({"eligibility": {"origins": "overseas"}}, "eligibility", "domestic, overseas or both"),
        ({"eligibility": {"colour": "red"}}, "eligibility", "not valid"),
        ({"eligibility": []}, "eligibility", "not valid"),
        ({"questions": {"a": 1}}, "questions", "not valid"),
        (
            {"questions": [QUESTIONS[0], QUESTIONS[0]]},
            "questions",
            "Line 2: the key “team-size” is used twice.",
        ),
        (
            {"questions": [{**QUESTIONS[0], "kind": "essay"}]},
            "questions",
            "Line 1: choose the kind",
        ),
        ({"questions": [{**QUESTIONS[0], "key": "Bad Key"}]}, "questions", "lower-case"),
        (
            {"questions": [{**QUESTIONS[0], "label_zh": "", "label_en": ""}]},
            "questions",
            "label in Chinese",
        ),
        (
            {"questions": [{**QUESTIONS[2], "choices": ["one"]}]},
            "questions",
            "between 2 and 30 options",
        ),
        (
            {"questions": [{**QUESTIONS[0], "choices": ["a", "b"]}]},
            "questions",
            "only a question of the kind",
        ),
        ({"questions": [{**QUESTIONS[1], "max_length": 99999}]}, "questions", "longest answer"),
        ({"questions": [{**QUESTIONS[0], "label_en": "x\x00"}]}, "questions", "at most 200"),
        ({"questions": [{**QUESTIONS[0], "required": "maybe"}]}, "questions", "yes or no"),
        ({"questions": [QUESTIONS[0]] * 31}, "questions", "At most 30 questions"),
        ({"documents": [{**DOCUMENTS[0], "kind": "pdf"}]}, "documents", "unknown settings"),
        ({"documents": ["plan"]}, "documents", "Line 1: not valid."),
    ],
)
def test_bad_data_answers_a_translated_error_and_saves_nothing(editor, fields, field, words):
    with pytest.raises(ValidationError) as refused:
        services.create_call(editor, new_call(**fields))
    assert field in refused.value.message_dict
    assert words in " ".join(refused.value.message_dict[field])
    assert not Call.objects.exists()


def test_questions_and_documents_are_set_as_data(editor):
    call = services.create_call(editor, new_call(questions=[], documents=[]))
    services.set_data(
        editor, call, "questions", [{**QUESTIONS[2], "choices": ["天使轮", " A轮 ", "天使轮"]}]
    )
    assert Call.objects.get().questions == [{**QUESTIONS[2], "choices": ["天使轮", "A轮"]}]
    with pytest.raises(ValidationError, match="used twice"):
        services.set_data(editor, call, "documents", DOCUMENTS * 2)
    assert Call.objects.get().documents == []


def test_a_track_chosen_by_an_entry_is_kept(editor, media):  # noqa: F811
    call = open_call()
    track = TrackFactory(call=call)
    project, lead = team_project()
    entry = entry_services.start_entry(lead, call, project)
    entry_services.update_entry(lead, entry, track=track.pk)
    with pytest.raises(ValidationError, match="chosen by entries"):
        services.save_parts(editor, call, Track, [], [track])
    assert Track.objects.filter(pk=track.pk).exists()
    unused = TrackFactory(call=call)
    services.save_parts(editor, call, Track, [], [unused])
    assert not Track.objects.filter(pk=unused.pk).exists()


def test_a_part_needs_a_name(editor):
    call = open_call()
    with pytest.raises(ValidationError, match="Give each name"):
        services.save_parts(editor, call, Track, [Track(slug="x")], [])
    assert not Track.objects.exists()
    assert UserFactory()
