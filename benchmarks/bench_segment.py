"""Chinese segmentation: rjieba (jieba-rs) against the engine's former loop and jieba itself.

Until issue 12, `yingcai.matching.text` segmented with its own copy of jieba's precise-mode
loop, reading jieba's private prefix dictionary (`Tokenizer.FREQ`); it now calls rjieba.
This script times, in one run and on the same runs of Chinese characters:

- `former`: that loop (copied below, as it was) in precise mode, plus its search-mode
  expansion;
- `rjieba`: `rjieba.Jieba().cut(run, False)` and `.cut_for_search(run, False)`, as
  `text.py` calls them now;
- `jieba`: `jieba.lcut(run, HMM=False)` and `jieba.lcut_for_search(run, HMM=False)`.

The runs are those `text.analyse` hands to the segmenter from the demo-like texts of
tests/matching/demo_texts.py (job titles and descriptions, bios, the word lists, tricky
strings), repeated `--copies` times with a different random cut each time so that no cache
helps. Every method must give the same words (checked). Also timed: loading each
dictionary, and `text.analyse` over the whole texts (its per-clause cache cleared) with
rjieba and with the former loop swapped in.

Target: identical words, and rjieba at least twice as fast as the former loop in both modes
(the switch is made to drop the dependency on jieba's private dictionary layout; speed must
not be the price).

Run with the project's Python: `.venv/bin/python benchmarks/bench_segment.py`.
"""

import argparse
import logging
import math
import os
import platform
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402
import rjieba  # noqa: E402

from tests.matching.demo_texts import corpus  # noqa: E402
from yingcai.matching import text  # noqa: E402

TARGET_RATIO = 2.0


class Former:
    """`yingcai.matching.text` before issue 12 (`_segment` and `_expand`), verbatim but for
    the dictionary being passed in."""

    def __init__(self):
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        self.freq, self.log_total = tokenizer.FREQ, math.log(tokenizer.total)

    def segment(self, run: str) -> list[str]:
        get, log, log_total = self.freq.get, math.log, self.log_total
        n = len(run)
        best = [0.0] * (n + 1)
        cut = list(range(1, n + 2))
        for i in range(n - 1, -1, -1):
            score = best[i + 1] - log_total
            found = False
            j = i + 1
            count = get(run[i])
            while count is not None:
                if count:
                    candidate = log(count) - log_total + best[j]
                    if not found or candidate >= score:
                        score, cut[i], found = candidate, j, True
                if j >= n:
                    break
                j += 1
                count = get(run[i:j])
            best[i] = score
        words = []
        i = 0
        while i < n:
            j = cut[i]
            words.append(run[i:j])
            i = j
        return words

    def expand(self, segmented: list[str]) -> list[str]:
        freq = self.freq
        found = []
        for word in segmented:
            size = len(word)
            if size > 2:
                found.extend(g for i in range(size - 1) if freq.get(g := word[i : i + 2]))
            if size > 3:
                found.extend(g for i in range(size - 2) if freq.get(g := word[i : i + 3]))
            found.append(word)
        return found


def chinese_runs(texts: list[str]) -> list[str]:
    runs = []
    for t in texts:
        if text._WIDE.search(t):
            t = unicodedata.normalize("NFKC", t)
        runs.extend(chinese for chinese, _latin in text._PIECES.findall(t.lower()) if chinese)
    return runs


def timed(function, repeat: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of the corpus (10)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds, median (5)")
    args = parser.parse_args()
    jieba.setLogLevel(logging.WARNING)

    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"load average {os.getloadavg()[0]:.2f} (the figures below are noisy when it is high)")
    texts = corpus()
    base = chinese_runs(texts)
    rng = random.Random(12)
    runs = []
    for _ in range(args.copies):
        # Cut the text anew each time so that every copy is different (no cache helps).
        joined = "".join(base)
        i = 0
        while i < len(joined):
            size = rng.randint(2, 40)
            runs.append(joined[i : i + size])
            i += size
    characters = sum(map(len, runs))
    print(f"{len(texts)} texts, {len(runs)} runs of Chinese, {characters:,} characters")

    start = time.perf_counter()
    former = Former()
    load_former = time.perf_counter() - start
    start = time.perf_counter()
    ours = rjieba.Jieba()
    load_rjieba = time.perf_counter() - start
    jieba.initialize()
    print(f"dictionary loaded: former {load_former:.2f} s, rjieba {load_rjieba:.2f} s")

    methods = {
        "former": (
            lambda: [former.segment(r) for r in runs],
            lambda: [former.expand(former.segment(r)) for r in runs],
        ),
        "rjieba": (
            lambda: [ours.cut(r, False) for r in runs],
            lambda: [ours.cut_for_search(r, False) for r in runs],
        ),
        "jieba": (
            lambda: [jieba.lcut(r, HMM=False) for r in runs],
            lambda: [jieba.lcut_for_search(r, HMM=False) for r in runs],
        ),
    }
    seconds: dict[tuple[str, str], float] = {}
    words: dict[tuple[str, str], object] = {}
    for name, (precise, search) in methods.items():
        for mode, function in (("precise", precise), ("search", search)):
            seconds[name, mode], words[name, mode] = timed(function, args.repeat)
    same = all(words[n, m] == words["former", m] for n in methods for m in ("precise", "search"))

    print(f"\n{'method':<8} {'precise':>10} {'search':>10}   (median of {args.repeat})")
    for name in methods:
        p, s = seconds[name, "precise"], seconds[name, "search"]
        print(f"{name:<8} {p:>9.3f}s {s:>9.3f}s   {characters / p / 1e6:.2f} M chars/s precise")
    ratios = {m: seconds["former", m] / seconds["rjieba", m] for m in ("precise", "search")}
    print(
        f"\nrjieba vs former: {ratios['precise']:.1f}x (precise), {ratios['search']:.1f}x (search);"
        f" vs jieba: {seconds['jieba', 'precise'] / seconds['rjieba', 'precise']:.1f}x (precise)"
    )
    print(f"same words from all three, both modes: {'yes' if same else 'NO'}")

    def analyse_all():
        text._chinese_words.cache_clear()
        return [text.analyse(t) for t in texts * args.copies]

    text.warm_up()
    analyse_rjieba, analysed = timed(analyse_all, args.repeat)
    # The same pipeline with the former loop in place of rjieba.
    segment, search_words = text._segment, text._search_words
    text._segment = former.segment
    text._search_words = lambda run: former.expand(former.segment(run))
    try:
        analyse_former, analysed_former = timed(analyse_all, args.repeat)
    finally:
        text._segment, text._search_words = segment, search_words
        text._chinese_words.cache_clear()
    same = same and analysed == analysed_former
    print(
        f"text.analyse over {len(texts) * args.copies} texts (cache cleared): "
        f"rjieba {analyse_rjieba:.3f} s, former {analyse_former:.3f} s, "
        f"{analyse_former / analyse_rjieba:.1f}x"
    )

    passed = same and min(ratios.values()) >= TARGET_RATIO
    verdict = "PASS" if passed else "FAIL"
    print(f"\n{verdict}: identical words, rjieba >= {TARGET_RATIO:.0f}x the former loop")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
