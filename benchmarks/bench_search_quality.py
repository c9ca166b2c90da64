"""Search quality on the full demo: everyday queries in both languages, judged from titles.

Run with the project's Python: `.venv/bin/python benchmarks/bench_search_quality.py`.
By default a PostgreSQL database `yingcai_search_bench` is created on the server of
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, only used to reach the
server), migrated and loaded with `yingcai demo --preset chongqing2020` (about 2 minutes),
measured and dropped. `--database-url URL` measures a database already holding the demo
(PostgreSQL or sqlite:///path), without creating or dropping anything.

The queries are data (`benchmarks/data/search_queries.json`): each names the title
substrings that make a hit relevant. For each query, the open jobs found by the site's
search (`jobs.queries.filter_jobs`, relevance order) are judged:

- zero-result everyday queries: no result although an open job with a relevant title exists
  (target 0);
- precision@10: relevant hits among the first 10 (or among all hits when there are fewer),
  0 for a query without a hit; the mean over the queries (target >= 0.8);
- latency (PostgreSQL target): the search page with the text and two filters (degree and
  salary), through Django's test client with every middleware; one warm-up round, then
  `--rounds` measured rounds; p95 target <= 100 ms.

Exit status 1 when a target is missed.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).resolve().parent / "data" / "search_queries.json"
BENCH_DATABASE = "yingcai_search_bench"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/test"
TARGET_PRECISION = 0.8
TARGET_P95_MS = 100.0
FILTERS = {"degree": "master", "salary": "8000"}


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def relevant(title: str, rule: list[str]) -> bool:
    title = title.lower()
    return any(part.lower() in title for part in rule)


def measure(rounds: int, show: bool) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from yingcai.jobs import search
    from yingcai.jobs.forms_search import NEWEST, RELEVANCE
    from yingcai.jobs.queries import ORDERINGS, filter_jobs, open_jobs

    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    titles = list(open_jobs().values_list("title", flat=True))
    rows = []
    for item in queries:
        q, rule = item["q"], item["relevant"]
        found = filter_jobs(open_jobs(), {"q": q})
        count = found.count()
        # As the page orders: by relevance when the text has words to search for.
        order = ORDERINGS[RELEVANCE if search.query_words(q) else NEWEST]
        top = list(found.order_by(*order).values_list("title", flat=True)[:10])
        hits = sum(relevant(t, rule) for t in top)
        exists = sum(relevant(t, rule) for t in titles)
        rows.append(
            {
                "q": q,
                "results": count,
                "relevant_jobs": exists,
                "precision": hits / len(top) if top else 0.0,
                "top": top[:3],
            }
        )
        if show:
            print(f"  {q!r}: {count} results, P@10 {rows[-1]['precision']:.2f}, {top[:3]}")
    client = Client()
    url = reverse("jobs:search")
    urls = [f"{url}?{urlencode({'q': item['q'], **FILTERS})}" for item in queries]
    for u in urls:  # warm-up: connections, caches, the tokeniser's dictionary
        client.get(u)
    load = os.getloadavg()
    times = []
    for _ in range(rounds):
        for u in urls:
            started = time.perf_counter()
            response = client.get(u)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{u}: {response.status_code}")
    times.sort()
    result = {
        "vendor": connection.vendor,
        "open_jobs": len(titles),
        "queries": len(rows),
        "zero_with_relevant": [r["q"] for r in rows if r["results"] == 0 and r["relevant_jobs"]],
        "mean_precision": statistics.mean(r["precision"] for r in rows),
        "p50": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "max": times[-1],
        "load": load,
        "rows": rows,
    }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a database already holding the demo")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--show", action="store_true", help="print each query's first hits")
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args()
    if not os.environ.get("PYTHONPATH"):  # PYTHONPATH=… measures another checkout's code
        sys.path.insert(0, str(ROOT / "src"))
    created = None
    if args.database_url:
        database_url = args.database_url
    else:
        server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
        if not server.startswith(("postgres://", "postgresql://")):
            server = DEFAULT_SERVER
        import psycopg

        parts = urlsplit(server)
        created = psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password,
            dbname="postgres",
            autocommit=True,
        )
        created.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        created.execute(f"CREATE DATABASE {BENCH_DATABASE}")
        database_url = with_database(server, BENCH_DATABASE)
    os.environ["DATABASE_URL"] = database_url
    if "YINGCAI_VAR_DIR" not in os.environ:
        os.environ["YINGCAI_VAR_DIR"] = tempfile.mkdtemp(prefix="yingcai-bench-quality-")
    os.environ.update({"HTTPS": "0", "ALLOWED_HOSTS": "testserver,localhost"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingcai.settings")
    for name in ("REDIS_URL", "DEBUG", "TEST_DATABASE_NAME"):
        os.environ.pop(name, None)
    Path(os.environ["YINGCAI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    try:
        if created is not None:
            call_command("migrate", verbosity=0, interactive=False)
            call_command("demo", preset="chongqing2020", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        result = measure(args.rounds, args.show)
    finally:
        connections.close_all()
        if created is not None:
            created.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    zero = result["zero_with_relevant"]
    print(
        f"{result['vendor']}: {result['open_jobs']:,} open jobs, {result['queries']} queries; "
        f"load average {result['load'][0]:.2f} / {result['load'][1]:.2f}"
    )
    print(f"  zero-result everyday queries: {len(zero)} {zero if zero else ''}")
    print(f"  mean precision@10: {result['mean_precision']:.3f} (target ≥ {TARGET_PRECISION})")
    print(
        f"  text + two filters: p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
        f"max {result['max']:.1f} ms"
        + (f" (target ≤ {TARGET_P95_MS:.0f} ms)" if result["vendor"] == "postgresql" else "")
    )
    ok = not zero and result["mean_precision"] >= TARGET_PRECISION
    if result["vendor"] == "postgresql":
        ok = ok and result["p95"] <= TARGET_P95_MS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
