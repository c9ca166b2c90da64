"""The synonym groups in force: the built-in list (`synonyms.txt`) and organisers' rows.

Read once per process and again when a row changes: every search asks the database for the
latest change (one small aggregate query, no write), so a group an organiser adds works at
once in every process.
"""

import threading
from functools import lru_cache
from pathlib import Path

from django.db.models import Count, Max

from .models import SynonymGroup
from .query import Synonyms, lookup, split_words

BUILT_IN = Path(__file__).with_name("synonyms.txt")

_lock = threading.Lock()
_cached: tuple[tuple, Synonyms] | None = None


@lru_cache(maxsize=1)
def built_in_groups() -> tuple[tuple[str, ...], ...]:
    groups = []
    for line in BUILT_IN.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            groups.append(tuple(split_words(line)))
    return tuple(groups)


def current() -> Synonyms:
    """The lookup of every group in force."""
    global _cached
    state = SynonymGroup.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    key = (state["n"], state["last"])
    cached = _cached
    if cached is None or cached[0] != key:
        with _lock:
            written = SynonymGroup.objects.values_list("words", flat=True)
            rows = [split_words(words) for words in written]
            cached = (key, lookup([*built_in_groups(), *rows]))
            _cached = cached
    return cached[1]
