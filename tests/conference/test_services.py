"""Editions and venues change through their services, by editors only; the database keeps one
edition current even when two are created current at once."""

import threading
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation

from yingcai.conference import services
from yingcai.conference.models import Conference, Venue
from yingcai.core.models import AuditEntry

from ..concurrency import postgresql_only, put_back_reference_rows
from ..factories import StaffFactory


def edition(n: int, current: bool = False, save: bool = True) -> Conference:
    starts = timezone.now() + timedelta(days=30 * n)
    conference = Conference(
        name_zh_hans=f"第{n}届人才交流大会",
        name_en=f"Talent conference {n}",
        starts_at=starts,
        ends_at=starts + timedelta(days=2),
        is_current=current,
    )
    if save:
        conference.save()
    return conference


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["talent", "moderator", "verifier", "plain_staff"])
def test_only_editors_change_editions_and_venues(request, editor, who):
    actor = request.getfixturevalue(who)
    conference = edition(1)
    with pytest.raises(PermissionDenied):
        services.save_conference(actor, edition(2, save=False))
    conference.name_en = "Renamed"
    with pytest.raises(PermissionDenied):
        services.save_conference(actor, conference, ["name_en"])
    venue = services.save_venue(editor, Venue(conference=conference, name="悦来国际会议中心"))
    with pytest.raises(PermissionDenied):
        services.save_venue(actor, Venue(conference=conference, name="另一个会场"))
    venue.name = "改名"
    with pytest.raises(PermissionDenied):
        services.save_venue(actor, venue, ["name"])
    with pytest.raises(PermissionDenied):
        services.delete_venue(actor, venue)
    assert list(Conference.objects.values_list("name_en", flat=True)) == ["Talent conference 1"]
    assert list(Venue.objects.values_list("name", flat=True)) == ["悦来国际会议中心"]
    assert not AuditEntry.objects.filter(actor=actor).exists()


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_editions_created_current_at_once_the_second_is_refused_in_words():
    """With no edition yet there is no row to lock: the unique index decides, and the editor
    who lost is told to try again."""
    put_back_reference_rows()
    Group.objects.get_or_create(name="editor")  # a flush before may have removed the roles
    Conference.objects.all().delete()
    first_editor, second_editor = StaffFactory(roles=["editor"]), StaffFactory(roles=["editor"])
    inserted, commit = threading.Event(), threading.Event()
    outcomes = {}

    def first():
        try:
            with transaction.atomic():
                services.save_conference(first_editor, edition(1, current=True, save=False))
                inserted.set()
                commit.wait(timeout=30)
            outcomes["first"] = "ok"
        finally:
            connection.close()

    def second():
        translation.activate("en")
        try:
            services.save_conference(second_editor, edition(2, current=True, save=False))
            outcomes["second"] = "ok"
        except ValidationError as error:
            outcomes["second"] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert inserted.wait(timeout=30)
    threads[1].start()
    # The second insert waits on the first's uncommitted row in the unique index.
    deadline = time.monotonic() + 30
    while not _waiting_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    commit.set()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == {
        "first": "ok",
        "second": "Another edition has just been made the current one: try again.",
    }
    assert list(Conference.objects.values_list("name_en", "is_current")) == [
        ("Talent conference 1", True)
    ]
