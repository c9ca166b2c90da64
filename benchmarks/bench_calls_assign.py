"""The roadshow call's assignment at the seed's scale, from the organiser's page.

Run with the project's Python: `.venv/bin/python benchmarks/bench_calls_assign.py` (a new
SQLite database in a throw-away `YINGCAI_VAR_DIR`, `migrate`, then the data; under a
minute). `--database-url URL` measures on another database instead (e.g. an empty
PostgreSQL database of your own); `--runs N` (default 5).

The call (fixed seed): 612 submitted entries (a verified project each, a lead and one to two
members; a third of the members in one of 150 organisations), 60 active reviewers (half with
an organisation among those, a few in a team), 5 reviewers per entry, one online review
stage with a rubric of three criteria. About 1 % of the pairs are in conflict.

Measured, through Django's test client with the whole middleware stack, as an editor:
1. "assign": the POST of the stage page's "Assign the reviewers" button
   (`orga_review:act`), redirect not followed: conflicts found again, the engine
   (`yingcai.matching.contest.assign_judges`), 3,060 assignments replaced in bulk. Median and
   worst of `--runs` runs. Target ≤ 2 s.
2. "assign again with 20 % scored": the same POST once a fifth of the assignments have a
   review (kept; the rest replaced around them). Target ≤ 2 s.
3. The stage page (`orga_review:stage`) afterwards, for information.

Prints the machine, the figures, PASS or FAIL; exit status 1 when a target is missed.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 14
ENTRIES, REVIEWERS, PER_ENTRY, ORGANISATIONS = 612, 60, 5, 150
TARGET_ASSIGN_S = 2.0


def setup(database_url: str | None, var_dir: str) -> None:
    os.environ["YINGCAI_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "yingcai.settings"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["HTTPS"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for name in ("REDIS_URL", "DEBUG", "TEST_DATABASE_NAME"):
        os.environ.pop(name, None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


def generate(rng: random.Random):
    """The call, its entries with their teams, the organisations and the pool, in bulk."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from yingcai.accounts.models import User
    from yingcai.calls.models import Call, Criterion, Entry, Reviewer, Stage
    from yingcai.core.models import DisciplineField, District
    from yingcai.core.rules import STAFF_EDITOR
    from yingcai.organisations.models import Membership, Organisation
    from yingcai.projects.models import Project, TeamMember

    field = DisciplineField.objects.first()
    district = District.objects.first()
    now = timezone.now()
    editor = User.objects.create(email="editor@bench.example.com", name="编辑", is_staff=True)
    editor.groups.add(Group.objects.get(name=STAFF_EDITOR))
    sizes = [rng.randint(2, 3) for _ in range(ENTRIES)]
    people = User.objects.bulk_create(
        [
            User(email=f"t{i}@bench.example.com", name=f"团队成员{i}")
            for i in range(sum(sizes) + REVIEWERS)
        ],
        batch_size=1000,
    )
    members, experts = people[: sum(sizes)], people[sum(sizes) :]
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name_zh_hans=f"单位{i}",
                name_en=f"Organisation {i}",
                kind="enterprise",
                district=district,
                credit_code=f"BENCH{i:013d}",
                status="verified",
            )
            for i in range(ORGANISATIONS)
        ]
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                title_zh_hans=f"路演项目{i}",
                title_en=f"Roadshow project {i}",
                summary="…",
                field=field,
                stage="prototype",
                status="verified",
                verified_at=now,
            )
            for i in range(ENTRIES)
        ],
        batch_size=1000,
    )
    team, memberships, at = [], [], 0
    for project, size in zip(projects, sizes, strict=True):
        for k in range(size):
            person = members[at]
            at += 1
            team.append(
                TeamMember(project=project, user=person, role="lead" if k == 0 else "member")
            )
            if rng.random() < 1 / 3:
                memberships.append(
                    Membership(organisation=rng.choice(organisations), user=person, role="viewer")
                )
    TeamMember.objects.bulk_create(team, batch_size=1000)
    Membership.objects.bulk_create(memberships, batch_size=1000, ignore_conflicts=True)
    call = Call.objects.create(
        slug="roadshow-2020",
        kind="roadshow",
        title_zh_hans="海内外项目路演征集",
        title_en="Roadshow call",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
        reviewers_per_entry=PER_ENTRY,
        is_published=True,
    )
    stage = Stage.objects.create(
        call=call,
        slug="review",
        name_zh_hans="专家网络评审",
        name_en="Online review",
        position=1,
        kind="review",
        method="zscore",
        status="planned",
    )
    for position, name in enumerate(("创新性", "市场前景", "团队"), start=1):
        Criterion.objects.create(stage=stage, name_zh_hans=name, position=position, max_score=10)
    Entry.objects.bulk_create(
        [
            Entry(
                call=call,
                project=p,
                status="submitted",
                submitted_at=now,
                first_submitted_at=now,
            )
            for p in projects
        ],
        batch_size=1000,
    )
    pool = Reviewer.objects.bulk_create(
        [
            Reviewer(
                call=call,
                user=expert,
                organisation=rng.choice(organisations) if i % 2 else None,
                affiliation="重庆大学",
            )
            for i, expert in enumerate(experts)
        ]
    )
    # A few experts are members of a team themselves.
    TeamMember.objects.bulk_create(
        [TeamMember(project=rng.choice(projects), user=r.user, role="member") for r in pool[:4]]
    )
    return call, stage, editor


def run(args, var_dir) -> int:
    setup(args.database_url or None, var_dir)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone, translation

    from yingcai.calls.models import Assignment, Conflict, Review
    from yingcai.calls.services import assignment as services

    rng = random.Random(SEED)
    started = time.perf_counter()
    call, stage, editor = generate(rng)
    services.open_stage(editor, stage)
    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}, database {connection.vendor}; load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    print(
        f"data: {ENTRIES} entries, {REVIEWERS} reviewers, {PER_ENTRY} per entry "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )
    import yingcai.matching.contest  # noqa: F401 - the server has it imported already

    client = Client()
    client.force_login(editor)
    with translation.override("en"):
        act = reverse(
            "orga_review:act", kwargs={"call_pk": call.pk, "stage_pk": stage.pk, "action": "assign"}
        )
        page = reverse("orga_review:stage", kwargs={"call_pk": call.pk, "stage_pk": stage.pk})
    client.get(page)  # warm: templates, URL resolver
    verdicts = []

    def timed_posts(label):
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            response = client.post(act)
            times.append(time.perf_counter() - t0)
            assert response.status_code == 302, response.status_code
        check = services.check_assignment(stage)
        assert check["complete"] and check["balanced"], check
        median, worst = statistics.median(times), max(times)
        ok = worst <= TARGET_ASSIGN_S
        verdicts.append(ok)
        print(
            f"{label}: median {median:.2f} s, worst {worst:.2f} s over {args.runs} runs; "
            f"{check['assigned']} assignments, loads {check['lowest']}–{check['highest']}, "
            f"{Conflict.objects.count()} conflicts"
        )
        print(f"  target ≤ {TARGET_ASSIGN_S:.0f} s: " + ("PASS" if ok else "FAIL"))

    timed_posts("assign")
    now = timezone.now()
    scored = list(Assignment.objects.filter(stage=stage).order_by("?")[: ENTRIES * PER_ENTRY // 5])
    Review.objects.bulk_create(
        [
            Review(assignment=a, values={}, total=rng.uniform(40, 90), submitted_at=now)
            for a in scored
        ]
    )
    timed_posts("assign again with 20 % scored")
    assert Review.objects.count() == len(scored)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        assert client.get(page).status_code == 200
        times.append(time.perf_counter() - t0)
    print(f"stage page (information): median {1000 * statistics.median(times):.0f} ms")
    return 0 if all(verdicts) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yingcai-bench-calls-assign-") as var_dir:
        return run(args, var_dir)


if __name__ == "__main__":
    sys.exit(main())
