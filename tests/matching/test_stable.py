"""`yingcai-match stable`: applicant-proposing deferred acceptance and its checker."""

import contextlib
import itertools
import json
import random
import sys
import threading
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from yingcai.matching import jsonio, stable
from yingcai.matching.errors import InputError

from .conftest import run_process

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The example of the docs: a chain of rejections (b bumps a from x, a bumps c from y,
# c bumps b from x, b goes to w).
EXAMPLE = {
    "applicants": {"a": ["x", "y"], "b": ["x", "w"], "c": ["y", "x"], "d": []},
    "posts": {
        "x": {"capacity": 1, "ranking": ["c", "b", "a"]},
        "y": {"capacity": 1, "ranking": ["a", "c"]},
        "w": {"capacity": 2, "ranking": ["b"]},
        "z": {"capacity": 0, "ranking": ["d"]},
    },
}
SOLVED = {"a": "y", "b": "w", "c": "x", "d": None}


def parts(data):
    """The JSON instance as the library's three dicts."""
    posts = data["posts"]
    return (
        data["applicants"],
        {p: spec["capacity"] for p, spec in posts.items()},
        {p: spec["ranking"] for p, spec in posts.items()},
    )


def as_json(preferences, capacities, rankings):
    return {
        "applicants": preferences,
        "posts": {p: {"capacity": c, "ranking": rankings[p]} for p, c in capacities.items()},
    }


# ---------------------------------------------------------------------------------------
# References written for clarity, not speed


def naive_check(preferences, capacities, rankings, assignment):
    """Blocking pairs and violations straight from the definitions."""
    at = {a: assignment.get(a) for a in preferences}
    holders = {p: [a for a in preferences if at[a] == p] for p in capacities}

    def post_rank(p, a):
        ranking = rankings[p]
        return ranking.index(a) if a in ranking else float("inf")

    def place(a, p):
        return preferences[a].index(p) if p in preferences[a] else float("inf")

    blocking = []
    for a, listed in preferences.items():
        for p in listed:
            if a not in rankings[p] or at[a] == p:
                continue
            if at[a] is not None and place(a, p) >= place(a, at[a]):
                continue
            if len(holders[p]) < capacities[p] or any(
                post_rank(p, a) < post_rank(p, h) for h in holders[p]
            ):
                blocking.append([a, p])
    invalid = []
    for a in preferences:
        p = at[a]
        if p is None:
            continue
        if p not in preferences[a]:
            invalid.append({"applicant": a, "post": p, "reason": "unacceptable to the applicant"})
        if a not in rankings[p]:
            invalid.append({"applicant": a, "post": p, "reason": "unacceptable to the post"})
    for p, c in capacities.items():
        if len(holders[p]) > c:
            invalid.append(
                {"post": p, "reason": "over capacity", "assigned": len(holders[p]), "capacity": c}
            )
    return blocking, invalid


def all_matchings(preferences, capacities, rankings):
    """Every assignment of mutually acceptable pairs within capacity."""
    applicants = list(preferences)
    options = [
        [None, *(p for p in preferences[a] if a in rankings[p] and capacities[p] > 0)]
        for a in applicants
    ]
    for combo in itertools.product(*options):
        counts = {}
        for p in combo:
            if p is not None:
                counts[p] = counts.get(p, 0) + 1
        if all(counts[p] <= capacities[p] for p in counts):
            yield dict(zip(applicants, combo, strict=True))


def matching_reference(preferences, capacities, rankings):
    """`matching` 1.4.3's resident-optimal HospitalResident on the mutually acceptable pairs."""

    resident_prefs = {}
    for a, listed in preferences.items():
        mutual = [p for p in listed if capacities[p] > 0 and a in rankings[p]]
        if mutual:
            resident_prefs[a] = mutual
    hospital_prefs = {}
    for p, ranking in rankings.items():
        mutual = [a for a in ranking if p in resident_prefs.get(a, ())]
        if mutual:
            hospital_prefs[p] = mutual
    if not hospital_prefs:
        return dict.fromkeys(preferences)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(
            resident_prefs, hospital_prefs, {p: capacities[p] for p in hospital_prefs}
        )
        found = game.solve(optimal="resident")
    chosen = {r.name: h.name for h, residents in found.items() for r in residents}
    return {a: chosen.get(a) for a in preferences}


# ---------------------------------------------------------------------------------------
# Random instances

ID_STYLES = {
    # one length in bytes, up to 8: the ids are their own sort codes
    "fixed": lambda kind, i: f"{kind}{i:04d}",
    # lengths differ: the dict fallback
    "varied": lambda kind, i: f"{kind}{i}" + "-" * (i % 3),
    # one length, longer than 8 bytes: hashed codes, verified
    "long": lambda kind, i: f"{kind}-{i:012d}",
    # Chinese, one length in UTF-8 bytes
    "chinese": lambda kind, i: ("申请人" if kind == "a" else "岗位") + f"{i:03d}",
}


@st.composite
def instances(draw, max_applicants=8, max_posts=5, max_choices=4, style=None):
    """(preferences, capacities, rankings) with ids of a drawn style.

    Rankings favour the applicants who chose the post but also rank some who did not;
    some posts have no seat, some applicants list nothing.
    """
    name = ID_STYLES[style or draw(st.sampled_from(sorted(ID_STYLES)))]
    n = draw(st.integers(0, max_applicants))
    m = draw(st.integers(0, max_posts))
    applicants = [name("a", i) for i in range(n)]
    posts = [name("p", j) for j in range(m)]
    preferences = {}
    for a in applicants:
        order = draw(st.permutations(posts)) if posts else []
        preferences[a] = list(order[: draw(st.integers(0, min(max_choices, m)))])
    capacities = {p: draw(st.integers(0, 3)) for p in posts}
    rankings = {}
    for p in posts:
        order = draw(st.permutations(applicants)) if applicants else []
        rankings[p] = [
            a for a in order if draw(st.integers(0, 9)) < (8 if p in preferences[a] else 2)
        ]
    return preferences, capacities, rankings


# ---------------------------------------------------------------------------------------
# The algorithm


def test_the_example():
    preferences, capacities, rankings = parts(EXAMPLE)
    assert stable.deferred_acceptance(preferences, capacities, rankings) == SOLVED


@contextlib.contextmanager
def rounds_below(proposers):
    """Run rounds while at least `proposers` propose (1: rounds only, huge: sequential only)."""
    saved = stable.SEQUENTIAL_BELOW
    stable.SEQUENTIAL_BELOW = proposers
    try:
        yield
    finally:
        stable.SEQUENTIAL_BELOW = saved


TAILS = pytest.mark.parametrize("tail", [1, 3, 10**9], ids=["rounds", "mixed", "sequential"])


@TAILS
@SETTINGS
@given(instance=instances())
def test_the_result_is_a_stable_matching(tail, instance):
    preferences, capacities, rankings = instance
    with rounds_below(tail):
        found = stable.deferred_acceptance(preferences, capacities, rankings)
    assert list(found) == list(preferences)
    blocking, invalid = naive_check(preferences, capacities, rankings, found)
    assert blocking == [] and invalid == []
    assert stable.check(preferences, capacities, rankings, found) == {
        "stable": True,
        "blocking_pairs": [],
    }


@settings(max_examples=100, deadline=None)
@given(instances(max_applicants=5, max_posts=3, max_choices=3))
def test_applicant_optimal_among_all_stable_matchings(instance):
    preferences, capacities, rankings = instance
    found = stable.deferred_acceptance(preferences, capacities, rankings)

    def place(a, p):
        return len(preferences[a]) if p is None else preferences[a].index(p)

    stable_ones = [
        candidate
        for candidate in all_matchings(preferences, capacities, rankings)
        if naive_check(preferences, capacities, rankings, candidate) == ([], [])
    ]
    assert found in stable_ones
    for other in stable_ones:
        assert all(place(a, found[a]) <= place(a, other[a]) for a in preferences)


@TAILS
@SETTINGS
@given(instance=instances(max_applicants=12, max_posts=6))
def test_same_assignment_as_the_matching_package(tail, instance):
    preferences, capacities, rankings = instance
    with rounds_below(tail):
        found = stable.deferred_acceptance(preferences, capacities, rankings)
    assert found == matching_reference(preferences, capacities, rankings)


@settings(max_examples=60, deadline=None)
@given(instances(max_applicants=12, max_posts=6), st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_assignment(instance, rng):
    preferences, capacities, rankings = instance
    found = stable.deferred_acceptance(preferences, capacities, rankings)

    def shuffled(mapping):
        keys = list(mapping)
        rng.shuffle(keys)
        return {k: mapping[k] for k in keys}

    reordered = shuffled(preferences)
    again = stable.deferred_acceptance(reordered, shuffled(capacities), shuffled(rankings))
    assert again == found  # the same mapping...
    assert list(again) == list(reordered)  # ...listed in the new input order


@settings(max_examples=60, deadline=None)
@given(instances(max_applicants=10, max_posts=5, style="fixed"))
def test_the_ids_do_not_matter(instance):
    """Renaming every id (any length, any script) renames the result, nothing else."""
    preferences, capacities, rankings = instance
    base = stable.deferred_acceptance(preferences, capacities, rankings)
    for style, name in ID_STYLES.items():
        a_name = {a: name("a", i) for i, a in enumerate(preferences)}
        p_name = {p: name("p", j) for j, p in enumerate(capacities)}
        renamed = stable.deferred_acceptance(
            {a_name[a]: [p_name[p] for p in ps] for a, ps in preferences.items()},
            {p_name[p]: c for p, c in capacities.items()},
            {p_name[p]: [a_name[a] for a in r] for p, r in rankings.items()},
        )
        expected = {a_name[a]: None if p is None else p_name[p] for a, p in base.items()}
        assert renamed == expected, style


@SETTINGS
@given(instances(max_applicants=14, max_posts=6))
def test_rounds_sequential_and_unpacked_sorts_agree(instance):
    """The vectorised rounds, the one-at-a-time tail and the lexsort fallbacks agree."""
    instance = stable.build_instance(*instance)
    arrays = (instance.choice_ptr, instance.choice_post, instance.choice_rank, instance.capacity)
    rounds = stable.deferred_acceptance_arrays(*arrays, sequential_below=1)
    assert np.array_equal(rounds, stable.deferred_acceptance_arrays(*arrays))
    for tail in (2, 3, 10**9):
        assert np.array_equal(
            rounds, stable.deferred_acceptance_arrays(*arrays, sequential_below=tail)
        )
    assert np.array_equal(
        rounds, stable.deferred_acceptance_arrays(*arrays, sequential_below=1, pack_bits=0)
    )


@SETTINGS
@given(instances(max_applicants=14, max_posts=6))
def test_the_join_without_packed_keys(instance):
    preferences, capacities, rankings = instance
    built = stable.build_instance(preferences, capacities, rankings)
    n, m = built.n_applicants, built.n_posts
    owner = np.repeat(np.arange(n), np.diff(built.choice_ptr))
    ranking_len = [len(rankings[p]) for p in capacities]
    ranking_ptr = np.r_[0, np.cumsum(ranking_len)].astype(np.int64)
    index = {a: i for i, a in enumerate(preferences)}
    ranked = np.array([index[a] for p in capacities for a in rankings[p]], dtype=np.int64)
    ranking_post = np.repeat(np.arange(m), ranking_len)
    packed = stable._join(owner, built.choice_post, ranking_post, ranked, ranking_ptr)
    unpacked = stable._join(
        owner, built.choice_post, ranking_post, ranked, ranking_ptr, pack_bits=0
    )
    assert np.array_equal(packed[0], unpacked[0]) and packed[1] == unpacked[1] is None
    expected = [
        rankings[p].index(a) if a in rankings[p] else -1
        for a, ps in preferences.items()
        for p in ps
    ]
    assert packed[0].tolist() == expected


@pytest.mark.parametrize("pack_bits", [63, 0], ids=["packed", "lexsort"])
def test_the_join_finds_the_first_repeat(pack_bits):
    def join(choice_post, ranked):
        return stable._join(
            np.array([0, 0, 1]),
            np.array(choice_post),
            np.array([0, 1, 1, 1]),
            np.array(ranked),
            np.array([0, 1, 4]),
            pack_bits=pack_bits,
        )

    # Applicant 0 lists post 1 twice; post 1 ranks applicant 1 twice: the lists go first.
    assert join([1, 1, 0], [0, 1, 0, 1])[1] == ("choice", 1)
    assert join([1, 0, 0], [0, 1, 0, 1])[1] == ("ranking", 3)
    assert join([1, 0, 1], [0, 1, 0, 2])[0].tolist() == [1, 0, 0]


def test_long_rejection_chains_and_big_instances():
    """A random instance large enough for many rounds, against the sequential loop."""
    rng = np.random.default_rng(7)
    n, m = 2000, 150
    preferences = {
        f"a{i:04d}": [f"p{j:03d}" for j in rng.choice(m, rng.integers(0, 6), replace=False)]
        for i in range(n)
    }
    merit = rng.normal(size=n)
    rankings = {f"p{j:03d}": [] for j in range(m)}
    for i, (a, ps) in enumerate(preferences.items()):
        for p in ps:
            rankings[p].append((merit[i] + rng.normal(scale=0.3), a))
    rankings = {p: [a for _, a in sorted(r, reverse=True)] for p, r in rankings.items()}
    capacities = {p: int(c) for p, c in zip(rankings, rng.integers(0, 12, m), strict=True)}
    found = stable.deferred_acceptance(preferences, capacities, rankings)
    assert stable.check(preferences, capacities, rankings, found)["stable"]
    built = stable.build_instance(preferences, capacities, rankings)
    arrays = (built.choice_ptr, built.choice_post, built.choice_rank, built.capacity)
    assert np.array_equal(
        stable.deferred_acceptance_arrays(*arrays, sequential_below=1),
        stable.deferred_acceptance_arrays(*arrays, sequential_below=10**9),
    )
    # `matching` recurses as deep as the instance (its issue #139).
    assert found == in_a_big_thread(matching_reference, preferences, capacities, rankings)


def in_a_big_thread(function, *args):
    result, limit = [], sys.getrecursionlimit()
    sys.setrecursionlimit(10**6)
    size = threading.stack_size(256 * 1024 * 1024)
    try:
        worker = threading.Thread(target=lambda: result.append(function(*args)))
        worker.start()
        worker.join()
    finally:
        threading.stack_size(size)
        sys.setrecursionlimit(limit)
    return result[0]


def test_a_hash_collision_falls_back_to_dicts(monkeypatch):
    preferences, capacities, rankings = parts(EXAMPLE)
    expected = stable.deferred_acceptance(preferences, capacities, rankings)
    long = {a: a * 12 for a in preferences} | {p: p * 12 for p in capacities}
    renamed = (
        {long[a]: [long[p] for p in ps] for a, ps in preferences.items()},
        {long[p]: c for p, c in capacities.items()},
        {long[p]: [long[a] for a in r] for p, r in rankings.items()},
    )
    monkeypatch.setattr(stable, "_codes", lambda rows: np.zeros(len(rows), np.int64))
    both = ["aaaaaaaaaa", "bbbbbbbbbb"]
    assert stable._number_by_bytes(both, both) is None
    found = stable.deferred_acceptance(*renamed)
    assert found == {long[a]: None if p is None else long[p] for a, p in expected.items()}


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(-(2**63), 2**63 - 1), unique=True, max_size=300),
    st.lists(st.integers(-(2**63), 2**63 - 1), max_size=50),
    st.data(),
)
def test_the_vectorised_hash_table(keys, others, data):
    queries = others + (data.draw(st.lists(st.sampled_from(keys), max_size=50)) if keys else [])
    found = stable._hash_lookup(np.array(keys, np.int64), np.array(queries, np.int64))
    index = {k: i for i, k in enumerate(keys)}
    assert found.tolist() == [index.get(q, -1) for q in queries]


def test_the_hash_table_gives_up_on_codes_built_to_collide():
    # Every key at one home: probes grow past _MAX_PROBE, and the caller uses a dict.
    assert stable._hash_lookup(np.zeros(100, np.int64), np.zeros(1, np.int64)) is None
    assert stable._hash_lookup(np.zeros(3, np.int64), np.ones(1, np.int64)).tolist() == [-1]


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["ab", "cd"], [[97, 98], [99, 100]]),
        (["ab", "c"], None),  # lengths differ
        (["a\0", "bc"], None),  # a NUL would blur lengths
        (["\ud800x", "ab"], None),  # a lone surrogate has no UTF-8
        (["ab", 3], None),
        ([], None),
        (["岗", "位"], [[229, 178, 151], [228, 189, 141]]),
    ],
)
def test_fixed_width_rows(ids, expected):
    rows = stable._fixed_width(ids)
    assert (rows is None) if expected is None else rows.tolist() == expected


def test_posts_without_seats_and_applicants_without_choices():
    preferences = {"a": [], "b": ["z", "x"], "c": ["z"]}
    capacities = {"x": 1, "z": 0}
    rankings = {"x": ["b"], "z": ["c", "b"]}
    assert stable.deferred_acceptance(preferences, capacities, rankings) == {
        "a": None,
        "b": "x",
        "c": None,
    }
    assert stable.deferred_acceptance({}, {}, {}) == {}
    assert stable.deferred_acceptance({"a": []}, {}, {}) == {"a": None}
    # A post absent from `rankings` ranks nobody.
    assert stable.deferred_acceptance({"a": ["x"]}, {"x": 1}, {}) == {"a": None}


def test_the_array_core_refuses_inconsistent_arrays():
    with pytest.raises(ValueError, match="do not describe"):
        stable.deferred_acceptance_arrays([0, 2], [0], [0], [1])
    with pytest.raises(ValueError, match="negative"):
        stable.deferred_acceptance_arrays([0, 1], [0], [0], [-1])
    with pytest.raises(ValueError, match="names no post"):
        stable.deferred_acceptance_arrays([0, 1], [1], [0], [1])
    # Negative ranks are unacceptable entries; any distinct ranks will do.
    assert stable.deferred_acceptance_arrays([0, 2, 3], [0, 1, 0], [-1, 5, 9], [1, 1]).tolist() == [
        1,
        0,
    ]


# ---------------------------------------------------------------------------------------
# Checking an assignment


@SETTINGS
@given(instances(), st.data())
def test_check_agrees_with_the_definitions(instance, data):
    preferences, capacities, rankings = instance
    posts = [None, *capacities]
    assignment = {a: data.draw(st.sampled_from(posts)) for a in preferences}
    # Drop some applicants: absent means unassigned.
    for a in list(assignment):
        if data.draw(st.integers(0, 4)) == 0:
            del assignment[a]
    blocking, invalid = naive_check(preferences, capacities, rankings, assignment)
    report = stable.check(preferences, capacities, rankings, assignment)
    expected = {"stable": not blocking and not invalid, "blocking_pairs": blocking}
    if invalid:
        expected["invalid"] = invalid
    assert report == expected
    assert stable.blocking_pairs(preferences, capacities, rankings, assignment) == [
        tuple(pair) for pair in blocking
    ]


def test_check_reports_what_is_wrong():
    preferences, capacities, rankings = parts(EXAMPLE)
    assignment = {"a": "x", "b": "x", "c": "z", "d": "y"}
    assert stable.check(preferences, capacities, rankings, assignment) == {
        "stable": False,
        "blocking_pairs": [["c", "y"], ["c", "x"]],
        "invalid": [
            {"applicant": "c", "post": "z", "reason": "unacceptable to the applicant"},
            {"applicant": "c", "post": "z", "reason": "unacceptable to the post"},
            {"applicant": "d", "post": "y", "reason": "unacceptable to the applicant"},
            {"applicant": "d", "post": "y", "reason": "unacceptable to the post"},
            {"post": "x", "reason": "over capacity", "assigned": 2, "capacity": 1},
            {"post": "z", "reason": "over capacity", "assigned": 1, "capacity": 0},
        ],
    }


# ---------------------------------------------------------------------------------------
# Library validation


@pytest.mark.parametrize(
    ("preferences", "capacities", "rankings", "field", "value"),
    [
        ({"a": ["x", "q"]}, {"x": 1}, {}, "preferences.a[1]", "'q'"),
        ({"a": ["x", "x"]}, {"x": 1}, {}, "preferences.a[1]", "'x'"),
        ({"a": "x"}, {"x": 1}, {}, "preferences.a", "'a string'"),
        ({"a": []}, {"x": -1}, {}, "capacities.x", "-1"),
        ({"a": []}, {"x": 2**70}, {}, "capacities.x", str(2**70)),
        ({"a": []}, {"x": True}, {}, "capacities.x", "True"),
        ({"a": []}, {"x": 1}, {"y": []}, "rankings.y", "'y'"),
        ({"a": []}, {"x": 1}, {"x": ["a", "b"]}, "rankings.x[1]", "'b'"),
        ({"a": []}, {"x": 1}, {"x": ["a", "a"]}, "rankings.x[1]", "'a'"),
        ({"": []}, {"x": 1}, {}, "preferences", "''"),
        ({1: []}, {"x": 1}, {}, "preferences", "1"),
        ({"a": []}, {"": 1}, {}, "capacities", "''"),
    ],
)
def test_the_library_names_the_bad_field(preferences, capacities, rankings, field, value):
    with pytest.raises(InputError) as error:
        stable.deferred_acceptance(preferences, capacities, rankings)
    assert error.value.field == field
    assert value in error.value.line()


def test_the_library_takes_tuples():
    assert stable.deferred_acceptance({"a": ("x",)}, {"x": 1}, {"x": ("a",)}) == {"a": "x"}


# ---------------------------------------------------------------------------------------
# The command line


def test_cli_solves(cli):
    result = cli(["stable"], EXAMPLE)
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    assert result.json == {"assignment": SOLVED, "unfilled": {"w": 1}}
    # Every applicant and every post with a free seat, in input order.
    assert list(result.json["assignment"]) == ["a", "b", "c", "d"]


def test_cli_unfilled_lists_posts_with_free_seats_in_input_order(cli):
    data = {
        "applicants": {"a": ["p3"], "b": ["p1"]},
        "posts": {
            "p3": {"capacity": 2, "ranking": ["a"]},
            "p2": {"capacity": 4, "ranking": []},
            "p1": {"capacity": 1, "ranking": ["b"]},
            "p0": {"capacity": 0, "ranking": []},
        },
    }
    assert cli(["stable"], data).json["unfilled"] == {"p3": 1, "p2": 4}
    assert cli(["stable"], {"applicants": {}, "posts": {}}).json == {
        "assignment": {},
        "unfilled": {},
    }


@settings(max_examples=40, deadline=None)
@given(instances(max_applicants=10, max_posts=5))
def test_cli_output_is_deterministic(instance):
    data = as_json(*instance)
    first = stable.solve_cli(json.loads(json.dumps(data)))
    second = stable.solve_cli(json.loads(json.dumps(data)))
    assert jsonio.dumps(first) == jsonio.dumps(second)
    assert first["assignment"] == stable.deferred_acceptance(*instance)


def test_cli_in_a_real_process_is_byte_for_byte_repeatable():
    rng = random.Random(5)
    posts = [f"p{j}" for j in range(30)]
    applicants = {f"a{i}": rng.sample(posts, rng.randint(0, 3)) for i in range(300)}
    data = {
        "applicants": applicants,
        "posts": {
            p: {
                "capacity": rng.randint(0, 6),
                "ranking": rng.sample(list(applicants), rng.randint(0, 60)),
            }
            for p in posts
        },
    }
    first, second = run_process(["stable"], data), run_process(["stable"], data)
    assert first.code == 0 and first.stderr == ""
    assert first.stdout == second.stdout
    assert first.json["assignment"] == stable.deferred_acceptance(*parts(data))


def bad(mutate):
    data = json.loads(json.dumps(EXAMPLE))
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("data", "field", "value"),
    [
        (bad(lambda d: d["applicants"].update(a="x")), "applicants.a", "'a string'"),
        (bad(lambda d: d["applicants"].update(a=None)), "applicants.a", "'null'"),
        (bad(lambda d: d["posts"]["x"].update(ranking={})), "posts.x.ranking", "'an object'"),
        (bad(lambda d: d["posts"]["x"].pop("ranking")), "posts.x.ranking", None),
        (bad(lambda d: d["applicants"]["a"].append(5)), "applicants.a[2]", "5"),
        (bad(lambda d: d["applicants"]["a"].append("")), "applicants.a[2]", "''"),
        (bad(lambda d: d["applicants"]["a"].append(["x"])), "applicants.a[2]", "['x']"),
        (bad(lambda d: d["posts"]["x"]["ranking"].insert(0, None)), "posts.x.ranking[0]", None),
        (bad(lambda d: d["posts"]["y"]["ranking"].append(True)), "posts.y.ranking[2]", "True"),
        (bad(lambda d: d["applicants"].update({"": []})), "applicants", "''"),
        (bad(lambda d: d["posts"].update({"": {"capacity": 1, "ranking": []}})), "posts", "''"),
        (bad(lambda d: d["applicants"].update({"\ud800": []})), "applicants", "'\\ud800'"),
        (bad(lambda d: d["posts"].update({"\udfff": d["posts"]["x"]})), "posts", "'\\udfff'"),
        (bad(lambda d: d["applicants"]["a"].append("q")), "applicants.a[2]", "'q'"),
        (bad(lambda d: d["posts"]["y"]["ranking"].append("e")), "posts.y.ranking[2]", "'e'"),
        (bad(lambda d: d["applicants"]["c"].append("y")), "applicants.c[2]", "'y'"),
        (bad(lambda d: d["posts"]["x"]["ranking"].append("c")), "posts.x.ranking[3]", "'c'"),
        (bad(lambda d: d["posts"]["x"].pop("capacity")), "posts.x.capacity", None),
        (bad(lambda d: d["posts"]["x"].update(capacity="1")), "posts.x.capacity", "'1'"),
        (bad(lambda d: d["posts"]["x"].update(capacity=1.5)), "posts.x.capacity", "1.5"),
        (bad(lambda d: d["posts"]["x"].update(capacity=True)), "posts.x.capacity", "True"),
        (bad(lambda d: d["posts"]["x"].update(capacity=-1)), "posts.x.capacity", "-1"),
        (bad(lambda d: d["posts"]["x"].update(capacity=2**63)), "posts.x.capacity", str(2**63)),
        (bad(lambda d: d["posts"].update(x=[1])), "posts.x", "'an array'"),
        (bad(lambda d: d.pop("applicants")), "applicants", None),
        (bad(lambda d: d.pop("posts")), "posts", None),
        (bad(lambda d: d.update(applicants=[])), "applicants", "'an array'"),
        (bad(lambda d: d.update(posts="x")), "posts", "'a string'"),
    ],
)
def test_cli_bad_input(cli, data, field, value):
    result = cli(["stable"], data)
    assert result.code == 2
    assert result.stdout == b""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"{field}: ")
    if value is not None:
        assert f"(got {value})" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("style", sorted(ID_STYLES))
def test_cli_bad_ids_are_found_whatever_the_id_style(cli, style):
    name = ID_STYLES[style]
    a, b, x, y = name("a", 0), name("a", 1), name("p", 0), name("p", 1)
    good = {
        "applicants": {a: [x, y], b: [y]},
        "posts": {x: {"capacity": 1, "ranking": [a]}, y: {"capacity": 1, "ranking": [b, a]}},
    }
    assert cli(["stable"], good).json["assignment"] == {a: x, b: y}
    cases = [
        (lambda d: d["applicants"][b].append(name("p", 7)), f"applicants.{b}[1]", "post"),
        (lambda d: d["posts"][y]["ranking"].insert(1, name("a", 7)), f"posts.{y}.ranking[1]", ""),
        (lambda d: d["applicants"][b].append(y), f"applicants.{b}[1]", "duplicate"),
        (lambda d: d["posts"][y]["ranking"].append(b), f"posts.{y}.ranking[2]", "duplicate"),
    ]
    for mutate, field, words in cases:
        data = json.loads(json.dumps(good))
        mutate(data)
        result = cli(["stable"], data)
        assert result.code == 2 and result.stdout == b""
        assert result.stderr.startswith(f"{field}: "), result.stderr
        assert words in result.stderr


def test_cli_reports_the_first_bad_id_in_input_order(cli):
    data = {
        "applicants": {"a": ["x", "nope", "x"], "b": ["gone"]},
        "posts": {"x": {"capacity": 1, "ranking": ["zz"]}},
    }
    assert cli(["stable"], data).stderr.startswith("applicants.a[1]: is not a known post")


# ---------------------------------------------------------------------------------------
# --check on the command line


@pytest.fixture
def files(tmp_path):
    def write(instance, assignment):
        instance_path, assignment_path = tmp_path / "in.json", tmp_path / "out.json"
        instance_path.write_text(json.dumps(instance))
        assignment_path.write_text(
            assignment if isinstance(assignment, str) else json.dumps(assignment)
        )
        return ["stable", "--check", str(assignment_path), "--in", str(instance_path)]

    return write


def test_check_accepts_the_solvers_output(cli, files):
    solved = cli(["stable"], EXAMPLE).json
    result = cli(files(EXAMPLE, solved), None)
    assert result.code == 0, result.stderr
    assert result.json == {"stable": True, "blocking_pairs": []}


def test_check_lists_blocking_pairs_in_order(cli, files):
    # Nobody assigned (absent applicants are unassigned): every acceptable pair blocks,
    # in applicant order then preference order.
    result = cli(files(EXAMPLE, {"assignment": {"b": None}, "unfilled": "ignored"}), None)
    assert result.code == 0
    assert result.json == {
        "stable": False,
        "blocking_pairs": [
            ["a", "x"],
            ["a", "y"],
            ["b", "x"],
            ["b", "w"],
            ["c", "y"],
            ["c", "x"],
        ],
    }


def test_check_reports_an_assignment_that_is_not_a_matching(cli, files):
    assignment = {"assignment": {"a": "x", "b": "x", "c": "x", "d": "z"}}
    result = cli(files(EXAMPLE, assignment), None)
    assert result.code == 0
    assert result.json == {
        "stable": False,
        "blocking_pairs": [["c", "y"]],
        "invalid": [
            {"applicant": "d", "post": "z", "reason": "unacceptable to the applicant"},
            {"post": "x", "reason": "over capacity", "assigned": 3, "capacity": 1},
            {"post": "z", "reason": "over capacity", "assigned": 1, "capacity": 0},
        ],
    }


@pytest.mark.parametrize(
    ("assignment", "field", "value"),
    [
        ({"assignment": {"zz": None}}, "assignment.zz", "'zz'"),
        ({"assignment": {"a": "nope"}}, "assignment.a", "'nope'"),
        ({"assignment": {"a": 3}}, "assignment.a", "3"),
        ({"assignment": []}, "assignment", "'an array'"),
        ({"unfilled": {}}, "assignment", None),
        ([], "--check", "'an array'"),
        ('{"assignment": {"a": "x", "a": null}}', "--check", "'a'"),
        ("{oops", "--check", None),
    ],
)
def test_check_bad_assignment(cli, files, assignment, field, value):
    result = cli(files(EXAMPLE, assignment), None)
    assert result.code == 2
    assert result.stdout == b""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"{field}: "), result.stderr
    if value is not None:
        assert f"(got {value})" in result.stderr


def test_check_refuses_a_bad_instance_too(cli, files):
    data = bad(lambda d: d["posts"]["x"].update(capacity=-2))
    result = cli(files(data, {"assignment": {}}), None)
    assert result.code == 2 and result.stderr.startswith("posts.x.capacity: ")
