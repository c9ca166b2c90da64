"""Docking-negotiation meetings: 1:1 meetings between projects and their counterparts.

The problem
    Slots s = 1..S, `tables` seats per slot, participants with the slots they are
    available in, and requests r = (a, b, w) for a 1:1 meeting of weight w > 0. Choose
    at most one slot for each request so that a participant is in at most one meeting
    per slot and only in slots it is available in, and a slot holds at most `tables`
    meetings; maximise the total weight; then number the tables 1..tables within each
    slot. This is the business-to-business (B2B) meeting-scheduling problem (Bofill,
    Espasa, Garcia, Palahí, Suy, Villaret, "Scheduling B2B meetings", CP 2014; Bofill,
    Coll, Garcia, Giráldez-Cru, Pesant, Suy, Villaret, "Constraint solving approaches to
    the business-to-business meeting scheduling problem", JAIR 2022) with optional,
    weighted requests: a list edge colouring of the request graph with S colours, each
    colour class a matching of at most `tables` edges. NP-hard (edge colouring already
    is), so the result comes with a proven upper bound on the optimum.

The method (deterministic: no clock, no randomness)
    1. Upper bound. The LP relaxation: x[r, s] in [0, 1] for each slot s both sides of
       r are available in; sum_s x[r, s] <= 1 per request, sum x <= 1 per participant and
       slot, sum x <= tables per slot. HiGHS's dual simplex solves it
       (`scipy.optimize.linprog(method="highs-ds")`, weights scaled so the largest is 10)
       by delayed column generation: first over the heaviest 1.25 * S * tables requests
       (the tables are usually what binds), then with every request whose reduced cost
       is positive, until none is (one round at the conference's scale). The bound is
       not HiGHS's objective but the value of a dual solution made feasible by hand: from
       HiGHS's duals p[v, s] >= 0 (participant v, slot s) and q[s] >= 0 (slot s),
       u[r] = max(0, max_s w[r] - p[a, s] - p[b, s] - q[s]) makes (u, p, q) dual feasible
       whatever the solver's tolerances, so by weak duality sum u + sum p + tables * sum q
       >= LP optimum >= optimum, plus a margin of 1e-12 of the sums for float rounding.
       When every weight has k <= 6 decimals the optimum is a multiple of 10^-k and the
       bound is rounded down to one (whole weights: a whole bound).
    2. LP diving (Berthold, "Primal heuristics for mixed integer programs", 2006): fix
       the LP solution's ones, then one fractional x[r, s] = 1, and solve the LP of what
       is left again; repeat until the LP is integral (or 40 LPs). The fraction fixed is
       the first, by decreasing value, that keeps the LP value (meetings fixed + LP of the
       rest), of at most 4 tried; else the best of them. An integral LP optimum is taken whole, at
       no extra cost: it is optimal, and the gap is 0. The last LP's values, then the
       weights, order a greedy completion (each request into its free slot with the
       largest LP value, then the fewest idle slots created, then the first).
    3. Ejection chains (Glover, "Ejection chains, reference structures and alternating
       path methods for traveling salesman problems", 1996), only while the weight is
       below the bound: each unscheduled request, heaviest first, is inserted by moving
       the meetings in its way to other slots (2 levels deep: a move into a slot where a
       meeting is in the way moves that one too, an alternating path as in a Kempe chain);
       failing that, by dropping the meetings in its way, each of which is then inserted
       elsewhere the same way or, one level deeper, by dropping lighter ones in turn; kept
       only if the total weight rises. At most 8 passes and 50,000 moves tried in all (a
       count, not a time, so the result never depends on the machine's speed).
    4. Idle slots, the secondary objective of Bofill et al.: the slots between a
       participant's first and last meetings in which it has none. With the meetings
       fixed, hill-climbing on their total: a move swaps slots s and t over a Kempe chain
       (Kempe 1879: the meetings in s or t connected through shared participants), each
       meeting staying within its participants' availability; if a slot would overflow,
       one meeting moves the other way. Only strictly improving moves: it ends.
    5. Tables. The participants, busiest first (then in input order), each take one
       table for their meetings not yet seated: one they already have, else the lowest
       free in all those slots, else the one free in most. Then slot by slot an optimal
       assignment of meetings to tables (scipy's `linear_sum_assignment`, a Hungarian-type
       shortest augmenting path method) minimises the table changes between consecutive
       meetings of each participant, slot after slot until none improves. The busy side
       (at the conference the investors, parks, governments, enterprises) stays put and
       the projects walk to them, which is what fewest moves means.

Pinned meetings (re-optimising a published session). A pinned request is a fixed
variable: its slot and table are given. The problem left is the unpinned requests, each in
the slots where both sides are available and neither has a pinned meeting, slot s holding
`tables` less its pinned meetings; steps 1-4 run on it unchanged (the bound is the pinned
weight plus the bound of what is left, so it is the bound of the problem with the pins
fixed), a participant's pinned slots count in its idle slots, and in step 5 the pinned
tables are taken before the others are numbered, from 1..tables (the real numbers). With
no pins every step is exactly as without the feature.

Complexity: n requests, P participants, S slots, T tables, m meetings. The LP has at most
n S columns and n + P S + S rows; the simplex is fast in practice and most of the time
(0.1-0.3 s at the conference's scale). Diving solves one LP per round, rounds only while
the LP is fractional. Greedy O(n S log(n S)); ejection chains bounded by the move budget;
one idle pass O(m S (S + T)); tables O(P T + passes S T^3). About 0.3 s in all for 930
participants, 2,000 requests, 12 slots and 60 tables.

Ties are broken by request index, slot order and participant input order, and HiGHS's
dual simplex is deterministic, so the same input with the same software versions gives
the same output byte for byte.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment, linprog
from scipy.sparse import csr_matrix

from . import validate as v
from .errors import InputError

__all__ = ["Meeting", "Schedule", "schedule_meetings", "solve_cli"]

# The share of the table capacity S * T the first restricted LP starts with.
_FIRST_COLUMNS = 1.25
_MAX_WEIGHT = 1e12
_MAX_LP_ROUNDS = 30
_DIVE_LPS = 40
_DIVE_TRIES = 4
_SEARCH_PASSES = 8
_SEARCH_BUDGET = 50_000
_SEARCH_DEPTH = 2
_EJECT_DEPTH = 1
_IDLE_PASSES = 50
_TABLE_PASSES = 10


@dataclass(frozen=True)
class Meeting:
    request: int  # index into the requests
    a: str
    b: str
    slot: str
    table: int  # 1..tables, distinct within the slot


@dataclass(frozen=True)
class Schedule:
    """A feasible schedule, its weight and a proven upper bound on the optimum."""

    meetings: tuple[Meeting, ...]  # by slot order, then table
    weight: float
    upper_bound: float
    unscheduled: tuple[int, ...]  # request indexes, ascending
    idle_slots: dict[str, int]  # every participant with a meeting, in input order

    @property
    def gap(self) -> float:
        """(upper_bound - weight) / upper_bound: how far from optimal at most."""
        if self.upper_bound <= 0:
            return 0.0
        return round(max(0.0, (self.upper_bound - self.weight) / self.upper_bound), 9)

    @property
    def idle_total(self) -> int:
        return sum(self.idle_slots.values())

    def as_dict(self) -> dict:
        return {
            "meetings": [
                {"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in self.meetings
            ],
            "weight": self.weight,
            "upper_bound": self.upper_bound,
            "unscheduled": list(self.unscheduled),
            "gap": self.gap,
            "idle_slots": dict(self.idle_slots),
            "idle_total": self.idle_total,
        }


# --------------------------------------------------------------------------- library API


def schedule_meetings(
    slots: Sequence[str],
    tables: int,
    availability: Mapping[str, Sequence[str]],
    requests: Sequence[tuple[str, str, float]],
    pinned: Mapping[int, tuple[str, int]] | None = None,
) -> Schedule:
    """Schedule the requested 1:1 meetings; see the module docstring for the method.

    `availability` maps every participant to the slots it can meet in; `requests` are
    (a, b, weight) with weight > 0. Two requests for the same pair are two meetings
    (in different slots). `pinned` maps a request index to (slot, table 1..tables): that
    meeting is in the result exactly there, and the others are placed around it (see
    "Pinned meetings" in docs/matching.md). Raises InputError naming the field on bad input.
    """
    names, avail, ra, rb, w = _check(slots, tables, availability, requests)
    pins = _check_pins(pinned, slots, tables, names, avail, ra, rb) if pinned else {}
    n_slots = len(slots)
    n_tables = tables
    # More tables than requests change nothing, and keep the arrays below small.
    tables = min(tables, len(requests) - len(pins))
    feas = [avail[a] & avail[b] if tables > 0 else 0 for a, b in zip(ra, rb, strict=True)]
    fixed_occ = [0] * len(names)
    cap = [tables] * n_slots
    if pins:
        # The pinned meetings are fixed variables: the problem left is the unpinned
        # requests, each in the slots where neither side has a pinned meeting, slot s
        # holding what its pinned meetings leave of the tables.
        pinned_count = [0] * n_slots
        for r, (s, _table) in pins.items():
            fixed_occ[ra[r]] |= 1 << s
            fixed_occ[rb[r]] |= 1 << s
            pinned_count[s] += 1
        cap = [max(0, min(tables, n_tables - pinned_count[s])) for s in range(n_slots)]
        open_slots = sum(1 << s for s in range(n_slots) if cap[s] > 0)
        feas = [
            0 if r in pins else f & open_slots & ~(fixed_occ[ra[r]] | fixed_occ[rb[r]])
            for r, f in enumerate(feas)
        ]
    lp = _LP(len(names), n_slots, ra, rb, w, feas)
    bound, lp_x = _upper_bound(lp, cap, w)
    search = _Search(len(names), n_slots, cap, ra, rb, w, feas, fixed_occ)
    search.complete(search.dive(lp, lp_x, bound))
    if math.fsum(search.weight_of_placed()) < bound - 1e-9 * max(1.0, bound):
        search.improve()
    search.reduce_idle()
    if pins:
        pinned_weight = math.fsum(w[r] for r in pins)
        bound = pinned_weight + bound
        decimals = _decimals(w)
        if decimals is not None:
            bound = round(bound, decimals)
        for r, (s, _table) in sorted(pins.items()):
            search.put(r, s)
        search.log.clear()
        # Real numbers, chosen among the pinned ones and 1..(most meetings in a slot): in
        # every slot that leaves a free table for each unpinned meeting, and a hall of a
        # million tables costs no million columns. Numbered 1..n in order for step 5, then
        # mapped back.
        numbers = sorted(
            {table for _s, table in pins.values()} | set(range(1, max(search.count) + 1))
        )
        compact = {table: i + 1 for i, table in enumerate(numbers)}
        seats = {r: compact[table] for r, (_s, table) in pins.items()}
        table_of = _assign_tables(search, len(names), n_slots, len(numbers), seats)
        table_of = {r: numbers[h - 1] for r, h in table_of.items()}
    else:
        # Numbers 1..(most meetings in a slot) are enough: fewer tables to choose among.
        table_of = _assign_tables(search, len(names), n_slots, max(search.count, default=0))
    return _result(search, table_of, slots, names, requests, w, bound)


def _check_pins(pinned, slots, tables, names, avail, ra, rb) -> dict[int, tuple[int, int]]:
    """Validate the pinned meetings: {request: (slot index, table)}."""
    slot_index = {s: i for i, s in enumerate(slots)}
    if not isinstance(pinned, Mapping):
        raise InputError("pinned", "must map request indexes to (slot, table)", pinned)
    for r in pinned:
        if isinstance(r, bool) or not isinstance(r, int) or not 0 <= r < len(ra):
            raise InputError("pinned", "is not the index of a request", r)
    pins: dict[int, tuple[int, int]] = {}
    seat_of: dict[tuple[int, int], int] = {}
    busy: dict[tuple[int, int], int] = {}
    for r in sorted(pinned):
        spot = pinned[r]
        field = f"requests[{r}].pinned"
        if not isinstance(spot, (tuple, list)) or len(spot) != 2:
            raise InputError(field, "must be (slot, table)", spot)
        slot, table = spot
        v.known(v.ident(slot, f"{field}.slot"), slot_index, f"{field}.slot", "slot")
        v.integer(table, f"{field}.table", 1)
        if table > tables:
            raise InputError(f"{field}.table", f"must be at most {tables}", table)
        s = slot_index[slot]
        for p in (ra[r], rb[r]):
            if not (avail[p] >> s) & 1:
                raise InputError(f"{field}.slot", f"is not a slot {names[p]} is available in", slot)
            if (p, s) in busy:
                raise InputError(
                    f"{field}.slot",
                    f"clashes with requests[{busy[p, s]}]: {names[p]} is in both",
                    slot,
                )
            busy[p, s] = r
        if (s, table) in seat_of:
            raise InputError(
                f"{field}.table", f"clashes with requests[{seat_of[s, table]}] in {slot}", table
            )
        seat_of[s, table] = r
        pins[r] = (s, table)
    return pins


def solve_cli(data) -> dict:
    """`yingcai-match schedule`: validate the JSON input, schedule, return the output."""
    v.obj(data, "input")
    slots = v.lst(v.get(data, "slots", ""), "slots")
    tables = v.get(data, "tables", "")
    participants = v.obj(v.get(data, "participants", ""), "participants")
    availability = {}
    for p, spec in participants.items():
        if not p:
            raise InputError("participants", "has an empty id", p)
        v.obj(spec, f"participants.{p}")
        availability[p] = v.lst(
            v.get(spec, "available", f"participants.{p}"), f"participants.{p}.available"
        )
    requests = []
    pinned = {}
    for i, item in enumerate(v.lst(v.get(data, "requests", ""), "requests")):
        field = f"requests[{i}]"
        v.obj(item, field)
        requests.append(
            (v.get(item, "a", field), v.get(item, "b", field), v.get(item, "weight", field))
        )
        if "pinned" in item:
            pin = v.obj(item["pinned"], f"{field}.pinned")
            pinned[i] = (
                v.get(pin, "slot", f"{field}.pinned"),
                v.get(pin, "table", f"{field}.pinned"),
            )
    return schedule_meetings(slots, tables, availability, requests, pinned or None).as_dict()


def _check(slots, tables, availability, requests):
    """Validate and convert to integers: participants and slots by index, slots as bits."""
    v.integer(tables, "tables", 0)
    for i, s in enumerate(slots):
        v.ident(s, f"slots[{i}]")
    v.unique(slots, "slots")
    slot_index = {s: i for i, s in enumerate(slots)}
    names = list(availability)
    pid = {}
    avail = []
    for p in names:
        v.ident(p, "participants")
        pid[p] = len(pid)
        field = f"participants.{p}.available"
        mask = 0
        for j, s in enumerate(availability[p]):
            v.ident(s, f"{field}[{j}]")
            v.known(s, slot_index, f"{field}[{j}]", "slot")
        v.unique(availability[p], field)
        for s in availability[p]:
            mask |= 1 << slot_index[s]
        avail.append(mask)
    ra, rb, w = [], [], []
    for i, (a, b, weight) in enumerate(requests):
        v.known(v.ident(a, f"requests[{i}].a"), pid, f"requests[{i}].a", "participant")
        v.known(v.ident(b, f"requests[{i}].b"), pid, f"requests[{i}].b", "participant")
        if a == b:
            raise InputError(f"requests[{i}].b", "must differ from a", b)
        w.append(v.number(weight, f"requests[{i}].weight", positive=True))
        if w[-1] > _MAX_WEIGHT:  # sums stay exact in floating point below this
            raise InputError(f"requests[{i}].weight", f"must be at most {_MAX_WEIGHT:g}", weight)
        ra.append(pid[a])
        rb.append(pid[b])
    return names, avail, ra, rb, w


# --------------------------------------------------------------------------- upper bound


def _bit_matrix(masks: list[int], n_slots: int):
    """Rows of booleans from slot bit masks."""
    rows = [[(m >> s) & 1 for s in range(n_slots)] for m in masks]
    return np.array(rows, dtype=bool).reshape(len(masks), n_slots)


class _LP:
    """The LP relaxation over a subset of the (request, slot) columns, solved by HiGHS."""

    def __init__(self, n_part, n_slots, ra, rb, w, feas):
        self.n_part, self.n_slots = n_part, n_slots
        self.weight = np.asarray(w, dtype=float)
        # HiGHS's tolerances are absolute: it solves the LP with the weights scaled so that
        # the largest is 10 (from 1 HiGHS needed 20 % more simplex iterations).
        self.unit = max(w, default=10.0) / 10.0
        self.a_idx = np.asarray(ra, dtype=np.int64)
        self.b_idx = np.asarray(rb, dtype=np.int64)
        self.bits = _bit_matrix(feas, n_slots)

    def reduced_costs(self, p, q, bits):
        """max_s w[r] - p[a, s] - p[b, s] - q[s] over the allowed slots (-inf if none)."""
        reduced = self.weight[:, None] - p[self.a_idx] - p[self.b_idx] - q[None, :]
        return np.where(bits, reduced, -np.inf).max(axis=1)

    def solve(self, bits, cap, chosen):
        """The LP over the chosen requests' allowed slots, slot s holding at most cap[s].

        Returns ({(r, s): x > 0}, p[v, s], q[s], objective), or None if HiGHS fails.
        """
        n_part, n_slots, weight = self.n_part, self.n_slots, self.weight
        a_idx, b_idx = self.a_idx, self.b_idx
        reqs = np.flatnonzero(chosen)
        local, col_slot = np.nonzero(bits[reqs])
        col_req = reqs[local]
        n_cols = len(col_req)
        cols = np.arange(n_cols)
        row_parts, col_parts, rhs = [], [], []
        # Rows with a single column are implied by the bounds 0 <= x <= 1: left out.
        next_row = 0
        _, req_of_col, per_req = np.unique(col_req, return_inverse=True, return_counts=True)
        multi = per_req[req_of_col] > 1
        if multi.any():
            rid = np.unique(col_req[multi], return_inverse=True)[1]
            row_parts.append(rid)
            col_parts.append(cols[multi])
            next_row = int(rid.max()) + 1
            rhs.append(np.ones(next_row))
        keys = np.concatenate(
            [a_idx[col_req] * n_slots + col_slot, b_idx[col_req] * n_slots + col_slot]
        )
        key_cols = np.concatenate([cols, cols])
        uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = counts > 1
        n_shared = int(shared.sum())
        rows_of_key = np.full(len(uniq), -1)
        rows_of_key[shared] = np.arange(n_shared)
        keep = shared[inverse]
        row_parts.append(next_row + rows_of_key[inverse[keep]])
        col_parts.append(key_cols[keep])
        participant_row0 = next_row
        next_row += n_shared
        rhs.append(np.ones(n_shared))
        per_slot = np.bincount(col_slot, minlength=n_slots)
        binding = np.flatnonzero(per_slot > cap)  # the other slots cannot overflow
        slot_row = np.full(n_slots, -1)
        slot_row[binding] = next_row + np.arange(len(binding))
        in_binding = slot_row[col_slot] >= 0
        row_parts.append(slot_row[col_slot][in_binding])
        col_parts.append(cols[in_binding])
        next_row += len(binding)
        rhs.append(np.asarray(cap, dtype=float)[binding])
        if next_row == 0:
            x = np.ones(n_cols)
            duals = np.zeros(0)
        else:
            matrix = csr_matrix(
                (
                    np.ones(sum(len(r) for r in row_parts)),
                    (np.concatenate(row_parts), np.concatenate(col_parts)),
                ),
                shape=(next_row, n_cols),
            )
            result = linprog(
                -weight[col_req] / self.unit,
                A_ub=matrix,
                b_ub=np.concatenate(rhs),
                bounds=(0, 1),
                method="highs-ds",
            )
            if result.status != 0:
                return None
            x = result.x
            duals = np.maximum(-result.ineqlin.marginals, 0.0) * self.unit

        p = np.zeros(n_part * n_slots)
        p[uniq[shared]] = duals[participant_row0 : participant_row0 + n_shared]
        q = np.zeros(n_slots)
        q[binding] = duals[slot_row[binding]] if len(binding) else 0.0
        positive = np.flatnonzero(x > 1e-6)
        # Rounded so that the order of step 2 does not hinge on HiGHS's last bits.
        lp_x = {
            (int(col_req[j]), int(col_slot[j])): round(float(x[j]), 6) for j in positive.tolist()
        }
        return lp_x, p.reshape(n_part, n_slots), q, float(weight[col_req] @ x)


def _columns(lp: _LP, bits, cap, w):
    """Column generation: the LP over the heaviest requests, then over every request whose
    reduced cost is positive, until none is. Returns (lp_x, p, q, objective) as _LP.solve."""
    n, n_slots = len(w), lp.n_slots
    active = np.flatnonzero(bits.any(axis=1)).tolist()
    by_weight = sorted(active, key=lambda r: (-w[r], r))
    first = math.ceil(_FIRST_COLUMNS * float(np.sum(cap))) + n_slots
    chosen = np.zeros(n, dtype=bool)
    chosen[by_weight[:first]] = True
    p, q = np.zeros((lp.n_part, n_slots)), np.zeros(n_slots)
    tolerance = 1e-9 * max(1.0, max(w))
    for _round in range(_MAX_LP_ROUNDS):
        solved = lp.solve(bits, cap, chosen)
        if solved is None:  # not expected; any p, q >= 0 still give a valid bound
            return {}, np.zeros((lp.n_part, n_slots)), np.zeros(n_slots), math.inf
        lp_x, p, q, objective = solved
        missing = ~chosen & (lp.reduced_costs(p, q, bits) > tolerance)
        if not missing.any():
            break
        chosen |= missing
    return lp_x, p, q, objective


def _upper_bound(lp: _LP, cap: list[int], w):
    """The LP relaxation's optimum as a proven bound; returns (bound, {(r, s): x > 0}).

    Slot s holds at most cap[s] meetings (`tables`, less its pinned meetings)."""
    if not lp.bits.any():
        return 0.0, {}
    lp_x, p, q, _objective = _columns(lp, lp.bits, np.array(cap), w)
    # A dual solution exactly feasible whatever the LP solver's tolerances (see docstring).
    u = np.maximum(lp.reduced_costs(p, q, lp.bits), 0.0)
    if len(set(cap)) == 1:
        slot_term = cap[0] * math.fsum(q.tolist())
    else:
        slot_term = math.fsum((np.array(cap, dtype=float) * q).tolist())
    terms = [math.fsum(u.tolist()), math.fsum(p.ravel().tolist()), slot_term]
    value = math.fsum(terms)
    margin = 1e-12 * (math.fsum(abs(t) for t in terms) + math.fsum(w) + 1.0)
    decimals = _decimals(w)
    if decimals is None:
        return value + margin, lp_x
    # The optimum is a sum of weights with k decimals: round down to k decimals.
    unit = 10**decimals
    return math.floor((value + margin) * unit) / unit, lp_x


def _decimals(w) -> int | None:
    """The fewest decimals (up to 6) that write every weight exactly, else None."""
    return next((k for k in range(7) if all(round(x, k) == x for x in w)), None)


# --------------------------------------------------------------------------- search


def _idle(mask: int) -> int:
    """Idle slots of a participant whose meetings are the set bits of `mask`."""
    if not mask:
        return 0
    return mask.bit_length() - (mask & -mask).bit_length() + 1 - mask.bit_count()


class _IdleTable(dict):
    """_idle as a memoised lookup: the hot loops of step 4 call it millions of times."""

    def __missing__(self, mask: int) -> int:
        value = self[mask] = _idle(mask)
        return value


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class _Search:
    """The schedule under construction: who meets whom in which slot, with an undo log."""

    def __init__(self, n_part, n_slots, cap, ra, rb, w, feas, fixed_occ):
        self.S = n_slots
        self.cap = cap  # meetings slot s may hold: the tables its pinned meetings leave
        self.ra, self.rb, self.w, self.feas = ra, rb, w, feas
        self.slots_of = [_bits(m) for m in feas]
        self.busy = [-1] * (n_part * n_slots)  # request met by participant p in slot s
        # Slots in which p meets, as bits; pinned meetings are in it from the start (for
        # the idle slots) but nowhere else: no unpinned meeting can go in their slots.
        self.occ = list(fixed_occ)
        self.count = [0] * n_slots
        self.at = [{} for _ in range(n_slots)]  # requests in slot s (an ordered set)
        self.slot_of = [-1] * len(w)
        self.log: list[tuple[int, int]] = []
        self.budget = _SEARCH_BUDGET
        self.idle = _IdleTable()

    # -- elementary moves, logged so that a failed chain can be undone

    def put(self, r: int, s: int) -> None:
        a, b, S = self.ra[r], self.rb[r], self.S
        self.slot_of[r] = s
        self.busy[a * S + s] = r
        self.busy[b * S + s] = r
        self.occ[a] |= 1 << s
        self.occ[b] |= 1 << s
        self.count[s] += 1
        self.at[s][r] = None
        self.log.append((r, s))

    def take(self, r: int) -> int:
        a, b, S = self.ra[r], self.rb[r], self.S
        s = self.slot_of[r]
        self.slot_of[r] = -1
        self.busy[a * S + s] = -1
        self.busy[b * S + s] = -1
        self.occ[a] &= ~(1 << s)
        self.occ[b] &= ~(1 << s)
        self.count[s] -= 1
        del self.at[s][r]
        self.log.append((r, -1 - s))
        return s

    def undo(self, mark: int) -> None:
        log = self.log
        while len(log) > mark:
            r, s = log.pop()
            if s >= 0:
                self.take(r)
            else:
                self.put(r, -1 - s)
            log.pop()

    def fits(self, r: int, s: int) -> bool:
        S = self.S
        return (
            self.count[s] < self.cap[s]
            and self.busy[self.ra[r] * S + s] < 0
            and self.busy[self.rb[r] * S + s] < 0
        )

    def weight_of_placed(self) -> list[float]:
        return [self.w[r] for r, s in enumerate(self.slot_of) if s >= 0]

    # -- step 2: rounding the LP and greedy insertion

    def _best_slot(self, r: int, lp_x) -> int:
        occ, idle = self.occ, self.idle
        a, b = self.ra[r], self.rb[r]
        best, best_key = -1, None
        for s in self.slots_of[r]:
            if not self.fits(r, s):
                continue
            bit = 1 << s
            extra = idle[occ[a] | bit] - idle[occ[a]] + idle[occ[b] | bit] - idle[occ[b]]
            key = (-lp_x.get((r, s), 0.0), extra, s)
            if best_key is None or key < best_key:
                best, best_key = s, key
        return best

    def dive(self, lp: _LP, lp_x, bound: float):
        """Step 2: fix the LP's ones and one fraction, solve the rest again, repeat.

        The fraction fixed is the first, by decreasing value, after which the LP value
        (meetings fixed + LP of the rest) does not drop, of at most _DIVE_TRIES; if all
        drop, the one that drops least. Fixing every value >= 1/2 at once lost up to
        1.5 % on the benchmark's instances. At most _DIVE_LPS LPs in all. Returns the last
        LP solution, for the greedy completion.
        """
        w = self.w
        value = bound
        tolerance = 1e-9 * max(1.0, bound)
        solves = 0
        while solves < _DIVE_LPS:
            pairs = sorted(lp_x.items(), key=lambda item: (-item[1], -w[item[0][0]], item[0]))
            for (r, s), x in pairs:
                if x >= 1 - 1e-6 and self.slot_of[r] < 0 and self.fits(r, s):
                    self.put(r, s)
            candidates = [
                (r, s)
                for (r, s), x in pairs
                if x < 1 - 1e-6 and self.slot_of[r] < 0 and self.fits(r, s)
            ][:_DIVE_TRIES]
            best = None
            for r, s in candidates[: _DIVE_LPS - solves]:
                mark = len(self.log)
                self.put(r, s)
                solves += 1
                solved = self._lp_of_rest(lp)
                self.undo(mark)
                if solved is None:  # nothing left to schedule
                    solved = ({}, 0.0)
                total = math.fsum(self.weight_of_placed()) + w[r] + solved[1]
                if best is None or total > best[0] + tolerance:
                    best = (total, (r, s), solved[0])
                if total >= value - tolerance:
                    break
            if best is None:
                break
            value, pair, lp_x = best
            self.put(*pair)
            if not lp_x:
                break
        self.log.clear()
        return lp_x

    def _lp_of_rest(self, lp: _LP):
        """The LP over the unscheduled requests and the room left: (lp_x, value) or None."""
        S, occ = self.S, self.occ
        open_slots = sum(1 << s for s in range(S) if self.count[s] < self.cap[s])
        masks = [
            self.feas[r] & open_slots & ~(occ[self.ra[r]] | occ[self.rb[r]])
            if self.slot_of[r] < 0
            else 0
            for r in range(len(self.w))
        ]
        bits = _bit_matrix(masks, S)
        if not bits.any():
            return None
        cap = np.array([c - n for c, n in zip(self.cap, self.count, strict=True)])
        lp_x, _p, _q, objective = _columns(lp, bits, cap, self.w)
        return lp_x, objective

    def complete(self, lp_x) -> None:
        w = self.w
        for (r, s), _x in sorted(
            lp_x.items(), key=lambda item: (-item[1], -w[item[0][0]], item[0])
        ):
            if self.slot_of[r] < 0 and self.fits(r, s):
                self.put(r, s)
        for r in sorted(range(len(w)), key=lambda r: (-w[r], r)):
            if self.slot_of[r] < 0 and self.feas[r]:
                s = self._best_slot(r, lp_x)
                if s >= 0:
                    self.put(r, s)
        self.log.clear()

    # -- step 3: ejection chains

    def _relocate(self, m: int, depth: int) -> bool:
        """Move meeting m to another slot, moving what is in the way up to `depth` deep."""
        if self.budget <= 0:
            return False
        self.budget -= 1
        s0 = self.take(m)
        options = [t for t in self.slots_of[m] if t != s0]
        for t in options:
            if self.fits(m, t):
                self.put(m, t)
                return True
        if depth > 0:
            for t in options:
                mark = len(self.log)
                if self._clear(m, t, depth - 1) and self.fits(m, t):
                    self.put(m, t)
                    return True
                self.undo(mark)
        self.put(m, s0)
        return False

    def _clear(self, r: int, s: int, depth: int) -> bool:
        """Make room for request r in slot s by relocating the meetings in its way."""
        S = self.S
        for p in (self.ra[r], self.rb[r]):
            other = self.busy[p * S + s]
            if other >= 0 and not self._relocate(other, depth):
                return False
        if self.count[s] < self.cap[s]:
            return True
        for other in list(self.at[s]):
            mark = len(self.log)
            if self._relocate(other, depth):
                return True
            self.undo(mark)
            if self.budget <= 0:
                break
        return False

    def _insert(self, r: int) -> bool:
        for s in self.slots_of[r]:
            if self.fits(r, s):
                self.put(r, s)
                return True
        for s in self.slots_of[r]:
            mark = len(self.log)
            if self._clear(r, s, _SEARCH_DEPTH - 1) and self.fits(r, s):
                self.put(r, s)
                return True
            self.undo(mark)
        return False

    def _place_dropping(self, r: int, s: int, depth: int) -> float:
        """Put r in slot s, dropping the meetings in its way (and the lightest meeting of s
        if s is full); reinsert each dropped one elsewhere by relocations or, `depth` more
        levels down, by dropping lighter ones in turn. Returns the net gain in weight."""
        S, w = self.S, self.w
        self.budget -= 1
        dropped = []
        for p in (self.ra[r], self.rb[r]):
            other = self.busy[p * S + s]
            if other >= 0:
                self.take(other)
                dropped.append(other)
        if self.count[s] >= self.cap[s]:
            lightest = min(self.at[s], key=lambda m: (w[m], m))
            self.take(lightest)
            dropped.append(lightest)
        self.put(r, s)
        gain = w[r]
        for m in sorted(dropped, key=lambda m: (-w[m], m)):
            if not self._insert(m):
                gain -= w[m] - (self._eject(m, depth - 1) if depth > 0 else 0.0)
        return gain

    def _eject(self, r: int, depth: int) -> float:
        """Insert r by dropping lighter meetings if the net gain is positive: the best slot
        for it is kept (and the gain returned), else nothing changes (and 0 is returned)."""
        best = None
        threshold = 1e-9 * self.w[r]
        for s in self.slots_of[r]:
            if self.budget <= 0:
                break
            mark = len(self.log)
            gain = self._place_dropping(r, s, depth)
            self.undo(mark)
            if gain > threshold and (best is None or gain > best[0]):
                best = (gain, s)
        if best is None:
            return 0.0
        mark = len(self.log)
        gain = self._place_dropping(r, best[1], depth)
        if gain <= threshold:  # the budget ran out in between
            self.undo(mark)
            return 0.0
        return gain

    def improve(self) -> None:
        w = self.w
        order = sorted((r for r in range(len(w)) if self.feas[r]), key=lambda r: (-w[r], r))
        for _pass in range(_SEARCH_PASSES):
            gained = False
            for r in order:
                if self.slot_of[r] >= 0 or self.budget <= 0:
                    continue
                if self._insert(r) or self._eject(r, _EJECT_DEPTH):
                    gained = True
                self.log.clear()
            if not gained or self.budget <= 0:
                break

    # -- step 4: idle slots

    def _chain(self, m: int, t: int):
        """The Kempe chain of m in slots (slot of m, t), or None if it cannot swap."""
        S, busy = self.S, self.busy
        s = self.slot_of[m]
        both = (1 << s) | (1 << t)
        chain, people = [m], [self.ra[m], self.rb[m]]
        seen = {m}
        i = 0
        while i < len(people):
            p = people[i]
            i += 1
            for other in (busy[p * S + s], busy[p * S + t]):
                if other >= 0 and other not in seen:
                    if self.feas[other] & both != both:
                        return None
                    seen.add(other)
                    chain.append(other)
                    people.append(self.ra[other])
                    people.append(self.rb[other])
        return chain, set(people)

    def _swap_delta(self, people, s: int, t: int) -> int:
        both = (1 << s) | (1 << t)
        delta = 0
        idle = self.idle
        for p in people:
            mask = self.occ[p]
            if mask & both and mask & both != both:
                delta += idle[mask ^ both] - idle[mask]
        return delta

    def _swap(self, chain, s: int, t: int) -> None:
        moved = [(r, self.slot_of[r]) for r in chain]
        for r, _ in moved:
            self.take(r)
        for r, was in moved:
            self.put(r, t if was == s else s)

    def _improve_idle(self, m: int) -> bool:
        occ, S, idle = self.occ, self.S, self.idle
        s = self.slot_of[m]
        for t in self.slots_of[m]:
            if t == s:
                continue
            found = self._chain(m, t)
            if found is None:
                continue
            chain, people = found
            delta = self._swap_delta(people, s, t)
            into_t = sum(1 if self.slot_of[r] == s else -1 for r in chain)
            partner = None
            if self.count[t] + into_t > self.cap[t] or self.count[s] - into_t > self.cap[s]:
                # One meeting must go the other way: the best single one that can. Only
                # tried if the chain alone loses nothing (a partner that gains more than the
                # chain loses is mostly found from its own side); a third less time.
                if delta > 0:
                    continue
                src, dst = (t, s) if into_t > 0 else (s, t)
                best = None
                for other in self.at[src]:
                    if other in chain or not (self.feas[other] >> dst) & 1:
                        continue
                    oa, ob = self.ra[other], self.rb[other]
                    if self.busy[oa * S + dst] >= 0 or self.busy[ob * S + dst] >= 0:
                        continue
                    bit = (1 << src) | (1 << dst)
                    d = idle[occ[oa] ^ bit] - idle[occ[oa]] + idle[occ[ob] ^ bit] - idle[occ[ob]]
                    if best is None or d < best[0]:
                        best = (d, other)
                if best is None:
                    continue
                delta += best[0]
                partner = best[1]
            if delta < 0:
                self._swap(chain, s, t)
                if partner is not None:
                    self._swap([partner], s, t)
                return True
        return False

    def reduce_idle(self) -> None:
        occ, idle = self.occ, self.idle
        for _pass in range(_IDLE_PASSES):
            improved = False
            for m in range(len(self.w)):
                if self.slot_of[m] < 0:
                    continue
                if idle[occ[self.ra[m]]] or idle[occ[self.rb[m]]]:
                    improved |= self._improve_idle(m)
            self.log.clear()
            if not improved:
                break


# --------------------------------------------------------------------------- tables


def _assign_tables(
    search: _Search, n_part: int, n_slots: int, tables: int, seats: Mapping[int, int] | None = None
) -> dict[int, int]:
    """Table numbers: the busiest participants first each keep one table (module docstring).

    `seats` are the pinned meetings' tables: kept, and taken for the others."""
    S, busy = n_slots, search.busy
    seats = seats or {}
    table_of: dict[int, int] = dict(seats)
    taken = [0] * (tables + 1)  # table -> slots in which it is taken, as bits
    for m, h in seats.items():
        taken[h] |= 1 << search.slot_of[m]
    order = sorted(range(n_part), key=lambda p: (-search.occ[p].bit_count(), p))
    for p in order:
        if not search.occ[p]:
            break
        meetings = [busy[p * S + s] for s in _bits(search.occ[p])]
        todo = [m for m in meetings if m not in table_of]
        if not todo:
            continue
        need = 0
        for m in todo:
            need |= 1 << search.slot_of[m]
        held: dict[int, int] = {}
        for m in meetings:
            if m in table_of:
                held[table_of[m]] = held.get(table_of[m], 0) + 1
        candidates = sorted(held, key=lambda h: (-held[h], h))
        choice = next((h for h in candidates if not taken[h] & need), 0)
        if not choice:
            choice = next((h for h in range(1, tables + 1) if not taken[h] & need), 0)
        if not choice:
            choice = max(range(1, tables + 1), key=lambda h: ((need & ~taken[h]).bit_count(), -h))
        for m in todo:
            bit = 1 << search.slot_of[m]
            if not taken[choice] & bit:
                taken[choice] |= bit
                table_of[m] = choice
    for s in range(n_slots):
        free = (h for h in range(1, tables + 1) if not (taken[h] >> s) & 1)
        for m in search.at[s]:
            if m not in table_of:
                h = next(free)
                taken[h] |= 1 << s
                table_of[m] = h
    _fewer_moves(search, table_of, n_slots, tables, seats)
    return table_of


def _fewer_moves(
    search: _Search, table_of: dict[int, int], n_slots: int, tables: int, seats: Mapping[int, int]
) -> None:
    """Re-seat slot after slot by an optimal assignment (Hungarian method, scipy's
    linear_sum_assignment) of its meetings to tables, the cost of a table being how many
    of the two participants change table from their previous or to their next meeting;
    a slot is re-seated only if that strictly lowers the moves, so it ends. The pinned
    meetings (`seats`) stay: only the others are re-seated, at the tables left."""
    S, busy, occ = n_slots, search.busy, search.occ
    for _pass in range(_TABLE_PASSES):
        improved = False
        for s in range(n_slots):
            meetings = [m for m in search.at[s] if m not in seats]
            if not meetings:
                continue
            free = None
            if len(meetings) < len(search.at[s]):
                pinned_tables = {table_of[m] for m in search.at[s] if m in seats}
                free = [h for h in range(tables) if h + 1 not in pinned_tables]
            cost = np.zeros((len(meetings), tables))
            for i, m in enumerate(meetings):
                for p in (search.ra[m], search.rb[m]):
                    before = occ[p] & ((1 << s) - 1)
                    after = occ[p] >> (s + 1)
                    for neighbour in (
                        busy[p * S + before.bit_length() - 1] if before else -1,
                        busy[p * S + s + 1 + (after & -after).bit_length() - 1] if after else -1,
                    ):
                        if neighbour >= 0:
                            cost[i] += 1.0
                            cost[i, table_of[neighbour] - 1] -= 1.0
            current = sum(cost[i, table_of[m] - 1] for i, m in enumerate(meetings))
            if free is not None:
                rows, local = linear_sum_assignment(cost[:, free])
                cols = np.array(free, dtype=np.int64)[local]
            else:
                rows, cols = linear_sum_assignment(cost)
            if cost[rows, cols].sum() < current - 0.5:
                for i, h in zip(rows.tolist(), cols.tolist(), strict=True):
                    table_of[meetings[i]] = h + 1
                improved = True
        if not improved:
            break


# --------------------------------------------------------------------------- output


def _result(search, table_of, slots, names, requests, w, bound) -> Schedule:
    placed = [r for r, s in enumerate(search.slot_of) if s >= 0]
    placed.sort(key=lambda r: (search.slot_of[r], table_of[r]))
    meetings = tuple(
        Meeting(r, requests[r][0], requests[r][1], slots[search.slot_of[r]], table_of[r])
        for r in placed
    )
    total = math.fsum(w[r] for r in placed)
    decimals = _decimals(w)
    if decimals is not None:  # 181.3, not 181.29999999999998
        total = round(total, decimals)
    whole = all(isinstance(x, int) and not isinstance(x, bool) for _a, _b, x in requests)
    weight: float = int(total) if whole else total
    upper = max(bound, total)  # equal to bound unless float rounding: weight <= optimum
    upper_bound: float = int(upper) if whole else upper
    idle = {names[p]: _idle(mask) for p, mask in enumerate(search.occ) if mask}
    unscheduled = tuple(r for r, s in enumerate(search.slot_of) if s < 0)
    return Schedule(meetings, weight, upper_bound, unscheduled, idle)
