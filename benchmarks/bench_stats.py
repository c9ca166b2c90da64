"""The statistics at the conference's scale on PostgreSQL: the dashboard and `yingcai stats --json`.

Run with the project's Python: `.venv/bin/python benchmarks/bench_stats.py` (a few minutes the
first time, while the demo loads; about half a minute after that).
Options: `--fresh` (drop and load the database again), `--drop` (drop it at the end),
`--warm N` (warm requests, default 50), `--cold N` (cold requests, default 10).

The database `yingcai_bench_stats` is created on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/test, only used to reach the server), migrated and loaded
with `yingcai demo --preset chongqing2020 --scale 1` (8,041 job requirements, 12,199 talents,
the public-institution applications, ...). A database that already holds the demo is reused,
so that a second run measures at once; nothing else on the server is touched.

Measured in a child process with the real settings (no Redis: the figures are cached in the
process, as one web worker caches them), static files collected into their manifest as in
production, and Django's test client logged in as organiser staff, through the whole
middleware stack (the time from request to rendered response, in process):

- warm: the dashboard with the figures cached (one request fills the cache first), `--warm`
  requests; p50, p95, max;
- cold: `registry.invalidate()` before each request, so that each one counts every figure
  again, `--cold` requests; p50, p95, max;
- the public page, warm, for information;
- `yingcai stats --json` in a subprocess, wall time from start to exit (Django's start-up
  included), 3 runs, the median.

Targets: warm p95 <= 50 ms, cold p95 <= 1 s, `stats --json` <= 3 s. Prints a table with PASS
or FAIL; exit status 1 when a target is missed or PostgreSQL cannot be reached.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "yingcai_bench_stats"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/test"
DEMO = ["demo", "--preset", "chongqing2020", "--scale", "1", "--seed", "1"]
DEMO += ["--anchor", "2020-11-21"]
TARGET_WARM_MS = 50.0
TARGET_COLD_MS = 1000.0
TARGET_COMMAND_S = 3.0
COMMAND_RUNS = 3
STAFF_EMAIL = "bench-stats@example.com"


# --- The parent: the database, the child, the verdict --------------------------------------------
def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def admin_connection(server_url: str, dbname: str | None = None):
    import psycopg

    parts = urlsplit(server_url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or (parts.path or "/postgres").lstrip("/") or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


def loaded_jobs(server_url: str) -> int:
    """How many job requirements the benchmark's database holds (0 when not yet loaded)."""
    with admin_connection(server_url, BENCH_DATABASE) as db:
        exists = db.execute("SELECT to_regclass('public.jobs_job')").fetchone()[0]
        return db.execute("SELECT count(*) FROM jobs_job").fetchone()[0] if exists else 0


def child_env(database_url: str, var_dir: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "YINGCAI_VAR_DIR": var_dir,
        "HTTPS": "0",
        "ALLOWED_HOSTS": "testserver,localhost",
        "DJANGO_SETTINGS_MODULE": "yingcai.settings",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("REDIS_URL", "DEBUG", "TEST_DATABASE_NAME", "STATICFILES_STORAGE"):
        env.pop(name, None)
    return env


def yingcai(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "yingcai.manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"yingcai {' '.join(args)}: failed")
    return done


def time_command(env: dict[str, str]) -> tuple[list[float], dict]:
    """`yingcai stats --json`, wall time of each run, and the figures of the last."""
    seconds, figures = [], {}
    for _ in range(COMMAND_RUNS):
        started = time.perf_counter()
        done = yingcai("stats", "--json", env=env)
        seconds.append(time.perf_counter() - started)
        figures = json.loads(done.stdout)
    return seconds, figures


def run_child(env: dict[str, str], warm: int, cold: int) -> dict:
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", "--warm", str(warm), "--cold", str(cold)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit("the measurement failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "samples": len(ordered),
        "p50": statistics.median(ordered),
        "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "max": ordered[-1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="drop and load the database again")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--warm", type=int, default=50)
    parser.add_argument("--cold", type=int, default=10)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.warm, args.cold)

    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}"
    )
    server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    if not server.startswith(("postgres://", "postgresql://")):
        server = DEFAULT_SERVER
    try:
        admin = admin_connection(server)
    except Exception as error:
        print(f"PostgreSQL: cannot reach {with_database(server, '')}: {error}")
        print("FAIL: the targets are measured on PostgreSQL")
        return 1
    database_url = with_database(server, BENCH_DATABASE)
    with admin, tempfile.TemporaryDirectory(prefix="yingcai-bench-") as var_dir:
        version = admin.execute("SHOW server_version").fetchone()[0]
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]
        ).fetchone()
        if exists and args.fresh:
            admin.execute(f"DROP DATABASE {BENCH_DATABASE} WITH (FORCE)")
            exists = None
        if not exists:
            admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
        env = child_env(database_url, var_dir)
        try:
            yingcai("migrate", "--no-input", env=env)
            jobs = loaded_jobs(server)
            if jobs:
                print(f"PostgreSQL {version}, database {BENCH_DATABASE}: reused ({jobs:,} jobs)")
            else:
                started = time.perf_counter()
                yingcai(*DEMO, env=env)
                print(
                    f"PostgreSQL {version}, database {BENCH_DATABASE}: loaded with "
                    f"`yingcai {' '.join(DEMO)}` in {time.perf_counter() - started:.0f} s"
                )
            result = run_child(env, args.warm, args.cold)
            command_seconds, figures = time_command(env)
        finally:
            if args.drop:
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
    if result.get("note"):
        print(f"note: {result['note']}")
    print("figures: " + ", ".join(f"{key} {figure['value']:,}" for key, figure in figures.items()))
    assert {k: f["value"] for k, f in figures.items()} == result["values"], (
        "the dashboard and `yingcai stats --json` disagree"
    )
    print(f"load average before measuring: {result['load']:.2f}")
    command = {"p50": statistics.median(command_seconds) * 1000, "runs": command_seconds}
    rows = [
        ("dashboard, warm (cached figures)", result["warm"], TARGET_WARM_MS),
        ("dashboard, cold (invalidated)", result["cold"], TARGET_COLD_MS),
        ("public page, warm (information)", result["public"], None),
    ]
    verdicts = []
    print()
    print(f"{'measure':<36} {'n':>4} {'p50':>10} {'p95':>10} {'max':>10} {'target':>10}  verdict")
    for label, r, target in rows:
        verdict = "—" if target is None else ("PASS" if r["p95"] <= target else "FAIL")
        if target is not None:
            verdicts.append(verdict == "PASS")
        print(
            f"{label:<36} {r['samples']:>4} {r['p50']:>7.1f} ms {r['p95']:>7.1f} ms "
            f"{r['max']:>7.1f} ms {f'≤ {target:.0f} ms' if target else '':>10}  {verdict}"
        )
    ok = command["p50"] / 1000 <= TARGET_COMMAND_S
    verdicts.append(ok)
    runs = ", ".join(f"{s:.2f}" for s in command_seconds)
    print(
        f"{'yingcai stats --json (median of 3)':<36} {COMMAND_RUNS:>4} "
        f"{command['p50'] / 1000:>8.2f} s {'':>10} {max(command_seconds):>8.2f} s "
        f"{f'≤ {TARGET_COMMAND_S:.0f} s':>10}  {'PASS' if ok else 'FAIL'}   (runs: {runs} s)"
    )
    return 0 if all(verdicts) else 1


# --- The child: the real settings, one database -------------------------------------------------
def child(warm: int, cold: int) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from yingcai.accounts.models import User
    from yingcai.core.registry import figures as registry

    note = ""
    # Production serves hashed static names from a manifest, as the pages measured here do.
    call_command("collectstatic", verbosity=0, interactive=False)

    staff, _ = User.objects.get_or_create(
        email=STAFF_EMAIL, defaults={"name": "Benchmark organiser", "is_staff": True}
    )
    client = Client()
    client.force_login(staff)
    dashboard, public = "/en/orga/statistics/", "/zh-hans/statistics/"

    def get(url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        return elapsed

    registry.invalidate()
    for _ in range(3):  # warm-up: connections, templates, translations
        get(dashboard)
        get(public)
    load = os.getloadavg()[0]
    warm_times = [get(dashboard) for _ in range(warm)]
    public_times = [get(public) for _ in range(warm)]
    cold_times = []
    for _ in range(cold):
        registry.invalidate()
        cold_times.append(get(dashboard))
    values = {key: figure["value"] for key, figure in registry.current().items()}
    connection.close()
    result = {
        "warm": summary(warm_times),
        "cold": summary(cold_times),
        "public": summary(public_times),
        "load": load,
        "values": values,
        "note": note,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
