"""Registration burst: 40,000 registrations over HTTP to gunicorn (4 workers) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/attendance_register.py [--rate 200] [--count 40000]

On an empty database (`yingcai_bench_attendance`, created and dropped on the server of
`--database-url` / DATABASE_URL), migrated, with a current conference and four sessions (the
opening ceremony online only, a forum online and on site with 1,000 seats, a livestream, a
small workshop on site with 50 seats), gunicorn runs the site as production does
(`--workers 4 --threads 2`, on 127.0.0.1) with `attendance_bench_settings` (the site's
settings and URLs, plus a bare view that inserts one row). A load generator of its own —
threads with persistent HTTP/1.1 connections, at most `--clients` requests in flight; each
connection first GETs the form for its CSRF cookie and token — then:

0. sends the first `--warm-up` (1,000) of them at a quarter of the rate: fresh workers, threads
   and database connections load on their first requests what every later one finds ready.
   They count in the registrations, not in the latencies.
1. sends the next ones, all but the last `--full-speed`, at a fixed rate (`--rate` per
   second), about `--duplicates` (5 %) of them sent twice with the same contact: half at the
   same moment from another connection (two simultaneous submissions), half later. Latency
   runs from each request's scheduled moment (a late sender counts its wait: no coordinated
   omission); p50/p95/p99, and p99 per 10 s of the run.
2. sends the remaining `--full-speed` registrations as fast as `--clients` connections go:
   the registration view's throughput;
3. posts as many rows to the bare view, as fast, on the same server: its throughput.

PASS when afterwards there are exactly `--count` registrations, one per mobile number sent
(none lost, none duplicated), every duplicate was answered with the same registration,
no session is over capacity and its seats taken equal its confirmed on-site attendances,
p99 ≤ 500 ms at the fixed rate, and the registration's throughput is at least half the
bare view's.

The registration POST (the attendance's public view): `/zh-hans/agenda/register/`, fields
`name`, `contact_token` (`attendance.services.codes.contact_token(mobile)`: the proof of
the SMS code, signed with the server's SECRET_KEY, which this script shares), `kind`,
`privacy=on`, `session-<id>=online|onsite`; success and duplicate are a 302 to
`/zh-hans/agenda/me/<key>/` (a duplicate with `?already=1`). Each registration comes from
its own address (`X-Real-IP`, with `CLIENT_IP_HEADER` set on the server, as behind the
production proxy): forty thousand people, not one address hammering. `--bare-only`
measures only the bare view (the machinery, without the registration view).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "yingcai_bench_attendance"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
FORM = "/zh-hans/agenda/register/"
BARE = "/bench/bare/"
TICKET = re.compile(r"^/zh-hans/agenda/me/([^/]+)/(?:\?already=1)?$")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
P99_TARGET = 0.5
RATIO_TARGET = 0.5


# --- The database server ---------------------------------------------------------------------
def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def admin_connection(server_url: str):
    import psycopg

    parts = urlsplit(server_url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=(parts.path or "/postgres").lstrip("/") or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


# --- The site ----------------------------------------------------------------------------------
def prepare_site() -> dict:
    """Migrate, create the bare view's table, the conference and its sessions."""
    import django
    from django.core.management import call_command

    django.setup()
    from attendance_bench_urls import BARE_TABLE
    from django.db import connection
    from django.utils import timezone

    from yingcai.attendance.models import Session
    from yingcai.conference.models import Conference, Venue

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {BARE_TABLE} (id bigserial PRIMARY KEY, name varchar(100) NOT NULL, "
            "created_at timestamptz NOT NULL)"
        )
    opens = timezone.now() + timedelta(days=10)
    conference = Conference.objects.create(
        name="2020重庆英才大会", starts_at=opens, ends_at=opens + timedelta(days=1), is_current=True
    )
    main = Venue.objects.create(conference=conference, name="主会场", kind=Venue.Kind.MAIN)
    online = Venue.objects.create(conference=conference, name="线上会场", kind=Venue.Kind.ONLINE)

    def session(venue, kind, title, hours, capacity=None, onsite=True, is_online=True):
        starts = opens + timedelta(hours=hours)
        return Session.objects.create(
            conference=conference,
            venue=venue,
            kind=kind,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            capacity=capacity,
            onsite=onsite,
            online=is_online,
        )

    sessions = {
        "opening": session(main, "opening", "开幕式", 0, onsite=False).pk,
        "forum": session(main, "forum", "主旨论坛", 1, capacity=1000).pk,
        "livestream": session(online, "livestream", "直播带岗", 2, onsite=False).pk,
        "workshop": session(main, "forum", "人才沙龙", 3, capacity=50, is_online=False).pk,
    }
    connection.close()
    return sessions


def mint_tokens(mobiles: list[str]) -> list[str] | None:
    try:
        from yingcai.attendance.services.codes import contact_token
    except ImportError:
        return None
    return [contact_token(mobile) for mobile in mobiles]


def check_database(sessions: dict, mobiles: list[str]) -> list[str]:
    """What is wrong with the registrations afterwards (nothing: an empty list)."""
    from django.db import connection
    from django.db.models import Count, Q

    from yingcai.attendance.models import Registration, Session

    problems = []
    stored = Counter(Registration.objects.values_list("mobile", flat=True))
    total = sum(stored.values())
    if total != len(mobiles):
        problems.append(f"{total} registrations stored, {len(mobiles)} expected")
    lost = set(mobiles) - set(stored)
    if lost:
        problems.append(f"{len(lost)} registrations lost, e.g. {sorted(lost)[:3]}")
    twice = [m for m, n in stored.items() if n > 1]
    if twice:
        problems.append(f"{len(twice)} mobile numbers registered twice")
    seats = Q(attendances__mode="onsite", attendances__status="confirmed")
    for s in Session.objects.annotate(seated=Count("attendances", filter=seats)):
        if s.capacity is not None and s.taken > s.capacity:
            problems.append(f"session {s.pk} over capacity: {s.taken} > {s.capacity}")
        if s.taken != s.seated:
            problems.append(f"session {s.pk}: {s.taken} seats taken, {s.seated} confirmed")
    connection.close()
    return problems


def bare_rows() -> int:
    from attendance_bench_urls import BARE_TABLE
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {BARE_TABLE}")  # noqa: S608
        (n,) = cursor.fetchone()
    connection.close()
    return n


def start_server(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "yingcai.wsgi:application",
        "--workers", str(workers), "--threads", str(threads),
        "--bind", f"127.0.0.1:{port}", "--backlog", "2048",
        "--error-logfile", str(log), "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=os.environ.copy(), start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: see {log}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/robots.txt")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


# --- The load generator ------------------------------------------------------------------------
@dataclass
class Job:
    path: str
    body: dict
    address: str
    due: float = 0.0  # seconds after the phase's start; 0 for full speed
    contact: str = ""


@dataclass
class Result:
    status: int
    location: str
    latency: float  # from the scheduled moment (fixed rate) or the send (full speed)
    job: Job


@dataclass
class Phase:
    jobs: list[Job]
    results: list[Result] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Client:
    """One persistent connection with its CSRF cookie and token (from a GET of the form)."""

    def __init__(self, port: int, with_form: bool):
        self.port = port
        self.with_form = with_form
        self.connection = None
        self.cookies: dict[str, str] = {}
        self.token = ""

    def _connect(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.cookies, self.token = {}, ""
        if self.with_form:
            self.connection.request("GET", FORM, headers={"Accept-Language": "zh-hans"})
            response = self.connection.getresponse()
            page = response.read().decode("utf-8", "replace")
            self._keep_cookies(response)
            found = CSRF_FIELD.search(page)
            if response.status != 200 or not found:
                raise RuntimeError(f"GET {FORM}: {response.status}, no CSRF token")
            self.token = found.group(1)

    def _keep_cookies(self, response):
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def post(self, job: Job) -> tuple[int, str]:
        for attempt in (1, 2):
            try:
                if self.connection is None:
                    self._connect()
                body = dict(job.body)
                if self.token:
                    body["csrfmiddlewaretoken"] = self.token
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Real-IP": job.address,
                }
                if self.cookies:
                    headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
                self.connection.request("POST", job.path, urllib.parse.urlencode(body), headers)
                response = self.connection.getresponse()
                response.read()
                self._keep_cookies(response)
                return response.status, response.headers.get("Location", "")
            except (OSError, http.client.HTTPException):
                self.connection = None  # reconnect (a closed keep-alive), once
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def run_phase(phase: Phase, port: int, clients: int, with_form: bool, rate_paced: bool) -> None:
    """Send the phase's jobs from `clients` connections; paced by their `due` moments or as
    fast as they go."""
    lock = threading.Lock()
    cursor = iter(range(len(phase.jobs)))
    ready = threading.Barrier(clients + 1)
    start = [0.0]

    def worker():
        client = Client(port, with_form)
        try:
            if with_form:
                client._connect()
        except Exception as error:
            with lock:
                phase.errors.append(f"connect: {error}")
        ready.wait()
        time.sleep(max(0.0, start[0] - time.perf_counter()))
        while True:
            with lock:
                n = next(cursor, None)
            if n is None:
                return
            job = phase.jobs[n]
            if rate_paced:
                wait = start[0] + job.due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                began = start[0] + job.due
            else:
                began = time.perf_counter()
            try:
                status, location = client.post(job)
            except Exception as error:
                with lock:
                    phase.errors.append(f"{job.contact or job.body.get('name')}: {error}")
                continue
            result = Result(status, location, time.perf_counter() - began, job)
            with lock:
                phase.results.append(result)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    # The start is set before the workers are released: none reads it unset.
    start[0] = time.perf_counter() + 0.2
    ready.wait()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - start[0]


def percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"p50": values[0] if values else 0.0, "p95": 0.0, "p99": 0.0}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def describe(name: str, phase: Phase) -> None:
    latencies = [r.latency for r in phase.results]
    p = percentiles(latencies)
    statuses = Counter(r.status for r in phase.results)
    print(
        f"{name}: {len(phase.results)} answers in {phase.seconds:.1f} s "
        f"({len(phase.results) / phase.seconds:.0f}/s), statuses {dict(statuses)}, "
        f"p50 {p['p50'] * 1000:.0f} ms, p95 {p['p95'] * 1000:.0f} ms, "
        f"p99 {p['p99'] * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms"
    )
    if any(r.job.due for r in phase.results):
        # By the moment each was due, in windows of 10 s: a stall shows where it happened.
        windows: dict[int, list[float]] = {}
        for r in phase.results:
            windows.setdefault(int(r.job.due // 10), []).append(r.latency)
        print(
            "  p99 by 10 s: "
            + " ".join(f"{percentiles(v)['p99'] * 1000:.0f}" for _k, v in sorted(windows.items()))
        )
    for error in phase.errors[:5]:
        print(f"  error: {error}")


# --- The registrations -------------------------------------------------------------------------
def registration_jobs(args, sessions: dict, tokens: list[str], mobiles: list[str]):
    rng = random.Random(args.seed)
    kinds = ("talent", "employer", "investor", "media", "other")
    jobs = []
    for n, (mobile, token) in enumerate(zip(mobiles, tokens, strict=True)):
        body = {
            "name": f"参会者{n:05d}",
            "contact_token": token,
            "kind": rng.choices(kinds, (0.64, 0.17, 0.05, 0.03, 0.11))[0],
            "privacy": "on",
            f"session-{sessions['opening']}": "online",
        }
        if rng.random() < 0.3:
            body[f"session-{sessions['livestream']}"] = "online"
        if rng.random() < args.onsite:
            body[f"session-{sessions['forum']}"] = "onsite"
            if rng.random() < 0.2:
                body[f"session-{sessions['workshop']}"] = "onsite"
        elif rng.random() < 0.3:
            body[f"session-{sessions['forum']}"] = "online"
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        jobs.append(Job(FORM, body, address, contact=mobile))
    return jobs


def with_duplicates(jobs: list[Job], share: float, rng: random.Random, paced_rate: float | None):
    """The jobs with about `share` of them sent twice: half at the same moment (another
    connection), half later; paced at `paced_rate` per second when given."""
    sent = []
    later = []
    for n, job in enumerate(jobs):
        due = n / paced_rate if paced_rate else 0.0
        job.due = due
        sent.append(job)
        if rng.random() < share:
            again = Job(job.path, dict(job.body), job.address, due, job.contact)
            if rng.random() < 0.5:
                sent.append(again)  # at once
            else:
                later.append((n + rng.randrange(50, 2000), again))
    for n, again in later:
        again.due = min(n, len(jobs) - 1) / paced_rate if paced_rate else 0.0
        sent.append(again)
    sent.sort(key=lambda job: job.due)
    return sent


def check_answers(phases: list[Phase]) -> list[str]:
    problems = []
    keys: dict[str, set[str]] = {}
    for phase in phases:
        for result in phase.results:
            found = TICKET.match(result.location) if result.status == 302 else None
            if not found:
                problems.append(f"{result.job.contact}: {result.status} {result.location!r}")
                continue
            keys.setdefault(result.job.contact, set()).add(found.group(1))
    split = [c for c, k in keys.items() if len(k) > 1]
    if split:
        problems.append(f"{len(split)} duplicates answered with another registration")
    return problems[:10] + ([f"… {len(problems) - 10} more"] if len(problems) > 10 else [])


def run(args) -> int:
    sessions = prepare_site()
    print(f"sessions: {json.dumps(sessions)}")
    rng = random.Random(args.seed)
    mobiles = [f"+86138{n:08d}" for n in range(args.count)]
    tokens = None if args.bare_only else mint_tokens(mobiles)
    log = Path(os.environ["YINGCAI_VAR_DIR"]) / "gunicorn.log"
    server = start_server(args.port, args.workers, args.threads, log)
    verdicts = []
    try:
        reg_speed = None
        if tokens is None:
            print("registration: skipped (--bare-only, or attendance.services.codes is absent)")
        else:
            jobs = registration_jobs(args, sessions, tokens, mobiles)
            paced_count = args.count - args.full_speed
            warm = min(args.warm_up, paced_count)
            if warm:
                # Fresh workers, threads and database connections: their first requests
                # load what every later one finds ready. Counted, not timed.
                warming = Phase(with_duplicates(jobs[:warm], args.duplicates, rng, args.rate / 4))
                run_phase(warming, args.port, args.clients, True, rate_paced=True)
                describe(f"warm-up at {args.rate / 4:.0f}/s (not in the figures)", warming)
            paced = Phase(with_duplicates(jobs[warm:paced_count], args.duplicates, rng, args.rate))
            run_phase(paced, args.port, args.clients, True, rate_paced=True)
            describe(f"registration at {args.rate:.0f}/s", paced)
            fast = Phase(with_duplicates(jobs[paced_count:], args.duplicates, rng, None))
            run_phase(fast, args.port, args.full_clients, True, rate_paced=False)
            describe("registration at full speed", fast)
            reg_speed = len(fast.results) / fast.seconds
            sent = [paced, fast] + ([warming] if warm else [])
            problems = check_answers(sent) + [e for p in sent for e in p.errors[:3]]
            problems += check_database(sessions, mobiles)
            p99 = percentiles([r.latency for r in paced.results])["p99"]
            verdicts.append(("no registration lost or duplicated", not problems))
            for problem in problems:
                print(f"  problem: {problem}")
            verdicts.append(
                (f"p99 {p99 * 1000:.0f} ms ≤ {P99_TARGET * 1000:.0f} ms", p99 <= P99_TARGET)
            )
        bare_jobs = [
            Job(BARE, {"name": f"row{n:05d}"}, f"10.200.{n // 256 % 256}.{n % 256}")
            for n in range(args.full_speed)
        ]
        bare = Phase(bare_jobs)
        run_phase(bare, args.port, args.full_clients, False, rate_paced=False)
        describe("bare view at full speed", bare)
        bare_speed = len(bare.results) / bare.seconds
        rows = bare_rows()
        ok = rows == args.full_speed and all(r.status == 302 for r in bare.results)
        verdicts.append((f"bare view: {rows} rows for {args.full_speed} posts", ok))
        if reg_speed is not None:
            ratio = reg_speed / bare_speed
            verdicts.append(
                (
                    f"registration {reg_speed:.0f}/s is {ratio:.2f} of the bare view's "
                    f"{bare_speed:.0f}/s (≥ {RATIO_TARGET})",
                    ratio >= RATIO_TARGET,
                )
            )
    finally:
        stop_server(server)
        if log.exists() and log.stat().st_size:
            print("gunicorn's error log (last lines):")
            print("\n".join(log.read_text().splitlines()[-15:]))
    for text, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}: {text}")
    return 0 if verdicts and all(ok for _t, ok in verdicts) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_SERVER))
    parser.add_argument("--count", type=int, default=40_000, help="distinct registrations")
    parser.add_argument("--rate", type=float, default=200.0, help="per second, fixed-rate part")
    parser.add_argument("--full-speed", type=int, default=6_000, help="of them, at full speed")
    parser.add_argument(
        "--warm-up", type=int, default=1_000, help="of them, first, at a quarter of the rate"
    )
    parser.add_argument("--duplicates", type=float, default=0.05, help="share sent twice")
    parser.add_argument("--onsite", type=float, default=0.05, help="share asking for a seat")
    parser.add_argument("--clients", type=int, default=64, help="connections, fixed rate")
    parser.add_argument("--full-clients", type=int, default=16, help="connections, full speed")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--bare-only", action="store_true")
    args = parser.parse_args()
    if args.full_speed > args.count:
        parser.error("--full-speed must be at most --count")
    server = args.database_url
    if not server.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a PostgreSQL server")
    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}"
    )
    print(" ".join(sys.argv))
    admin = admin_connection(server)
    with admin:
        version = admin.execute("SHOW server_version").fetchone()[0]
        print(f"PostgreSQL {version} (database {BENCH_DATABASE}, created and dropped)")
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
        try:
            with tempfile.TemporaryDirectory(prefix="yingcai-bench-") as var_dir:
                (Path(var_dir) / "static").mkdir()  # whitenoise's root, empty
                os.environ.update(
                    {
                        "DATABASE_URL": with_database(server, BENCH_DATABASE),
                        "YINGCAI_VAR_DIR": var_dir,
                        "HTTPS": "0",
                        "DEBUG": "0",
                        "SECRET_KEY": secrets.token_urlsafe(50),
                        "CLIENT_IP_HEADER": "X-Real-IP",
                        "DJANGO_SETTINGS_MODULE": "attendance_bench_settings",
                        "PYTHONPATH": os.pathsep.join(
                            [str(ROOT / "src"), str(ROOT / "benchmarks")]
                        ),
                        "LOG_LEVEL": "WARNING",
                    }
                )
                for name in ("REDIS_URL", "TEST_DATABASE_NAME"):
                    os.environ.pop(name, None)
                sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
                return run(args)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
