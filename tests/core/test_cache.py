"""The embedded default cache (the database's) counts every hit of every process."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from yingcai.core.cache import DatabaseCache

TABLE = "yingcai_cache_race_test"


# Decided at collection: on SQLite the test must not even set up (and then flush) the database.
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: the race needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_clients_counting_at_once_lose_no_hit():
    """Django's own DatabaseCache.incr reads, then writes: parallel hits overwrite each other
    and a rate limit lets more through than it says."""
    call_command("createcachetable", TABLE, verbosity=0)
    cache = DatabaseCache(TABLE, {})
    try:
        cache.add("hits", 0, 60)
        clients = 20
        barrier = threading.Barrier(clients)
        errors = []

        def hit():
            try:
                barrier.wait(timeout=10)
                cache.incr("hits")
            except Exception as error:  # reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=hit) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        assert cache.get("hits") == clients
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(TABLE)}")


@pytest.mark.django_db
def test_incr_of_a_missing_or_expired_key_is_an_error_as_in_django():
    call_command("createcachetable", TABLE, verbosity=0)
    cache = DatabaseCache(TABLE, {})
    with pytest.raises(ValueError):
        cache.incr("nothing")
    cache.set("gone", 1, -1)
    with pytest.raises(ValueError):
        cache.incr("gone")
    cache.set("here", 41, 60)
    assert cache.incr("here") == 42
    assert cache.get("here") == 42
