"""The "Talents Cup" contest (英才杯创新创业创意大赛): scoring entries and assigning judges.

Two library functions over plain data, and the two `yingcai-match` subcommands that reach
them (`judge_cli`, `assign_judges_cli`: JSON in, JSON out, InputError on bad input).

`rank_entries` turns judges' scores into a ranking:

- ``mean``: the arithmetic mean of an entry's scores;
- ``trimmed``: the mean after dropping one highest and one lowest score (去掉一个最高分和一个
  最低分) when the entry has at least 3 scores, else the plain mean;
- ``zscore``: every judge's scores are standardised first, z = (score - mean_j) / std_j
  (population standard deviation over that judge's scores), and an entry's score is the
  mean of its z-scores. This removes each judge's leniency (mean_j) and scale (std_j): a
  judge who adds 10 points to everyone, or doubles the spread, changes nothing. A judge
  with a single score or with no spread carries no information about relative quality and
  contributes z = 0. The idea is the classical standardisation of examiners' marks; see
  e.g. D. Bartholomew, "Statistical methods for ranking" and the ranking-by-panel
  literature (Fienberg & Wolfe; Lauw, Lim & Wang 2006 on reviewer bias).

Sums use ``math.fsum`` (correctly rounded), so a score does not depend on the order of the
input. Time O(S log S) for S scores (the sort of the ranking dominates).

`assign_judges` gives every entry exactly k distinct judges, no judge with a conflict of
interest, every judge a load of floor(E*k/J) or ceil(E*k/J). That is a flow with lower
bounds; the lower bounds vanish in this network (Ahuja, Magnanti & Orlin, *Network Flows*,
1993, §6): source -> entry (capacity k), entry -> judge (capacity 1 when no conflict),
judge -> sink (capacity L = floor), judge -> X (capacity 1 when r = E*k - J*L > 0) and
X -> sink (capacity r). A flow of value E*k saturates every entry; since sum(loads) =
J*L + r and X passes at most r, every judge -> sink edge carries exactly L, so every load is
L or L + 1. Conversely every valid assignment is such a flow, so the assignment exists
exactly when the maximum flow is E*k.

The flow is found in two steps. First a rotation (round robin over the judges, a judge
skipped for a conflict keeping its turn): without conflicts it is already a maximum flow,
entry i getting judges i*k .. i*k + k - 1 (mod J), which spreads who judges with whom.
Then, when conflicts left places unfilled, `scipy.sparse.csgraph.maximum_flow` (Dinic,
O(V^2 E) in general, far less on unit networks) augments that flow on the residual network,
so that most entries keep their rotated judges. It is exact: "impossible" is reported only
when the maximum flow is short, with the entries on the source side of a minimum cut.
"""

import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence

from . import validate
from .errors import InputError

METHODS = ("mean", "trimmed", "zscore")

# Scores beyond this are a data-entry mistake on any marking scale, and keeping them
# bounded keeps every sum and square finite.
SCORE_LIMIT = 1e9

# Two scores are tied when consecutive ones in the ranking differ by at most this much
# (relative to their size once above 1): float sums of the same marks in another order, or
# z-scores of an affinely re-scaled judge, differ in the last bits only.
TIE_TOLERANCE = 1e-9


class AssignmentImpossible(InputError):
    """No assignment meets k judges per entry, no conflict and balanced loads."""


# --------------------------------------------------------------------------- judging


def entry_scores(scores: Iterable, method: str) -> dict[str, dict]:
    """Each scored entry's value at full precision, with what the order rule needs.

    `scores` holds ``{"judge", "entry", "score"}`` mappings or ``(judge, entry, score)``
    triples. Returns ``{entry: {"value", "count", "median"}}`` in order of first
    appearance; ``median`` is over the raw scores (z-scores for ``zscore``).
    """
    if method not in METHODS:
        raise InputError("method", "must be one of " + ", ".join(METHODS), method)
    triples = _triples(scores)
    if method == "zscore":
        per_entry = _z_scores(triples)
    else:
        per_entry = {}
        for _judge, entry, score in triples:
            per_entry.setdefault(entry, []).append(score)
    result = {}
    for entry, values in per_entry.items():
        values = sorted(values)
        n = len(values)
        kept = values[1:-1] if method == "trimmed" and n >= 3 else values
        middle = n // 2
        median = values[middle] if n % 2 else (values[middle - 1] + values[middle]) / 2
        result[entry] = {"value": math.fsum(kept) / len(kept), "count": n, "median": median}
    return result


def judge_statistics(scores: Iterable) -> dict[str, dict]:
    """Each judge's count, mean and population standard deviation (their leniency and scale)."""
    per_judge: dict[str, list[float]] = {}
    for judge, _entry, score in _triples(scores):
        per_judge.setdefault(judge, []).append(score)
    return {judge: _moments(values) for judge, values in per_judge.items()}


def rank_entries(
    scores: Iterable,
    method: str,
    groups: Mapping[str, str] | None = None,
    advance: int | None = None,
    per_group: bool = False,
) -> dict:
    """Rank every scored entry, best first, and say who advances.

    Order rule: higher score first; among scores tied within TIE_TOLERANCE, more scores
    first (more evidence), then a higher median, then the entry id (code-point order).
    Ranks are competition ranks ("1224"): tied entries share a rank, the next rank skips.
    With `advance` the first `advance` entries in that order advance, overall or, with
    `per_group`, within each division of `groups`; when the cut falls inside a tie, the
    order rule decides and ``tie_at_cut`` says so.

    Returns ``{"ranking": [{"entry", "score", "rank", "tied", "count", ...}],
    "advancing": [entry, ...], "tie_at_cut": bool, "judges": {judge: {...}}}``.
    O(S log S) for S scores.
    """
    triples = _triples(scores)
    values = entry_scores(triples, method)
    if groups is not None:
        for entry in groups:
            if entry not in values:
                raise InputError(f"groups.{entry}", "is not a known entry (it has no score)", entry)
    if per_group:
        if groups is None:
            raise InputError("per_group", "needs groups (each entry's division)", True)
        for entry in values:
            if entry not in groups:
                raise InputError("groups", "has no division for a scored entry", entry)
    if advance is not None and (
        isinstance(advance, bool) or not isinstance(advance, int) or advance < 0
    ):
        raise InputError("advance", "must be a whole number at least 0", advance)

    ordered = sorted(values, key=lambda e: (-values[e]["value"], e))
    clusters = _tie_clusters(ordered, values)
    for cluster in clusters:
        cluster.sort(key=lambda e: (-values[e]["count"], -round(values[e]["median"], 9), e))

    ranking = []
    cluster_of = {}
    position = 0
    for number, cluster in enumerate(clusters):
        shown = _display(values[cluster[0]]["value"])
        for entry in cluster:
            cluster_of[entry] = number
            item = {
                "entry": entry,
                "score": shown,
                "rank": position + 1,
                "tied": len(cluster) > 1,
                "count": values[entry]["count"],
            }
            if groups is not None:
                item["division"] = groups.get(entry)
            ranking.append(item)
        position += len(cluster)

    if per_group:
        divisions: dict[str, list[dict]] = {}
        for item in ranking:
            divisions.setdefault(item["division"], []).append(item)
        lines = list(divisions.values())
        for line in lines:
            # Competition ranking within the division: 1 + members in better clusters.
            for index, item in enumerate(line):
                if index and cluster_of[item["entry"]] == cluster_of[line[index - 1]["entry"]]:
                    item["rank_in_division"] = line[index - 1]["rank_in_division"]
                else:
                    item["rank_in_division"] = index + 1
    else:
        lines = [ranking]

    advancing: set[str] = set()
    tie_at_cut = False
    if advance is not None:
        for item in ranking:
            item["tie_at_cut"] = False
        for line in lines:
            advancing.update(item["entry"] for item in line[:advance])
            if 0 < advance < len(line):
                last, first_out = line[advance - 1]["entry"], line[advance]["entry"]
                if cluster_of[last] == cluster_of[first_out]:
                    tie_at_cut = True
                    for item in line:
                        if cluster_of[item["entry"]] == cluster_of[last]:
                            item["tie_at_cut"] = True
    return {
        "ranking": ranking,
        "advancing": [item["entry"] for item in ranking if item["entry"] in advancing],
        "tie_at_cut": tie_at_cut,
        "judges": {
            judge: {"count": s["count"], "mean": _display(s["mean"]), "std": _display(s["std"])}
            for judge, s in judge_statistics(triples).items()
        },
    }


def _triples(scores: Iterable) -> list[tuple[str, str, float]]:
    """Normalise to (judge, entry, score) and refuse a second score for the same pair."""
    triples = []
    seen = set()
    for index, item in enumerate(scores):
        if isinstance(item, Mapping):
            triple = (item["judge"], item["entry"], item["score"])
        else:
            triple = tuple(item)
        judge, entry, score = triple
        if (judge, entry) in seen:
            raise InputError(
                f"scores[{index}]",
                f"is a duplicate: judge {judge!r} already scored entry {entry!r}",
                score,
            )
        seen.add((judge, entry))
        triples.append((judge, entry, float(score)))
    return triples


def _moments(values: Sequence[float]) -> dict:
    n = len(values)
    mean = math.fsum(values) / n
    if min(values) == max(values):
        return {"count": n, "mean": mean, "std": 0.0}
    return {
        "count": n,
        "mean": mean,
        "std": math.sqrt(math.fsum((v - mean) ** 2 for v in values) / n),
    }


def _z_scores(triples: list[tuple[str, str, float]]) -> dict[str, list[float]]:
    per_judge: dict[str, list[tuple[str, float]]] = {}
    for judge, entry, score in triples:
        per_judge.setdefault(judge, []).append((entry, score))
    z_of = {}
    for judge, marks in per_judge.items():
        m = _moments([score for _entry, score in marks])
        # One score, or all alike, says nothing about which entry is better than which;
        # an underflowing spread (marks differing by 1e-300) is no spread either.
        flat = m["std"] == 0.0
        for entry, score in marks:
            z_of[judge, entry] = 0.0 if flat else (score - m["mean"]) / m["std"]
    per_entry: dict[str, list[float]] = {}
    for judge, entry, _score in triples:
        per_entry.setdefault(entry, []).append(z_of[judge, entry])
    return per_entry


def _tie_clusters(ordered: list[str], values: dict[str, dict]) -> list[list[str]]:
    clusters: list[list[str]] = []
    previous = None
    for entry in ordered:
        value = values[entry]["value"]
        if previous is not None and previous - value <= TIE_TOLERANCE * max(
            1.0, abs(previous), abs(value)
        ):
            clusters[-1].append(entry)
        else:
            clusters.append([entry])
        previous = value
    return clusters


def _display(value: float) -> float:
    # Adding 0.0 turns -0.0 into 0.0, which a reader would take for a different number.
    return round(value, 4) + 0.0


# --------------------------------------------------------------------------- assigning


def assign_judges(
    entries: Sequence[str],
    judges: Sequence[str],
    per_entry: int,
    conflicts: Iterable[Sequence[str]] = (),
) -> dict:
    """Exactly `per_entry` distinct judges per entry, no conflict, loads differing by <= 1.

    Returns ``{"assignment": {entry: [judge, ...]}, "load": {judge: n}}``, entries in input
    order, each entry's judges in the input order of judges, every judge in `load`.
    Raises AssignmentImpossible (an InputError on ``per_entry``) when no such assignment
    exists, and InputError for a duplicate or unknown id. Deterministic.
    Time O(E*k + J) without conflicts; see the module docstring otherwise.
    """
    validate.unique(entries, "entries")
    validate.unique(judges, "judges")
    if isinstance(per_entry, bool) or not isinstance(per_entry, int) or per_entry < 0:
        raise InputError("per_entry", "must be a whole number at least 0", per_entry)
    entry_index = {entry: i for i, entry in enumerate(entries)}
    judge_index = {judge: j for j, judge in enumerate(judges)}
    n_entries, n_judges, k = len(entries), len(judges), per_entry
    blocked: list[set[int]] = [set() for _ in range(n_entries)]
    for index, pair in enumerate(conflicts):
        judge, entry = pair
        if judge not in judge_index:
            reversed_pair = judge in entry_index and entry in judge_index
            hint = (
                " (a conflict is [judge, entry]; this one looks reversed)" if reversed_pair else ""
            )
            raise InputError(f"conflicts[{index}][0]", "is not a known judge" + hint, judge)
        if entry not in entry_index:
            raise InputError(f"conflicts[{index}][1]", "is not a known entry", entry)
        blocked[entry_index[entry]].add(judge_index[judge])

    chosen = _solve(n_entries, n_judges, k, blocked, entries, judges)
    load = [0] * n_judges
    for row in chosen:
        for j in row:
            load[j] += 1
    return {
        "assignment": {
            entries[e]: [judges[j] for j in sorted(chosen[e])] for e in range(n_entries)
        },
        "load": {judges[j]: load[j] for j in range(n_judges)},
    }


def _solve(n_entries, n_judges, k, blocked, entries, judges) -> list[set[int]]:
    if n_entries == 0 or k == 0:
        return [set() for _ in range(n_entries)]
    if k > n_judges:
        raise AssignmentImpossible(
            "per_entry",
            f"cannot give every entry {_judges(k)}: there {'is' if n_judges == 1 else 'are'} "
            f"only {_judges(n_judges)}",
            k,
        )
    low, extra = divmod(n_entries * k, n_judges)
    for e in range(n_entries):
        free = n_judges - len(blocked[e])
        if free < k:
            raise AssignmentImpossible(
                "per_entry",
                f"cannot give every entry {_judges(k)} without conflicts: entry {entries[e]!r} "
                f"has only {_judges(free)} without a conflict",
                k,
            )
    conflicted = [0] * n_judges
    for row in blocked:
        for j in row:
            conflicted[j] += 1
    for j in range(n_judges):
        free = n_entries - conflicted[j]
        if free < low:
            raise AssignmentImpossible(
                "per_entry",
                f"cannot balance the loads: with {k} judges per entry every judge must judge at "
                f"least {low} entries, but judge {judges[j]!r} has a conflict with all but {free}",
                k,
            )

    chosen = _rotation(n_entries, n_judges, k, blocked, low, extra)
    # The rotation never puts a judge above low + 1 nor more than `extra` judges there, so
    # once every entry has k judges (sum of loads = J*low + extra) every load is balanced.
    if all(len(row) == k for row in chosen):
        return chosen
    repaired = _augment(chosen, n_entries, n_judges, k, blocked, low, extra)
    if isinstance(repaired, tuple):
        filled, reachable = repaired
        reason = _impossible_reason(filled, reachable, k, blocked, low, extra, entries, judges)
        raise AssignmentImpossible("per_entry", reason, k)
    return repaired


def _rotation(n_entries, n_judges, k, blocked, low, extra) -> list[set[int]]:
    """Round robin over the judges; a judge skipped for a conflict keeps its place in front."""
    queue = deque(range(n_judges))
    load = [0] * n_judges
    at_top = 0  # judges at low + 1; only `extra` of them may be
    chosen: list[set[int]] = []
    for e in range(n_entries):
        row: set[int] = set()
        skipped = []
        taken = []
        while len(row) < k and queue:
            j = queue.popleft()
            if j in blocked[e]:
                skipped.append(j)
                continue
            if load[j] == low:
                if at_top >= extra:
                    continue  # full for good: the extra places are gone
                at_top += 1
            load[j] += 1
            row.add(j)
            if load[j] < low or (load[j] == low and at_top < extra):
                taken.append(j)
        queue.extendleft(reversed(skipped))
        queue.extend(taken)
        chosen.append(row)
    return chosen


def _augment(chosen, n_entries, n_judges, k, blocked, low, extra):
    """Augment the rotation's flow to a maximum flow with scipy's Dinic
    (`scipy.sparse.csgraph.maximum_flow`) on the residual network.

    The rotation's flow stays where it is but for the changes the augmenting paths make, so
    most entries keep their rotated judges. Returns the repaired rows, or ``(filled,
    reachable_entries)`` when the maximum flow is short of E*k: the entries still reachable
    from the source, the side of a minimum cut that `_impossible_reason` explains.
    Nodes: source 0, entries 1..E, judges E+1..E+J, X = E+J+1, sink E+J+2. Residual edges:
    source -> entry (the places it lacks), entry -> judge (free, no conflict), judge -> entry
    (assigned: taking it back), judge -> sink (below `low`), judge -> X and X -> judge (the
    extra place, free or taken), X -> sink (the extra places left). O(E*J) to build.
    """
    # Imported here, not at the top: `python -X importtime -c "import yingcai.matching.contest"`
    # took 0.29-0.93 s with them there against 0.03-0.06 s without (loaded machine), and
    # `judge`, like an assignment without conflicts, never needs them.
    import numpy as np  # noqa: PLC0415
    from scipy.sparse import csr_array  # noqa: PLC0415
    from scipy.sparse.csgraph import breadth_first_order, maximum_flow  # noqa: PLC0415

    entry_nodes = np.arange(n_entries) + 1
    judge_nodes = np.arange(n_judges) + n_entries + 1
    x_node, sink = n_entries + n_judges + 1, n_entries + n_judges + 2
    assigned = np.zeros((n_entries, n_judges), dtype=bool)
    allowed = np.ones((n_entries, n_judges), dtype=bool)
    for e, (row, no) in enumerate(zip(chosen, blocked, strict=True)):
        assigned[e, list(row)] = True
        allowed[e, list(no)] = False
    load = assigned.sum(axis=0)
    lacking = k - assigned.sum(axis=1)
    free_e, free_j = np.nonzero(allowed & ~assigned)
    taken_e, taken_j = np.nonzero(assigned)
    below = low - np.minimum(load, low)
    on_top = load > low
    edges = [
        (np.zeros(n_entries, np.int64), entry_nodes, lacking),
        (free_e + 1, free_j + n_entries + 1, np.ones(len(free_e), np.int64)),
        (taken_j + n_entries + 1, taken_e + 1, np.ones(len(taken_e), np.int64)),
        (judge_nodes, np.full(n_judges, sink), below),
    ]
    if extra:
        edges += [
            (judge_nodes, np.full(n_judges, x_node), (~on_top).astype(np.int64)),
            (np.full(n_judges, x_node), judge_nodes, on_top.astype(np.int64)),
            (np.array([x_node]), np.array([sink]), np.array([extra - on_top.sum()])),
        ]
    tails, heads, caps = (np.concatenate(part) for part in zip(*edges, strict=True))
    keep = caps > 0
    size = sink + 1
    graph = csr_array(
        (caps[keep].astype(np.int32), (tails[keep].astype(np.int32), heads[keep].astype(np.int32))),
        shape=(size, size),
    )
    result = maximum_flow(graph, 0, sink, method="dinic")
    if result.flow_value < lacking.sum():
        residual = (graph - result.flow).tocsr()
        residual.data = (residual.data > 0).astype(np.int8)
        residual.eliminate_zeros()
        reached = breadth_first_order(residual, 0, return_predecessors=False)
        reachable = sorted(int(n) - 1 for n in reached if 1 <= n <= n_entries)
        return int(assigned.sum() + result.flow_value), reachable
    moved = result.flow[1 : n_entries + 1, n_entries + 1 : n_entries + n_judges + 1].toarray()
    for e, j in zip(*np.nonzero(moved > 0), strict=True):
        chosen[e].add(int(j))
    for e, j in zip(*np.nonzero(moved < 0), strict=True):
        chosen[e].discard(int(j))
    return chosen


def _judges(n: int) -> str:
    return _count(n, "judge")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + "s" * (n != 1)


def _impossible_reason(filled, reachable, k, blocked, low, extra, entries, judges) -> str:
    loads = f"{low}-{low + 1}" if extra else f"{low}"
    if reachable:
        # Hall's condition: the entries the last search reached, between them, can only use
        # these judges; say so when their room is visibly too small.
        everyone = set(range(len(judges)))
        usable = set().union(*(everyone - blocked[e] for e in reachable))
        room = len(usable) * low + min(len(usable), extra)
        if len(reachable) * k > room:
            names = ", ".join(repr(entries[e]) for e in reachable[:5])
            more = f" and {len(reachable) - 5} more" if len(reachable) > 5 else ""
            return (
                f"cannot give every entry {_judges(k)} without conflicts: "
                f"{_count(len(reachable), 'entry').replace('entrys', 'entries')} {names}{more} "
                f"can only be judged by {_judges(len(usable))}, who can take "
                f"{_count(room, 'place')} between them with balanced loads ({loads} each), "
                f"but {len(reachable) * k} are needed"
            )
    return (
        f"cannot give every entry {_judges(k)} without conflicts while every judge judges "
        f"{loads} entries: at most {filled} of the {len(entries) * k} places can be filled"
    )


# --------------------------------------------------------------------------- CLI layer


def judge_cli(data) -> dict:
    """`yingcai-match judge`: validate the JSON input, then rank_entries."""
    data = validate.obj(data, "input")
    items = validate.lst(validate.get(data, "scores", ""), "scores")
    scores = []
    for index, item in enumerate(items):
        field = f"scores[{index}]"
        validate.obj(item, field)
        judge = validate.ident(validate.get(item, "judge", field), f"{field}.judge")
        entry = validate.ident(validate.get(item, "entry", field), f"{field}.entry")
        score = _score(validate.get(item, "score", field), f"{field}.score")
        scores.append((judge, entry, score))
    method = validate.get(data, "method", "")
    if not isinstance(method, str) or method not in METHODS:
        raise InputError("method", "must be one of " + ", ".join(METHODS), method)
    groups = data.get("groups")
    if groups is not None:
        validate.obj(groups, "groups")
        for entry, division in groups.items():
            validate.ident(division, f"groups.{entry}")
    advance = data.get("advance")
    if advance is not None:
        validate.integer(advance, "advance", minimum=0)
    per_group = data.get("per_group")
    if per_group is not None and not isinstance(per_group, bool):
        raise InputError("per_group", "must be true or false", per_group)
    return rank_entries(scores, method, groups, advance, bool(per_group))


def assign_judges_cli(data) -> dict:
    """`yingcai-match assign-judges`: validate the JSON input, then assign_judges."""
    data = validate.obj(data, "input")
    entries = _ids(validate.get(data, "entries", ""), "entries")
    judges = _ids(validate.get(data, "judges", ""), "judges")
    per_entry = validate.integer(validate.get(data, "per_entry", ""), "per_entry", minimum=0)
    raw = data.get("conflicts")
    conflicts = []
    if raw is not None:
        for index, pair in enumerate(validate.lst(raw, "conflicts")):
            field = f"conflicts[{index}]"
            if not isinstance(pair, list) or len(pair) != 2:
                raise InputError(field, "must be a [judge, entry] pair", pair)
            conflicts.append(
                (validate.ident(pair[0], f"{field}[0]"), validate.ident(pair[1], f"{field}[1]"))
            )
    return assign_judges(entries, judges, per_entry, conflicts)


def _ids(value, field: str) -> list[str]:
    ids = [
        validate.ident(item, f"{field}[{i}]") for i, item in enumerate(validate.lst(value, field))
    ]
    validate.unique(ids, field)
    return ids


def _score(value, field: str) -> float:
    # Check a whole number before converting it: float() of a huge JSON integer overflows.
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > SCORE_LIMIT:
        raise InputError(field, f"must be between -{SCORE_LIMIT:g} and {SCORE_LIMIT:g}", value)
    score = validate.number(value, field)
    if abs(score) > SCORE_LIMIT:
        raise InputError(field, f"must be between -{SCORE_LIMIT:g} and {SCORE_LIMIT:g}", value)
    return score
