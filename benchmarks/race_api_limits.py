"""Parallel hits on one rate limit: django-ninja's throttle against ours (`over_limit`).

Run with the project's Python, on PostgreSQL (the script only makes and drops a cache table of
its own in the database named) or, without DATABASE_URL, on a new SQLite file (the embedded
default):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
        .venv/bin/python benchmarks/race_api_limits.py

Both count in the embedded default cache (`yingcai.core.cache.DatabaseCache`, whose `incr`
locks the row), as every web process does without Redis. Each round releases `--clients`
clients at once (threads with their own database connection and their own throttle object, as
separate web processes have) against a limit of `--allowed` a minute, on a key of its own.
ninja's `SimpleRateThrottle.allow_request` reads the list of earlier hits, appends and writes
it back (`cache.get` then `cache.set`); ours (`yingcai.core.http.over_limit`, django-ratelimit's
`get_usage`, which the API and the public forms use) adds the key and increments it. Prints the
requests admitted per round; PASS when ours admits exactly the limit in every round;
exit status 1 otherwise.
"""

import argparse
import os
import platform
import sys
import tempfile
import threading

os.environ["HTTPS"] = "0"
os.environ["YINGCAI_VAR_DIR"] = tempfile.mkdtemp(prefix="yingcai-race-")
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "yingcai.settings"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from ninja.throttling import SimpleRateThrottle  # noqa: E402

from yingcai.core.http import over_limit  # noqa: E402

TABLE = f"yingcai_race_{os.getpid()}"


class OneKeyThrottle(SimpleRateThrottle):
    """ninja's fixed-rate throttle on one key per round, in Django's default cache."""

    def __init__(self, rate: str, key: str):
        super().__init__(rate)
        self.fixed_key = key

    def get_cache_key(self, request):
        return self.fixed_key


def at_once(clients: int, admit) -> int:
    """`admit()` in `clients` threads released together; how many returned True."""
    barrier = threading.Barrier(clients)
    admitted = []
    failures = []

    def run():
        try:
            barrier.wait(timeout=30)
            if admit():
                admitted.append(1)
        except Exception as error:  # reported after the round
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise SystemExit(f"a client failed: {failures[0]}")
    return len(admitted)


def ninja_round(rate: str, key: str) -> bool:
    return OneKeyThrottle(rate, f"ninja:{key}").allow_request(None)


def ours_round(rate: str, key: str) -> bool:
    return not over_limit(None, "race", rate, lambda group, request: key)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--allowed", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=10)
    options = parser.parse_args()
    rate = f"{options.allowed}/m"
    print(f"{platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    connection.ensure_connection()
    version = (
        connection.pg_version
        if connection.vendor == "postgresql"
        else connection.Database.sqlite_version
    )
    print(f"load average {os.getloadavg()}; {connection.display_name} {version}")
    print(f"{options.clients} clients at once against {rate}, {options.rounds} rounds")
    call_command("createcachetable", TABLE, verbosity=0)
    results = {"ninja": [], "ours": []}
    try:
        cache = {"default": {"BACKEND": "yingcai.core.cache.DatabaseCache", "LOCATION": TABLE}}
        with override_settings(CACHES=cache):
            for round_ in range(options.rounds):
                key = f"{os.getpid()}-{round_}"
                results["ninja"].append(
                    at_once(options.clients, lambda key=key: ninja_round(rate, key))
                )
                results["ours"].append(
                    at_once(options.clients, lambda key=key: ours_round(rate, key))
                )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(TABLE)}")
    for name, counts in results.items():
        over = sum(max(0, c - options.allowed) for c in counts)
        print(
            f"{name:6} admitted per round {counts}: max {max(counts)}, "
            f"{over} over the limit in {options.rounds} rounds"
        )
    passed = all(count == options.allowed for count in results["ours"])
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
