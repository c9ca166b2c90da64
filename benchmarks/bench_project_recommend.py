"""Stored project ⇄ demand recommendations at the conference's scale (issue 13).

607 listed projects and 288 published demands of verified organisations (the seed's counts),
generated from a fixed seed in a fresh test database (SQLite in memory by default; set
DATABASE_URL and TEST_DATABASE_NAME for PostgreSQL): fields and industries drawn from the
seed's, a stage, an amount range (CNY or USD) for those seeking investment, a wished
district; demands of the four kinds with their fields, industries, stages, ticket ranges and
districts; bilingual texts built from the demo's word lists.

Timed, as the worker runs it (`projects.recommendations.refresh`, one worker, reading the
database, the engine in both languages, writing the rows):

- a full refresh (median of 3), with the rows it stores;
- one project's refresh (a project listed or changed), median of 5 different projects;
- one demand's refresh, median of 5.

Targets: full refresh <= 10 s, one project's or demand's <= 5 s (a worker's task, never a
request). Run with the project's Python: `.venv/bin/python benchmarks/bench_project_recommend.py`
(about a minute, most of it the migrations).
"""

import os
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PROJECTS, DEMANDS = 607, 288
TARGET_FULL, TARGET_ONE = 10.0, 5.0
WORDS = [
    ("碳化硅功率芯片", "silicon-carbide power chips"), ("固态电池", "solid-state batteries"),
    ("储能系统", "energy storage"), ("mRNA 疫苗", "mRNA vaccines"), ("抗体药物", "antibody drugs"),
    ("工业机器人", "industrial robots"), ("机器视觉", "machine vision"),
    ("激光雷达", "lidar"), ("智能网联汽车", "connected vehicles"),
    ("氢燃料电池", "hydrogen fuel cells"),
    ("光伏组件", "photovoltaic modules"), ("集成电路设计", "chip design"),
    ("工业互联网", "industrial internet"), ("医疗影像", "medical imaging"),
    ("基因检测", "genetic testing"), ("新型显示", "new displays"), ("传感器", "sensors"),
    ("数控机床", "CNC machine tools"), ("石墨烯材料", "graphene materials"),
    ("大数据平台", "big data platforms"), ("人工智能算法", "AI algorithms"),
    ("医疗器械", "medical devices"), ("锂电池回收", "battery recycling"),
    ("智慧物流", "smart logistics"), ("5G 通信模组", "5G modules"),
    ("半导体封装", "chip packaging"),
]  # fmt: skip


def generate(rng: random.Random) -> None:
    from tests.factories import OrganisationFactory
    from yingcai.core.models import DisciplineField, District
    from yingcai.demo.words import INDUSTRIES as TRADES
    from yingcai.organisations.models import Organisation
    from yingcai.projects.models import Demand, Industry, Project, Stage, stages_value

    fields = list(DisciplineField.objects.all())
    districts = list(District.objects.all())
    industries = list(Industry.objects.all())
    stages = list(Stage.values)
    kinds = [Organisation.Kind.INVESTOR, Organisation.Kind.INDUSTRIAL_PARK]
    organisations = [OrganisationFactory(kind=rng.choice(kinds)) for _ in range(60)]

    def text() -> tuple[str, str]:
        chosen = rng.sample(WORDS, 3)
        trade = rng.choice(TRADES)
        zh = f"{trade[0]}领域，" + "、".join(w[0] for w in chosen) + "的研发与产业化。"
        en = f"{trade[1]}: research and industrialisation of " + ", ".join(w[1] for w in chosen)
        return zh, en

    def amount_range(scale: int) -> tuple[int, int]:
        low = rng.randint(1, 50) * scale
        return low, low * rng.randint(2, 10)

    projects = []
    for i in range(PROJECTS):
        zh, en = text()
        low, high = amount_range(1_000_000)
        seeks = rng.random() < 0.7
        projects.append(
            Project(
                title_zh_hans=f"项目 {i} " + zh[:12],
                title_en=f"Project {i}",
                summary_zh_hans=zh,
                summary_en=en,
                field=rng.choice(fields),
                stage=rng.choice(stages),
                origin=rng.choice(["domestic"] * 4 + ["overseas"]),
                seeks_investment=seeks,
                amount_min=low if seeks else None,
                amount_max=high if seeks else None,
                currency=rng.choice(["CNY"] * 4 + ["USD"]),
                district=rng.choice([None, *districts]),
                status=Project.Status.VERIFIED,
            )
        )
    projects = Project.objects.bulk_create(projects)
    Project.industries.through.objects.bulk_create(
        Project.industries.through(project_id=p.pk, industry_id=industry.pk)
        for p in projects
        for industry in rng.sample(industries, rng.randint(0, 2))
    )
    demands = []
    for i in range(DEMANDS):
        zh, en = text()
        kind = rng.choice(Demand.Kind.values)
        investing = kind == Demand.Kind.INVESTMENT
        low, high = amount_range(1_000_000) if investing else (None, None)
        demands.append(
            Demand(
                organisation=rng.choice(organisations),
                kind=kind,
                title_zh_hans=f"需求 {i} " + zh[:12],
                title_en=f"Demand {i}",
                description_zh_hans=zh,
                description_en=en,
                stages=stages_value(rng.sample(stages, rng.randint(1, 3))) if investing else "",
                ticket_min=low,
                ticket_max=high,
                currency="CNY",
                status=Demand.Status.PUBLISHED,
            )
        )
    demands = Demand.objects.bulk_create(demands)
    for model, target, choices, most in (
        (Demand.fields.through, "disciplinefield_id", fields, 2),
        (Demand.industries.through, "industry_id", industries, 2),
        (Demand.districts.through, "district_id", districts, 3),
    ):
        model.objects.bulk_create(
            model(demand_id=d.pk, **{target: choice.pk})
            for d in demands
            for choice in rng.sample(choices, rng.randint(1, most))
        )


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> int:
    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}; load average {os.getloadavg()[0]:.2f}"
    )
    setup_test_environment()
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor}, migrated in {time.perf_counter() - started:.1f} s")
    from yingcai.projects import recommendations
    from yingcai.projects.models import Demand, Project, Recommendation

    generate(random.Random(13))
    print(f"{Project.objects.count()} listed projects x {Demand.objects.count()} published demands")
    recommendations._engine()  # the import, once per worker process: not the refresh's
    full = [timed(recommendations.refresh) for _ in range(3)]
    full_s = statistics.median(s for s, _ in full)
    rows = full[0][1]
    per = Recommendation.objects.values("direction").order_by("direction")
    counts = {d: per.filter(direction=d).count() for d in ("project", "demand")}
    print(
        f"full refresh: median {full_s:.2f} s of 3 ({', '.join(f'{s:.2f}' for s, _ in full)}); "
        f"{rows} rows ({counts['project']} for projects, {counts['demand']} for demands)"
    )
    rng = random.Random(7)
    project_ids = rng.sample(list(Project.objects.values_list("pk", flat=True)), 5)
    demand_ids = rng.sample(list(Demand.objects.values_list("pk", flat=True)), 5)
    one_project = [timed(lambda p=p: recommendations.refresh(project_ids=[p])) for p in project_ids]
    one_demand = [timed(lambda d=d: recommendations.refresh(demand_ids=[d])) for d in demand_ids]
    p_s = statistics.median(s for s, _ in one_project)
    d_s = statistics.median(s for s, _ in one_demand)
    print(
        f"one project's refresh: median {p_s:.2f} s of 5, "
        f"max {max(s for s, _ in one_project):.2f} s, "
        f"{statistics.median(r for _, r in one_project):.0f} rows rewritten (its list and the "
        "demands' lists naming it)"
    )
    print(
        f"one demand's refresh: median {d_s:.2f} s of 5, "
        f"max {max(s for s, _ in one_demand):.2f} s, "
        f"{statistics.median(r for _, r in one_demand):.0f} rows rewritten"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB")
    results = [
        ("full refresh", full_s <= TARGET_FULL, f"{full_s:.2f} s <= {TARGET_FULL} s"),
        ("one project", p_s <= TARGET_ONE, f"{p_s:.2f} s <= {TARGET_ONE} s"),
        ("one demand", d_s <= TARGET_ONE, f"{d_s:.2f} s <= {TARGET_ONE} s"),
    ]
    for what, ok, figure in results:
        print(f"{what}: {figure}: {'PASS' if ok else 'FAIL'}")
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    ok = all(ok for _, ok, _ in results)
    print(f"\nproject recommendation benchmark: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
