"""Pinned meetings in `yingcai-match schedule`: kept exactly, the rest placed around them."""

import hashlib
import json
import random
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.matching.test_schedule import (
    EXAMPLE,
    feasibility_errors,
    instances,
    random_instance,
    weight_of,
)
from yingcai.matching import jsonio
from yingcai.matching.errors import InputError
from yingcai.matching.schedule import schedule_meetings, solve_cli

PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def with_pins(data: dict, pins: dict[int, tuple[str, int]]) -> dict:
    out = json.loads(json.dumps(data))
    for r, (slot, table) in pins.items():
        out["requests"][r]["pinned"] = {"slot": slot, "table": table}
    return out


def valid_pins(data: dict, rng: random.Random, share: float) -> dict[int, tuple[str, int]]:
    """Random pins that can all hold at once: each pinned request in a slot both sides are
    available in, at a table free in that slot, no participant twice in a slot."""
    available = {p: set(spec["available"]) for p, spec in data["participants"].items()}
    busy, seats, pins = set(), set(), {}
    for r, q in enumerate(data["requests"]):
        if rng.random() >= share:
            continue
        options = [s for s in data["slots"] if s in available[q["a"]] & available[q["b"]]]
        rng.shuffle(options)
        for s in options:
            free = [h for h in range(1, data["tables"] + 1) if (s, h) not in seats]
            if free and (q["a"], s) not in busy and (q["b"], s) not in busy:
                table = rng.choice(free)
                busy.update([(q["a"], s), (q["b"], s)])
                seats.add((s, table))
                pins[r] = (s, table)
                break
    return pins


def brute_force_pinned(data: dict, pins: dict[int, tuple[str, int]]) -> float:
    """The optimum with the pinned meetings fixed, by exhaustive search over the rest."""
    slots = data["slots"]
    available = {p: set(spec["available"]) for p, spec in data["participants"].items()}
    busy, count = set(), defaultdict(int)
    for r, (s, _table) in pins.items():
        q = data["requests"][r]
        busy.update([(q["a"], s), (q["b"], s)])
        count[s] += 1
    rest = [q for r, q in enumerate(data["requests"]) if r not in pins]
    best = 0.0

    def search(i: int, total: float) -> None:
        nonlocal best
        best = max(best, total)
        if i == len(rest):
            return
        q = rest[i]
        for s in slots:
            if (
                s in available[q["a"]]
                and s in available[q["b"]]
                and count[s] < data["tables"]
                and (q["a"], s) not in busy
                and (q["b"], s) not in busy
            ):
                busy.update([(q["a"], s), (q["b"], s)])
                count[s] += 1
                search(i + 1, total + q["weight"])
                count[s] -= 1
                busy.difference_update([(q["a"], s), (q["b"], s)])
        search(i + 1, total)

    search(0, 0.0)
    return best + sum(data["requests"][r]["weight"] for r in pins)


def placed(data: dict, out: dict) -> dict[int, tuple[str, int]]:
    """request index -> (slot, table), from the output (requests are distinct pairs)."""
    left = set(out["unscheduled"])
    todo = defaultdict(list)
    for r, q in enumerate(data["requests"]):
        if r not in left:
            todo[q["a"], q["b"]].append(r)
    where = {}
    for m in out["meetings"]:
        where[todo[m["a"], m["b"]].pop(0)] = (m["slot"], m["table"])
    return where


def meeting_at(out: dict, q: dict, slot: str, table: int) -> bool:
    return any(
        (m["a"], m["b"], m["slot"], m["table"]) == (q["a"], q["b"], slot, table)
        for m in out["meetings"]
    )


# --------------------------------------------------------------------------- properties


@PROPERTIES
@given(instances(), st.integers(0, 2**32), st.sampled_from([0.2, 0.5, 1.0]))
def test_pinned_meetings_are_where_pinned_and_the_schedule_is_feasible(data, seed, share):
    pins = valid_pins(data, random.Random(seed), share)
    pinned = with_pins(data, pins)
    out = solve_cli(pinned)
    assert feasibility_errors(data, out) == []
    for r, (slot, table) in pins.items():
        assert r not in out["unscheduled"]
        assert meeting_at(out, data["requests"][r], slot, table)
    assert out["weight"] == pytest.approx(weight_of(data, out), abs=1e-9)
    assert out["weight"] <= out["upper_bound"] + 1e-9
    assert jsonio.dumps(solve_cli(json.loads(json.dumps(pinned)))) == jsonio.dumps(out)


@PROPERTIES
@given(
    instances(max_participants=6, max_slots=3, max_requests=9),
    st.integers(0, 2**32),
    st.sampled_from([0.2, 0.5]),
)
def test_the_bound_is_of_the_problem_with_the_pins_fixed(data, seed, share):
    pins = valid_pins(data, random.Random(seed), share)
    out = solve_cli(with_pins(data, pins))
    optimum = brute_force_pinned(data, pins)
    assert out["weight"] <= optimum + 1e-9
    assert optimum <= out["upper_bound"] + 1e-9


@PROPERTIES
@given(instances(), st.integers(0, 2**32))
def test_re_optimising_after_a_cancellation_moves_no_other_meeting(data, seed):
    first = solve_cli(data)
    where = placed(data, first)
    if not where:
        return
    rng = random.Random(seed)
    cancelled = rng.choice(sorted(where))
    kept = {r: spot for r, spot in where.items() if r != cancelled}
    again = with_pins(data, kept)
    del again["requests"][cancelled]
    out = solve_cli(again)
    assert feasibility_errors({**data, "requests": again["requests"]}, out) == []
    for r, (slot, table) in kept.items():
        assert meeting_at(out, data["requests"][r], slot, table)
    # Nothing is lost: the old schedule minus one meeting is still a candidate.
    assert out["weight"] >= first["weight"] - data["requests"][cancelled]["weight"] - 1e-9


# --------------------------------------------------------------------------- examples

# sha256 of the outputs for EXAMPLE and random_instance(0..199), computed with schedule.py as
# of commit 8bb17cf, before pins existed.
GOLDEN = "bef416c0f16199bf19ce880cc9fbc17268d8cdc386c0aa3776df3a88e08971fe"


def test_without_pins_the_outputs_are_those_of_the_engine_before_pins():
    digest = hashlib.sha256()
    for data in [EXAMPLE, *(random_instance(seed) for seed in range(200))]:
        digest.update(jsonio.dumps(solve_cli(data)))
    assert digest.hexdigest() == GOLDEN


def test_without_pins_the_output_is_unchanged():
    data = json.loads(json.dumps(EXAMPLE))
    slots, tables = data["slots"], data["tables"]
    availability = {p: spec["available"] for p, spec in data["participants"].items()}
    requests = [(q["a"], q["b"], q["weight"]) for q in data["requests"]]
    plain = schedule_meetings(slots, tables, availability, requests)
    assert schedule_meetings(slots, tables, availability, requests, None) == plain
    assert schedule_meetings(slots, tables, availability, requests, {}) == plain


def test_a_pin_takes_its_real_table_and_the_others_avoid_it():
    data = {
        "slots": ["s1"],
        "tables": 5,
        "participants": {p: {"available": ["s1"]} for p in "abcdef"},
        "requests": [
            {"a": "a", "b": "b", "weight": 1, "pinned": {"slot": "s1", "table": 1}},
            {"a": "c", "b": "d", "weight": 1},
            {"a": "e", "b": "f", "weight": 1, "pinned": {"slot": "s1", "table": 5}},
        ],
    }
    out = solve_cli(data)
    assert [(m["a"], m["table"]) for m in out["meetings"]] == [("a", 1), ("c", 2), ("e", 5)]
    assert out["weight"] == out["upper_bound"] == 3 and out["gap"] == 0


def test_a_pin_beats_a_heavier_request_and_the_bound_counts_the_pin():
    data = {
        "slots": ["s1"],
        "tables": 1,
        "participants": {p: {"available": ["s1"]} for p in "abcd"},
        "requests": [
            {"a": "a", "b": "b", "weight": 9},
            {"a": "c", "b": "d", "weight": 2, "pinned": {"slot": "s1", "table": 1}},
        ],
    }
    out = solve_cli(data)
    assert out["meetings"] == [{"a": "c", "b": "d", "slot": "s1", "table": 1}]
    assert out["unscheduled"] == [0]
    assert out["upper_bound"] == 2 and out["gap"] == 0


def test_pinned_meetings_count_in_the_idle_slots():
    data = {
        "slots": ["s1", "s2", "s3"],
        "tables": 2,
        "participants": {p: {"available": ["s1", "s2", "s3"]} for p in ("x", "y", "z")},
        "requests": [
            {"a": "x", "b": "y", "weight": 1, "pinned": {"slot": "s1", "table": 2}},
            {"a": "x", "b": "z", "weight": 1},
        ],
    }
    out = solve_cli(data)
    assert out["meetings"][1]["slot"] == "s2"
    assert out["idle_slots"] == {"x": 0, "y": 0, "z": 0}


@pytest.mark.parametrize(
    ("pinned", "field", "shown"),
    [
        ({"slot": "am1", "table": 1}, "requests[2].pinned.slot", "park-1 is available in"),
        ({"slot": "am9", "table": 1}, "requests[0].pinned.slot", "is not a known slot"),
        ({"slot": "am1", "table": 3}, "requests[0].pinned.table", "at most 2"),
        ({"slot": "am1", "table": 0}, "requests[0].pinned.table", "at least 1"),
        ({"slot": "am1", "table": "1"}, "requests[0].pinned.table", "whole number"),
        ({"slot": "am1"}, "requests[0].pinned.table", "is required"),
        ({"table": 1}, "requests[0].pinned.slot", "is required"),
        ("am1", "requests[0].pinned", "must be a JSON object"),
    ],
)
def test_a_bad_pin_is_bad_input_naming_the_field(cli, pinned, field, shown):
    data = json.loads(json.dumps(EXAMPLE))
    data["requests"][int(field[9])]["pinned"] = pinned
    result = cli(["schedule"], data)
    assert result.code == 2 and result.stdout == b""
    assert result.stderr.startswith(field + ":"), result.stderr
    assert shown in result.stderr


def test_two_pins_of_one_participant_in_a_slot_clash(cli):
    data = json.loads(json.dumps(EXAMPLE))
    data["requests"][0]["pinned"] = {"slot": "am1", "table": 1}
    data["requests"][1]["pinned"] = {"slot": "am1", "table": 2}
    result = cli(["schedule"], data)
    assert result.code == 2
    assert result.stderr.startswith("requests[1].pinned.slot: clashes with requests[0]")


def test_two_pins_at_one_table_clash(cli):
    data = json.loads(json.dumps(EXAMPLE))
    data["requests"][0]["pinned"] = {"slot": "pm1", "table": 1}
    data["requests"][3]["pinned"] = {"slot": "pm1", "table": 1}
    result = cli(["schedule"], data)
    assert result.code == 2
    assert result.stderr.startswith("requests[3].pinned.table: clashes with requests[0]")


@pytest.mark.parametrize("pinned", [{5: ("s1", 1)}, {-1: ("s1", 1)}, {True: ("s1", 1)}, [1]])
def test_the_library_refuses_pins_of_no_request(pinned):
    with pytest.raises(InputError) as caught:
        schedule_meetings(["s1"], 1, {"x": ["s1"], "y": ["s1"]}, [("x", "y", 1.0)], pinned)
    assert caught.value.field == "pinned"


def test_the_library_refuses_a_pin_that_is_not_a_pair():
    with pytest.raises(InputError) as caught:
        schedule_meetings(["s1"], 1, {"x": ["s1"], "y": ["s1"]}, [("x", "y", 1.0)], {0: "s1"})
    assert caught.value.field == "requests[0].pinned"


def test_a_huge_hall_with_pins_numbers_tables_without_a_column_per_table():
    people = {f"p{i}": {"available": ["s1", "s2"]} for i in range(8)}
    data = {
        "slots": ["s1", "s2"],
        "tables": 10**9,
        "participants": people,
        "requests": [
            {"a": "p0", "b": "p1", "weight": 1, "pinned": {"slot": "s1", "table": 7}},
            {"a": "p2", "b": "p3", "weight": 1, "pinned": {"slot": "s1", "table": 10**9}},
            *({"a": f"p{i}", "b": f"p{j}", "weight": 1} for i in range(8) for j in range(i + 1, 8)),
        ],
    }
    out = solve_cli(data)
    assert feasibility_errors(data, out) == []
    assert meeting_at(out, data["requests"][1], "s1", 10**9)
