"""The roadshow programme's services: sessions, placing the selected entries, order and times,
online pitches for overseas teams, refusals."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yingcai.calls.models import Decision
from yingcai.core.models import AuditEntry
from yingcai.roadshow.models import Pitch, RoadshowSession
from yingcai.roadshow.services import interest
from yingcai.roadshow.services import programme as services

from ..calls.factories import EntryFactory, contest_call
from .factories import pitch, roadshow, selected, session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def starts(pitches):
    return [(p.order, timezone.localtime(p.starts_at).strftime("%H:%M")) for p in pitches]


def test_the_selected_entries_are_those_with_a_confirmed_accept_in_the_last_stage():
    call, entries = roadshow(selected_count=2)
    selected(call, confirmed=False)
    selected(call, outcome="reject")
    selected(call, outcome="waitlist")
    EntryFactory(call=call)  # no decision
    assert set(services.selected_entries(call)) == set(entries)


def test_an_editor_creates_a_session_and_places_the_selected_entries_in_times(editor):
    call, entries = roadshow(selected_count=3)
    overseas = selected(call, origin="overseas")
    start = timezone.make_aware(timezone.datetime(2030, 6, 14, 9, 0))
    made = services.create_session(
        editor,
        call,
        RoadshowSession(
            title_zh_hans="路演第一场",
            title_en="Roadshow, first session",
            starts_at=start,
            online_url="https://meeting.example.cn/1",
        ),
    )
    pitches = services.place(editor, made, [*entries, overseas])
    pitches = list(made.pitches.order_by("order"))
    assert starts(pitches) == [(1, "09:00"), (2, "09:12"), (3, "09:24"), (4, "09:36")]
    assert [p.online for p in pitches] == [False, False, False, True]
    assert pitches[3].online_url == "https://meeting.example.cn/1"
    assert services.ends_at(made) == start + timedelta(minutes=48)
    assert AuditEntry.objects.filter(action="roadshow.pitch_placed").count() == 4
    # Placed after the last, with their own minutes.
    more = selected(call)
    services.place(editor, made, [more], pitch_minutes=10, questions_minutes=0)
    last = made.pitches.get(entry=more)
    assert (last.order, timezone.localtime(last.starts_at).strftime("%H:%M")) == (5, "09:48")


def test_moving_a_pitch_renumbers_and_retimes_the_session(editor):
    call, entries = roadshow(selected_count=4)
    made = session(call, starts_at=timezone.make_aware(timezone.datetime(2030, 6, 14, 14, 0)))
    services.place(editor, made, entries)
    last = made.pitches.get(entry=entries[3])
    services.move(editor, last, 1)
    pitches = list(made.pitches.order_by("order"))
    assert [p.entry_id for p in pitches] == [entries[i].pk for i in (3, 0, 1, 2)]
    assert starts(pitches) == [(1, "14:00"), (2, "14:12"), (3, "14:24"), (4, "14:36")]
    services.move(editor, made.pitches.get(entry=entries[3]), 99)  # past the end: last
    assert made.pitches.order_by("order").last().entry_id == entries[3].pk
    assert AuditEntry.objects.filter(action="roadshow.pitch_moved").count() == 2


def test_changing_a_pitch_and_the_session_start_moves_the_times(editor):
    call, entries = roadshow(selected_count=2)
    made = session(call, starts_at=timezone.make_aware(timezone.datetime(2030, 6, 14, 9, 0)))
    first, second = services.place(editor, made, entries)
    services.change_pitch(
        editor, first, online=True, online_url="", pitch_minutes=15, questions_minutes=5
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.online and first.online_url == made.online_url
    assert timezone.localtime(second.starts_at).strftime("%H:%M") == "09:20"
    made.starts_at = timezone.make_aware(timezone.datetime(2030, 6, 14, 10, 0))
    made.online_url = "https://meeting.example.cn/new"
    services.change_session(editor, made)
    first.refresh_from_db()
    second.refresh_from_db()
    assert timezone.localtime(second.starts_at).strftime("%H:%M") == "10:20"
    assert first.online_url == "https://meeting.example.cn/new"


def test_an_entry_that_is_not_selected_is_refused(editor):
    call, _entries = roadshow(selected_count=1)
    waiting = selected(call, outcome="waitlist")
    unconfirmed = selected(call, confirmed=False)
    elsewhere = EntryFactory()
    made = session(call)
    for entry in (waiting, unconfirmed, elsewhere):
        with pytest.raises(ValidationError, match="Not selected for the roadshow"):
            services.place(editor, made, [entry])
    assert not Pitch.objects.exists()


def test_a_project_not_listed_yet_is_verified_before_it_pitches(editor):
    """An entry may come from a project the organisers have not listed; the programme is
    public, so it pitches once verified."""
    call, _entries = roadshow(selected_count=0)
    pending = selected(call, status="submitted", verified_at=None)
    made = session(call)
    with pytest.raises(ValidationError, match="Verify these projects before they pitch"):
        services.place(editor, made, [pending])
    assert not Pitch.objects.exists()
    pending.project.status = "verified"
    pending.project.save(update_fields=["status"])
    assert [p.entry for p in services.place(editor, made, [pending])] == [pending]


def test_an_entry_is_placed_once(editor):
    call, entries = roadshow(selected_count=1)
    first, second = session(call), session(call)
    services.place(editor, first, entries)
    with pytest.raises(ValidationError, match="Already in the programme"):
        services.place(editor, second, entries)
    with pytest.raises(ValidationError, match="at least one"):
        services.place(editor, second, [])
    with pytest.raises(ValidationError, match="from 1 to 60"):
        services.place(editor, second, entries, pitch_minutes=0)


def test_a_contest_has_no_roadshow_programme(editor):
    with pytest.raises(ValidationError, match="Only a roadshow call"):
        services.create_session(
            editor,
            contest_call(),
            RoadshowSession(title_zh_hans="路演", starts_at=timezone.now()),
        )
    call, _ = roadshow(selected_count=0)
    with pytest.raises(ValidationError):
        services.create_session(editor, call, RoadshowSession(starts_at=timezone.now()))
    with pytest.raises(ValidationError, match="not allowed"):
        services.create_session(
            editor, call, RoadshowSession(title_zh_hans="路演\x00", starts_at=timezone.now())
        )


def test_only_a_call_manager_arranges_the_programme(talent, moderator, editor):
    call, entries = roadshow(selected_count=1)
    made = session(call)
    for person in (talent, moderator):
        with pytest.raises(PermissionDenied):
            services.place(person, made, entries)
        with pytest.raises(PermissionDenied):
            services.create_session(person, call, RoadshowSession(title_zh_hans="x"))
    placed = pitch(made, entries[0])
    with pytest.raises(PermissionDenied):
        services.move(talent, placed, 1)
    with pytest.raises(PermissionDenied):
        services.remove(talent, placed)


def test_a_pitch_is_taken_out_unless_interest_was_marked_in_it(editor, owner, organisation):
    call, entries = roadshow(selected_count=2)
    made = session(call, starts_at=timezone.now())
    first, second = services.place(editor, made, entries)
    interest.mark(owner, second, organisation)
    with pytest.raises(ValidationError, match="Interest was marked"):
        services.remove(editor, second)
    services.remove(editor, first)
    second.refresh_from_db()
    assert second.order == 1 and second.starts_at == made.starts_at


def test_a_stale_pitch_answers_no_longer_exists(editor):
    call, entries = roadshow(selected_count=1)
    made = session(call)
    [placed] = services.place(editor, made, entries)
    Pitch.objects.filter(pk=placed.pk).delete()
    with pytest.raises(ValidationError, match="no longer in the programme"):
        services.move(editor, placed, 1)


def test_the_decision_rows_are_the_only_source_of_selection():
    _call, entries = roadshow(selected_count=1)
    Decision.objects.filter(entry=entries[0]).update(confirmed_at=None)
    assert not services.is_selected(entries[0])
