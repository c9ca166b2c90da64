"""Search of projects and project demands at the conference's scale (607 projects, 288 demands)
and at ten times it: server time of the public search pages with text and two filters.

Run with the project's Python: `.venv/bin/python benchmarks/bench_project_search.py`
(a minute or two). Options: `--rounds N` (measured rounds, default 5), `--scales 1,10`,
`--sqlite` (SQLite too, information only).

PostgreSQL (the target): a database `yingcai_bench_projects` is created on the server of
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, only used to reach the server)
and dropped at the end. In it: `migrate`, then 607 listed projects and 288 published demands of
verified organisations of every kind (times the scale), plus a tenth more of each that must
never be found (drafts, awaiting verification, closed), bilingual titles and summaries drawn
from the seed's industries, spread over fields, districts, stages, origins and amounts (fixed
seed), indexed as the services index them. Then 40 searches with text (Chinese, English,
mixed) and two filters each, half of projects, half of demands, through Django's test client
with the whole middleware stack. One warm-up round, then `--rounds` measured; p50, p95, max.

Target (PostgreSQL): p95 <= 100 ms at every scale. Exit status 1 when it is missed.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "yingcai_bench_projects"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/test"
TARGET_MS = 100.0
PROJECTS = 607
DEMANDS = 288
SEED = 2020

# industry slug -> (Chinese words, English words)
TOPICS = {
    "electronic-information": (
        "集成电路 芯片设计 半导体 传感器 物联网 射频",
        "chip semiconductor sensor iot",
    ),
    "smart-manufacturing": (
        "工业机器人 数控 自动化 精密制造 机器视觉",
        "robot automation machining vision",
    ),
    "biomedicine": (
        "创新药 医疗器械 基因检测 疫苗 体外诊断",
        "drug device genomics vaccine diagnostics",
    ),
    "new-energy": ("锂电池 储能 氢能 光伏 充电桩", "battery storage hydrogen solar charging"),
    "intelligent-vehicles": (
        "自动驾驶 激光雷达 车联网 电驱动",
        "autonomous lidar vehicle drivetrain",
    ),
    "new-materials": ("碳纤维 石墨烯 复合材料 高分子", "carbon graphene composite polymer"),
    "digital-economy": ("大数据 云计算 人工智能 区块链", "data cloud ai blockchain"),
}
SEARCHES = [
    ("芯片", "electronic-information"),
    ("锂电池", "new-energy"),
    ("robot", "smart-manufacturing"),
    ("疫苗 vaccine", "biomedicine"),
    ("自动驾驶", "intelligent-vehicles"),
    ("graphene", "new-materials"),
    ("人工智能", "digital-economy"),
    ("储能 battery", "new-energy"),
    ("传感器", "electronic-information"),
    ("基因检测", "biomedicine"),
]


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


def run_child(database_url: str, var_dir: str, rounds: int, scale: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "YINGCAI_VAR_DIR": var_dir,
        "HTTPS": "0",
        "ALLOWED_HOSTS": "testserver,localhost",
        "DJANGO_SETTINGS_MODULE": "yingcai.settings",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("REDIS_URL", "DEBUG", "TEST_DATABASE_NAME"):
        env.pop(name, None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", "--rounds", str(rounds), "--scales", str(scale)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit("the benchmark failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    if args.child:
        return child(args.rounds, scales[0])
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}")
    server = os.environ.get("DATABASE_URL", DEFAULT_SERVER)
    if not server.startswith(("postgres://", "postgresql://")):
        server = DEFAULT_SERVER
    verdicts = []
    try:
        admin = admin_connection(server)
    except Exception as error:
        print(f"PostgreSQL: cannot reach the server: {error}\nFAIL")
        return 1
    with admin:
        for scale in scales:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
            admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
            try:
                with tempfile.TemporaryDirectory(prefix="yingcai-bench-") as var_dir:
                    result = run_child(
                        with_database(server, BENCH_DATABASE), var_dir, args.rounds, scale
                    )
            finally:
                admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
            ok = result["p95"] <= TARGET_MS
            verdicts.append(ok)
            describe("PostgreSQL", scale, result)
            print(
                f"  p95 {result['p95']:.1f} ms (target ≤ {TARGET_MS:.0f} ms): "
                + ("PASS" if ok else "FAIL")
            )
    if args.sqlite:
        for scale in scales:
            with tempfile.TemporaryDirectory(prefix="yingcai-bench-") as var_dir:
                result = run_child(
                    f"sqlite:///{var_dir}/bench.sqlite3", var_dir, args.rounds, scale
                )
            describe("SQLite (information)", scale, result)
    return 0 if all(verdicts) else 1


def describe(backend: str, scale: int, r: dict) -> None:
    print(
        f"{backend}, scale x{scale}: {r['projects']:,} listed projects, {r['demands']:,} "
        f"published demands ({r['rows']:,} rows), loaded in {r['load_seconds']:.1f} s; "
        f"{r['samples']} searches with text + two filters: p50 {r['p50']:.1f} ms, "
        f"p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms; results per search: median "
        f"{r['median_results']}, none in {r['empty']} of {r['queries']}"
    )


def child(rounds: int, scale: int) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    started = time.perf_counter()
    counts = generate(scale)
    result = {**counts, "load_seconds": time.perf_counter() - started}
    result.update(measure(rounds))
    print(json.dumps(result))
    return 0


def generate(scale: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from yingcai.core.models import DisciplineField, District
    from yingcai.organisations.models import Organisation
    from yingcai.projects import search
    from yingcai.projects.models import Demand, Industry, Project, stages_value
    from yingcai.projects.rules.demands import DEMAND_KINDS

    rng = random.Random(SEED)
    now = timezone.now()
    fields = list(DisciplineField.objects.all())
    districts = list(District.objects.all())
    industries = {i.slug: i for i in Industry.objects.all()}
    stages = ["idea", "prototype", "revenue", "scaling"]
    kinds = list(DEMAND_KINDS)
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name_zh_hans=f"重庆测试单位{n}",
                    name_en=f"Chongqing Test Organisation {n}",
                    kind=kinds[n % len(kinds)],
                    status="verified",
                    credit_code=f"91500000{n:010d}",
                    level="municipal" if kinds[n % len(kinds)] == "public_institution" else "",
                    district=rng.choice(districts),
                )
                for n in range(60 * scale)
            ]
        )
        projects, demands = [], []
        total_projects = PROJECTS * scale + PROJECTS * scale // 10
        for n in range(total_projects):
            slug = rng.choice(list(TOPICS))
            zh, en = TOPICS[slug]
            words_zh, words_en = zh.split(), en.split()
            low = rng.choice([None, 1, 5, 10, 50])
            projects.append(
                Project(
                    title_zh_hans=f"{rng.choice(words_zh)}{rng.choice(words_zh)}项目{n}",
                    title_en=f"{rng.choice(words_en).title()} project {n}",
                    summary_zh_hans="，".join(rng.sample(words_zh, 3)) + "的产业化。",
                    summary_en=" ".join(rng.sample(words_en, 3)) + " brought to market.",
                    field=rng.choice(fields),
                    stage=rng.choice(stages),
                    origin=rng.choice(["domestic", "domestic", "overseas"]),
                    district=rng.choice(districts),
                    seeks_investment=low is not None,
                    amount_min=low * 1_000_000 if low else None,
                    amount_max=low * 5_000_000 if low else None,
                    status="verified"
                    if n < PROJECTS * scale
                    else rng.choice(["draft", "submitted"]),
                    first_submitted_at=now,
                    verified_at=now,
                )
            )
        Project.objects.bulk_create(projects, batch_size=1000)
        total_demands = DEMANDS * scale + DEMANDS * scale // 10
        for n in range(total_demands):
            organisation = rng.choice(organisations)
            slug = rng.choice(list(TOPICS))
            zh, en = TOPICS[slug]
            words_zh, words_en = zh.split(), en.split()
            kind = DEMAND_KINDS[organisation.kind]
            invests = kind == "investment"
            low = rng.choice([1, 5, 10]) if invests else None
            demands.append(
                Demand(
                    organisation=organisation,
                    kind=kind,
                    title_zh_hans=f"寻找{rng.choice(words_zh)}项目{n}",
                    title_en=f"Seeking {rng.choice(words_en)} projects {n}",
                    description_zh_hans="，".join(rng.sample(words_zh, 3)) + "。",
                    description_en=" ".join(rng.sample(words_en, 3)) + ".",
                    stages=stages_value(rng.sample(stages, 2)) if invests else "",
                    ticket_min=low * 1_000_000 if low else None,
                    ticket_max=low * 10_000_000 if low else None,
                    status="published" if n < DEMANDS * scale else rng.choice(["draft", "closed"]),
                    first_submitted_at=now,
                    published_at=now,
                )
            )
        Demand.objects.bulk_create(demands, batch_size=1000)
        project_rows = list(Project.objects.all())
        Project.industries.through.objects.bulk_create(
            [
                Project.industries.through(project_id=p.pk, industry_id=industries[s].pk)
                for p in project_rows
                for s in rng.sample(list(TOPICS), 2)
            ],
            batch_size=2000,
        )
        demand_rows = list(Demand.objects.all())
        through = Demand.fields.through
        through.objects.bulk_create(
            [
                through(demand_id=d.pk, disciplinefield_id=rng.choice(fields).pk)
                for d in demand_rows
            ],
            batch_size=2000,
        )
        Demand.districts.through.objects.bulk_create(
            [
                Demand.districts.through(demand_id=d.pk, district_id=x.pk)
                for d in demand_rows
                for x in rng.sample(districts, 2)
            ],
            batch_size=2000,
        )
        Demand.industries.through.objects.bulk_create(
            [
                Demand.industries.through(demand_id=d.pk, industry_id=industries[s].pk)
                for d in demand_rows
                for s in rng.sample(list(TOPICS), 2)
            ],
            batch_size=2000,
        )
        search.reindex_projects(project_rows)
        search.reindex_demands(demand_rows)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "projects": Project.objects.filter(status="verified").count(),
        "demands": Demand.objects.filter(status="published").count(),
        "rows": len(project_rows) + len(demand_rows),
    }


def requests_to_measure() -> list[str]:
    from yingcai.core.models import DisciplineField, District

    rng = random.Random(SEED + 1)
    fields = list(DisciplineField.objects.values_list("slug", flat=True))
    districts = list(District.objects.values_list("slug", flat=True))
    urls = []
    for text, industry in SEARCHES:
        urls.append(
            "/zh-hans/projects/?"
            + urlencode(
                {"q": text, "industry": industry, "stage": rng.choice(["prototype", "revenue"])}
            )
        )
        urls.append(
            "/en/projects/?"
            + urlencode({"q": text, "origin": "domestic", "field": rng.choice(fields)})
        )
        urls.append(
            "/zh-hans/projects/demands/?"
            + urlencode({"q": text, "kind": "investor", "amount": 5_000_000})
        )
        urls.append(
            "/en/projects/demands/?"
            + urlencode({"q": text, "industry": industry, "district": rng.choice(districts)})
        )
    return urls


def measure(rounds: int) -> dict:
    from django.http import QueryDict
    from django.test import Client

    from yingcai.projects.filters import search_demands, search_projects

    client = Client()
    urls = requests_to_measure()

    def count(url: str) -> int:
        data = QueryDict(url.split("?", 1)[1])
        search = search_demands if "/demands/" in url else search_projects
        return search(data).results.count()

    counts = [count(u) for u in urls]

    def get(url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        return elapsed

    for url in urls:
        get(url)
    samples = sorted(get(url) for _ in range(rounds) for url in urls)
    return {
        "samples": len(samples),
        "queries": len(urls),
        "p50": statistics.median(samples),
        "p95": samples[max(0, round(0.95 * len(samples)) - 1)],
        "max": samples[-1],
        "median_results": int(statistics.median(counts)),
        "empty": sum(1 for n in counts if n == 0),
    }


if __name__ == "__main__":
    sys.exit(main())
