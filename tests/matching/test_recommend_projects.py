"""`yingcai-match recommend` for projects and demands: stage, amount, districts, industries.

The new signals are optional: an input without them gives, byte for byte, the output the
engine gave before they existed (GOLDEN was computed by the engine of commit 412d772, before
the change; `git stash`-free check: `git show 412d772:src/yingcai/matching/recommend.py`).
"""

import hashlib
import json
import random

from yingcai.matching import jsonio
from yingcai.matching import recommend as rec

from .test_recommend import DISTRICTS, FIELDS, SMALL, WORDS, medium

GOLDEN = "44d6433d2ddcde42eadf1e8a7c9f4487afe707bfa038602344634fca01ed5ca4"


def old_inputs() -> list[dict]:
    """Inputs of the contract before issue 13: the CLI's examples and random ones."""
    cases = [SMALL, dict(SMALL, language="en"), dict(SMALL, k=0)]
    for seed in range(12):
        data = medium(seed, talents=30 + seed, jobs=20 + seed)
        rng = random.Random(seed)
        data["language"] = rng.choice(rec.LANGUAGES)
        data["k"] = rng.randint(1, 12)
        for talent in data["talents"]:
            talent["overseas"] = rng.random() < 0.3
            titles = ["正高级", "中级职称", "senior engineer"]
            talent["titles"] = rng.sample(titles, rng.randint(0, 1))
            if rng.random() < 0.3:
                talent["text"] += " " + " ".join(rng.sample(WORDS, 2))
        for job in data["jobs"]:
            if rng.random() < 0.2:
                job["fields"] = [rng.choice(FIELDS).upper()]
            if rng.random() < 0.2:
                job["district"] = rng.choice(DISTRICTS)
        cases.append(data)
    return cases


def digest(cases) -> str:
    h = hashlib.sha256()
    for data in cases:
        h.update(jsonio.dumps(rec.recommend_cli(json.loads(json.dumps(data)))))
    return h.hexdigest()


def test_inputs_without_the_new_signals_give_the_same_bytes_as_before():
    assert digest(old_inputs()) == GOLDEN
