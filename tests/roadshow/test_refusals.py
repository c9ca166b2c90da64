"""The refusals of the roadshow's services that no other test meets: a session without a start,
questions too long, an online pitch without a link, rows deleted before the call (a stale
page), and a project placed in two sessions by two organisers at once (nothing saved)."""

import threading
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation

from yingcai.calls.models import Call
from yingcai.core.models import AuditEntry, District
from yingcai.core.rules import STAFF_EDITOR
from yingcai.roadshow.models import Pitch, RoadshowSession, SpotInterest
from yingcai.roadshow.services import interest
from yingcai.roadshow.services import programme as services

from ..concurrency import postgresql_only, put_back_reference_rows
from ..factories import StaffFactory
from .factories import pitch, roadshow, session


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def gone(row):
    type(row).objects.filter(pk=row.pk).delete()


def a_session(**fields):
    return RoadshowSession(
        title_zh_hans="路演第一场",
        title_en="Roadshow, first session",
        online_url="https://meeting.example.cn/1",
        **fields,
    )


@pytest.mark.django_db
def test_a_session_without_a_start_is_refused(editor):
    call, _entries = roadshow(selected_count=1)
    with pytest.raises(ValidationError) as refused:
        services.create_session(editor, call, a_session(starts_at=None))
    assert refused.value.message_dict == {"starts_at": ["Give the time the session starts."]}
    assert not RoadshowSession.objects.exists()


@pytest.mark.django_db
def test_a_session_of_a_deleted_call_is_refused(editor):
    call, _entries = roadshow(selected_count=1)
    gone(call)
    with pytest.raises(ValidationError, match="This call no longer exists"):
        services.create_session(editor, call, a_session(starts_at=timezone.now()))
    assert not RoadshowSession.objects.exists()
    assert not Call.objects.filter(pk=call.pk).exists()
    assert not AuditEntry.objects.filter(action="roadshow.session_created").exists()


@pytest.mark.django_db
def test_changing_a_deleted_session_is_refused(editor):
    call, _entries = roadshow(selected_count=1)
    stale = session(call)
    gone(stale)
    stale.title_en = "Roadshow, renamed"
    with pytest.raises(ValidationError, match="This session no longer exists"):
        services.change_session(editor, stale)
    assert not RoadshowSession.objects.exists()
    assert not AuditEntry.objects.filter(action="roadshow.session_changed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [-1, 61])
def test_questions_out_of_bounds_are_refused(editor, minutes):
    call, entries = roadshow(selected_count=1)
    room = session(call)
    with pytest.raises(ValidationError) as refused:
        services.place(editor, room, entries, questions_minutes=minutes)
    assert refused.value.message_dict == {
        "questions_minutes": ["Questions last from 0 to 60 minutes."]
    }
    assert not Pitch.objects.exists()
    placed = pitch(room, entries[0])
    with pytest.raises(ValidationError, match="Questions last from 0 to 60 minutes"):
        services.change_pitch(
            editor,
            placed,
            online=False,
            online_url="",
            pitch_minutes=7,
            questions_minutes=minutes,
        )
    placed.refresh_from_db()
    assert placed.questions_minutes == 5


@pytest.mark.django_db
def test_an_online_pitch_without_a_link_is_refused(editor):
    call, entries = roadshow(selected_count=1)
    room = session(call, online_url="")  # a session in the hall only
    placed = pitch(room, entries[0])
    with pytest.raises(ValidationError) as refused:
        services.change_pitch(
            editor, placed, online=True, online_url="  ", pitch_minutes=10, questions_minutes=5
        )
    assert refused.value.message_dict == {"online_url": ["An online pitch needs a link."]}
    placed.refresh_from_db()
    assert (placed.online, placed.online_url, placed.pitch_minutes) == (False, "", 7)
    assert not AuditEntry.objects.filter(action="roadshow.pitch_changed").exists()


@pytest.mark.django_db
def test_marking_interest_in_a_pitch_taken_out_is_refused(owner, organisation):
    call, entries = roadshow(selected_count=1)
    today = session(call, starts_at=timezone.now() - timedelta(minutes=5))
    stale = pitch(today, entries[0])
    gone(stale)
    with pytest.raises(ValidationError, match="This pitch is no longer in the programme"):
        interest.mark(owner, stale, organisation)
    assert not SpotInterest.objects.exists()
    assert not AuditEntry.objects.filter(action="roadshow.interest_marked").exists()


@postgresql_only
def test_a_project_placed_in_another_session_meanwhile_is_refused(transactional_db):
    """Two organisers place one project in two sessions: each holds only its own session's
    lock, so both find it unplaced; the second's insert waits for the first's and is refused
    when the first commits."""
    put_back_reference_rows()
    Group.objects.get_or_create(name=STAFF_EDITOR)
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    call, entries = roadshow(selected_count=1)
    first_room, second_room = session(call), session(call, title="海内外项目路演 第二场")
    first_editor, second_editor = (StaffFactory(roles=[STAFF_EDITOR]) for _ in range(2))
    placed, go_on = threading.Event(), threading.Event()
    outcomes = {}

    def first():
        translation.activate("en")
        try:
            with transaction.atomic():
                services.place(first_editor, first_room, entries)
                placed.set()
                # Not committed until the second organiser's insert waits for this one.
                assert go_on.wait(timeout=30)
            outcomes["first"] = "ok"
        except Exception as error:
            outcomes["first"] = f"error: {type(error).__name__}: {error}"
            placed.set()
        finally:
            connection.close()

    def second():
        translation.activate("en")
        try:
            assert placed.wait(timeout=30)
            services.place(second_editor, second_room, entries)
            outcomes["second"] = "ok"
        except ValidationError as error:
            outcomes["second"] = " ".join(error.messages)
        except Exception as error:
            outcomes["second"] = f"error: {type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert placed.wait(timeout=30)
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the second organiser's insert never waited for the first's")
    go_on.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert outcomes == {
        "first": "ok",
        "second": "A project was placed meanwhile: reload the page.",
    }
    assert list(Pitch.objects.values_list("session_id", "entry_id")) == [
        (first_room.pk, entries[0].pk)
    ]
    assert AuditEntry.objects.filter(action="roadshow.pitch_placed").count() == 1
