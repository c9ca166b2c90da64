"""The refusals of opening a call that the other tests do not reach: malformed questions and
eligibility, a call deleted meanwhile, tracks of another call or twice the same short name,
and the short name taken by another client between the check and the write (PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation

from yingcai.calls.models import Call, Stage, Track
from yingcai.calls.services import calls as services
from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_EDITOR

from ..concurrency import postgresql_only, put_back_reference_rows
from ..factories import StaffFactory
from .entries_helpers import QUESTIONS
from .factories import CallFactory, TrackFactory


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def while_uncommitted(insert, service, timeout=20) -> str:
    """Run `service` in a second client while this one holds `insert`'s row uncommitted, and
    commit once the second client waits on it (the unique index): the check before its write
    did not see the row, its write meets it. Returns the service's refusal ("ok" if none)."""
    outcome = []

    def run():
        translation.activate("en")
        try:
            service()
            outcome.append("ok")
        except ValidationError as error:
            outcome.append(" ".join(error.messages))
        except Exception as error:  # reported, never lost in the thread
            outcome.append(f"error: {type(error).__name__}: {error}")
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    with transaction.atomic():
        insert()
        thread.start()
        deadline = timezone.now() + timedelta(seconds=timeout)
        with connection.cursor() as cursor:
            while timezone.now() < deadline:
                # The statistics are read once per transaction unless cleared.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database() AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0]:
                    break
                threading.Event().wait(0.02)
            else:
                pytest.fail("the second client never waited on the uncommitted row")
    thread.join(timeout=timeout)
    assert not thread.is_alive(), "the second client is still waiting"
    return outcome[0]


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
    }
    values.update(fields)
    return Call(**values)


@pytest.mark.parametrize(
    ("row", "words"),
    [
        # A label that is not a text (a number from the admin's JSON).
        ({"key": "size", "label_zh": 5, "kind": "number"}, "a label is at most 200 characters"),
        (
            {"key": "size", "label_en": "Size", "kind": "number", "colour": "red"},
            "unknown settings",
        ),
        (
            {"key": "round", "label_en": "Round", "kind": "choice", "choices": ["A", "B" * 101]},
            "each choice is a text of at most 100 characters",
        ),
        (
            {"key": "round", "label_en": "Round", "kind": "choice", "choices": ["A", 2]},
            "each choice is a text of at most 100 characters",
        ),
    ],
)
def test_malformed_questions_are_refused_and_nothing_is_saved(editor, row, words):
    call = CallFactory(questions=QUESTIONS)
    with pytest.raises(ValidationError, match=words) as refusal:
        services.set_data(editor, call, "questions", [row])
    assert list(refusal.value.message_dict) == ["questions"]
    assert Call.objects.get(pk=call.pk).questions == QUESTIONS
    assert not AuditEntry.objects.filter(action="call.questions_changed").exists()


@pytest.mark.parametrize("age", [30.5, "30.5"])
def test_a_maximum_age_that_is_not_whole_is_refused(editor, age):
    with pytest.raises(ValidationError, match="must be a whole number") as refusal:
        services.create_call(editor, new_call(eligibility={"max_lead_age": age}))
    assert list(refusal.value.message_dict) == ["eligibility"]
    assert not Call.objects.exists()


def test_a_call_deleted_meanwhile_is_not_changed(editor):
    call = CallFactory(title_en="Roadshow")
    Call.objects.filter(pk=call.pk).delete()
    call.title_en = "Roadshow 2020"
    with pytest.raises(ValidationError, match="This call no longer exists"):
        services.update_call(editor, call, ["title_en"])
    assert not Call.objects.exists()
    assert not AuditEntry.objects.exists()


def test_only_tracks_and_divisions_are_parts_and_only_questions_and_documents_data(editor):
    call = CallFactory()
    with pytest.raises(ValueError, match="Stage"):
        services.save_parts(editor, call, Stage, [], [])
    with pytest.raises(ValueError, match="tracks"):
        services.set_data(editor, call, "tracks", [])
    assert not AuditEntry.objects.exists()


def test_a_track_of_another_call_is_not_taken_over(editor):
    call, other = CallFactory(), CallFactory()
    track = TrackFactory(call=other, slug="innovation", name="创新")
    track.name_zh_hans = "改名"
    with pytest.raises(ValidationError, match="This call no longer exists"):
        services.save_parts(editor, call, Track, [track], [])
    track.refresh_from_db()
    assert (track.call, track.name_zh_hans) == (other, "创新")
    assert not call.tracks.exists()
    assert not AuditEntry.objects.exists()


def test_two_new_tracks_with_one_short_name_are_refused(editor):
    call = CallFactory()
    rows = [Track(slug="innovation", name_en="Innovation"), Track(slug="innovation", name_en="X")]
    with pytest.raises(ValidationError, match="Two rows have the short name “innovation”"):
        services.save_parts(editor, call, Track, rows, [])
    assert not Track.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.fixture
def race_editor(transactional_db):
    put_back_reference_rows()
    Group.objects.get_or_create(name=STAFF_EDITOR)
    return StaffFactory(roles=[STAFF_EDITOR])


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_short_name_taken_meanwhile_refuses_the_new_call(race_editor):
    outcome = while_uncommitted(
        lambda: CallFactory(slug="roadshow-2020"),
        lambda: services.create_call(race_editor, new_call(slug="roadshow-2020")),
    )
    assert outcome == "Another call has this short name."
    assert Call.objects.filter(slug="roadshow-2020").count() == 1
    assert not AuditEntry.objects.filter(action="call.created").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_short_name_taken_meanwhile_refuses_the_change(race_editor):
    call = CallFactory(slug="roadshow-2019")
    call.slug = "roadshow-2020"
    outcome = while_uncommitted(
        lambda: CallFactory(slug="roadshow-2020"),
        lambda: services.update_call(race_editor, call, ["slug"]),
    )
    assert outcome == "Another call has this short name."
    assert Call.objects.filter(pk=call.pk, slug="roadshow-2019").exists()
    assert not AuditEntry.objects.filter(action="call.changed").exists()
