"""The "Talents Cup" contest: does z-score judging find the true order better than the mean?

Simulates the 2020 contest's semi-final: 330 entries of hidden true quality, 40 judges,
each with a leniency (bias) and a harshness/spread (scale), 7 judges per entry assigned
by `assign_judges` (balanced loads, a few random conflicts of interest), and marks
clip(bias_j + scale_j * quality_e + noise, 0, 100) rounded to 0.1. For many seeds it
ranks the entries by the plain mean, the trimmed mean and z-scores and measures Kendall's
tau (scipy.stats.kendalltau) between each ranking and the true order, plus how many of
the true 25 best reach the final's 25 places.

Target: the z-score ranking's mean tau beats the plain mean's. It also times
`assign-judges` and `judge` at the contest's scale and at 5,000 entries x 200 judges,
next to scipy's max-flow alone on the same network (no target, reported only).

Run with the project's Python: `.venv/bin/python benchmarks/bench_contest.py`
(`--seeds N` to change the number of simulated contests, default 200).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.stats import binomtest, kendalltau

from yingcai.matching import contest

ROOT = Path(__file__).resolve().parent.parent
ENTRIES, JUDGES, PER_ENTRY, FINALISTS = 330, 40, 7, 25
METHODS = ("mean", "trimmed", "zscore")


def simulate(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    entries = [f"e{i:03d}" for i in range(ENTRIES)]
    judges = [f"j{i:02d}" for i in range(JUDGES)]
    quality = rng.normal(0.0, 1.0, ENTRIES)
    bias = rng.normal(70.0, 8.0, JUDGES)  # leniency: a judge's average mark
    scale = 8.0 * np.exp(rng.normal(0.0, 0.35, JUDGES))  # points per unit of quality
    # About one judge in 50 knows a given team (same university, former colleague).
    clash = rng.random((JUDGES, ENTRIES)) < 0.02
    conflicts = [[judges[j], entries[e]] for j, e in zip(*np.nonzero(clash), strict=True)]
    panel = contest.assign_judges(entries, judges, PER_ENTRY, conflicts)["assignment"]
    index = {j: i for i, j in enumerate(judges)}
    scores = []
    for e, entry in enumerate(entries):
        for judge in panel[entry]:
            j = index[judge]
            mark = bias[j] + scale[j] * quality[e] + rng.normal(0.0, 5.0)
            scores.append((judge, entry, round(float(np.clip(mark, 0.0, 100.0)), 1)))
    true_top = set(np.argsort(-quality)[:FINALISTS].tolist())
    result = {}
    for method in METHODS:
        ranking = contest.rank_entries(scores, method, advance=FINALISTS)
        position = {item["entry"]: p for p, item in enumerate(ranking["ranking"])}
        order = np.array([-position[entry] for entry in entries])
        tau = kendalltau(order, quality).statistic
        found = sum(1 for entry in ranking["advancing"] if int(entry[1:]) in true_top)
        result[method] = (float(tau), found)
    return result


def best_of(repeats: int, function, *args) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - started)
    return min(times)


def scipy_only(entries, judges, k, conflicts):
    """The reference: the same flow network solved by scipy's Dinic from no flow, without
    the rotation first."""
    e_index = {e: i for i, e in enumerate(entries)}
    j_index = {j: i for i, j in enumerate(judges)}
    blocked = [set() for _ in entries]
    for judge, entry in conflicts:
        blocked[e_index[entry]].add(j_index[judge])
    low, extra = divmod(len(entries) * k, len(judges))
    empty = [set() for _ in entries]
    return contest._augment(empty, len(entries), len(judges), k, blocked, low, extra)


def timing_case(name, n_entries, n_judges, k, conflicts_of, repeats):
    entries = [f"e{i}" for i in range(n_entries)]
    judges = [f"j{i}" for i in range(n_judges)]
    conflicts = conflicts_of(entries, judges)
    ours = best_of(repeats, contest.assign_judges, entries, judges, k, conflicts)
    theirs = best_of(repeats, scipy_only, entries, judges, k, conflicts)
    print(
        f"  {name:<44} {len(conflicts):>7,} conflicts  assign_judges {ours * 1000:8.1f} ms"
        f"  scipy max-flow alone {theirs * 1000:8.1f} ms  ratio {ours / theirs:5.2f}"
    )
    return entries, judges, conflicts


def random_conflicts(share, seed=1):
    def make(entries, judges):
        rng = np.random.default_rng(seed)
        clash = rng.random((len(judges), len(entries))) < share
        return [[judges[j], entries[e]] for j, e in zip(*np.nonzero(clash), strict=True)]

    return make


def tail_conflicts(entries, judges):
    # The last tenth of the entries all clash with half of the judges: the rotation runs
    # short at the end and the max-flow must move earlier assignments.
    return [[judge, entry] for entry in entries[-len(entries) // 10 :] for judge in judges[::2]]


def cli_seconds(command: str, data: dict) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(data, handle)
    try:
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "yingcai.matching", command, "--in", handle.name],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started
    finally:
        os.unlink(handle.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=200)
    seeds = parser.parse_args().seeds

    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, {platform.platform()}"
    )
    print(
        f"simulation: {seeds} contests of {ENTRIES} entries, {JUDGES} judges, {PER_ENTRY} "
        f"judges per entry (assign_judges, 2% conflicts), bias ~ N(70, 8), "
        f"scale ~ 8·exp(N(0, 0.35)), noise ~ N(0, 5), marks clipped to 0-100, 0.1 steps"
    )
    started = time.perf_counter()
    runs = [simulate(seed) for seed in range(seeds)]
    elapsed = time.perf_counter() - started
    tau = {m: np.array([r[m][0] for r in runs]) for m in METHODS}
    found = {m: np.array([r[m][1] for r in runs]) for m in METHODS}
    print(f"Kendall tau to the true order (mean ± sd over {seeds} seeds; {elapsed:.1f} s):")
    for method in METHODS:
        print(
            f"  {method:<8} tau {tau[method].mean():.4f} ± {tau[method].std():.4f}   "
            f"true top {FINALISTS} in the final {found[method].mean():5.2f} / {FINALISTS}"
        )
    wins = int((tau["zscore"] > tau["mean"]).sum())
    ties = int((tau["zscore"] == tau["mean"]).sum())
    sign = binomtest(wins, seeds - ties, 0.5, alternative="greater").pvalue if seeds > ties else 1.0
    gain = tau["zscore"].mean() - tau["mean"].mean()
    print(
        f"zscore beats mean in {wins} of {seeds} seeds ({ties} even; sign test p = {sign:.2g}); "
        f"mean tau gain {gain:+.4f} (ratio {tau['zscore'].mean() / tau['mean'].mean():.3f})"
    )
    print(
        f"zscore beats trimmed in {int((tau['zscore'] > tau['trimmed']).sum())} of {seeds}; "
        f"trimmed beats mean in {int((tau['trimmed'] > tau['mean']).sum())} of {seeds}"
    )

    print("assign-judges, best of 3 (in-process; the reference is scipy's Dinic alone):")
    scipy_only(["w"], ["a"], 1, [])  # import and warm scipy before timing
    timing_case("330 x 40, k=7, 2% random conflicts", 330, 40, 7, random_conflicts(0.02), 3)
    big = timing_case(
        "5,000 x 200, k=5, 2% random conflicts", 5000, 200, 5, random_conflicts(0.02), 3
    )
    timing_case("5,000 x 200, k=5, no conflicts", 5000, 200, 5, lambda e, j: [], 3)
    timing_case("5,000 x 200, k=5, last 10% clash with half", 5000, 200, 5, tail_conflicts, 3)

    print("judge, best of 3 (in-process):")
    for n_entries, k in ((330, 7), (5000, 5)):
        rng = np.random.default_rng(7)
        scores = [
            (f"j{(e * k + t) % 200}", f"e{e}", round(float(rng.uniform(0, 100)), 1))
            for e in range(n_entries)
            for t in range(k)
        ]
        row = "  ".join(
            f"{m} {best_of(3, contest.rank_entries, scores, m, None, 25) * 1000:7.1f} ms"
            for m in METHODS
        )
        print(f"  {n_entries:>5,} entries x {k} scores   {row}")

    entries, judges, conflicts = big
    command_line = {"entries": entries, "judges": judges, "per_entry": 5, "conflicts": conflicts}
    seconds = cli_seconds("assign-judges", command_line)
    print(f"yingcai-match assign-judges, 5,000 x 200, k=5, end to end: {seconds:.2f} s")
    sheet = {
        "method": "zscore",
        "advance": 25,
        "scores": [
            {"judge": judges[(e * 5 + t) % 200], "entry": entries[e], "score": (e * 7 + t) % 101}
            for e in range(5000)
            for t in range(5)
        ],
    }
    print(f"yingcai-match judge, 25,000 scores, end to end: {cli_seconds('judge', sheet):.2f} s")

    verdict = "PASS" if tau["zscore"].mean() > tau["mean"].mean() else "FAIL"
    print(
        f"z-score tau {tau['zscore'].mean():.4f} vs mean tau {tau['mean'].mean():.4f} "
        f"(target: z-score higher): {verdict}"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
