"""`yingcai-match schedule`: feasibility, bound, optimality on tiny cases, determinism, CLI."""

import json
import os
import random
import subprocess
import sys
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yingcai.matching import jsonio
from yingcai.matching.errors import InputError
from yingcai.matching.schedule import Schedule, schedule_meetings, solve_cli

EXAMPLE = {
    "slots": ["am1", "am2", "pm1"],
    "tables": 2,
    "participants": {
        "project-1": {"available": ["am1", "am2", "pm1"]},
        "project-2": {"available": ["am1", "am2", "pm1"]},
        "investor-1": {"available": ["am1", "am2", "pm1"]},
        "park-1": {"available": ["pm1"]},
    },
    "requests": [
        {"a": "project-1", "b": "investor-1", "weight": 5},
        {"a": "project-2", "b": "investor-1", "weight": 3},
        {"a": "project-1", "b": "park-1", "weight": 2},
        {"a": "project-2", "b": "park-1", "weight": 4},
    ],
}


# --------------------------------------------------------------------------- helpers


def feasibility_errors(data: dict, out: dict) -> list[str]:
    """Every hard constraint of the contract, checked independently of the solver."""
    errors = []
    order = {s: i for i, s in enumerate(data["slots"])}
    available = {p: set(spec["available"]) for p, spec in data["participants"].items()}
    busy, seats = set(), set()
    met = defaultdict(int)
    for m in out["meetings"]:
        if m["slot"] not in available[m["a"]] or m["slot"] not in available[m["b"]]:
            errors.append(f"outside availability: {m}")
        for p in (m["a"], m["b"]):
            if (p, m["slot"]) in busy:
                errors.append(f"{p} twice in {m['slot']}")
            busy.add((p, m["slot"]))
        if not isinstance(m["table"], int) or not 1 <= m["table"] <= data["tables"]:
            errors.append(f"table out of range: {m}")
        if (m["slot"], m["table"]) in seats:
            errors.append(f"table used twice: {m}")
        seats.add((m["slot"], m["table"]))
        met[m["a"], m["b"]] += 1
    per_slot = defaultdict(int)
    for m in out["meetings"]:
        per_slot[m["slot"]] += 1
    if any(n > data["tables"] for n in per_slot.values()):
        errors.append("more meetings than tables in a slot")
    unscheduled = out["unscheduled"]
    if unscheduled != sorted(set(unscheduled)):
        errors.append("unscheduled is not sorted and unique")
    wanted = defaultdict(int)
    for r, q in enumerate(data["requests"]):
        if r not in set(unscheduled):
            wanted[q["a"], q["b"]] += 1
    if met != wanted or len(out["meetings"]) + len(unscheduled) != len(data["requests"]):
        errors.append("meetings do not match the requests scheduled (each at most once)")
    keys = [(order[m["slot"]], m["table"]) for m in out["meetings"]]
    if keys != sorted(keys):
        errors.append("meetings not sorted by slot order, then table")
    return errors


def weight_of(data: dict, out: dict) -> float:
    left = set(out["unscheduled"])
    return sum(q["weight"] for r, q in enumerate(data["requests"]) if r not in left)


def idle_of(data: dict, out: dict) -> dict[str, int]:
    order = {s: i for i, s in enumerate(data["slots"])}
    seen = defaultdict(list)
    for m in out["meetings"]:
        seen[m["a"]].append(order[m["slot"]])
        seen[m["b"]].append(order[m["slot"]])
    return {p: max(v) - min(v) + 1 - len(v) for p, v in seen.items()}


def brute_force(data: dict) -> float:
    """The optimum by branch and bound over (request -> slot or nothing)."""
    slots = data["slots"]
    available = {p: set(spec["available"]) for p, spec in data["participants"].items()}
    requests = sorted(data["requests"], key=lambda q: -q["weight"])
    options = [
        [s for s in slots if s in available[q["a"]] and s in available[q["b"]]] for q in requests
    ]
    rest = [sum(q["weight"] for q in requests[i:]) for i in range(len(requests) + 1)]
    busy, count = set(), defaultdict(int)
    best = 0.0

    def search(i: int, total: float) -> None:
        nonlocal best
        best = max(best, total)
        if i == len(requests) or total + rest[i] <= best + 1e-9:
            return
        q = requests[i]
        for s in options[i]:
            if count[s] < data["tables"] and (q["a"], s) not in busy and (q["b"], s) not in busy:
                busy.update([(q["a"], s), (q["b"], s)])
                count[s] += 1
                search(i + 1, total + q["weight"])
                count[s] -= 1
                busy.difference_update([(q["a"], s), (q["b"], s)])
        search(i + 1, total)

    search(0, 0.0)
    return best


@st.composite
def instances(draw, max_participants=8, max_slots=5, max_requests=16):
    n_slots = draw(st.integers(0, max_slots))
    slots = [f"s{i}" for i in range(n_slots)]
    names = [f"p{i}" for i in range(draw(st.integers(2, max_participants)))]
    participants = {
        p: {"available": draw(st.lists(st.sampled_from(slots), unique=True)) if slots else []}
        for p in names
    }
    decimal = draw(st.booleans())
    weights = (
        st.integers(1, 100).map(lambda x: x / 10) if decimal else st.integers(1, 10)
    )  # tenths: exact in the sums the tests compare
    pairs = st.tuples(st.sampled_from(names), st.sampled_from(names)).filter(lambda x: x[0] != x[1])
    requests = [
        {"a": a, "b": b, "weight": draw(weights)}
        for a, b in draw(st.lists(pairs, max_size=max_requests))
    ]
    tables = draw(st.integers(0, 3))
    return {"slots": slots, "tables": tables, "participants": participants, "requests": requests}


def random_instance(seed: int) -> dict:
    rng = random.Random(seed)
    slots = [f"s{i}" for i in range(rng.randint(1, 4))]
    names = [f"p{i}" for i in range(rng.randint(2, 7))]
    chance = rng.uniform(0.3, 1.0)
    participants = {p: {"available": [s for s in slots if rng.random() < chance]} for p in names}
    decimal = rng.random() < 0.4
    requests = []
    for _ in range(rng.randint(0, 11)):
        a, b = rng.sample(names, 2)
        weight = round(rng.uniform(0.1, 9.9), 1) if decimal else rng.randint(1, 10)
        requests.append({"a": a, "b": b, "weight": weight})
    tables = rng.randint(0, 3)
    return {"slots": slots, "tables": tables, "participants": participants, "requests": requests}


# --------------------------------------------------------------------------- properties

PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(instances())
def test_every_schedule_is_feasible_and_its_figures_are_right(data):
    out = solve_cli(data)
    assert feasibility_errors(data, out) == []
    assert out["weight"] == pytest.approx(weight_of(data, out), abs=1e-9)
    assert out["weight"] <= out["upper_bound"] + 1e-9
    assert 0.0 <= out["gap"] <= 1.0
    if out["upper_bound"] > 0:
        expected_gap = (out["upper_bound"] - out["weight"]) / out["upper_bound"]
        assert out["gap"] == pytest.approx(expected_gap, abs=1e-8)
    assert out["idle_slots"] == idle_of(data, out)
    assert list(out["idle_slots"]) == [p for p in data["participants"] if p in out["idle_slots"]]
    assert out["idle_total"] == sum(out["idle_slots"].values())


@PROPERTIES
@given(instances(max_participants=6, max_slots=3, max_requests=9))
def test_the_upper_bound_is_above_the_optimum(data):
    out = solve_cli(data)
    optimum = brute_force(data)
    assert out["weight"] <= optimum + 1e-9
    assert optimum <= out["upper_bound"] + 1e-9


@PROPERTIES
@given(instances())
def test_same_input_same_bytes(data):
    first = jsonio.dumps(solve_cli(data))
    copy = json.loads(json.dumps(data))
    assert jsonio.dumps(solve_cli(copy)) == first


def test_tiny_instances_are_solved_to_the_optimum():
    # 300 fixed random instances, odd cycles and decimals included; the target is 99 %.
    optimal = 0
    for seed in range(300):
        data = random_instance(seed)
        out = solve_cli(data)
        assert feasibility_errors(data, out) == []
        optimum = brute_force(data)
        assert out["weight"] <= optimum + 1e-9 <= out["upper_bound"] + 2e-9
        optimal += out["weight"] >= optimum - 1e-9
    assert optimal >= 297


def test_deterministic_across_processes_and_hash_seeds(tmp_path):
    rng = random.Random(7)
    slots = [f"s{i}" for i in range(6)]
    names = [f"p{i}" for i in range(30)]
    data = {
        "slots": slots,
        "tables": 4,
        "participants": {p: {"available": rng.sample(slots, 4)} for p in names},
        "requests": [
            {"a": a, "b": b, "weight": rng.randint(1, 9)}
            for a, b in (rng.sample(names, 2) for _ in range(120))
        ],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data))
    outputs = set()
    for seed in ("0", "12345"):
        done = subprocess.run(
            [sys.executable, "-m", "yingcai.matching", "schedule", "--in", str(path)],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert outputs.pop() == jsonio.dumps(solve_cli(data)) + b"\n"


# --------------------------------------------------------------------------- behaviour


def test_example():
    out = solve_cli(EXAMPLE)
    assert feasibility_errors(EXAMPLE, out) == []
    # The park is there in pm1 only: one of its two requests, the heavier, is met.
    assert out["weight"] == 12 == out["upper_bound"]
    assert out["unscheduled"] == [2] and out["gap"] == 0.0
    assert isinstance(out["weight"], int)
    assert list(out) == [
        "meetings",
        "weight",
        "upper_bound",
        "unscheduled",
        "gap",
        "idle_slots",
        "idle_total",
    ]
    assert list(out["meetings"][0]) == ["a", "b", "slot", "table"]


def test_library_api_matches_the_cli():
    availability = {p: spec["available"] for p, spec in EXAMPLE["participants"].items()}
    requests = [(q["a"], q["b"], q["weight"]) for q in EXAMPLE["requests"]]
    result = schedule_meetings(EXAMPLE["slots"], EXAMPLE["tables"], availability, requests)
    assert isinstance(result, Schedule)
    assert result.as_dict() == solve_cli(EXAMPLE)
    for m in result.meetings:
        assert (m.a, m.b) == requests[m.request][:2]
        assert m.request not in result.unscheduled
    assert result.gap == 0.0 and result.idle_total == 0


def test_capacity_keeps_the_heaviest_requests():
    data = {
        "slots": ["s1"],
        "tables": 2,
        "participants": {f"p{i}": {"available": ["s1"]} for i in range(8)},
        "requests": [
            {"a": "p0", "b": "p1", "weight": 1},
            {"a": "p2", "b": "p3", "weight": 4},
            {"a": "p4", "b": "p5", "weight": 3},
            {"a": "p6", "b": "p7", "weight": 2},
        ],
    }
    out = solve_cli(data)
    assert out["weight"] == 7 and out["unscheduled"] == [0, 3]
    assert sorted(m["table"] for m in out["meetings"]) == [1, 2]


def test_zero_tables_schedules_nothing():
    out = solve_cli({**EXAMPLE, "tables": 0})
    assert out["meetings"] == [] and out["weight"] == 0 == out["upper_bound"]
    assert out["unscheduled"] == [0, 1, 2, 3] and out["idle_slots"] == {}
    assert out["gap"] == 0.0


def test_a_pair_asked_twice_may_meet_twice_in_different_slots():
    data = {
        "slots": ["s1", "s2"],
        "tables": 5,
        "participants": {"x": {"available": ["s1", "s2"]}, "y": {"available": ["s1", "s2"]}},
        "requests": [{"a": "x", "b": "y", "weight": 1}, {"a": "y", "b": "x", "weight": 2}],
    }
    out = solve_cli(data)
    assert out["weight"] == 3
    assert sorted(m["slot"] for m in out["meetings"]) == ["s1", "s2"]
    assert [(m["a"], m["b"]) for m in out["meetings"]] in (
        [("x", "y"), ("y", "x")],
        [("y", "x"), ("x", "y")],
    )


def test_idle_slots_are_avoided_when_the_weight_allows():
    # x meets y (only in s1) and z (s2 or s4): s2 leaves x no idle slot, s4 two.
    data = {
        "slots": ["s1", "s2", "s3", "s4"],
        "tables": 3,
        "participants": {
            "x": {"available": ["s1", "s2", "s3", "s4"]},
            "y": {"available": ["s1"]},
            "z": {"available": ["s4", "s2"]},
        },
        "requests": [{"a": "x", "b": "z", "weight": 1}, {"a": "x", "b": "y", "weight": 1}],
    }
    out = solve_cli(data)
    assert out["weight"] == 2
    assert out["idle_slots"] == {"x": 0, "y": 0, "z": 0} and out["idle_total"] == 0


def test_the_busy_side_keeps_its_table():
    slots = ["s1", "s2", "s3", "s4"]
    data = {
        "slots": slots,
        "tables": 4,
        "participants": {
            **{f"investor-{i}": {"available": slots} for i in range(3)},
            **{f"project-{i}": {"available": slots} for i in range(8)},
        },
        "requests": [
            {"a": f"project-{p}", "b": f"investor-{i}", "weight": 1}
            for i in range(3)
            for p in range(8)
            if (p + i) % 2 == 0
        ],
    }
    out = solve_cli(data)
    assert feasibility_errors(data, out) == []
    for i in range(3):
        mine = [m for m in out["meetings"] if m["b"] == f"investor-{i}"]
        assert len(mine) == 4
        assert len({m["table"] for m in mine}) == 1


def test_an_odd_cycle_has_a_fractional_bound():
    # A triangle in one slot: one meeting fits, the LP takes half of each (1.5 x 1.5).
    data = {
        "slots": ["s1"],
        "tables": 3,
        "participants": {p: {"available": ["s1"]} for p in "abc"},
        "requests": [
            {"a": "a", "b": "b", "weight": 1.5},
            {"a": "b", "b": "c", "weight": 1.5},
            {"a": "c", "b": "a", "weight": 1.5},
        ],
    }
    out = solve_cli(data)
    assert out["weight"] == 1.5
    # 2.25 rounded down to the weights' one decimal: the optimum is a multiple of 0.1.
    assert out["upper_bound"] == 2.2
    assert out["gap"] == pytest.approx(0.7 / 2.2)


def test_weights_keep_their_decimals():
    data = {**EXAMPLE, "requests": [{**q, "weight": q["weight"] / 10} for q in EXAMPLE["requests"]]}
    out = solve_cli(data)
    assert out["weight"] == 1.2 and out["upper_bound"] == 1.2


# --------------------------------------------------------------------------- the CLI


def test_cli_run(cli):
    result = cli(["schedule"], EXAMPLE)
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    assert result.json == json.loads(jsonio.dumps(solve_cli(EXAMPLE)))


def _with(path: str, value):
    """A copy of EXAMPLE with the value at a dotted path (list indexes as ints) replaced."""
    data = json.loads(json.dumps(EXAMPLE))
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is _DELETE:
        del target[int(last) if isinstance(target, list) else last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field", "shown"),
    [
        ("requests.0.a", "nobody", "requests[0].a", "'nobody'"),
        ("requests.1.b", "nobody", "requests[1].b", "'nobody'"),
        (
            "participants.park-1.available",
            ["pm1", "pm9"],
            "participants.park-1.available[1]",
            "pm9",
        ),
        ("slots", ["am1", "am2", "am1"], "slots[2]", "'am1'"),
        (
            "participants.park-1.available",
            ["pm1", "pm1"],
            "participants.park-1.available[1]",
            "pm1",
        ),
        ("requests.2.b", "project-1", "requests[2].b", "'project-1'"),
        ("requests.0.weight", _DELETE, "requests[0].weight", "is required"),
        ("requests.0.weight", "5", "requests[0].weight", "'5'"),
        ("requests.0.weight", 0, "requests[0].weight", "0"),
        ("requests.0.weight", -2.5, "requests[0].weight", "-2.5"),
        ("requests.0.weight", True, "requests[0].weight", "True"),
        ("requests.0.weight", None, "requests[0].weight", "must be a number"),
        ("requests.0.weight", 1e13, "requests[0].weight", "at most 1e+12 (got 10000000000000.0)"),
        ("tables", -1, "tables", "-1"),
        ("tables", 1.5, "tables", "1.5"),
        ("tables", "2", "tables", "'2'"),
        ("tables", True, "tables", "True"),
        ("tables", _DELETE, "tables", "is required"),
        ("slots", "am1", "slots", "must be a JSON array"),
        ("slots", [1], "slots[0]", "1"),
        ("slots", [""], "slots[0]", "''"),
        ("participants", [], "participants", "must be a JSON object"),
        ("participants.park-1", ["pm1"], "participants.park-1", "must be a JSON object"),
        ("participants.park-1", {}, "participants.park-1.available", "is required"),
        ("participants.park-1.available", "pm1", "participants.park-1.available", "JSON array"),
        ("participants.park-1.available", [7], "participants.park-1.available[0]", "7"),
        ("requests", {}, "requests", "must be a JSON array"),
        ("requests.0", "x", "requests[0]", "must be a JSON object"),
        ("requests.0.a", 3, "requests[0].a", "3"),
        ("requests.0.a", _DELETE, "requests[0].a", "is required"),
    ],
)
def test_bad_input_is_one_line_naming_field_and_value(cli, path, value, field, shown):
    result = cli(["schedule"], _with(path, value))
    assert result.code == 2
    assert result.stdout == b""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(field + ":")
    assert shown in result.stderr
    assert "Traceback" not in result.stderr


def test_an_empty_participant_id_is_bad_input(cli):
    data = json.loads(json.dumps(EXAMPLE))
    data["participants"][""] = {"available": []}
    result = cli(["schedule"], data)
    assert result.code == 2 and result.stdout == b""
    assert result.stderr.startswith("participants:")


def test_missing_top_level_fields_are_named(cli):
    for key in ("slots", "tables", "participants", "requests"):
        data = {k: v for k, v in EXAMPLE.items() if k != key}
        result = cli(["schedule"], data)
        assert result.code == 2 and result.stdout == b""
        assert result.stderr.startswith(f"{key}: is required")


def test_the_library_raises_input_error():
    with pytest.raises(InputError) as caught:
        schedule_meetings(["s1"], 1, {"x": ["s1"]}, [("x", "y", 1.0)])
    assert caught.value.field == "requests[0].b"
