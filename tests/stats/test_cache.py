"""The figures cache stays warm: a save marks the figures changed, one reader counts again.

With the project's real cache (whatever the settings configure), no mock: the counting is
seen in the queries each reader makes (the grouped COUNTs of the registry).
"""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yingcai.core.registry import figures as registry

from ..factories import JobFactory, ProfileFactory
from ..jobs.test_pipeline import reference_rows  # noqa: F401 - a fixture (PostgreSQL test)


def counts(captured) -> int:
    return sum("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


def age_figures(seconds: float) -> None:
    """As if the figures in the cache (and the changes they count) were `seconds` older."""
    entry = registry.cache.get(registry.CACHE_KEY)
    changed = registry.cache.get(registry.CHANGED_KEY)
    if changed is not None and changed <= entry["at"]:
        registry.cache.set(
            registry.CHANGED_KEY, changed - timedelta(seconds=seconds), registry.KEPT
        )
    entry["at"] -= timedelta(seconds=seconds)
    registry.cache.set(registry.CACHE_KEY, entry, registry.KEPT)


@pytest.mark.django_db
def test_a_save_marks_the_figures_changed_instead_of_dropping_them(
    django_capture_on_commit_callbacks,
):
    JobFactory(submitted_at=timezone.now())
    assert registry.current()["job_requirements"]["value"] == 1
    # The mark is written once the writer's transaction commits (mark_changed says why).
    with django_capture_on_commit_callbacks(execute=True):
        JobFactory(submitted_at=timezone.now())
    # Still there, and served without counting until the interval has passed.
    assert registry.computed_at() is not None
    with CaptureQueriesContext(connection) as captured:
        assert registry.current()["job_requirements"]["value"] == 1
    assert counts(captured) == 0
    age_figures(settings.FIGURES_MIN_INTERVAL)
    with CaptureQueriesContext(connection) as captured:
        assert registry.current()["job_requirements"]["value"] == 2
    assert counts(captured) > 0
    with CaptureQueriesContext(connection) as captured:
        assert registry.current()["job_requirements"]["value"] == 2
    assert counts(captured) == 0  # counted once


@pytest.mark.django_db
def test_nothing_is_marked_before_the_commit_and_marks_are_spaced_per_process(
    django_capture_on_commit_callbacks, settings
):
    cache.delete(registry.CHANGED_KEY)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        JobFactory(submitted_at=timezone.now())
    assert cache.get(registry.CHANGED_KEY) is None  # nothing before the commit
    settings.FIGURES_MARK_INTERVAL = 60
    registry._last_mark[0] = 0.0
    for callback in callbacks:
        callback()
    first = cache.get(registry.CHANGED_KEY)
    assert first is not None
    with django_capture_on_commit_callbacks(execute=True):
        JobFactory(submitted_at=timezone.now())
    # Within the interval this process does not write the shared row again.
    assert cache.get(registry.CHANGED_KEY) == first


@pytest.mark.django_db
def test_unchanged_figures_are_counted_again_after_max_age_only():
    ProfileFactory()
    registry.current()
    age_figures(registry.MAX_AGE - 5)
    with CaptureQueriesContext(connection) as captured:
        registry.current()
    assert counts(captured) == 0
    age_figures(10)
    with CaptureQueriesContext(connection) as captured:
        registry.current()
    assert counts(captured) > 0


@pytest.mark.django_db
def test_while_one_reader_counts_the_others_answer_the_last_figures():
    JobFactory(submitted_at=timezone.now())
    registry.current()
    JobFactory(submitted_at=timezone.now())
    age_figures(registry.MAX_AGE)
    # Another process holds the lock: this reader does not count, it answers the last figures.
    assert registry.cache.add(registry.LOCK_KEY, True, registry.LOCK_TIMEOUT)
    with CaptureQueriesContext(connection) as captured:
        assert registry.current()["job_requirements"]["value"] == 1
    assert counts(captured) == 0
    registry.cache.delete(registry.LOCK_KEY)
    assert registry.current()["job_requirements"]["value"] == 2


@pytest.mark.django_db
def test_the_figures_at_a_past_moment_are_counted_once(client):
    JobFactory(submitted_at=timezone.now() - timedelta(days=3))
    with CaptureQueriesContext(connection) as first:
        one = client.get("/api/figures", {"at": "2026-01-01"})
    assert one.status_code == 200
    with CaptureQueriesContext(connection) as second:
        again = client.get("/api/figures", {"at": "2026-01-01"})
        single = client.get("/api/figures/job_requirements", {"at": "2026-01-01"})
    assert again.json() == one.json() and single.json() == one.json()["job_requirements"]
    assert counts(first) > 0 and counts(second) == 0
    moment = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.get("/api/figures", {"at": moment}).json()["job_requirements"]["value"] == 1


@pytest.mark.django_db
def test_a_future_moment_is_the_present():
    JobFactory(submitted_at=timezone.now())
    later = timezone.now() + timedelta(days=1)
    assert registry.at_moment(later) == registry.current()
    JobFactory(submitted_at=timezone.now())
    registry.invalidate()
    assert registry.at_moment(later)["job_requirements"]["value"] == 2


# Decided at collection: on SQLite the test must not even set up (and then flush) the database.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel readers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twenty_readers_of_stale_figures_count_once(reference_rows):  # noqa: F811
    JobFactory(submitted_at=timezone.now())
    registry.current()
    JobFactory(submitted_at=timezone.now())
    age_figures(registry.MAX_AGE)
    readers = 20
    barrier = threading.Barrier(readers)
    answers, counted, errors = [], [], []

    def read():
        try:
            with CaptureQueriesContext(connections["default"]) as captured:
                barrier.wait(timeout=10)
                answers.append(registry.current()["job_requirements"]["value"])
            counted.append(counts(captured))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(answers) == readers and set(answers) <= {1, 2}
    assert sum(1 for n in counted if n) == 1  # one reader counted, the others did not wait
    assert registry.current()["job_requirements"]["value"] == 2
