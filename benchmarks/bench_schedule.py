"""`yingcai-match schedule` against OR-Tools CP-SAT, side by side in one run.

1. Quality: random instances (bipartite as at the conference, and general graphs; whole and
   one-decimal weights) that CP-SAT proves optimal; our weight / the optimum, per instance
   and the minimum (target >= 0.99).
2. Conference scale: 630 projects x 300 counterparts (investors, industrial parks, district
   governments, enterprises), 12 slots, 60 tables, 2,000 requests. Our solver (target
   <= 2 s end to end, as `yingcai-match schedule` in a new process, and >= 10x faster than
   CP-SAT proving the optimum, both timed in process without imports) against CP-SAT with
   2 workers and a 120 s limit; gaps, idle slots and table moves.

Every instance is generated from a fixed seed. Run with the project's Python:
`.venv/bin/python benchmarks/bench_schedule.py` (about 3 minutes on 2 cores, nearly all of
it CP-SAT).
"""

import itertools
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from yingcai.matching import jsonio  # noqa: E402
from yingcai.matching.schedule import solve_cli  # noqa: E402

TARGET_RATIO = 0.99
TARGET_SECONDS = 2.0
TARGET_SPEEDUP = 10.0
CP_SAT_LIMIT = 120.0
CP_SAT_QUALITY_LIMIT = 60.0
KINDS = [("investor", 120), ("park", 60), ("district", 40), ("enterprise", 80)]


# --------------------------------------------------------------------------- instances


def instance(
    seed: int,
    projects: int,
    counterparts: int,
    n_slots: int,
    tables: int,
    n_requests: int,
    *,
    general: bool = False,
    decimals: int = 0,
    scattered: bool = False,
) -> dict:
    """A docking session: half-day availability, popular counterparts, mutual interest.

    Projects ask counterparts; a counterpart's popularity follows a power law. Weight =
    the project's interest (1-5) + the counterpart's (0-5), so 1-10. With `general`, a
    fifth of the requests are between counterparts (an investor and a park, say), so the
    request graph has odd cycles. With `decimals`, weights get random decimals. With
    `scattered`, everyone is available in each slot with probability 0.7 and all
    counterparts are equally popular: harder, the LP relaxation is often fractional.
    """
    rng = random.Random(seed)
    half = n_slots // 2
    slots = [f"am{i + 1}" for i in range(half)] + [f"pm{i + 1}" for i in range(n_slots - half)]
    kinds = [kind for kind, count in KINDS for _ in range(count)]

    def available(full_day: float) -> list[str]:
        if scattered:
            return [s for s in slots if rng.random() < 0.7]
        x = rng.random()
        if x < full_day:
            return list(slots)
        if x < full_day + (1 - full_day) * 0.4:
            return slots[:half]
        if x < full_day + (1 - full_day) * 0.8:
            return slots[half:]
        return [s for s in slots if rng.random() < 0.7] or [rng.choice(slots)]

    project_ids = [f"project-{i:03d}" for i in range(projects)]
    counterpart_ids = [f"{kinds[i % len(kinds)]}-{i:03d}" for i in range(counterparts)]
    participants = {p: {"available": available(0.70)} for p in project_ids}
    participants.update({c: {"available": available(0.75)} for c in counterpart_ids})
    popularity = [1.0 if scattered else 1.0 / (i + 10) ** 0.8 for i in range(counterparts)]
    seen, requests = set(), []
    while len(requests) < n_requests:
        if general and rng.random() < 0.2:
            a, b = rng.sample(counterpart_ids, 2)
        else:
            a = rng.choice(project_ids)
            b = rng.choices(counterpart_ids, popularity)[0]
        if (a, b) in seen or (b, a) in seen:
            continue
        seen.add((a, b))
        weight = rng.randint(1, 5) + rng.randint(0, 5)
        if decimals:
            weight = round(max(0.1, weight - rng.random()), decimals)
        requests.append({"a": a, "b": b, "weight": weight})
    return {"slots": slots, "tables": tables, "participants": participants, "requests": requests}


QUALITY = [
    # (name, projects, counterparts, slots, tables, requests, general, decimals, scattered)
    ("tiny", 8, 4, 3, 2, 16, False, 0, False),
    ("small", 20, 10, 4, 4, 50, False, 0, False),
    ("small-gen", 20, 10, 4, 4, 50, True, 1, False),
    ("medium", 60, 30, 8, 8, 200, False, 0, False),
    ("medium-dec", 60, 30, 8, 8, 200, False, 1, False),
    ("medium-gen", 60, 30, 8, 8, 200, True, 0, False),
    ("large", 160, 75, 12, 15, 500, False, 0, False),
    ("large-gen", 160, 75, 12, 15, 500, True, 1, False),
    ("scattered", 50, 50, 10, 20, 500, False, 0, True),
    ("scattered-dec", 50, 50, 10, 20, 500, False, 1, True),
    ("scattered-gen", 50, 50, 10, 20, 500, True, 0, True),
    ("scattered-gd", 25, 25, 8, 8, 150, True, 1, True),
]
SEEDS = (1, 2, 3, 4, 5)


# --------------------------------------------------------------------------- the reference


def cp_sat(data: dict, limit: float) -> dict:
    """CP-SAT: boolean x[r, s], at most one per request, per participant and slot, at most
    `tables` per slot; maximise the weights scaled to integers. Timed without the import."""
    # Imported here so that bench_schedule_pinned.py can reuse `instance` without OR-Tools.
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    slots = data["slots"]
    available = {p: set(spec["available"]) for p, spec in data["participants"].items()}
    scale = 10 ** max(_decimals(q["weight"]) for q in data["requests"])
    model = cp_model.CpModel()
    per_participant, per_slot, objective, choices = defaultdict(list), defaultdict(list), [], []
    for r, q in enumerate(data["requests"]):
        xs = []
        for s in slots:
            if s in available[q["a"]] and s in available[q["b"]]:
                x = model.new_bool_var(f"x{r}_{s}")
                xs.append((s, x))
                per_participant[q["a"], s].append(x)
                per_participant[q["b"], s].append(x)
                per_slot[s].append(x)
                objective.append(round(q["weight"] * scale) * x)
        if len(xs) > 1:
            model.add_at_most_one(x for _, x in xs)
        choices.append(xs)
    for xs in per_participant.values():
        if len(xs) > 1:
            model.add_at_most_one(xs)
    for xs in per_slot.values():
        if len(xs) > data["tables"]:
            model.add(sum(xs) <= data["tables"])
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = limit
    status = solver.solve(model)
    seconds = time.perf_counter() - started
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    slot_of = {}
    if found:
        for r, xs in enumerate(choices):
            for s, x in xs:
                if solver.value(x):
                    slot_of[r] = s
    return {
        "status": solver.status_name(status),
        "optimal": status == cp_model.OPTIMAL,
        "weight": solver.objective_value / scale if found else 0.0,
        "bound": solver.best_objective_bound / scale,
        "seconds": seconds,
        "slot_of": slot_of,
    }


def _decimals(x) -> int:
    return next(k for k in range(7) if round(x, k) == x)


# --------------------------------------------------------------------------- checks


def check(data: dict, out: dict) -> None:
    """Every hard constraint, independently of the solver."""
    available = {p: set(spec["available"]) for p, spec in data["participants"].items()}
    busy, tables_used, met = set(), set(), defaultdict(int)
    for m in out["meetings"]:
        for p in (m["a"], m["b"]):
            assert m["slot"] in available[p], m
            assert (p, m["slot"]) not in busy, m
            busy.add((p, m["slot"]))
        assert 1 <= m["table"] <= data["tables"] and (m["slot"], m["table"]) not in tables_used
        tables_used.add((m["slot"], m["table"]))
        met[m["a"], m["b"]] += 1
    wanted = defaultdict(int)
    for r, q in enumerate(data["requests"]):
        if r not in set(out["unscheduled"]):
            wanted[q["a"], q["b"]] += 1
    assert met == wanted
    assert out["weight"] <= out["upper_bound"] + 1e-9


def idle_of(slots: list[str], meetings) -> dict[str, int]:
    """Idle slots per participant from (participant, slot) pairs."""
    index = {s: i for i, s in enumerate(slots)}
    seen = defaultdict(list)
    for p, s in meetings:
        seen[p].append(index[s])
    return {p: max(v) - min(v) + 1 - len(v) for p, v in seen.items()}


def table_moves(slots: list[str], meetings) -> tuple[int, int, int]:
    """(participants with 2+ meetings, those keeping one table, table changes)."""
    index = {s: i for i, s in enumerate(slots)}
    seats = defaultdict(list)
    for m in meetings:
        for p in (m["a"], m["b"]):
            seats[p].append((index[m["slot"]], m["table"]))
    several = [sorted(v) for v in seats.values() if len(v) > 1]
    kept = sum(1 for v in several if len({t for _, t in v}) == 1)
    changes = sum(sum(1 for x, y in itertools.pairwise(v) if x[1] != y[1]) for v in several)
    return len(several), kept, changes


def timed(data: dict) -> tuple[dict, float]:
    started = time.perf_counter()
    out = solve_cli(data)
    return out, time.perf_counter() - started


# --------------------------------------------------------------------------- the runs


def quality() -> bool:
    print("\n1. Quality against CP-SAT's proven optimum")
    print(
        f"{'instance':<16}{'requests':>9}{'ours':>11}{'optimum':>11}{'ratio':>8}"
        f"{'bound gap':>10}{'ours s':>8}{'CP-SAT s':>9}"
    )
    ratios = []
    for name, projects, counterparts, n_slots, tables, n_requests, general, dec, hard in QUALITY:
        for seed in SEEDS:
            data = instance(
                seed, projects, counterparts, n_slots, tables, n_requests,
                general=general, decimals=dec, scattered=hard,
            )  # fmt: skip
            out, seconds = timed(data)
            check(data, out)
            ref = cp_sat(data, CP_SAT_QUALITY_LIMIT)
            assert ref["weight"] <= out["upper_bound"] + 1e-6, "our bound is below a solution"
            label = f"{name}/{seed}"
            if not ref["optimal"]:
                print(f"{label:<16} CP-SAT did not prove optimality ({ref['status']}): skipped")
                continue
            ratio = out["weight"] / ref["weight"] if ref["weight"] else 1.0
            ratios.append(ratio)
            print(
                f"{label:<16}{len(data['requests']):>9}{out['weight']:>11.1f}"
                f"{ref['weight']:>11.1f}{ratio:>8.4f}{out['gap']:>10.4f}"
                f"{seconds:>8.3f}{ref['seconds']:>9.2f}"
            )
    worst = min(ratios)
    optimal = sum(1 for r in ratios if r >= 1 - 1e-12)
    verdict = "PASS" if worst >= TARGET_RATIO else "FAIL"
    print(
        f"instances proven optimal by CP-SAT: {len(ratios)}; ours optimal on {optimal}; "
        f"mean ratio {statistics.mean(ratios):.5f}"
    )
    print(f"minimum weight / optimum: {worst:.4f} (target >= {TARGET_RATIO}): {verdict}")
    return verdict == "PASS"


def cli_seconds(data: dict) -> tuple[float, bytes]:
    """`python -m yingcai.matching schedule --in FILE` in a new process, wall clock."""
    with tempfile.TemporaryDirectory(prefix="yingcai-bench-") as folder:
        path = Path(folder) / "schedule.json"
        path.write_bytes(jsonio.dumps(data))
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "yingcai.matching", "schedule", "--in", str(path)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=True, env=env)  # noqa: S603
        return time.perf_counter() - started, done.stdout


def conference() -> bool:
    print("\n2. Conference scale")
    data = instance(2020, 630, 300, 12, 60, 2000)
    people = len(data["participants"])
    print(
        f"instance: {people} participants (630 projects, 300 counterparts), "
        f"{len(data['slots'])} slots, {data['tables']} tables, {len(data['requests'])} requests"
    )
    runs = [timed(data) for _ in range(3)]
    out = runs[0][0]
    ours = statistics.median(seconds for _, seconds in runs)
    check(data, out)
    same = len({jsonio.dumps(o) for o, _ in runs}) == 1
    cli = [cli_seconds(data) for _ in range(3)]
    cli_time = statistics.median(seconds for seconds, _ in cli)
    same = same and all(stdout == jsonio.dumps(out) + b"\n" for _, stdout in cli)
    ref = cp_sat(data, CP_SAT_LIMIT)

    print(f"ours: weight {out['weight']}, upper bound {out['upper_bound']}, gap {out['gap']:.4%}")
    print(
        f"ours: {ours:.3f} s in process (median of 3), {cli_time:.3f} s end to end as "
        f"`yingcai-match schedule` in a new process (median of 3); deterministic: {same}"
    )
    print(
        f"CP-SAT: {ref['status']} in {ref['seconds']:.2f} s (limit {CP_SAT_LIMIT:.0f} s, "
        f"2 workers), weight {ref['weight']}, its bound {ref['bound']}"
    )
    if ref["weight"]:
        print(f"ours / CP-SAT's weight: {out['weight'] / ref['weight']:.4f}")
    speedup = ref["seconds"] / ours
    print(
        f"speed: CP-SAT {'proving the optimum' if ref['optimal'] else 'stopped at its limit'}"
        f" / ours = {speedup:.1f}x" + ("" if ref["optimal"] else " (a lower bound)")
    )

    idle = out["idle_slots"]
    several = defaultdict(int)
    for m in out["meetings"]:
        several[m["a"]] += 1
        several[m["b"]] += 1
    multi = [p for p, n in several.items() if n > 1]
    with_idle = [n for n in idle.values() if n]
    theirs = idle_of(
        data["slots"],
        [
            (p, s)
            for r, s in ref["slot_of"].items()
            for p in (data["requests"][r]["a"], data["requests"][r]["b"])
        ],
    )
    print(
        f"idle slots: total {out['idle_total']} over {len(idle)} participants with a meeting "
        f"({len(multi)} with 2 or more); {len(with_idle)} have any, at most "
        f"{max(idle.values(), default=0)}, mean {out['idle_total'] / max(1, len(multi)):.3f} per "
        f"participant with 2+ meetings; CP-SAT's schedule (which ignores them): "
        f"{sum(theirs.values())}"
    )
    n_several, kept, changes = table_moves(data["slots"], out["meetings"])
    print(
        f"tables: {kept} of the {n_several} participants with 2+ meetings keep one table; "
        f"{changes} table changes in all, for {len(out['meetings'])} meetings"
    )

    results = [
        ("end-to-end time", cli_time <= TARGET_SECONDS, f"{cli_time:.3f} s <= {TARGET_SECONDS} s"),
        ("speed-up", speedup >= TARGET_SPEEDUP, f"{speedup:.1f}x >= {TARGET_SPEEDUP:.0f}x"),
        ("determinism", same, "same bytes in 6 runs"),
    ]
    if ref["optimal"]:
        ratio = out["weight"] / ref["weight"]
        results.append(("weight", ratio >= TARGET_RATIO, f"{ratio:.4f} >= {TARGET_RATIO}"))
    for what, ok, figure in results:
        print(f"{what}: {figure}: {'PASS' if ok else 'FAIL'}")
    return all(ok for _, ok, _ in results)


def main() -> int:
    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.platform()}; load average {os.getloadavg()[0]:.2f}"
    )
    import ortools
    import scipy

    print(f"scipy {scipy.__version__} (HiGHS), ortools {ortools.__version__}")
    ok = quality()
    ok = conference() and ok
    print(f"\nschedule benchmark: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
