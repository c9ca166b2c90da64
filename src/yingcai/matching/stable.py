"""Stable assignment of applicants to public-institution posts.

The algorithm is applicant-proposing deferred acceptance: Gale and Shapley, "College
Admissions and the Stability of Marriage", American Mathematical Monthly 69 (1962) 9-15,
for posts with several seats ("colleges" with quotas), as generalised to incomplete lists
by Roth, "The Evolution of the Labor Market for Medical Interns and Residents", Journal of
Political Economy 92 (1984) 991-1016. Its outcome is the applicant-optimal stable matching:
no applicant and post would both rather have each other than what they got, and every
applicant gets the best post they can have in any stable matching (Gale and Shapley's
theorem 2). It is unique, so it does not depend on the order in which proposals are made
(Dubins and Freedman, American Mathematical Monthly 88 (1981) 485-494): that is what lets
the core process proposals in simultaneous rounds, as in Gale and Shapley's own
description, with numpy.

Layers:

- plain library functions over dicts of ids (`deferred_acceptance`, `blocking_pairs`,
  `check`), for the web modules;
- `Instance` (ids and index arrays) and the array core `deferred_acceptance_arrays`;
- `solve_cli` / `check_cli`, the JSON formats of `yingcai-match stable`.

Every function that takes ids validates them and raises InputError naming the field.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from . import validate as v
from .errors import InputError

__all__ = [
    "Instance",
    "blocking_pairs",
    "build_instance",
    "check",
    "check_cli",
    "deferred_acceptance",
    "deferred_acceptance_arrays",
    "solve_cli",
]

# Rounds with fewer proposals than this go to a sequential loop: a numpy round costs a few
# dozen calls whatever its size, so a long tail of tiny rounds (long rejection chains) would
# cost more in call overhead than in work.
SEQUENTIAL_BELOW = 64

# Sort keys are packed into one int64 (np.sort is several times faster than argsort or
# lexsort); when the fields do not fit in 63 bits the code falls back to np.lexsort.
_PACK_BITS = 63

_NO_LIMIT = np.iinfo(np.int64).max
_MAX_CAPACITY = _NO_LIMIT  # capacities are int64


# ---------------------------------------------------------------------------------------
# Instance: ids and index arrays


@dataclass(frozen=True)
class Instance:
    """An instance as arrays; applicants and posts are numbered in input order.

    Applicant `a`'s list is ``choice_post[choice_ptr[a]:choice_ptr[a + 1]]`` (post indices,
    most preferred first, as given: including posts that do not rank `a`);
    ``choice_rank`` holds, for each of those entries, `a`'s position in that post's ranking
    (0 = best) or -1 when the post does not rank `a`.
    """

    applicant_ids: list[str]
    post_ids: list[str]
    capacity: np.ndarray  # int64, per post
    choice_ptr: np.ndarray  # int64, n + 1
    choice_post: np.ndarray  # int64
    choice_rank: np.ndarray  # int64, -1: unacceptable to the post
    rankings: list[list[str]]  # per post, as given (for --check's rare lookups)

    @property
    def n_applicants(self) -> int:
        return len(self.applicant_ids)

    @property
    def n_posts(self) -> int:
        return len(self.post_ids)


@dataclass(frozen=True)
class _Paths:
    """How to name a field in an error: the JSON paths of the CLI, or the argument names."""

    applicants: str
    posts: str
    choices: str  # format(applicant)
    choice: str  # format(applicant, index)
    capacity: str  # format(post)
    ranking: str  # format(post)
    ranked: str  # format(post, index)


_JSON_PATHS = _Paths(
    applicants="applicants",
    posts="posts",
    choices="applicants.{}",
    choice="applicants.{}[{}]",
    capacity="posts.{}.capacity",
    ranking="posts.{}.ranking",
    ranked="posts.{}.ranking[{}]",
)
_API_PATHS = _Paths(
    applicants="preferences",
    posts="capacities",
    choices="preferences.{}",
    choice="preferences.{}[{}]",
    capacity="capacities.{}",
    ranking="rankings.{}",
    ranked="rankings.{}[{}]",
)


def build_instance(
    preferences: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
    rankings: Mapping[str, Sequence[str]],
) -> Instance:
    """Validate plain data and number it: posts in the order of `capacities`.

    A post absent from `rankings` ranks nobody. Raises InputError on an unknown or
    duplicate id, a non-list, or a capacity that is not a whole number >= 0.
    """
    v.obj(preferences, "preferences")
    v.obj(capacities, "capacities")
    v.obj(rankings, "rankings")
    for post in rankings:
        if post not in capacities:
            raise InputError(f"rankings.{post}", "is not a known post", post)
    post_ids = list(capacities)
    caps = list(capacities.values())
    for p, capacity in zip(post_ids, caps, strict=True):
        if type(capacity) is not int or not 0 <= capacity <= _MAX_CAPACITY:  # bool is no count
            _capacity(capacity, f"capacities.{p}")
    lists = [rankings.get(p, ()) for p in post_ids]
    return _build(preferences, capacities, caps, lists, _API_PATHS)


def _build(
    applicants: Mapping[str, Sequence[str]],
    posts: Mapping[str, object],
    capacities: list[int],
    rankings: list,
    paths: _Paths,
) -> Instance:
    """Number ids and join the two sides: expected O(L) plus one sort of L keys.

    L is the total length of all lists. Lean on purpose: at national scale (a million
    applicants, four million ids in lists) every per-id Python step costs a few tenths of
    a second, and a dict lookup among a million keys costs a cache miss or three. So ids
    are numbered from their bytes by a numpy hash table (`_number_by_bytes`, with dict
    lookups as the fallback), and the join of "applicant a lists post p" with "post p
    ranks a at r" is one sort of packed int64 keys (`_join`).
    """
    applicant_ids, choice_lists, post_ids = list(applicants), list(applicants.values()), list(posts)
    applicant_rows = _check_ids(applicants, applicant_ids, paths.applicants)
    post_rows = _check_ids(posts, post_ids, paths.posts)
    _check_lists(applicant_ids, choice_lists, paths.choices)
    _check_lists(post_ids, rankings, paths.ranking)
    n, m = len(applicant_ids), len(post_ids)

    choice_len = np.fromiter(map(len, choice_lists), np.int64, n)
    choice_ptr = np.zeros(n + 1, np.int64)
    np.cumsum(choice_len, out=choice_ptr[1:])
    choice_post = _number(
        choice_lists, choice_ptr, post_ids, post_rows, applicant_ids, paths.choice, "post"
    )
    ranking_len = np.fromiter(map(len, rankings), np.int64, m)
    ranking_ptr = np.zeros(m + 1, np.int64)
    np.cumsum(ranking_len, out=ranking_ptr[1:])
    ranked = _number(
        rankings, ranking_ptr, applicant_ids, applicant_rows, post_ids, paths.ranked, "applicant"
    )

    choice_owner = np.repeat(np.arange(n, dtype=np.int64), choice_len)
    ranking_post = np.repeat(np.arange(m, dtype=np.int64), ranking_len)
    choice_rank, duplicate = _join(choice_owner, choice_post, ranking_post, ranked, ranking_ptr)
    if duplicate is not None:
        side, entry = duplicate
        if side == "choice":
            a = int(choice_owner[entry])
            field = paths.choice.format(applicant_ids[a], entry - int(choice_ptr[a]))
            raise InputError(field, "is a duplicate id", post_ids[int(choice_post[entry])])
        p = int(ranking_post[entry])
        field = paths.ranked.format(post_ids[p], entry - int(ranking_ptr[p]))
        raise InputError(field, "is a duplicate id", applicant_ids[int(ranked[entry])])
    return Instance(
        applicant_ids=applicant_ids,
        post_ids=post_ids,
        capacity=np.asarray(capacities, dtype=np.int64).reshape(m),
        choice_ptr=choice_ptr,
        choice_post=choice_post,
        choice_rank=choice_rank,
        rankings=rankings,
    )


def _capacity(value, field: str) -> int:
    v.integer(value, field, 0)
    if value > _MAX_CAPACITY:
        raise InputError(field, f"must be at most {_MAX_CAPACITY}", value)
    return value


def _check_ids(ids: Mapping, listed: list, field: str) -> np.ndarray | None:
    """Check the keys of `ids` are ids; return their bytes as `_fixed_width` rows.

    An id must also be valid Unicode (JSON can spell a lone surrogate, "\\ud800", which
    could not be written out again).
    """
    if not (set(map(type, ids)) <= {str} and "" not in ids):  # a dict: `in` is a lookup
        for value in ids:
            v.ident(value, field)
    rows = _fixed_width(listed)
    if rows is None:  # else the ids were all encoded already
        for value in listed:
            try:
                value.encode()
            except UnicodeEncodeError:
                raise InputError(field, "is not valid Unicode text", value) from None
    return rows


def _check_lists(owners: list, lists: list, field: str) -> None:
    # One C-level pass over the types; the slow loop only runs to name the culprit.
    if set(map(type, lists)) <= {list, tuple}:
        return
    for owner, value in zip(owners, lists, strict=True):
        if not isinstance(value, list | tuple):
            v.lst(value, field.format(owner))


def _number(
    lists: list, ptr, ids: list, id_rows, owners: list, field: str, what: str
) -> np.ndarray:
    """The number (position in `ids`) of every id in every list, flattened.

    Raises InputError naming the first id, in list order, that is not a non-empty
    string or not one of `ids`. `id_rows`: `_fixed_width(ids)`, if known.
    """
    flat = list(chain.from_iterable(lists))
    found = _lookup(ids, flat, id_rows)
    bad = np.flatnonzero(found < 0)
    if bad.size:
        entry = int(bad[0])
        owner = int(np.searchsorted(ptr, entry, side="right")) - 1
        name = field.format(owners[owner], entry - int(ptr[owner]))
        v.ident(flat[entry], name)
        raise InputError(name, f"is not a known {what}", flat[entry])
    return found


def _lookup(ids: list, queries: list, id_rows=None) -> np.ndarray:
    """Position in `ids` of each query; -1 for anything else (unknown, not a string)."""
    found = _number_by_bytes(ids, queries, id_rows)
    if found is not None:
        return found
    index = dict(zip(ids, range(len(ids)), strict=True))
    try:
        return np.array(list(map(index.__getitem__, queries)), np.int64).reshape(len(queries))
    except (KeyError, TypeError):
        return np.array(
            [index.get(x, -1) if type(x) is str else -1 for x in queries], np.int64
        ).reshape(len(queries))


def _number_by_bytes(ids: list, queries: list, id_rows=None) -> np.ndarray | None:
    """Numbers of `queries` in `ids` (-1: absent), from codes of their bytes.

    Works when the ids have one length in UTF-8 bytes, as generated ids do; returns None
    otherwise (and on a hash collision), for the caller to fall back on a dict. Ids of up
    to 8 bytes are their own code; longer ones are hashed, and every match is verified
    byte for byte. Expected O(k + q) in a few dozen numpy passes.
    """
    key_rows = _fixed_width(ids) if id_rows is None else id_rows
    query_rows = _fixed_width(queries)
    if key_rows is None or query_rows is None or key_rows.shape[1] != query_rows.shape[1]:
        return None
    found = _hash_lookup(_codes(key_rows), _codes(query_rows))
    if found is not None and key_rows.shape[1] > 8:
        hit = np.flatnonzero(found >= 0)
        if not (key_rows[found[hit]] == query_rows[hit]).all():
            return None  # two ids with one hash
    return found


# Linear probing stays short at a load factor of at most 1/2; a longer probe means codes
# built to collide, and the dict fallback is safer.
_MAX_PROBE = 64


def _hash_lookup(keys: np.ndarray, queries: np.ndarray) -> np.ndarray | None:
    """Positions of `queries` in `keys` (-1: absent), by a vectorised hash table.

    Open addressing with linear probing (Knuth, TAOCP vol. 3, 6.4, algorithm L) and
    Fibonacci hashing, every key (then every query) probing at once: each numpy pass
    advances all unsettled ones by a slot. None if a probe gets longer than _MAX_PROBE.
    (Index arrays rather than boolean masks: numpy selects by a random mask slowly.)
    """
    if not len(keys):
        return np.full(len(queries), -1, np.int64)
    bits = max(1, (2 * len(keys)).bit_length())
    mask = (1 << bits) - 1
    table = np.full(1 << bits, -1, np.int64)
    pending = np.arange(len(keys), dtype=np.int64)
    slot = _home(keys, bits)
    for _ in range(_MAX_PROBE):
        if not pending.size:
            break
        free = np.flatnonzero(table[slot] < 0)
        table[slot[free]] = pending[free]  # of several keys aiming at one slot, one wins
        settled = np.zeros(pending.size, bool)
        settled[free] = table[slot[free]] == pending[free]
        left = np.flatnonzero(~settled)
        pending, slot = pending[left], (slot[left] + 1) & mask
    if pending.size:
        return None
    found = np.full(len(queries), -1, np.int64)
    pending, wanted = np.arange(len(queries), dtype=np.int64), queries
    slot = _home(queries, bits)
    for _ in range(_MAX_PROBE + 1):
        if not pending.size:
            return found
        holder = table[slot]
        filled = holder >= 0  # an empty slot ends the probe: absent
        match = filled & (keys[holder] == wanted)
        hit = np.flatnonzero(match)
        found[pending[hit]] = holder[hit]
        left = np.flatnonzero(filled ^ match)
        pending, wanted, slot = pending[left], wanted[left], (slot[left] + 1) & mask
    return None


def _home(codes: np.ndarray, bits: int) -> np.ndarray:
    """Fibonacci hashing: the top `bits` bits of code x 2^64/phi."""
    mixed = codes.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return (mixed >> np.uint64(64 - bits)).view(np.int64)


def _fixed_width(ids: list) -> np.ndarray | None:
    """The UTF-8 bytes of the ids as rows of a (len, width) uint8 array, or None.

    None when the ids are not all strings of one length in bytes without NUL characters
    (a NUL would make two ids of different lengths look alike).
    """
    if not ids:
        return None
    try:
        blob = "\0".join(ids).encode()
    except (TypeError, UnicodeEncodeError):  # not a string, or a lone surrogate
        return None
    width = (len(blob) + 1) // len(ids) - 1
    # Exactly one NUL between ids, each a whole row apart: then the rows are the ids.
    if width < 1 or (width + 1) * len(ids) != len(blob) + 1 or blob.count(0) != len(ids) - 1:
        return None
    rows = np.frombuffer(blob + b"\0", np.uint8).reshape(len(ids), width + 1)
    if rows[:, width].any():
        return None
    return rows[:, :width]


def _codes(rows: np.ndarray) -> np.ndarray:
    """One int64 per row: the bytes themselves up to 8 bytes, else a 64-bit hash."""
    count, width = rows.shape
    words = -(-width // 8)
    padded = np.zeros((count, words * 8), np.uint8)
    padded[:, :width] = rows
    packed = padded.view(np.uint64)
    if words == 1:
        return packed.reshape(count).view(np.int64)
    # A multiply-xorshift mix per 8-byte word (as in splitmix64).
    code = np.full(count, 0x9E3779B97F4A7C15, np.uint64)
    for j in range(words):
        code ^= packed[:, j]
        code *= np.uint64(0xBF58476D1CE4E5B9)
        code ^= code >> np.uint64(31)
    return code.view(np.int64)


def _bits(value: int) -> int:
    return max(1, int(value).bit_length())


def _join(choice_owner, choice_post, ranking_post, ranked, ranking_ptr, pack_bits=_PACK_BITS):
    """Rank of each (applicant, post) choice in the post's ranking (-1: not ranked).

    Also finds the first repeated id: a post twice in one applicant's list or an
    applicant twice in one ranking. Returns (ranks, None or (side, entry index)).

    Both sides are sorted together by (post, applicant, side, entry): a ranking entry
    then sits just before the choices it answers, and a repeat sits next to its twin.
    """
    n_choices, n_ranked = len(choice_post), len(ranked)
    n_bits = _bits(max(int(choice_owner.max(initial=0)), int(ranked.max(initial=0))))
    m_bits = _bits(max(int(choice_post.max(initial=0)), int(ranking_post.max(initial=0))))
    e_bits = _bits(max(n_choices, n_ranked))
    if m_bits + n_bits + 1 + e_bits <= pack_bits:
        # side 0 (ranking) sorts before side 1 (choice) for the same pair.
        shift = e_bits + 1
        keys = np.empty(n_ranked + n_choices, np.int64)
        ranking_keys = keys[:n_ranked]
        np.left_shift(ranking_post, n_bits, out=ranking_keys)
        ranking_keys |= ranked
        ranking_keys <<= shift
        ranking_keys |= np.arange(n_ranked, dtype=np.int64)
        choice_keys = keys[n_ranked:]
        np.left_shift(choice_post, n_bits, out=choice_keys)
        choice_keys |= choice_owner
        choice_keys <<= shift
        choice_keys |= np.arange(n_choices, dtype=np.int64) | (1 << e_bits)
        keys.sort()
        pair = keys >> shift
        side = (keys >> e_bits) & 1
        entry = keys & ((1 << e_bits) - 1)
        same = pair[1:] == pair[:-1]
        del keys, pair
    else:
        post = np.concatenate([ranking_post, choice_post])
        applicant = np.concatenate([ranked, choice_owner])
        side = np.repeat(np.array([0, 1], np.int64), [n_ranked, n_choices])
        entry = np.concatenate([np.arange(n_ranked), np.arange(n_choices)]).astype(np.int64)
        order = np.lexsort((entry, side, applicant, post))
        post, applicant, side, entry = post[order], applicant[order], side[order], entry[order]
        same = (post[1:] == post[:-1]) & (applicant[1:] == applicant[:-1])
    repeat = same & (side[1:] == side[:-1])
    if repeat.any():
        later_side, later_entry = side[1:][repeat], entry[1:][repeat]
        for code, name in ((1, "choice"), (0, "ranking")):
            found = later_entry[later_side == code]
            if found.size:
                return None, (name, int(found.min()))
    answered = same & (side[:-1] == 0) & (side[1:] == 1)
    ranks = np.full(n_choices, -1, np.int64)
    ranking_entry = entry[:-1][answered]
    ranks[entry[1:][answered]] = ranking_entry - ranking_ptr[ranking_post[ranking_entry]]
    return ranks, None


# ---------------------------------------------------------------------------------------
# The core


def deferred_acceptance_arrays(
    choice_ptr,
    choice_post,
    choice_rank,
    capacity,
    *,
    sequential_below: int | None = None,
    pack_bits: int = _PACK_BITS,
) -> np.ndarray:
    """Applicant-proposing deferred acceptance over index arrays.

    Applicant `a` proposes, in order, to ``choice_post[choice_ptr[a]:choice_ptr[a+1]]``;
    the post ranks the proposal ``choice_rank`` (lower is better; ranks are distinct
    within a post; a negative rank means the post finds `a` unacceptable and the entry is
    skipped). Post `p` has ``capacity[p] >= 0`` seats. Returns, per applicant, the index
    of their post or -1.

    Simultaneous rounds (Gale and Shapley 1962): every free applicant proposes to their
    next choice at once; each post keeps the best `capacity` of its holders and new
    proposers, rejecting the rest, who propose again in the next round. A proposal ranked
    below the worst holder of a full post is rejected without touching the post. When a
    round has fewer than `sequential_below` proposers (default: SEQUENTIAL_BELOW), the
    rest runs one proposal at a time with a heap of holders per post: the tail of long
    rejection chains, where numpy's per-call cost would dominate.

    Complexity, for L the total list length: memory O(L + n + m). A round costs
    O((P + H) log(P + H)) for its P proposals and the H current holders of the posts they
    reach; rounds run only while P >= `sequential_below`, so there are at most
    L / `sequential_below` of them, and each proposal of the sequential tail costs
    O(log capacity). In practice rounds are few: 7 on the national benchmark (a million
    applicants, two million choices) before the tail.
    """
    ptr = np.asarray(choice_ptr, dtype=np.int64)
    post = np.asarray(choice_post, dtype=np.int64)
    rank = np.asarray(choice_rank, dtype=np.int64)
    cap = np.asarray(capacity, dtype=np.int64)
    n, m = len(ptr) - 1, len(cap)
    if n < 0 or len(post) != len(rank) or len(post) != ptr[-1]:
        raise ValueError("choice_ptr, choice_post and choice_rank do not describe one list each")
    if (cap < 0).any():
        raise ValueError("a capacity is negative")
    if len(post) and (post.min() < 0 or post.max() >= m):
        raise ValueError("a choice names no post")

    acceptable = (rank >= 0) & (cap[post] > 0) if len(post) else np.zeros(0, bool)
    if not acceptable.all():
        # Entries that can never be accepted would only cost proposals.
        owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(ptr))
        kept = np.flatnonzero(acceptable)
        ptr = np.zeros(n + 1, np.int64)
        np.cumsum(np.bincount(owner[kept], minlength=n), out=ptr[1:])
        post, rank = post[kept], rank[kept]

    # Each post keeps its holders in its own slab of the shared arrays, at most
    # min(capacity, number of proposers) long: holders are found by slicing, not searching.
    slab_size = np.minimum(cap, np.bincount(post, minlength=m))
    slab_start = np.zeros(m + 1, np.int64)
    np.cumsum(slab_size, out=slab_start[1:])
    holder = np.empty(int(slab_start[-1]), np.int64)
    holder_rank = np.empty(int(slab_start[-1]), np.int64)
    held = np.zeros(m, np.int64)
    # A proposal is rejected outright unless its rank is below `cutoff`: the worst
    # holder's rank once the post is full.
    cutoff = np.full(m, _NO_LIMIT, np.int64)

    following = ptr[:-1].copy()  # each applicant's next choice
    end = ptr[1:]
    free = np.flatnonzero(following < end)
    reached = np.zeros(m, bool)
    rank_bits = _bits(int(rank.max(initial=0)) + 1)
    post_bits = _bits(m)
    if sequential_below is None:
        sequential_below = SEQUENTIAL_BELOW
    while free.size >= max(1, sequential_below):
        choice = following[free]
        following[free] += 1
        to, by = post[choice], rank[choice]
        hopeful = by < cutoff[to]
        # Index arrays, not boolean masks: numpy selects by a random mask slowly.
        turned_away = free[np.flatnonzero(~hopeful)]
        hopeful = np.flatnonzero(hopeful)
        proposer, to, by = free[hopeful], to[hopeful], by[hopeful]
        if proposer.size:
            reached[to] = True
            posts = np.flatnonzero(reached)
            reached[posts] = False
            # Gather the holders of the posts reached (variable-length slices, vectorised).
            counts = held[posts]
            total = int(counts.sum())
            first = np.repeat(slab_start[posts] - (np.cumsum(counts) - counts), counts)
            slots = first + np.arange(total, dtype=np.int64)
            who = np.concatenate([holder[slots], proposer])
            at = np.concatenate([np.repeat(posts, counts), to])
            rk = np.concatenate([holder_rank[slots], by])
            order = _order(at, rk, post_bits, rank_bits, pack_bits)
            who, at, rk = who[order], at[order], rk[order]
            starts = np.flatnonzero(np.r_[True, at[1:] != at[:-1]])
            sizes = np.diff(np.r_[starts, at.size])
            place = np.arange(at.size, dtype=np.int64) - np.repeat(starts, sizes)
            keep = place < cap[at]
            slots = slab_start[at[keep]] + place[keep]
            holder[slots] = who[keep]
            holder_rank[slots] = rk[keep]
            posts = at[starts]
            held[posts] = np.minimum(sizes, cap[posts])
            full = posts[held[posts] == cap[posts]]
            cutoff[full] = holder_rank[slab_start[full] + cap[full] - 1]
            rejected = who[~keep]
            free = np.concatenate([turned_away, rejected]) if turned_away.size else rejected
        else:
            free = turned_away
        free = free[np.flatnonzero(following[free] < end[free])]
    if free.size:
        _sequential(free, following, end, post, rank, cap, slab_start, holder, holder_rank, held)

    assigned = np.full(n, -1, np.int64)
    slab_post = np.repeat(np.arange(m, dtype=np.int64), slab_size)
    used = np.arange(holder.size, dtype=np.int64) - slab_start[slab_post] < held[slab_post]
    assigned[holder[used]] = slab_post[used]
    return assigned


def _order(major, minor, major_bits, minor_bits, pack_bits):
    """Permutation sorting by (major, minor); the pairs are distinct."""
    k = major.size
    index_bits = _bits(k)
    if major_bits + minor_bits + index_bits <= pack_bits:
        key = major << (minor_bits + index_bits)
        key |= minor << index_bits
        key |= np.arange(k, dtype=np.int64)
        key.sort()
        key &= (1 << index_bits) - 1
        return key
    return np.lexsort((minor, major))


def _sequential(free, following, end, post, rank, cap, slab_start, holder, holder_rank, held):
    """Deferred acceptance one proposal at a time, from the state the rounds left.

    A post's holders live in a max-heap on rank (built from its slab when first reached);
    the slabs are rewritten at the end.
    """
    heaps: dict[int, list[tuple[int, int]]] = {}
    stack = free.tolist()
    while stack:
        a = stack.pop()
        i, stop = int(following[a]), int(end[a])
        while i < stop:
            p, r = int(post[i]), int(rank[i])
            i += 1
            heap = heaps.get(p)
            if heap is None:
                slab = slice(int(slab_start[p]), int(slab_start[p] + held[p]))
                ranks, holders = holder_rank[slab].tolist(), holder[slab].tolist()
                heap = [(-r, h) for r, h in zip(ranks, holders, strict=True)]
                heapq.heapify(heap)
                heaps[p] = heap
            c = int(cap[p])
            if len(heap) < c:
                heapq.heappush(heap, (-r, a))
                break
            if -heap[0][0] > r:
                _, bumped = heapq.heapreplace(heap, (-r, a))
                stack.append(bumped)
                break
        following[a] = i
    for p, heap in heaps.items():
        heap.sort(reverse=True)
        start = int(slab_start[p])
        holder[start : start + len(heap)] = [a for _, a in heap]
        holder_rank[start : start + len(heap)] = [-r for r, _ in heap]
        held[p] = len(heap)


# ---------------------------------------------------------------------------------------
# Checking an assignment


def _assess(instance: Instance, assigned: np.ndarray) -> tuple[np.ndarray, list[dict]]:
    """Blocking choices (entry indices, in applicant then preference order) and violations.

    A mutually acceptable pair (a, p), a not at p, blocks when a prefers p to their post
    (or has none, or has one they did not list) and p has a free seat or holds someone it
    ranks below a (or does not rank at all). Violations: a pair unacceptable to the
    applicant, or to the post; a post over capacity. O(L + n + m), vectorised; a pair the
    applicant did not list costs a scan of the post's ranking.
    """
    ptr, post, rank, cap = (
        instance.choice_ptr,
        instance.choice_post,
        instance.choice_rank,
        instance.capacity,
    )
    n, m = instance.n_applicants, instance.n_posts
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(ptr))
    place = np.arange(post.size, dtype=np.int64) - ptr[owner]
    current = assigned[owner] == post  # the entry of each applicant's own post
    # Position of the own post in the applicant's list; unlisted: worse than any listed.
    own_place = np.full(n, _NO_LIMIT, np.int64)
    own_place[owner[current]] = place[current]
    # The post's rank of its holder; a holder it does not rank is worse than any it ranks.
    own_rank = np.full(n, _NO_LIMIT, np.int64)
    ranked_holder = current & (rank >= 0)
    own_rank[owner[ranked_holder]] = rank[ranked_holder]
    taken = assigned >= 0

    invalid: list[dict] = []
    listed = np.zeros(n, bool)
    listed[owner[current]] = True
    for a in np.flatnonzero(taken & (own_rank == _NO_LIMIT)).tolist():
        p = int(assigned[a])
        applicant = instance.applicant_ids[a]
        pair = {"applicant": applicant, "post": instance.post_ids[p]}
        ranks_applicant = False
        if not listed[a]:
            invalid.append({**pair, "reason": "unacceptable to the applicant"})
            # The join only covered listed posts: look the holder up in the ranking.
            ranking = list(instance.rankings[p])
            if applicant in ranking:
                ranks_applicant = True
                own_rank[a] = ranking.index(applicant)
        if not ranks_applicant:
            invalid.append({**pair, "reason": "unacceptable to the post"})
    held = np.bincount(assigned[taken], minlength=m)
    for p in np.flatnonzero(held > cap).tolist():
        invalid.append(
            {
                "post": instance.post_ids[p],
                "reason": "over capacity",
                "assigned": int(held[p]),
                "capacity": int(cap[p]),
            }
        )

    worst = np.full(m, -1, np.int64)
    np.maximum.at(worst, assigned[taken], own_rank[taken])
    blocking = (
        (rank >= 0) & (place < own_place[owner]) & ((held[post] < cap[post]) | (rank < worst[post]))
    )
    return np.flatnonzero(blocking), invalid


def _pairs(instance: Instance, entries: np.ndarray) -> list[list[str]]:
    owner = np.searchsorted(instance.choice_ptr, entries, side="right") - 1
    applicants = np.asarray(instance.applicant_ids, dtype=object)[owner].tolist()
    posts = np.asarray(instance.post_ids, dtype=object)[instance.choice_post[entries]].tolist()
    return [[a, p] for a, p in zip(applicants, posts, strict=True)]


def _assigned_indices(instance: Instance, assignment: Mapping, field: str) -> np.ndarray:
    """An assignment {applicant: post or None} as post indices; absent applicants: -1."""
    names, values = list(assignment), list(assignment.values())
    applicant = _lookup(instance.applicant_ids, names)
    given = np.flatnonzero(np.fromiter(map(_is_set, values), bool, len(values)))
    post = _lookup(instance.post_ids, [values[i] for i in given.tolist()])
    bad_applicant = np.flatnonzero(applicant < 0)
    bad_post = given[post < 0]
    if bad_applicant.size or bad_post.size:
        first = min(bad_applicant[:1].tolist() + bad_post[:1].tolist())
        a, p = names[first], values[first]
        if bad_applicant.size and bad_applicant[0] == first:
            raise InputError(f"{field}.{a}", "is not a known applicant", a)
        if not isinstance(p, str):
            raise InputError(f"{field}.{a}", "must be a post id or null", p)
        raise InputError(f"{field}.{a}", "is not a known post", p)
    assigned = np.full(instance.n_applicants, -1, np.int64)
    assigned[applicant[given]] = post
    return assigned


def _is_set(value) -> bool:
    return value is not None


# ---------------------------------------------------------------------------------------
# The library API over plain data


def deferred_acceptance(
    preferences: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
    rankings: Mapping[str, Sequence[str]],
) -> dict[str, str | None]:
    """The applicant-optimal stable assignment: {applicant: post or None}, every applicant.

    `preferences[a]` lists a's acceptable posts, best first; `rankings[p]` lists p's
    acceptable applicants, best first (a post missing from `rankings` ranks nobody);
    `capacities[p]` is p's number of seats. Applicant-proposing deferred acceptance
    (Gale and Shapley 1962; Roth 1984); preparation is expected O(L) plus a sort of L
    keys, L the total list length, and the core is `deferred_acceptance_arrays`.
    Raises InputError on bad data.
    """
    instance = build_instance(preferences, capacities, rankings)
    assigned = _solve(instance)
    names = np.asarray([*instance.post_ids, None], dtype=object)[assigned].tolist()
    return dict(zip(instance.applicant_ids, names, strict=True))


def blocking_pairs(
    preferences: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
    rankings: Mapping[str, Sequence[str]],
    assignment: Mapping[str, str | None],
) -> list[tuple[str, str]]:
    """The pairs (applicant, post) that would both rather have each other.

    An applicant absent from `assignment` is unassigned. Listed by applicant (in the order
    of `preferences`), then by the applicant's preference. Vectorised, O(L log L).
    """
    found = check(preferences, capacities, rankings, assignment)["blocking_pairs"]
    return [(a, p) for a, p in found]


def check(
    preferences: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
    rankings: Mapping[str, Sequence[str]],
    assignment: Mapping[str, str | None],
) -> dict:
    """{"stable", "blocking_pairs"[, "invalid"]} for an assignment, as `--check` prints it.

    "invalid" is present only when the assignment is not a matching: a pair unacceptable
    to either side, or a post over capacity. Stable means neither kind of fault exists.
    """
    instance = build_instance(preferences, capacities, rankings)
    assigned = _assigned_indices(instance, assignment, "assignment")
    return _report(instance, assigned)


def _report(instance: Instance, assigned: np.ndarray) -> dict:
    entries, invalid = _assess(instance, assigned)
    result: dict = {
        "stable": not entries.size and not invalid,
        "blocking_pairs": _pairs(instance, entries),
    }
    if invalid:
        result["invalid"] = invalid
    return result


def _solve(instance: Instance) -> np.ndarray:
    return deferred_acceptance_arrays(
        instance.choice_ptr, instance.choice_post, instance.choice_rank, instance.capacity
    )


# ---------------------------------------------------------------------------------------
# The JSON formats of `yingcai-match stable`


def _instance_from_json(data) -> Instance:
    v.obj(data, "input")
    applicants = v.obj(v.get(data, "applicants", ""), "applicants")
    posts = v.obj(v.get(data, "posts", ""), "posts")
    capacities, rankings = [], []
    for p, spec in posts.items():
        # The field names are only built for the error.
        if not (
            p
            and type(spec) is dict
            and type(spec.get("capacity")) is int  # bool is not a count
            and 0 <= spec["capacity"] <= _MAX_CAPACITY
            and type(spec.get("ranking")) is list
        ):
            v.ident(p, "posts")
            v.obj(spec, f"posts.{p}")
            _capacity(v.get(spec, "capacity", f"posts.{p}"), f"posts.{p}.capacity")
            v.lst(v.get(spec, "ranking", f"posts.{p}"), f"posts.{p}.ranking")
        capacities.append(spec["capacity"])
        rankings.append(spec["ranking"])
    return _build(applicants, posts, capacities, rankings, _JSON_PATHS)


def solve_cli(data) -> dict:
    """`yingcai-match stable`: {"assignment": {a: p or null}, "unfilled": {p: free seats}}.

    Every applicant appears in input order; "unfilled" lists, in input order, the posts
    with at least one free seat.
    """
    instance = _instance_from_json(data)
    assigned = _solve(instance)
    names = np.asarray([*instance.post_ids, None], dtype=object)[assigned].tolist()
    seats = instance.capacity - np.bincount(assigned[assigned >= 0], minlength=instance.n_posts)
    open_posts = np.flatnonzero(seats > 0)
    return {
        "assignment": dict(zip(instance.applicant_ids, names, strict=True)),
        "unfilled": dict(
            zip(
                np.asarray(instance.post_ids, dtype=object)[open_posts].tolist(),
                seats[open_posts].tolist(),
                strict=True,
            )
        ),
    }


def check_cli(instance_data, assignment_data) -> dict:
    """`yingcai-match stable --check ASSIGNMENT.json --in INSTANCE.json`.

    ASSIGNMENT is the solver's output shape; only its "assignment" is read.
    """
    instance = _instance_from_json(instance_data)
    v.obj(assignment_data, "--check")
    assignment = v.obj(v.get(assignment_data, "assignment", ""), "assignment")
    assigned = _assigned_indices(instance, assignment, "assignment")
    return _report(instance, assigned)
