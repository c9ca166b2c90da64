"""`yingcai-match judge` and `assign-judges`: the library's invariants and the CLI contract."""

import itertools
import json
import math
import random
import statistics

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yingcai.matching import contest, jsonio
from yingcai.matching.contest import AssignmentImpossible, assign_judges, rank_entries
from yingcai.matching.errors import InputError

from .conftest import run_process

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- strategies


@st.composite
def score_sheets(draw, integer_marks=True):
    """A list of {"judge", "entry", "score"}, each (judge, entry) pair at most once."""
    n_judges = draw(st.integers(1, 6))
    n_entries = draw(st.integers(1, 8))
    pairs = [(f"j{j}", f"e{e}") for j in range(n_judges) for e in range(n_entries)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=len(pairs), unique=True))
    marks = st.integers(0, 10) if integer_marks else st.floats(0, 100, allow_nan=False)
    return [{"judge": j, "entry": e, "score": draw(marks)} for j, e in chosen]


@st.composite
def contests(draw, max_entries=9, max_judges=6, max_k=4):
    """entries, judges, k and conflicts, feasible or not."""
    n_entries = draw(st.integers(0, max_entries))
    n_judges = draw(st.integers(0, max_judges))
    k = draw(st.integers(0, max_k))
    entries = [f"e{i}" for i in range(n_entries)]
    judges = [f"j{i}" for i in range(n_judges)]
    pairs = [(j, e) for j in judges for e in entries]
    if draw(st.booleans()):
        density = draw(st.sampled_from([0.0, 0.1, 0.3, 0.6]))
        conflicts = [list(p) for p in pairs if draw(st.floats(0, 1)) < density]
    else:
        # Blocks, as in life (a university's judges and its teams): these are the cases
        # that pass every simple count and still fail Hall's condition.
        conflicts = []
        for _ in range(draw(st.integers(1, 3))):
            some_judges = draw(st.sets(st.sampled_from(judges))) if judges else set()
            some_entries = draw(st.sets(st.sampled_from(entries))) if entries else set()
            conflicts += [[j, e] for j in sorted(some_judges) for e in sorted(some_entries)]
    return entries, judges, k, conflicts


# --------------------------------------------------------------------------- references


def reference_values(scores, method):
    """Each entry's value, computed independently of the module (statistics, not fsum)."""
    by_entry = {}
    if method == "zscore":
        by_judge = {}
        for s in scores:
            by_judge.setdefault(s["judge"], []).append(s["score"])
        for s in scores:
            marks = by_judge[s["judge"]]
            spread = statistics.pstdev(marks)
            z = 0.0 if spread == 0 else (s["score"] - statistics.fmean(marks)) / spread
            by_entry.setdefault(s["entry"], []).append(z)
    else:
        for s in scores:
            by_entry.setdefault(s["entry"], []).append(s["score"])
    out = {}
    for entry, values in by_entry.items():
        values = sorted(values)
        if method == "trimmed" and len(values) >= 3:
            values = values[1:-1]
        out[entry] = statistics.fmean(values)
    return out


def feasible_by_ortools(entries, judges, k, conflicts):
    """The same question put to OR-Tools' max-flow on the textbook lower-bound reduction.

    OR-Tools (80 MB with pandas) is in the `bench` extra only: without it, the tests that
    need this independent oracle are skipped, the others run.
    """
    max_flow = pytest.importorskip(
        "ortools.graph.python.max_flow",
        reason="OR-Tools, the oracle of the assign-judges tests, is not installed "
        "(pip install -e '.[dev,bench]', or make bench)",
    )
    n_e, n_j = len(entries), len(judges)
    if n_e == 0 or k == 0:
        return True
    if n_j == 0:
        return False
    low, extra = divmod(n_e * k, n_j)
    # Circulation with demands: every entry must send exactly k, every judge receive
    # between low and low + 1; edge t -> s closes the circulation.
    s, t, ss, tt = n_e + n_j, n_e + n_j + 1, n_e + n_j + 2, n_e + n_j + 3
    flow = max_flow.SimpleMaxFlow()
    blocked = {(j, e) for j, e in map(tuple, conflicts)}
    demand = 0
    for i in range(n_e):
        # s -> entry with lower = upper = k: capacity 0, k from ss into entry, k from s to tt.
        flow.add_arc_with_capacity(ss, i, k)
        flow.add_arc_with_capacity(s, tt, k)
        demand += k
        for j, judge in enumerate(judges):
            if (judge, entries[i]) not in blocked:
                flow.add_arc_with_capacity(i, n_e + j, 1)
    for j in range(n_j):
        flow.add_arc_with_capacity(n_e + j, t, 1 if extra else 0)
        if low:
            flow.add_arc_with_capacity(ss, t, low)
            flow.add_arc_with_capacity(n_e + j, tt, low)
            demand += low
    flow.add_arc_with_capacity(t, s, n_e * k)
    flow.solve(ss, tt)
    return flow.optimal_flow() == demand


def feasible_by_search(entries, judges, k, conflicts):
    """Exhaustive search for tiny cases: try every k-subset of judges for every entry."""
    n_e, n_j = len(entries), len(judges)
    if n_e == 0 or k == 0:
        return True
    if n_j == 0 or k > n_j:
        return False
    low, extra = divmod(n_e * k, n_j)
    blocked = {tuple(c) for c in conflicts}
    options = [
        [c for c in itertools.combinations(judges, k) if all((j, e) not in blocked for j in c)]
        for e in entries
    ]
    load = dict.fromkeys(judges, 0)

    def place(i):
        if i == n_e:
            return all(low <= n <= low + 1 for n in load.values()) and (
                sum(n == low + 1 for n in load.values()) == extra
            )
        for combo in options[i]:
            if all(load[j] < low + (1 if extra else 0) for j in combo):
                for j in combo:
                    load[j] += 1
                if place(i + 1):
                    return True
                for j in combo:
                    load[j] -= 1
        return False

    return place(0)


def check_assignment(result, entries, judges, k, conflicts):
    assignment, load = result["assignment"], result["load"]
    assert list(assignment) == entries
    assert list(load) == judges
    blocked = {tuple(c) for c in conflicts}
    order = {j: i for i, j in enumerate(judges)}
    counted = dict.fromkeys(judges, 0)
    for entry, chosen in assignment.items():
        assert len(chosen) == k
        assert len(set(chosen)) == k
        assert all(j in order for j in chosen)
        assert chosen == sorted(chosen, key=order.get)
        assert not any((j, entry) in blocked for j in chosen)
        for j in chosen:
            counted[j] += 1
    assert counted == load
    if judges:
        assert max(load.values()) - min(load.values()) <= 1
        assert sum(load.values()) == len(entries) * k


# --------------------------------------------------------------------------- judge: properties


@PROPERTY
@given(score_sheets(), st.sampled_from(contest.METHODS))
def test_ranking_follows_the_order_rule_and_competition_ranks(scores, method):
    result = rank_entries(scores, method)
    ranking = result["ranking"]
    expected = reference_values(scores, method)
    assert sorted(item["entry"] for item in ranking) == sorted(expected)
    values = contest.entry_scores(scores, method)
    for item in ranking:
        assert item["score"] == pytest.approx(expected[item["entry"]], abs=1e-4)
    for before, after in itertools.pairwise(ranking):
        a, b = values[before["entry"]], values[after["entry"]]
        if before["rank"] == after["rank"]:
            assert before["tied"] and after["tied"]
            assert math.isclose(a["value"], b["value"], abs_tol=1e-8)
            key = (-a["count"], -round(a["median"], 9), before["entry"])
            assert key < (-b["count"], -round(b["median"], 9), after["entry"])
        else:
            assert a["value"] > b["value"] + 1e-12
    for position, item in enumerate(ranking):
        # Competition ranking: 1 + the number of entries strictly better.
        better = sum(1 for other in ranking if other["rank"] < item["rank"])
        assert item["rank"] == better + 1
        assert ranking[item["rank"] - 1]["rank"] == item["rank"]
        assert position + 1 >= item["rank"]
        same = [o for o in ranking if o["rank"] == item["rank"]]
        assert item["tied"] == (len(same) > 1)


@PROPERTY
@given(score_sheets(integer_marks=False))
def test_trimmed_drops_exactly_one_highest_and_one_lowest(scores):
    by_entry = {}
    for s in scores:
        by_entry.setdefault(s["entry"], []).append(s["score"])
    values = contest.entry_scores(scores, "trimmed")
    for entry, marks in by_entry.items():
        marks = sorted(marks)
        kept = marks[1:-1] if len(marks) >= 3 else marks
        assert values[entry]["value"] == pytest.approx(sum(kept) / len(kept), rel=1e-12, abs=1e-9)
        assert values[entry]["count"] == len(marks)


def test_trimmed_on_a_classic_sheet():
    scores = [{"judge": f"j{i}", "entry": "e", "score": s} for i, s in enumerate([9, 7, 8, 8, 2])]
    assert contest.entry_scores(scores, "trimmed")["e"]["value"] == pytest.approx(23 / 3)
    two = [{"judge": "a", "entry": "e", "score": 1}, {"judge": "b", "entry": "e", "score": 9}]
    assert contest.entry_scores(two, "trimmed")["e"]["value"] == 5


@PROPERTY
@given(
    score_sheets(),
    st.lists(st.tuples(st.sampled_from([0.5, 1.5, 2, 3]), st.integers(-20, 20)), min_size=6),
)
def test_zscore_ignores_each_judges_leniency_and_scale(scores, transforms):
    judges = sorted({s["judge"] for s in scores})
    affine = dict(zip(judges, transforms, strict=False))
    moved = [
        {**s, "score": affine[s["judge"]][0] * s["score"] + affine[s["judge"]][1]} for s in scores
    ]
    plain, shifted = rank_entries(scores, "zscore"), rank_entries(moved, "zscore")
    strip = [(i["entry"], i["rank"], i["tied"], i["count"]) for i in plain["ranking"]]
    assert strip == [(i["entry"], i["rank"], i["tied"], i["count"]) for i in shifted["ranking"]]
    for a, b in zip(plain["ranking"], shifted["ranking"], strict=True):
        assert a["score"] == pytest.approx(b["score"], abs=1.5e-4)


def test_zscore_undoes_a_lenient_judge():
    # Judge "soft" adds 30 points and halves the spread; judge "hard" is the truth.
    truth = {"a": 60, "b": 70, "c": 80, "d": 90}
    scores = [{"judge": "hard", "entry": e, "score": q} for e, q in truth.items()]
    scores += [{"judge": "soft", "entry": e, "score": 30 + q / 2} for e, q in truth.items()]
    scores += [{"judge": "lone", "entry": "a", "score": 100}]  # one mark: contributes z = 0
    ranking = rank_entries(scores, "zscore")["ranking"]
    assert [i["entry"] for i in ranking] == ["d", "c", "b", "a"]
    assert rank_entries(scores, "mean")["ranking"][0]["entry"] == "d"


@PROPERTY
@given(score_sheets(), st.sampled_from(contest.METHODS), st.randoms(use_true_random=False))
def test_judging_is_deterministic_and_ignores_the_order_of_the_sheet(scores, method, rng):
    first = jsonio.dumps(rank_entries(scores, method, advance=2))
    assert first == jsonio.dumps(rank_entries(scores, method, advance=2))
    shuffled = scores[:]
    rng.shuffle(shuffled)
    again = rank_entries(shuffled, method, advance=2)
    assert jsonio.dumps({k: v for k, v in again.items() if k != "judges"}) == jsonio.dumps(
        {k: v for k, v in json.loads(first).items() if k != "judges"}
    )


@PROPERTY
@given(
    score_sheets(),
    st.sampled_from(contest.METHODS),
    st.integers(0, 9),
    st.booleans(),
    st.lists(st.sampled_from(["Shanghai", "Chengdu", "Shenzhen", "Beijing"]), min_size=8),
)
def test_advancing_is_the_top_overall_or_per_division(scores, method, advance, per_group, names):
    entries = sorted({s["entry"] for s in scores})
    groups = dict(zip(entries, names, strict=False))
    result = rank_entries(scores, method, groups, advance, per_group)
    ranking = result["ranking"]
    assert all(item["division"] == groups[item["entry"]] for item in ranking)
    if per_group:
        lines = [[i for i in ranking if i["division"] == d] for d in dict.fromkeys(groups.values())]
    else:
        lines = [ranking]
    expected = set()
    cut_tie = False
    for line in lines:
        expected |= {i["entry"] for i in line[:advance]}
        if 0 < advance < len(line):
            cut_tie |= line[advance - 1]["rank"] == line[advance]["rank"]
            for i in line:
                assert i["tie_at_cut"] == (
                    line[advance - 1]["rank"] == line[advance]["rank"] == i["rank"]
                )
        if per_group:
            for position, item in enumerate(line):
                better = sum(1 for o in line if o["rank"] < item["rank"])
                assert item["rank_in_division"] == better + 1 <= position + 1
    assert result["advancing"] == [i["entry"] for i in ranking if i["entry"] in expected]
    assert result["tie_at_cut"] == cut_tie
    assert ("rank_in_division" in ranking[0]) == per_group


def test_a_tie_at_the_cut_is_reported_and_settled_by_the_order_rule():
    scores = [
        {"judge": "j1", "entry": "a", "score": 9},
        {"judge": "j1", "entry": "b", "score": 8},
        {"judge": "j2", "entry": "b", "score": 8},
        {"judge": "j1", "entry": "c", "score": 8},
        {"judge": "j1", "entry": "d", "score": 5},
    ]
    result = rank_entries(scores, "mean", advance=2)
    assert [(i["entry"], i["rank"], i["tied"]) for i in result["ranking"]] == [
        ("a", 1, False),
        ("b", 2, True),  # two scores before one
        ("c", 2, True),
        ("d", 4, False),
    ]
    assert result["advancing"] == ["a", "b"]
    assert result["tie_at_cut"] is True
    assert [i["tie_at_cut"] for i in result["ranking"]] == [False, True, True, False]
    assert rank_entries(scores, "mean", advance=3)["tie_at_cut"] is False


def test_ties_within_float_noise_and_display():
    scores = [
        {"judge": "j1", "entry": "x", "score": 0.1},
        {"judge": "j2", "entry": "x", "score": 0.2},
        {"judge": "j1", "entry": "y", "score": 0.15},
        {"judge": "j2", "entry": "y", "score": 0.15000000000000002},
    ]
    ranking = rank_entries(scores, "mean")["ranking"]
    assert [i["tied"] for i in ranking] == [True, True]
    assert ranking[0]["score"] == ranking[1]["score"] == 0.15
    flat = [{"judge": "j", "entry": "e", "score": 5}]
    assert rank_entries(flat, "zscore")["ranking"][0]["score"] == 0.0  # never -0.0
    assert rank_entries([], "mean") == {
        "ranking": [],
        "advancing": [],
        "tie_at_cut": False,
        "judges": {},
    }


def test_library_refuses_bad_calls():
    one = [("j", "e", 1)]
    with pytest.raises(InputError, match="method"):
        rank_entries(one, "median")
    with pytest.raises(InputError, match=r"scores\[1\]"):
        rank_entries([("j", "e", 1), ("j", "e", 2)], "mean")
    with pytest.raises(InputError, match="per_group"):
        rank_entries(one, "mean", per_group=True)
    with pytest.raises(InputError, match=r"groups\.zz"):
        rank_entries(one, "mean", groups={"e": "A", "zz": "B"})


# --------------------------------------------------------------------------- assign: properties


@PROPERTY
@given(contests())
def test_assignment_invariants_or_a_true_impossibility(case):
    entries, judges, k, conflicts = case
    feasible = feasible_by_ortools(entries, judges, k, conflicts)
    if len(entries) <= 5 and len(judges) <= 5 and k <= 3:
        assert feasible == feasible_by_search(entries, judges, k, conflicts)
    if feasible:
        result = assign_judges(entries, judges, k, conflicts)
        check_assignment(result, entries, judges, k, conflicts)
        assert jsonio.dumps(result) == jsonio.dumps(assign_judges(entries, judges, k, conflicts))
    else:
        with pytest.raises(AssignmentImpossible) as caught:
            assign_judges(entries, judges, k, conflicts)
        assert caught.value.field == "per_entry"


def assign_or_none(entries, judges, k, conflicts, rotation=True):
    """The assignment, or None when impossible; without the rotation, scipy's max-flow
    does the whole job rather than completing the rotation."""
    saved = contest._rotation
    if not rotation:
        contest._rotation = lambda n_entries, *args: [set() for _ in range(n_entries)]
    try:
        return assign_judges(entries, judges, k, conflicts)
    except AssignmentImpossible as impossible:
        assert impossible.field == "per_entry"
        return None
    finally:
        contest._rotation = saved


@PROPERTY
@given(contests(max_entries=5, max_judges=5, max_k=3), st.booleans())
def test_small_assignments_against_exhaustive_search(case, rotation):
    # Needs no OR-Tools: CI checks the invariants with the `dev` extra alone.
    entries, judges, k, conflicts = case
    result = assign_or_none(entries, judges, k, conflicts, rotation)
    assert (result is not None) == feasible_by_search(entries, judges, k, conflicts)
    if result is not None:
        check_assignment(result, entries, judges, k, conflicts)


@PROPERTY
@given(contests())
def test_the_max_flow_alone_agrees(case):
    entries, judges, k, conflicts = case
    result = assign_or_none(entries, judges, k, conflicts, rotation=False)
    assert (result is not None) == feasible_by_ortools(entries, judges, k, conflicts)
    if result is not None:
        check_assignment(result, entries, judges, k, conflicts)


@settings(max_examples=25, deadline=None)
@given(st.integers(20, 60), st.integers(5, 15), st.integers(1, 5), st.integers(0, 10**6))
def test_larger_random_designs(n_entries, n_judges, k, seed):
    rng = random.Random(seed)
    entries = [f"e{i}" for i in range(n_entries)]
    judges = [f"j{i}" for i in range(n_judges)]
    conflicts = [[j, e] for j in judges for e in entries if rng.random() < 0.15]
    feasible = feasible_by_ortools(entries, judges, k, conflicts)
    if feasible:
        check_assignment(
            assign_judges(entries, judges, k, conflicts), entries, judges, k, conflicts
        )
    else:
        with pytest.raises(AssignmentImpossible):
            assign_judges(entries, judges, k, conflicts)


def test_rotation_without_conflicts_spreads_the_judges():
    entries = [f"e{i}" for i in range(5)]
    result = assign_judges(entries, ["a", "b", "c", "d"], 2)
    assert result["assignment"] == {
        "e0": ["a", "b"],
        "e1": ["c", "d"],
        "e2": ["a", "b"],
        "e3": ["c", "d"],
        "e4": ["a", "b"],
    }
    assert result["load"] == {"a": 3, "b": 3, "c": 2, "d": 2}
    few = assign_judges(["e0"], ["a", "b", "c"], 1)
    assert few["load"] == {"a": 1, "b": 0, "c": 0}


def test_the_repair_moves_a_judge_when_the_rotation_gets_stuck():
    # The rotation gives e1 judge a; e2 conflicts with b and a is full: the repair swaps.
    result = assign_judges(["e1", "e2"], ["a", "b"], 1, [["b", "e2"]])
    assert result["assignment"] == {"e1": ["b"], "e2": ["a"]}


def test_impossible_cases_say_why():
    with pytest.raises(AssignmentImpossible, match="only 2"):
        assign_judges(["e"], ["a", "b"], 3)
    with pytest.raises(AssignmentImpossible, match="entry 'e' has only 1 judge without"):
        assign_judges(["e"], ["a", "b"], 2, [["a", "e"]])
    with pytest.raises(AssignmentImpossible, match="judge 'c' has a conflict with all but 0"):
        assign_judges(["e1", "e2", "e3"], ["a", "b", "c"], 1, [["c", f"e{i}"] for i in (1, 2, 3)])
    # Hall's condition: e0..e4 can only use a, b, c, who have room for 9 of the 10 places.
    entries = [f"e{i}" for i in range(7)]
    blocked = [[j, f"e{i}"] for j in ("d", "e") for i in range(5)]
    with pytest.raises(
        AssignmentImpossible, match=r"5 entries 'e0'.*can only be judged by 3 judges"
    ):
        assign_judges(entries, ["a", "b", "c", "d", "e"], 2, blocked)


def test_library_refuses_bad_ids():
    with pytest.raises(InputError, match=r"entries\[1\]"):
        assign_judges(["e", "e"], ["a"], 1)
    with pytest.raises(InputError, match=r"conflicts\[0\]\[0\]: is not a known judge"):
        assign_judges(["e"], ["a"], 1, [["z", "e"]])
    with pytest.raises(InputError, match="looks reversed"):
        assign_judges(["e"], ["a"], 0, [["e", "a"]])


# --------------------------------------------------------------------------- CLI


SHEET = {
    "method": "trimmed",
    "scores": [
        {"judge": "j1", "entry": "p1", "score": 80},
        {"judge": "j2", "entry": "p1", "score": 90},
        {"judge": "j3", "entry": "p1", "score": 70},
        {"judge": "j1", "entry": "p2", "score": 85},
        {"judge": "j2", "entry": "p2", "score": 95},
        {"judge": "j3", "entry": "p2", "score": 60},
        {"judge": "j1", "entry": "p3", "score": 75},
        {"judge": "j2", "entry": "p3", "score": 70},
    ],
    "groups": {"p1": "Shanghai", "p2": "Chengdu", "p3": "Shanghai"},
    "advance": 1,
    "per_group": True,
}


def test_judge_cli_runs(cli):
    result = cli(["judge"], SHEET)
    assert result.code == 0, result.stderr
    out = result.json
    assert [(i["entry"], i["score"], i["rank"], i["tied"]) for i in out["ranking"]] == [
        ("p2", 85.0, 1, False),
        ("p1", 80.0, 2, False),
        ("p3", 72.5, 3, False),
    ]
    assert [i["rank_in_division"] for i in out["ranking"]] == [1, 1, 2]
    assert out["advancing"] == ["p2", "p1"]
    assert out["tie_at_cut"] is False
    assert out["judges"]["j3"] == {"count": 2, "mean": 65.0, "std": 5.0}
    again = cli(["judge"], SHEET)
    assert again.stdout == result.stdout


def test_judge_cli_optional_fields_may_be_null_or_partial(cli):
    data = _with(SHEET, groups=None, advance=None, per_group=None)
    out = cli(["judge"], data).json
    assert out["advancing"] == [] and out["tie_at_cut"] is False
    assert "division" not in out["ranking"][0] and "tie_at_cut" not in out["ranking"][0]
    # Without per_group, an entry missing from groups simply has no division.
    out = cli(["judge"], _with(SHEET, groups={"p1": "Shanghai"}, per_group=False)).json
    assert {i["entry"]: i["division"] for i in out["ranking"]} == {
        "p1": "Shanghai",
        "p2": None,
        "p3": None,
    }


def test_assign_judges_cli_runs(cli):
    data = {
        "entries": ["p1", "p2", "p3"],
        "judges": ["j1", "j2", "j3", "j4"],
        "per_entry": 2,
        "conflicts": [["j1", "p1"]],
    }
    result = cli(["assign-judges"], data)
    assert result.code == 0, result.stderr
    check_assignment(result.json, data["entries"], data["judges"], 2, data["conflicts"])
    assert cli(["assign-judges"], data).stdout == result.stdout


def test_both_subcommands_in_real_processes():
    done = run_process(["judge"], SHEET)
    assert done.code == 0 and done.json["advancing"] == ["p2", "p1"]
    done = run_process(["assign-judges"], {"entries": ["p"], "judges": ["a"], "per_entry": 2})
    assert done.code == 2 and done.stdout == b""
    assert done.stderr.startswith("per_entry: cannot give every entry 2 judges")


def _with(base, **changes):
    data = json.loads(json.dumps(base))
    for key, value in changes.items():
        if value is _DROP:
            data.pop(key)
        else:
            data[key] = value
    return data


_DROP = object()


def _score_at(index, **changes):
    data = json.loads(json.dumps(SHEET))
    for key, value in changes.items():
        if value is _DROP:
            data["scores"][index].pop(key)
        else:
            data["scores"][index][key] = value
    return data


BAD_JUDGE = [
    (_with(SHEET, scores=_DROP), "scores: is required"),
    (_with(SHEET, scores={"a": 1}), "scores: must be a JSON array"),
    (_with(SHEET, scores=[7]), "scores[0]: must be a JSON object"),
    (_score_at(2, judge=_DROP), "scores[2].judge: is required"),
    (_score_at(2, entry=""), "scores[2].entry: must be a non-empty string id"),
    (_score_at(3, score="9"), "scores[3].score: must be a number (got '9')"),
    (_score_at(3, score=True), "scores[3].score: must be a number (got True)"),
    (_score_at(3, score=10**400), "scores[3].score: must be between"),
    (_score_at(3, score=-2e9), "scores[3].score: must be between"),
    (_score_at(1, judge="j1"), "scores[1]: is a duplicate: judge 'j1' already scored entry 'p1'"),
    (_with(SHEET, method=_DROP), "method: is required"),
    (_with(SHEET, method="median"), "method: must be one of mean, trimmed, zscore (got 'median')"),
    (_with(SHEET, method=["mean"]), "method: must be one of"),
    (_with(SHEET, groups=["p1"]), "groups: must be a JSON object"),
    (_with(SHEET, groups={"p1": 3, "p2": "A", "p3": "A"}), "groups.p1: must be a non-empty"),
    (_with(SHEET, groups={**SHEET["groups"], "p9": "A"}), "groups.p9: is not a known entry"),
    (_with(SHEET, groups={"p1": "A", "p2": "B"}), "groups: has no division for a scored"),
    (_with(SHEET, groups=_DROP), "per_group: needs groups"),
    (_with(SHEET, advance=-1), "advance: must be at least 0 (got -1)"),
    (_with(SHEET, advance=1.5), "advance: must be a whole number (got 1.5)"),
    (_with(SHEET, advance=True), "advance: must be a whole number (got True)"),
    (_with(SHEET, per_group="yes"), "per_group: must be true or false (got 'yes')"),
]

BASE_ASSIGN = {"entries": ["p1", "p2"], "judges": ["a", "b", "c"], "per_entry": 2, "conflicts": []}

BAD_ASSIGN = [
    (_with(BASE_ASSIGN, entries=_DROP), "entries: is required"),
    (_with(BASE_ASSIGN, entries="p1"), "entries: must be a JSON array"),
    (_with(BASE_ASSIGN, entries=["p1", "p1"]), "entries[1]: is a duplicate id (got 'p1')"),
    (_with(BASE_ASSIGN, entries=["p1", 2]), "entries[1]: must be a non-empty string id (got 2)"),
    (_with(BASE_ASSIGN, judges=["a", "b", "a"]), "judges[2]: is a duplicate id (got 'a')"),
    (_with(BASE_ASSIGN, per_entry=_DROP), "per_entry: is required"),
    (_with(BASE_ASSIGN, per_entry=-1), "per_entry: must be at least 0 (got -1)"),
    (_with(BASE_ASSIGN, per_entry=2.0), "per_entry: must be a whole number (got 2.0)"),
    (_with(BASE_ASSIGN, conflicts={"a": "p1"}), "conflicts: must be a JSON array"),
    (_with(BASE_ASSIGN, conflicts=[["a"]]), "conflicts[0]: must be a [judge, entry] pair"),
    (_with(BASE_ASSIGN, conflicts=[["a", 5]]), "conflicts[0][1]: must be a non-empty string"),
    (_with(BASE_ASSIGN, conflicts=[["z", "p1"]]), "conflicts[0][0]: is not a known judge (got"),
    (_with(BASE_ASSIGN, conflicts=[["a", "p9"]]), "conflicts[0][1]: is not a known entry"),
    (_with(BASE_ASSIGN, conflicts=[["p1", "a"]]), "looks reversed"),
    (_with(BASE_ASSIGN, per_entry=4), "per_entry: cannot give every entry 4 judges: there are"),
    (
        _with(BASE_ASSIGN, conflicts=[["a", "p1"], ["b", "p1"]]),
        "per_entry: cannot give every entry 2 judges without conflicts: entry 'p1' has only 1",
    ),
]


@pytest.mark.parametrize(("data", "expected"), BAD_JUDGE)
def test_judge_bad_input(cli, data, expected):
    _bad(cli(["judge"], data), expected)


@pytest.mark.parametrize(("data", "expected"), BAD_ASSIGN)
def test_assign_judges_bad_input(cli, data, expected):
    _bad(cli(["assign-judges"], data), expected)


def test_non_finite_score_in_raw_json(cli):
    raw = json.dumps(SHEET).replace('"score": 80', '"score": 1e400').encode()
    _bad(cli(["judge"], raw=raw), "scores[0].score: must be finite")


def _bad(result, expected):
    assert result.code == 2
    assert result.stdout == b""
    assert expected in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
