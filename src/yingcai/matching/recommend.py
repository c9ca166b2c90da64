"""`yingcai-match recommend`: two-sided recommendations between talents and jobs, with reasons.

The same code serves projects and project demands: a project plays the talent, a demand the job.

Algorithm. Every talent x job pair gets one score in [0, 1] built from two one-sided scores,
each a weighted sum of features in [0, 1] (weights in the constants below):

- how well the job suits the talent, ``s_t = 0.05 + 0.35 F_t + 0.35 X + 0.20 D + 0.05 H``:
  F_t the share of the talent's fields the job has, X the text relevance, D = 1 when the job
  is in a district the talent chose (0.5 when the talent chose none or the job names none,
  0 otherwise), H = h / (h + 2) for a headcount h (more openings, better chances);
- how well the talent suits the job, ``s_j = 0.10 + 0.45 F_j + 0.45 X``: F_j the share of the
  job's fields the talent has; the 0.10 is for meeting the degree requirement;
- ``score = 2 s_t s_j / (s_t + s_j)``, their harmonic mean (the reciprocal combination of
  reciprocal recommenders, Pizzato et al., "RECON: a reciprocal recommender for online
  dating", RecSys 2010): a pair ranks high only when it suits both sides. It is multiplied
  by 0.25 when the talent's salary_min exceeds the job's salary_max (a strong penalty, not a
  filter).

X is the square root of the cosine of BM25-weighted word vectors (`vectors.TextSpace`; rjieba
segmentation for Chinese, words for English): the root spreads the small cosines that
short profiles give. The one hard constraint is the degree: a talent whose degree is below
the job's degree_min is never recommended to it nor it to them. Talents are kept in
(degree, id) order and jobs in (degree_min, id) order, so the jobs open to a degree are a
prefix and ineligible pairs are never even scored.

Scores are rounded to 4 decimals before ranking, so that the order seen is the order used:
lists are sorted by rounded score descending, ties by id (code-point order). Every eligible
pair is scored once, in blocks of about 500 talents against the open jobs: sparse products
for text and fields, a table look-up for districts, dense float32 arithmetic for the rest
(no masked operations: they cost more than the arithmetic). Each pair gets the integer key
``round(score * 10^4) * n + (n - 1 - id rank)``, unique within a list, so `np.partition`
finds the same top k whatever the block size: per talent within the block, per job by
merging each block's top k into a running top k. Blocks run in `workers` threads (numpy and
scipy release the GIL); the merge order does not matter because the keys are unique.
Time O(T J + words) with T talents and J jobs; memory O(workers x block x J + (T + J) k).

`Recommender.rerank_talent` / `rerank_job` score one (new or changed) profile against all of
the other side with the same functions and the frozen word statistics, in O(J) or O(T):
for a profile of the build it returns exactly its list in `recommend_all`.

Reasons (`why`) name what the pair shares: fields, the degree against the requirement, the
chosen district, the strongest words in common (largest product of weights), a fitting
salary, several openings, in one language per run ("zh-hans" or "en"); a pair always has one.
"""

import bisect
import multiprocessing
import os
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from . import text as words
from .errors import InputError
from .validate import get, ident, integer, lst, obj
from .vectors import TextSpace

DEGREES = ("bachelor", "master", "doctor")
LANGUAGES = ("zh-hans", "en")
# Who plays the talent: the wording of the reasons (a project is not "the talent").
KINDS = ("talents", "projects")
DEFAULT_KIND = "talents"
DEFAULT_LANGUAGE = "zh-hans"
DEFAULT_K = 10

# The talent's side: base, fields, text, district, openings (sum 1).
W_BASE_T, W_FIELD_T, W_TEXT_T, W_PLACE, W_OPEN = 0.05, 0.35, 0.35, 0.20, 0.05
# The job's side: degree met, fields, text (sum 1).
W_BASE_J, W_FIELD_J, W_TEXT_J = 0.10, 0.45, 0.45
SALARY_PENALTY = 0.25
# Projects and demands: the demand lists stages and the project is at another; both give an
# amount range in the same currency and the ranges do not meet.
STAGE_PENALTY = 0.5
AMOUNT_PENALTY = 0.5
# Scores are kept as integers of 1/SCALE: 4 decimals in the output.
SCALE = 10_000
# Talent x job cells per block: about 50 bytes each in temporaries (200 MB).
BLOCK_CELLS = 4_000_000
# Texts from which the command line segments in two processes.
PARALLEL_TEXTS = 4000
MAX_AMOUNT = 10**15
MAX_WORDS_SHOWN = 4

_DEGREE_NAMES = {
    "zh-hans": ("本科", "硕士", "博士"),
    "en": ("bachelor's", "master's", "doctorate"),
}


@dataclass(frozen=True, slots=True)
class Talent:
    """A talent (or a project). degree is an index into DEGREES."""

    id: str
    degree: int
    titles: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    text: str = ""
    districts: tuple[str, ...] = ()
    salary_min: int | None = None
    overseas: bool = False
    # A project's (issue 13), all optional: a talent has none of them.
    stage: str | None = None
    industries: tuple[str, ...] = ()
    amount_min: int | None = None
    amount_max: int | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """A job (or a project demand). degree_min is an index into DEGREES or None."""

    id: str
    degree_min: int | None = None
    fields: tuple[str, ...] = ()
    text: str = ""
    district: str | None = None
    salary_max: int | None = None
    headcount: int = 1
    # A demand's (issue 13), all optional: the stages it wants (none: any), its industries,
    # more districts than `district` (an investor's), its ticket range.
    stages: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    amount_min: int | None = None
    amount_max: int | None = None
    currency: str | None = None


# --- validation: JSON-shaped dicts to profiles -------------------------------------------


def parse_talent(raw, field: str = "talent", kind: str = DEFAULT_KIND) -> Talent:
    """A talent (or, kind "projects", a project) from its JSON object; InputError names the
    first bad field. A project needs no degree."""
    raw = obj(raw, field)
    if kind == "projects" and "degree" not in raw:
        degree = 0
    else:
        degree = _degree(get(raw, "degree", field), f"{field}.degree")
    amount_min, amount_max = _range(raw, field)
    return Talent(
        id=ident(get(raw, "id", field), f"{field}.id"),
        degree=degree,
        titles=_strings(raw, "titles", field),
        fields=_strings(raw, "fields", field),
        text=_text(raw, field),
        districts=_strings(raw, "districts", field),
        salary_min=_amount(raw, "salary_min", field),
        overseas=_flag(raw, "overseas", field),
        stage=_name(raw, "stage", field),
        industries=_strings(raw, "industries", field),
        amount_min=amount_min,
        amount_max=amount_max,
        currency=_name(raw, "currency", field),
    )


def parse_job(raw, field: str = "job") -> Job:
    """A job from its JSON object; InputError names the first bad field."""
    raw = obj(raw, field)
    degree_min = get(raw, "degree_min", field, None)
    district = get(raw, "district", field, None)
    if district is not None and (not isinstance(district, str) or not district.strip()):
        raise InputError(f"{field}.district", "must be a non-empty string or null", district)
    headcount = get(raw, "headcount", field, None)
    amount_min, amount_max = _range(raw, field)
    return Job(
        id=ident(get(raw, "id", field), f"{field}.id"),
        degree_min=None if degree_min is None else _degree(degree_min, f"{field}.degree_min"),
        fields=_strings(raw, "fields", field),
        text=_text(raw, field),
        district=district,
        salary_max=_amount(raw, "salary_max", field),
        headcount=1 if headcount is None else _bounded(headcount, f"{field}.headcount", 10**9),
        stages=_strings(raw, "stages", field),
        industries=_strings(raw, "industries", field),
        districts=_strings(raw, "districts", field),
        amount_min=amount_min,
        amount_max=amount_max,
        currency=_name(raw, "currency", field),
    )


def parse_kind(value, field: str = "kind") -> str:
    if value not in KINDS:
        raise _bad(field, "must be one of " + ", ".join(KINDS), value)
    return value


def parse_language(value, field: str = "language") -> str:
    if value not in LANGUAGES:
        raise _bad(field, "must be one of " + ", ".join(LANGUAGES), value)
    return value


def _bad(field: str, message: str, value) -> InputError:
    # InputError shows no value for None; a JSON null is still worth naming.
    return InputError(field, message + (", not null" if value is None else ""), value)


def _degree(value, field: str) -> int:
    if not isinstance(value, str) or value not in DEGREES:
        raise _bad(field, "must be one of " + ", ".join(DEGREES), value)
    return DEGREES.index(value)


def _strings(raw: dict, key: str, field: str) -> tuple[str, ...]:
    value = get(raw, key, field, None)
    if value is None:
        return ()
    for index, item in enumerate(lst(value, f"{field}.{key}")):
        if not isinstance(item, str) or not item.strip():
            raise _bad(f"{field}.{key}[{index}]", "must be a non-empty string", item)
    return tuple(value)


def _text(raw: dict, field: str) -> str:
    value = get(raw, "text", field, None)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{field}.text", "must be a string", value)
    return value


def _amount(raw: dict, key: str, field: str) -> int | None:
    value = get(raw, key, field, None)
    return None if value is None else _bounded(value, f"{field}.{key}", MAX_AMOUNT)


def _range(raw: dict, field: str) -> tuple[int | None, int | None]:
    """amount_min and amount_max, the minimum not above the maximum."""
    low, high = _amount(raw, "amount_min", field), _amount(raw, "amount_max", field)
    if low is not None and high is not None and low > high:
        raise InputError(f"{field}.amount_max", "must not be below amount_min", high)
    return low, high


def _name(raw: dict, key: str, field: str) -> str | None:
    """An optional non-empty string (a stage, a currency)."""
    value = get(raw, key, field, None)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _bad(f"{field}.{key}", "must be a non-empty string or null", value)
    return value


def _bounded(value, field: str, maximum: int) -> int:
    integer(value, field, minimum=0)
    if value > maximum:
        raise InputError(field, f"must be at most {maximum}", value)
    return value


def _flag(raw: dict, key: str, field: str) -> bool:
    value = get(raw, key, field, None)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InputError(f"{field}.{key}", "must be true or false", value)
    return value


def _key(name: str) -> str:
    """Fields and districts compare case-insensitively, whitespace collapsed."""
    return " ".join(name.split()).casefold()


# Industries count as topics beside the fields, in a namespace of their own.
_INDUSTRY = "industry\x00"


def _topics(profile: Talent | Job) -> tuple[str, ...]:
    """The fields, then the industries marked as such: what F_t and F_j count."""
    if not profile.industries:
        return profile.fields
    return (*profile.fields, *(_INDUSTRY + name for name in profile.industries))


def _job_places(job: Job) -> tuple[str, ...]:
    """All the districts of a job: `district`, then `districts`."""
    if job.district is None:
        return job.districts
    return (job.district, *job.districts)


def _has_amount(profile: Talent | Job) -> bool:
    return profile.currency is not None and (
        profile.amount_min is not None or profile.amount_max is not None
    )


def _distinct(names: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(key, name as written) for each distinct key, first spelling kept, in order."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(_key(name), name)
    return tuple(seen.items())


# --- per-side arrays ---------------------------------------------------------------------


class _Side:
    """The arrays of some talents or some jobs that the pair scores read."""

    def __init__(self, **arrays):
        self.__dict__.update(arrays)


def _incidence(rows: Sequence[Iterable[str]], index: dict[str, int]) -> sparse.csr_matrix:
    """A 0/1 matrix, row r having a 1 in the column of each of its keys that index knows."""
    indptr = [0]
    cols: list[int] = []
    for keys in rows:
        cols.extend(sorted(index[k] for k in keys if k in index))
        indptr.append(len(cols))
    data = np.ones(len(cols), dtype=np.float32)
    return sparse.csr_matrix((data, cols, indptr), shape=(len(rows), len(index)))


def _share(counts: Sequence[int], weight: float) -> np.ndarray:
    return np.asarray([weight / n if n else 0.0 for n in counts], dtype=np.float32)


class _Vocabulary:
    """Fields, districts and words known when the recommender was built."""

    def __init__(self, talents: Sequence[Talent], jobs: Sequence[Job], workers: int):
        self.fields = _index(
            [_key(f) for t in talents for f in _topics(t)]
            + [_key(f) for j in jobs for f in _topics(j)]
        )
        self.places = _index(
            [_key(d) for t in talents for d in t.districts]
            + [_key(d) for j in jobs for d in _job_places(j)]
        )
        self.stages = _index(
            [_key(t.stage) for t in talents if t.stage is not None]
            + [_key(x) for j in jobs for x in j.stages]
        )
        self.currencies = _index(
            [_key(p.currency) for p in (*talents, *jobs) if p.currency is not None]
        )
        analysed = _analyse_all(
            [_talent_text(t) for t in talents] + [j.text for j in jobs], workers
        )
        self.talent_words = [found for found, _ in analysed[: len(talents)]]
        self.job_words = [found for found, _ in analysed[len(talents) :]]
        self.talent_heads = [heads for _, heads in analysed[: len(talents)]]
        self.job_heads = [heads for _, heads in analysed[len(talents) :]]
        self.space = TextSpace(self.talent_words, self.job_words)


def _index(keys: Iterable[str]) -> dict[str, int]:
    return {key: i for i, key in enumerate(sorted(set(keys)))}


def _talent_text(talent: Talent) -> str:
    # Titles ("正高级", "senior engineer") are words of the profile; jobs have no title field.
    return "\n".join((talent.text, *talent.titles))


def _analyse_all(texts: Sequence[str], workers: int) -> list[tuple[list[str], list[str]]]:
    if workers > 1 and len(texts) >= PARALLEL_TEXTS:
        return _analyse_parallel(texts, workers)
    return [words.analyse(t) for t in texts]


def _analyse_parallel(texts: Sequence[str], workers: int) -> list[tuple[list[str], list[str]]]:
    """Tokenising is mostly Python (rjieba segments, the rest is regular expressions and
    filters): share it across processes (fork, dictionary inherited)."""
    words.warm_up()
    chunks = [texts[i::workers] for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_analyse_chunk, chunks)
    result: list = [None] * len(texts)
    for offset, part in enumerate(parts):
        result[offset::workers] = [(_split(found), _split(heads)) for found, heads in part]
    return result


def _analyse_chunk(texts: Sequence[str]) -> list[tuple[str, str]]:
    # One string per list: a million small strings would cost more to pickle and unpickle
    # than to segment. Words never contain the unit separator.
    return [("\x1f".join(found), "\x1f".join(heads)) for found, heads in map(words.analyse, texts)]


def _split(joined: str) -> list[str]:
    return joined.split("\x1f") if joined else []


def _talent_side(
    talents: Sequence[Talent],
    tokens: Sequence[Sequence[str]],
    heads: Sequence[Sequence[str]],
    vocabulary: _Vocabulary,
) -> _Side:
    """Talents as rows: word vectors, field and district incidences, per-talent numbers."""
    fields = [_distinct(_topics(t)) for t in talents]
    places = [_distinct(t.districts) for t in talents]
    text = vocabulary.space.vectors(tokens, 0)
    return _Side(
        text=text,
        flags=_flags(text, vocabulary.space.incidence(heads)),
        fields=_incidence([[k for k, _ in f] for f in fields], vocabulary.fields),
        field_share=_share([len(f) for f in fields], W_FIELD_T),
        places=_incidence([[k for k, _ in p] for p in places], vocabulary.places),
        free=np.asarray([not p for p in places], dtype=bool),
        salary=np.asarray(
            [-1 if t.salary_min is None else t.salary_min for t in talents], dtype=np.int64
        ),
        **_project_terms(talents, vocabulary, talent=True),
    )


def _job_side(
    jobs: Sequence[Job],
    tokens: Sequence[Sequence[str]],
    heads: Sequence[Sequence[str]],
    vocabulary: _Vocabulary,
) -> _Side:
    """Jobs as columns (the products read them so), and the per-job terms of s_t."""
    fields = [_distinct(_topics(j)) for j in jobs]
    text = vocabulary.space.vectors(tokens, 1)
    headcount = np.asarray([j.headcount for j in jobs], dtype=np.float64)
    places = vocabulary.places
    no_district, new_district = len(places), len(places) + 1
    job_places = [_distinct(_job_places(j)) for j in jobs]
    # A job in several districts (an investor's) takes its term from an incidence product in
    # _pair_scores; its place_index is a placeholder.
    place_index = [
        no_district if len(p) != 1 else places.get(p[0][0], new_district) for p in job_places
    ]
    multi = [i for i, p in enumerate(job_places) if len(p) > 1]
    return _Side(
        multi=np.asarray(multi, dtype=np.intp),
        multi_places_t=_incidence(
            [[k for k, _ in job_places[i]] for i in multi], vocabulary.places
        ).T.tocsr(),
        text=text,
        flags=_flags(text, vocabulary.space.incidence(heads)),
        text_t=text.T.tocsr(),
        fields_t=_incidence([[k for k, _ in f] for f in fields], vocabulary.fields).T.tocsr(),
        field_share=_share([len(f) for f in fields], W_FIELD_J),
        place_index=np.asarray(place_index, dtype=np.intp),
        add=(W_BASE_T + W_OPEN * headcount / (headcount + 2.0)).astype(np.float32),
        salary=np.asarray(
            [np.iinfo(np.int64).max if j.salary_max is None else j.salary_max for j in jobs],
            dtype=np.int64,
        ),
        **_project_terms(jobs, vocabulary, talent=False),
    )


def _project_terms(profiles, vocabulary: _Vocabulary, *, talent: bool) -> dict:
    """The stage and amount arrays of a side (all empty for talents and jobs)."""
    if talent:
        stages = [[] if p.stage is None else [_key(p.stage)] for p in profiles]
    else:
        stages = [[_key(x) for x in p.stages] for p in profiles]
    incidence = _incidence(stages, vocabulary.stages)
    return {
        "stage" if talent else "stages_t": incidence if talent else incidence.T.tocsr(),
        "has_stage": np.asarray([bool(x) for x in stages], dtype=bool),
        "currency": np.asarray(
            [vocabulary.currencies[_key(p.currency)] if _has_amount(p) else -1 for p in profiles],
            dtype=np.int64,
        ),
        "low": np.asarray(
            [0 if p.amount_min is None else p.amount_min for p in profiles], dtype=np.int64
        ),
        "high": np.asarray(
            [MAX_AMOUNT if p.amount_max is None else p.amount_max for p in profiles],
            dtype=np.int64,
        ),
    }


def _flags(text: sparse.csr_matrix, heads: sparse.csr_matrix) -> sparse.csr_matrix:
    """The pattern of `text` with 2 at a headword and 1 at another word (headwords are words)."""
    pattern = text.copy()
    pattern.data[:] = 1.0
    flags = sparse.csr_matrix(pattern + heads)
    flags.sort_indices()
    return flags


def _rows(side: _Side, start: int, stop: int) -> _Side:
    return _Side(
        text=side.text[start:stop],
        fields=side.fields[start:stop],
        field_share=side.field_share[start:stop],
        places=side.places[start:stop],
        free=side.free[start:stop],
        salary=side.salary[start:stop],
        stage=side.stage[start:stop],
        has_stage=side.has_stage[start:stop],
        currency=side.currency[start:stop],
        low=side.low[start:stop],
        high=side.high[start:stop],
    )


def _columns(side: _Side, stop: int) -> _Side:
    """The first `stop` jobs: a column slice keeps each pair's sums as they were."""
    return _Side(
        text_t=side.text_t[:, :stop],
        fields_t=side.fields_t[:, :stop],
        field_share=side.field_share[:stop],
        place_index=side.place_index[:stop],
        add=side.add[:stop],
        salary=side.salary[:stop],
        multi=side.multi[side.multi < stop],
        multi_places_t=side.multi_places_t[:, : int(np.count_nonzero(side.multi < stop))],
        stages_t=side.stages_t[:, :stop],
        has_stage=side.has_stage[:stop],
        currency=side.currency[:stop],
        low=side.low[:stop],
        high=side.high[:stop],
    )


def _pair_scores(ta: _Side, ja: _Side) -> np.ndarray:
    """round(score x SCALE) (int32) of every pair of ta's rows x ja's columns, in a buffer of
    this thread that the next call overwrites.

    One function for the full run and for the re-ranks: the same IEEE operations on the same
    numbers give the same scores whatever the shape of the block. Sparse products add in the
    order of the talent's columns whatever else the other operand holds. Reused buffers and
    no masked operations: fresh pages and masks both cost more than the arithmetic here.
    """
    shape = (ta.text.shape[0], ja.text_t.shape[1])
    text = _dense(ta.text @ ja.text_t, "text")
    np.sqrt(text, out=text)
    side_j = _dense(ta.fields @ ja.fields_t, "side_j")  # the number of fields in common, for now
    side_t = np.multiply(side_j, ta.field_share[:, None], out=_buffer("side_t", shape))
    work = np.multiply(text, np.float32(W_TEXT_T), out=_buffer("work", shape))
    side_t += work
    # np.take, not table[:, index]: fancy indexing there returns a column-major array.
    terms = np.take(_district_terms(ta), ja.place_index, axis=1, out=work)
    if len(ja.multi):
        terms[:, ja.multi] = _multi_district_terms(ta, ja)
    side_t += terms
    side_t += ja.add[None, :]
    side_j *= ja.field_share[None, :]
    np.multiply(text, np.float32(W_TEXT_J), out=work)
    side_j += work
    side_j += np.float32(W_BASE_J)
    score = np.multiply(side_t, side_j, out=text)
    side_t += side_j
    score /= side_t
    score *= np.float32(2 * SCALE)
    if (ta.salary >= 0).any():
        conflict = np.greater(
            ta.salary[:, None], ja.salary[None, :], out=_buffer("conflict", shape, bool)
        )
        np.multiply(conflict, np.float32(SALARY_PENALTY - 1.0), out=work)
        work += np.float32(1.0)
        score *= work
    if ta.has_stage.any() and ja.has_stage.any():
        # The demand lists stages, the project is at one, and it is not among them.
        match = (ta.stage @ ja.stages_t).toarray() > 0
        conflict = ta.has_stage[:, None] & ja.has_stage[None, :] & ~match
        score *= np.where(conflict, np.float32(STAGE_PENALTY), np.float32(1.0))
    if (ta.currency >= 0).any() and (ja.currency >= 0).any():
        # Both give an amount range in the same currency, and the ranges do not meet.
        same = (ta.currency[:, None] == ja.currency[None, :]) & (ta.currency[:, None] >= 0)
        apart = (ta.low[:, None] > ja.high[None, :]) | (ta.high[:, None] < ja.low[None, :])
        score *= np.where(same & apart, np.float32(AMOUNT_PENALTY), np.float32(1.0))
    np.rint(score, out=score)
    q = _buffer("q", shape, np.int32)
    np.copyto(q, score, casting="unsafe")
    return q


_scratch = threading.local()


def _buffer(name: str, shape: tuple[int, ...], dtype=np.float32) -> np.ndarray:
    """A reusable array of this thread. A new block-sized array would have the kernel map and
    zero its pages again for every block: a third of the time, before."""
    size = int(np.prod(shape))
    flat = _scratch.__dict__.get(name)
    if flat is None or flat.size < size or flat.dtype != dtype:
        flat = _scratch.__dict__[name] = np.empty(max(size, 1), dtype=dtype)
    return flat[:size].reshape(shape)


def _dense(matrix: sparse.csr_matrix, name: str) -> np.ndarray:
    out = _buffer(name, matrix.shape, matrix.dtype)
    out.fill(0)  # toarray adds into `out`
    return matrix.toarray(out=out)


def _district_terms(ta: _Side) -> np.ndarray:
    """W_PLACE x D for each talent (row) and district (column): the districts of the
    vocabulary, then one column for jobs that give no district and one for a district no
    talent chose (a new job's); `np.take` by the job's column makes the pair's term."""
    places = ta.places.shape[1]
    table = np.empty((ta.places.shape[0], places + 2), dtype=np.float32)
    table[:, :places] = ta.places.toarray()
    table[:, places] = 0.5
    table[:, places + 1] = 0.0
    table[ta.free, :] = 0.5
    table *= np.float32(W_PLACE)
    return table


def _multi_district_terms(ta: _Side, ja: _Side) -> np.ndarray:
    """W_PLACE x D for the jobs in several districts: D = 1 when the talent chose one of
    them, 0.5 when the talent chose none, else 0 (as `_district_terms` for one district)."""
    table = ((ta.places @ ja.multi_places_t).toarray() > 0).astype(np.float32)
    table[ta.free, :] = 0.5
    table *= np.float32(W_PLACE)
    return table


def _key_type(n: int):
    return np.int32 if (SCALE + 2) * (n + 1) < 2**31 else np.int64


def _keys(q: np.ndarray, n: int, reverse_rank: np.ndarray, name: str) -> np.ndarray:
    """Unique sort keys round(score x SCALE) * n + (n - 1 - id rank): larger is better.
    In a buffer of this thread (`name`)."""
    keys = _buffer(name, q.shape, reverse_rank.dtype)
    np.copyto(keys, q, casting="unsafe")
    keys *= n
    keys += reverse_rank
    return keys


def _top_keys(keys: np.ndarray, k: int) -> np.ndarray:
    """The k largest keys of each row, largest first (keys are unique within a row); the
    rows of `keys` are partitioned in place."""
    width = keys.shape[1]
    if k < width:
        keys.partition(width - k, axis=1)
        keys = keys[:, width - k :]
    return -np.sort(-keys, axis=1)


def _ranks(ids: Sequence[str]) -> tuple[np.ndarray, list[int]]:
    """Each profile's position in id order, and the profiles in id order."""
    by_id = sorted(range(len(ids)), key=ids.__getitem__)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[by_id] = np.arange(len(ids))
    return rank, by_id


# --- reasons -----------------------------------------------------------------------------


class _Card:
    """What the reasons read of one profile besides its words, flattened for speed."""

    __slots__ = (
        "amount", "degree", "field_keys", "fields", "id", "industries", "industry_keys",
        "minimum", "openings", "place_names", "places", "salary", "stage", "stage_keys",
    )  # fmt: skip

    def __init__(self, profile: Talent | Job):
        self.id = profile.id
        self.fields = _distinct(profile.fields)
        self.field_keys = frozenset(k for k, _ in self.fields)
        self.industries = _distinct(profile.industries)
        self.industry_keys = frozenset(k for k, _ in self.industries)
        # (low, high, currency key, currency as written), or None.
        self.amount = (
            (profile.amount_min, profile.amount_max, _key(profile.currency), profile.currency)
            if _has_amount(profile)
            else None
        )
        if isinstance(profile, Talent):
            self.degree = profile.degree
            self.places = frozenset(_key(d) for d in profile.districts)
            self.salary = profile.salary_min
            self.stage = profile.stage
            self.stage_keys = frozenset(() if profile.stage is None else (_key(profile.stage),))
            self.minimum = self.openings = None
            self.place_names = ()
        else:
            self.minimum = profile.degree_min
            self.place_names = _distinct(_job_places(profile))
            self.salary = profile.salary_max
            self.openings = profile.headcount if profile.headcount >= 2 else None
            self.stage_keys = frozenset(_key(x) for x in profile.stages)
            self.degree = self.stage = None
            self.places = frozenset()


def _amount_text(low: int | None, high: int | None, currency: str) -> str:
    if low is None:
        return f"≤ {high:,} {currency}"
    if high is None:
        return f"≥ {low:,} {currency}"
    if low == high:
        return f"{low:,} {currency}"
    return f"{low:,}–{high:,} {currency}"


def _amounts_meet(talent: _Card, job: _Card) -> bool:
    a, b = talent.amount, job.amount
    if a is None or b is None or a[2] != b[2]:
        return False
    low_a, high_a = a[0] or 0, MAX_AMOUNT if a[1] is None else a[1]
    low_b, high_b = b[0] or 0, MAX_AMOUNT if b[1] is None else b[1]
    return low_a <= high_b and low_b <= high_a


class _Phrases:
    """The reasons' wording in one language; fixed sentences are made once."""

    def __init__(self, language: str, kind: str = DEFAULT_KIND):
        zh = language == "zh-hans"
        names = _DEGREE_NAMES[language]
        self.sep = "、" if zh else ", "
        self.fields = "学科领域相同：" if zh else "same field: "
        self.words = "共同关键词：" if zh else "words in common: "
        self.district_for_talent = "意向区县：" if zh else "in a district you chose: "
        self.district_for_job = "人才意向区县：" if zh else "in a district the talent chose: "
        # Projects and demands (kind "projects").
        self.projects = kind == "projects"
        if self.projects:
            self.district_for_job = (
                "项目意向区县：" if zh else "in a district the project wishes for: "
            )
        self.industries = "同属产业：" if zh else "same industry: "
        self.stage = "阶段符合：" if zh else "stage fits: "
        self.amount = (
            "金额相符：寻求 {}，可提供 {}" if zh else "amount fits: seeks {}, offers {}"
        ).format
        self.overall = "综合匹配" if zh else "overall fit"
        self.salary = (
            "薪资符合：期望不低于 {}，岗位最高 {}"
            if zh
            else "salary fits: expects at least {}, offers up to {}"
        ).format
        self.openings = ("招聘人数：{}" if zh else "openings: {}").format
        # degree[d][m]: a talent of degree d, a job asking for m (None: no minimum).
        self.degree = [
            {
                m: (
                    f"学历符合：{names[d]}（要求{names[m]}及以上）"
                    if zh
                    else f"degree fits: {names[d]} ({names[m]} or above required)"
                )
                for m in range(d + 1)
            }
            | {
                None: f"学历符合：{names[d]}（岗位不限学历）"
                if zh
                else f"degree fits: {names[d]} (no minimum required)"
            }
            for d in range(len(DEGREES))
        ]


def _shared_words(
    talents: _Side,
    jobs: _Side,
    talent_rows: np.ndarray,
    job_rows: np.ndarray,
    terms: list[str],
    say: _Phrases,
) -> list[str | None]:
    """For each pair (talent_rows[p], job_rows[p]) the reason naming its words in common.

    The words are those that weigh most in the pair's text relevance (largest product of
    their weights; ties by word), among the headwords of either side: 嵌入式 is named when
    one side wrote it, 嵌入 (a part search mode adds) is not. All pairs at once, by sparse
    element-wise products: O(words of the pairs) in numpy, then one join per pair.
    """
    n = len(talent_rows)
    if n == 0:
        return []
    # Both products keep the intersection of the same two patterns (flags have the words'
    # pattern; no product of positive weights is zero), so their entries line up.
    products = sparse.csr_matrix(talents.text[talent_rows].multiply(jobs.text[job_rows]))
    flags = sparse.csr_matrix(talents.flags[talent_rows].multiply(jobs.flags[job_rows]))
    products.sort_indices()
    flags.sort_indices()
    products.data[flags.data < 2] = 0  # neither side wrote the word as a word of its own
    products.eliminate_zeros()
    counts = np.diff(products.indptr)
    pair = np.repeat(np.arange(n), counts)
    order = np.lexsort((products.indices, -products.data, pair))
    position = np.arange(len(order)) - products.indptr[pair[order]]
    shown = order[position < MAX_WORDS_SHOWN]
    shown_counts = np.minimum(counts, MAX_WORDS_SHOWN).tolist()
    chosen = [terms[c] for c in products.indices[shown].tolist()]
    result: list[str | None] = []
    start = 0
    prefix, sep = say.words, say.sep
    for count in shown_counts:
        result.append(prefix + sep.join(chosen[start : start + count]) if count else None)
        start += count
    return result


def _talent_items(
    talent: _Card, jobs: list[_Card], scores: list[float], shared: list, say: _Phrases
) -> list[dict]:
    """A talent's list: the jobs with their scores and reasons, addressed to the talent.

    Reasons, in this order: the same fields (as the talent wrote them), the degree against
    the minimum, the district the talent chose, the words in common (`shared`), a salary
    that fits, several openings; a pair with none of these gets the degree line, because
    the degree rule was checked and holds. The same rules as `_job_items`; one loop per
    owner keeps the per-talent work out of the per-pair work.
    """
    items = []
    field_keys, fields, places = talent.field_keys, talent.fields, talent.places
    salary, degree = talent.salary, say.degree[talent.degree]
    fallback = [say.overall] if say.projects else [degree[None]]
    for job, score, in_common in zip(jobs, scores, shared, strict=True):
        why = []
        if field_keys and not field_keys.isdisjoint(job.field_keys):
            common = [name for key, name in fields if key in job.field_keys]
            why.append(say.fields + say.sep.join(common))
        if talent.industry_keys and not talent.industry_keys.isdisjoint(job.industry_keys):
            common = [name for key, name in talent.industries if key in job.industry_keys]
            why.append(say.industries + say.sep.join(common))
        if job.minimum is not None:
            why.append(degree[job.minimum])
        if places and job.place_names:
            common = [name for key, name in job.place_names if key in places]
            if common:
                why.append(say.district_for_talent + say.sep.join(common))
        if job.stage_keys and not talent.stage_keys.isdisjoint(job.stage_keys):
            why.append(say.stage + talent.stage)
        if talent.amount is not None and _amounts_meet(talent, job):
            sought = _amount_text(*talent.amount[:2], talent.amount[3])
            why.append(say.amount(sought, _amount_text(*job.amount[:2], job.amount[3])))
        if in_common is not None:
            why.append(in_common)
        if salary is not None and job.salary is not None and salary <= job.salary:
            why.append(say.salary(salary, job.salary))
        if job.openings is not None:
            why.append(say.openings(job.openings))
        items.append({"id": job.id, "score": score, "why": why or fallback})
    return items


def _job_items(
    job: _Card, talents: list[_Card], scores: list[float], shared: list, say: _Phrases
) -> list[dict]:
    """A job's list: the talents with their scores and reasons, addressed to the employer
    (the fields as the job wrote them; no line about its own openings)."""
    items = []
    field_keys, fields, salary = job.field_keys, job.fields, job.salary
    minimum, place_names = job.minimum, job.place_names
    offered = None if job.amount is None else _amount_text(*job.amount[:2], job.amount[3])
    for talent, score, in_common in zip(talents, scores, shared, strict=True):
        why = []
        if field_keys and not field_keys.isdisjoint(talent.field_keys):
            common = [name for key, name in fields if key in talent.field_keys]
            why.append(say.fields + say.sep.join(common))
        if job.industry_keys and not job.industry_keys.isdisjoint(talent.industry_keys):
            common = [name for key, name in job.industries if key in talent.industry_keys]
            why.append(say.industries + say.sep.join(common))
        if minimum is not None:
            why.append(say.degree[talent.degree][minimum])
        if place_names and talent.places:
            common = [name for key, name in place_names if key in talent.places]
            if common:
                why.append(say.district_for_job + say.sep.join(common))
        if job.stage_keys and not talent.stage_keys.isdisjoint(job.stage_keys):
            why.append(say.stage + talent.stage)
        if offered is not None and _amounts_meet(talent, job):
            sought = _amount_text(*talent.amount[:2], talent.amount[3])
            why.append(say.amount(sought, offered))
        if in_common is not None:
            why.append(in_common)
        if talent.salary is not None and salary is not None and talent.salary <= salary:
            why.append(say.salary(talent.salary, salary))
        fallback = say.overall if say.projects else say.degree[talent.degree][None]
        items.append({"id": talent.id, "score": score, "why": why or [fallback]})
    return items


# --- the recommender ---------------------------------------------------------------------


class Recommender:
    """Talents and jobs indexed once; full top-k lists both ways, or one profile re-ranked.

    Internally talents are ordered by (degree, id) and jobs by (degree_min, id): the jobs a
    talent of degree d may be offered are then a prefix of the jobs, and ineligible pairs
    are never scored. Ties are broken by id rank, which the sort keys carry.

    Build: O(words + fields + districts) plus rjieba's dictionary once per process (0.1-0.3 s).
    `recommend_all(k)`: O(T J) arithmetic in blocks. `rerank_talent` / `rerank_job`: O(J) or
    O(T) for one profile, the other side and the word statistics as built.

    `workers` > 1 lets the build segment texts in that many forked processes, and the full
    run score blocks in that many threads (the command line uses 2; a web process, whose
    threads may not survive a fork, should keep 1).
    """

    def __init__(
        self,
        talents: Iterable[Talent | dict],
        jobs: Iterable[Job | dict],
        *,
        language: str = DEFAULT_LANGUAGE,
        workers: int = 1,
        kind: str = DEFAULT_KIND,
    ):
        self.language = parse_language(language)
        self.kind = parse_kind(kind)
        self.workers = max(1, workers)
        talent_list = [
            t if isinstance(t, Talent) else parse_talent(t, f"talents[{i}]", self.kind)
            for i, t in enumerate(talents)
        ]
        job_list = [
            j if isinstance(j, Job) else parse_job(j, f"jobs[{i}]") for i, j in enumerate(jobs)
        ]
        _unique(talent_list, "talents")
        _unique(job_list, "jobs")
        # Neither the input order nor these internal orders show in any result.
        self.talents = sorted(talent_list, key=lambda t: (t.degree, t.id))
        self.jobs = sorted(job_list, key=lambda j: (_minimum(j), j.id))
        n_t, n_j = len(self.talents), len(self.jobs)
        rank, self._talents_by_id = _ranks([t.id for t in self.talents])
        self._talent_reverse = (n_t - 1 - rank).astype(_key_type(n_t))
        rank, self._jobs_by_id = _ranks([j.id for j in self.jobs])
        self._job_reverse = (n_j - 1 - rank).astype(_key_type(n_j))
        degrees = [t.degree for t in self.talents]
        minimums = [_minimum(j) for j in self.jobs]
        # Talents of degree >= d start at _first_talent[d]; jobs open to degree d end at _open[d].
        self._first_talent = [bisect.bisect_left(degrees, d) for d in range(len(DEGREES) + 1)]
        self._open = [bisect.bisect_right(minimums, d) for d in range(len(DEGREES))]

        self.vocabulary = v = _Vocabulary(self.talents, self.jobs, workers)
        self._talent_side = _talent_side(self.talents, v.talent_words, v.talent_heads, v)
        self._job_side = _job_side(self.jobs, v.job_words, v.job_heads, v)
        self._job_columns = [_columns(self._job_side, stop) for stop in self._open]
        self._talent_cards = [_Card(t) for t in self.talents]
        self._job_cards = [_Card(j) for j in self.jobs]

    # The full run -------------------------------------------------------------------------

    def recommend_all(self, k: int = DEFAULT_K, language: str | None = None) -> dict:
        """{"for_talents": {talent id: [...]}, "for_jobs": {job id: [...]}}, ids in order."""
        say = _Phrases(self.language if language is None else parse_language(language), self.kind)
        integer(k, "k", minimum=0)
        n_t, n_j = len(self.talents), len(self.jobs)
        k_t, k_j = min(k, n_j), min(k, n_t)
        talent_counts = np.zeros(n_t, dtype=np.int64)
        talent_keys: list[np.ndarray] = []
        job_top = np.full((n_j, k_j), -1, dtype=self._talent_reverse.dtype)
        blocks = []
        for degree in range(len(DEGREES) if k else 0):
            open_jobs = self._open[degree]
            first, last = self._first_talent[degree], self._first_talent[degree + 1]
            step = max(1, BLOCK_CELLS // max(open_jobs, 1))
            if open_jobs:
                blocks.extend((degree, a, min(last, a + step)) for a in range(first, last, step))

        def score(block):
            degree, start, stop = block
            open_jobs = self._open[degree]
            q = _pair_scores(_rows(self._talent_side, start, stop), self._job_columns[degree])
            keys = _keys(q, n_j, self._job_reverse[None, :open_jobs], "talent keys")
            rows = _top_keys(keys, min(k_t, open_jobs))
            keys = _keys(q.T, n_t, self._talent_reverse[None, start:stop], "job keys")
            return rows, _top_keys(keys, min(k_j, stop - start))

        # numpy and scipy release the GIL in the heavy loops: threads score blocks side by
        # side. Keys are unique, so the top k of a job is one set whatever the merge order.
        with ThreadPoolExecutor(self.workers) as pool:
            for (degree, start, stop), (rows, best) in zip(
                blocks, pool.map(score, blocks), strict=True
            ):
                # Blocks come in talent order: the keys, flattened, are grouped by talent.
                talent_keys.append(rows.ravel())
                talent_counts[start:stop] = rows.shape[1]
                open_jobs = self._open[degree]
                merged = np.concatenate([job_top[:open_jobs], best], axis=1)
                job_top[:open_jobs] = _top_keys(merged, k_j)

        # Decode the keys into pairs (talent index, job index, score).
        t_keys = np.concatenate(talent_keys) if talent_keys else np.zeros(0, dtype=np.int64)
        t_talent = np.repeat(np.arange(n_t), talent_counts)
        t_job = np.asarray(self._jobs_by_id, dtype=np.int64)[n_j - 1 - t_keys % n_j]
        valid = job_top >= 0
        j_keys = job_top[valid]
        j_job = np.repeat(np.arange(n_j), valid.sum(axis=1))
        j_talent = np.asarray(self._talents_by_id, dtype=np.int64)[n_t - 1 - j_keys % n_t]
        # One reason about words per distinct pair, whichever lists it is in.
        codes, where = np.unique(
            np.concatenate([t_talent * n_j + t_job, j_talent * n_j + j_job]), return_inverse=True
        )
        shared = _shared_words(
            self._talent_side,
            self._job_side,
            codes // max(n_j, 1),
            codes % max(n_j, 1),
            self.vocabulary.space.terms,
            say,
        )
        t_shared = [shared[w] for w in where[: len(t_keys)].tolist()]
        j_shared = [shared[w] for w in where[len(t_keys) :].tolist()]
        t_scores = ((t_keys // n_j) / SCALE).tolist()
        j_scores = ((j_keys // n_t) / SCALE).tolist()
        t_jobs = t_job.tolist()
        j_talents = j_talent.tolist()
        tc, jc = self._talent_cards, self._job_cards
        offsets = np.concatenate([[0], np.cumsum(talent_counts)]).tolist()
        for_talents = {}
        for i in self._talents_by_id:
            a, b = offsets[i], offsets[i + 1]
            jobs = [jc[j] for j in t_jobs[a:b]]
            for_talents[tc[i].id] = _talent_items(tc[i], jobs, t_scores[a:b], t_shared[a:b], say)
        offsets = np.concatenate([[0], np.cumsum(valid.sum(axis=1))]).tolist()
        for_jobs = {}
        for j in self._jobs_by_id:
            a, b = offsets[j], offsets[j + 1]
            talents = [tc[i] for i in j_talents[a:b]]
            for_jobs[jc[j].id] = _job_items(jc[j], talents, j_scores[a:b], j_shared[a:b], say)
        return {"for_talents": for_talents, "for_jobs": for_jobs}

    # One profile ----------------------------------------------------------------------------

    def rerank_talent(
        self, talent: Talent | dict, k: int = DEFAULT_K, language: str | None = None
    ) -> list[dict]:
        """The top-k jobs for one new or changed talent, as in `recommend_all`'s for_talents."""
        say = _Phrases(self.language if language is None else parse_language(language), self.kind)
        integer(k, "k", minimum=0)
        if not isinstance(talent, Talent):
            talent = parse_talent(talent, kind=self.kind)
        n_j = len(self.jobs)
        open_jobs = self._open[talent.degree]
        if min(k, open_jobs) == 0:
            return []
        found, heads = words.analyse(_talent_text(talent))
        side = _talent_side([talent], [found], [heads], self.vocabulary)
        q = _pair_scores(side, self._job_columns[talent.degree])
        keys = _keys(q, n_j, self._job_reverse[None, :open_jobs], "talent keys")
        keys = _top_keys(keys, min(k, open_jobs))
        keys = keys[0].tolist()
        jobs = [self._jobs_by_id[n_j - 1 - key % n_j] for key in keys]
        terms = self.vocabulary.space.terms
        shared = _shared_words(side, self._job_side, np.zeros(len(jobs), int), jobs, terms, say)
        scores = [key // n_j / SCALE for key in keys]
        cards = [self._job_cards[j] for j in jobs]
        return _talent_items(_Card(talent), cards, scores, shared, say)

    def rerank_job(
        self, job: Job | dict, k: int = DEFAULT_K, language: str | None = None
    ) -> list[dict]:
        """The top-k talents for one new or changed job, as in `recommend_all`'s for_jobs."""
        say = _Phrases(self.language if language is None else parse_language(language), self.kind)
        integer(k, "k", minimum=0)
        if not isinstance(job, Job):
            job = parse_job(job)
        n_t = len(self.talents)
        first = self._first_talent[max(_minimum(job), 0)]
        if min(k, n_t - first) == 0:
            return []
        found, heads = words.analyse(job.text)
        side = _job_side([job], [found], [heads], self.vocabulary)
        q = _pair_scores(_rows(self._talent_side, first, n_t), side)
        keys = _keys(q.T, n_t, self._talent_reverse[None, first:], "job keys")
        keys = _top_keys(keys, min(k, n_t - first))[0].tolist()
        talents = [self._talents_by_id[n_t - 1 - key % n_t] for key in keys]
        terms = self.vocabulary.space.terms
        shared = _shared_words(
            self._talent_side, side, talents, np.zeros(len(talents), int), terms, say
        )
        scores = [key // n_t / SCALE for key in keys]
        cards = [self._talent_cards[i] for i in talents]
        return _job_items(_Card(job), cards, scores, shared, say)


def _minimum(job: Job) -> int:
    return -1 if job.degree_min is None else job.degree_min


def _unique(profiles: Sequence[Talent | Job], field: str) -> None:
    seen = set()
    for index, profile in enumerate(profiles):
        if profile.id in seen:
            raise InputError(f"{field}[{index}].id", "is a duplicate id", profile.id)
        seen.add(profile.id)


# --- plain functions and the command line --------------------------------------------------


def recommend(
    talents: Iterable[Talent | dict],
    jobs: Iterable[Job | dict],
    k: int = DEFAULT_K,
    language: str = DEFAULT_LANGUAGE,
    workers: int = 1,
    kind: str = DEFAULT_KIND,
) -> dict:
    """Both directions' top-k lists: `Recommender(talents, jobs).recommend_all(k)`."""
    recommender = Recommender(talents, jobs, language=language, workers=workers, kind=kind)
    return recommender.recommend_all(k)


def recommend_cli(data) -> dict:
    """The `recommend` subcommand: validate the JSON input, return the JSON output."""
    data = obj(data, "input")
    kind = parse_kind(get(data, "kind", "", DEFAULT_KIND))
    talents = [
        parse_talent(raw, f"talents[{i}]", kind)
        for i, raw in enumerate(lst(get(data, "talents", ""), "talents"))
    ]
    jobs = [
        parse_job(raw, f"jobs[{i}]") for i, raw in enumerate(lst(get(data, "jobs", ""), "jobs"))
    ]
    k = integer(get(data, "k", "", DEFAULT_K), "k", minimum=0)
    language = parse_language(get(data, "language", "", DEFAULT_LANGUAGE))
    # Two workers: the target machine has two cores, and each thread holds a block (~200 MB).
    workers = min(2, max(1, _cpus()))
    return recommend(talents, jobs, k, language, workers, kind)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
