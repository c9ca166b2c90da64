"""Words and their weights for `recommend`: bilingual tokenisation and BM25-weighted vectors.

Tokenisation. Text is NFKC-normalised when it has full-width letters or digits (they become
ASCII) or other compatibility characters, lower-cased, and cut into runs of Chinese characters
and runs of Latin letters and digits. A Chinese run is segmented with jieba's dictionary by
jieba's own "precise mode without HMM" rule: the segmentation of maximum total word
log-probability over the dictionary DAG (Sun Junyi, jieba 0.42, `Tokenizer.calc`),
re-implemented here in one backward pass that reads jieba's prefix dictionary directly; it
gives the same words as `jieba.lcut(run, HMM=False)` at about twice the speed. As in jieba's
search mode (`lcut_for_search`), a long word also gives its dictionary sub-words, so that
compounds meet their parts (嵌入式软件: 嵌入, 软件, 嵌入式, 嵌入式软件). The HMM for
out-of-dictionary words is left out on purpose: it is the slow part, and the single
characters it would merge are dropped anyway. A Latin run is a word; a conservative plural
rule ("systems" -> "system", "batteries" -> "battery") lets singular and plural meet.
Stop words, single characters and bare numbers are dropped. Cost: O(L * w) per text of L
characters, w the longest dictionary word starting at a position.

Weighting. A profile's words become a vector with Okapi BM25 term weights (Robertson and
Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009):
``idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))`` with Lucene's always
positive ``idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))``, N and df counted over talents and
jobs together and avgdl per side (talent texts and job texts differ in length). Vectors are
L2-normalised so that one sparse product gives the cosine of every pair. The statistics are
frozen when the space is built; a profile weighed later (a re-rank) uses them unchanged, and a
word the space has never seen gets the weight of a word of document frequency 0.
"""

import logging
import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scipy import sparse

K1 = 1.2
B = 0.75
COMMON_SHARE = 0.5
COMMON_MIN_DOCS = 50

# Function words and the boilerplate of job advertisements: they would only fill the
# "words in common" reasons. Single characters are dropped separately.
_STOP_ZH = """
    我们 你们 他们 以及 或者 并且 而且 但是 因为 所以 如果 可以 能够 具有 具备 进行 相关
    以上 以下 优先 熟悉 掌握 了解 负责 从事 工作 岗位 要求 职位 经验 能力 良好 较强 一定
    其他 其它 主要 包括 通过 等等 方面 一个 一些 这些 那些 没有 不是 就是 已经 还是 及其
    之一 之间 之后 之前 同时 对于 关于 根据 按照 为了 作为 成为 任职 资格 优秀 欢迎 本人
    个人 具体 目前 现在 拥有 参与 以后 其中 有关 各类 各种 各项 多年 不限 方向 领域 以来
"""
STOP_ZH = frozenset(_STOP_ZH.split())
# Characters that, typed alone, are function words rather than the start of a word searched
# for (a one-character query is otherwise a prefix search: 医 finds 医生).
STOP_ZH_CHARS = frozenset("的了和与及或在是有等我你他她它们也就都而之把被对从向于以为着过吗呢吧啊")
_STOP_EN = """
    a about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each etc few for from
    further had has have having he her here hers him his how i if in into is it its itself
    just me more most my no nor not now of off on once only or other our ours out over own
    same she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your yours
    ability able candidate candidates experience experienced good including job jobs
    preferred related required requirement requirements responsible skill skills strong team
    work working year years
"""
STOP_EN = frozenset(_STOP_EN.split())

_PIECES = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|([a-z0-9][a-z0-9+#]*)")
_DIGITS = re.compile(r"[0-9]+")
# What NFKC changes that matters for words: full-width letters and digits, Roman and circled
# numerals, compatibility ideographs, ligatures. (Full-width punctuation separates words
# either way; normalising every Chinese text for it would cost a tenth of the tokenising.)
_WIDE = re.compile(
    r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2160-\u24ff\uf900-\ufaff\ufb00-\ufb06]"
)

_lock = threading.Lock()
_dictionary: tuple[dict[str, int], float] | None = None


def warm_up() -> None:
    """Load jieba's dictionary now (about 1 s, once per process) rather than at the first text."""
    _jieba_dictionary()


def _jieba_dictionary() -> tuple[dict[str, int], float]:
    """jieba's prefix dictionary (word or prefix -> frequency, 0 for a bare prefix) and log total.

    A private `jieba.Tokenizer`, so that words another part of the process adds to jieba's
    default tokenizer cannot change our segmentation (determinism).
    """
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                import jieba

                # jieba reports loading its dictionary on stderr (DEBUG), and a temporary
                # directory it cannot write its cache to (ERROR, harmless: the next run
                # builds the dictionary again). The command line prints nothing on stderr
                # unless the input is bad.
                previous = jieba.default_logger.level
                jieba.setLogLevel(logging.CRITICAL)
                try:
                    tokenizer = jieba.Tokenizer()
                    tokenizer.initialize()
                finally:
                    jieba.setLogLevel(max(previous, logging.WARNING))
                _dictionary = (tokenizer.FREQ, math.log(tokenizer.total))
    return _dictionary


def _segment(run: str) -> list[str]:
    """jieba's precise-mode segmentation of a run of Chinese characters, without the HMM.

    Dynamic programming from the end: best[i] is the largest log-probability of run[i:],
    a word run[i:j] scoring ln(freq) - ln(total); ties go to the longer word, as in jieba.
    """
    freq, log_total = _jieba_dictionary()
    get, log = freq.get, math.log
    n = len(run)
    best = [0.0] * (n + 1)
    cut = list(range(1, n + 2))
    for i in range(n - 1, -1, -1):
        # A character with no word starting at it stands alone, scored as frequency 1.
        score = best[i + 1] - log_total
        found = False
        j = i + 1
        count = get(run[i])
        while count is not None:
            if count:
                candidate = log(count) - log_total + best[j]
                if not found or candidate >= score:
                    score, cut[i], found = candidate, j, True
            if j >= n:
                break
            j += 1
            count = get(run[i:j])
        best[i] = score
    words = []
    i = 0
    while i < n:
        j = cut[i]
        words.append(run[i:j])
        i = j
    return words


def _search_words(run: str) -> list[str]:
    """jieba's search mode (`cut_for_search`) without the HMM: see `_expand`."""
    return _expand(_segment(run))


def _expand(segmented: list[str]) -> list[str]:
    """Before each word of more than two characters, its two- and three-character sub-words
    found in the dictionary, as jieba's search mode does: 嵌入式软件 then meets 嵌入式 and
    软件, 集成电路设计 meets 集成电路."""
    freq = _jieba_dictionary()[0]
    found = []
    for word in segmented:
        size = len(word)
        if size > 2:
            found.extend(gram for i in range(size - 1) if freq.get(gram := word[i : i + 2]))
        if size > 3:
            found.extend(gram for i in range(size - 2) if freq.get(gram := word[i : i + 3]))
        found.append(word)
    return found


@lru_cache(maxsize=1 << 16)
def _chinese_words(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(search-mode words, precise-mode words) of a run, without stop words and single
    characters. Job advertisements repeat their clauses ("五险一金", "博士研究生学历"): the
    cache segments each distinct clause once."""
    segmented = _segment(run)
    precise = tuple(w for w in segmented if len(w) > 1 and w not in STOP_ZH)
    if all(len(w) <= 2 for w in segmented):
        return precise, precise
    search = tuple(w for w in _expand(segmented) if len(w) > 1 and w not in STOP_ZH)
    return search, precise


def _latin_word(word: str) -> str | None:
    if len(word) < 2 or word in STOP_EN or _DIGITS.fullmatch(word):
        return None
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return None if word in STOP_EN else word


def analyse(text: str) -> tuple[list[str], list[str]]:
    """(words, headwords) of a text, Chinese and English alike, repeated as they occur.

    words are what the vectors weigh (search mode); headwords are those a reader would
    name (precise mode and English words), not the parts search mode adds.
    """
    found: list[str] = []
    heads: list[str] = []
    if _WIDE.search(text):
        text = unicodedata.normalize("NFKC", text)
    for chinese, latin in _PIECES.findall(text.lower()):
        if chinese:
            search, precise = _chinese_words(chinese)
            found.extend(search)
            heads.extend(precise)
        else:
            word = _latin_word(latin)
            if word is not None:
                found.append(word)
                heads.append(word)
    return found, heads


def tokenize(text: str) -> list[str]:
    """The words of a text (search mode), Chinese and English alike, repeated as they occur."""
    return analyse(text)[0]


class TextSpace:
    """BM25-weighted, L2-normalised word vectors of two collections (talents and jobs).

    A word found in more than half of the documents of a side with at least COMMON_MIN_DOCS
    documents is a stop word of this corpus ("max_df" in scikit-learn): its idf is near
    zero, so it would change no ranking, yet it would make every pair's product non-zero
    (the boilerplate of advertisements, "招聘", "研究", costs 3/4 of the product otherwise).

    Built in O(total words + vocabulary log vocabulary); `vectors` of m new documents costs
    O(their words). Columns are the words in code-point order, so the result does not depend
    on the order of the documents.
    """

    def __init__(self, left: Sequence[Sequence[str]], right: Sequence[Sequence[str]]):
        # numpy and scipy load here, not at import: the web and the commands use `tokenize`
        # at every start, the vectors only when recommending.
        import numpy as np

        counts: list[dict[str, int]] = []
        for docs in (left, right):
            df: dict[str, int] = {}
            for doc in docs:
                for term in set(doc):
                    df[term] = df.get(term, 0) + 1
            counts.append(df)
        common: set[str] = set()
        for docs, df in zip((left, right), counts, strict=True):
            if len(docs) >= COMMON_MIN_DOCS:
                common.update(t for t, n in df.items() if n > COMMON_SHARE * len(docs))
        self.common = frozenset(common)
        terms = (set(counts[0]) | set(counts[1])) - self.common
        self.terms: list[str] = sorted(terms)
        self.index: dict[str, int] = {t: i for i, t in enumerate(self.terms)}
        df = np.asarray(
            [counts[0].get(t, 0) + counts[1].get(t, 0) for t in self.terms], dtype=np.float64
        )
        left = [self.strip(doc) for doc in left]
        right = [self.strip(doc) for doc in right]
        self.documents = len(left) + len(right)
        n = float(self.documents)
        self.idf = np.log1p((n - df + 0.5) / (df + 0.5))
        self.unseen_idf = math.log1p((n + 0.5) / 0.5)
        self.avgdl = (_average_length(left), _average_length(right))

    def strip(self, doc: Sequence[str]) -> Sequence[str]:
        """The document without the corpus's stop words."""
        common = self.common
        return [t for t in doc if t not in common] if common else doc

    def incidence(self, docs: Sequence[Iterable[str]]) -> "sparse.csr_matrix":
        """1.0 where a document has a word of the space (float32, columns sorted)."""
        import numpy as np
        from scipy import sparse

        index = self.index
        indptr = [0]
        cols: list[int] = []
        for doc in docs:
            cols.extend(sorted({index[t] for t in doc if t in index}))
            indptr.append(len(cols))
        data = np.ones(len(cols), dtype=np.float32)
        return sparse.csr_matrix((data, cols, indptr), shape=(len(docs), len(self.terms)))

    def vectors(self, docs: Sequence[Sequence[str]], side: int) -> "sparse.csr_matrix":
        """Rows of unit length (float32) for documents of side 0 (left) or 1 (right)."""
        import numpy as np
        from scipy import sparse

        docs = [self.strip(doc) for doc in docs]
        index = self.index
        vocabulary = len(self.terms)
        unseen: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for row, doc in enumerate(docs):
            for term in doc:
                col = index.get(term)
                if col is None:
                    # Counted in the length of the vector, matching nothing.
                    col = unseen.setdefault(term, vocabulary + len(unseen))
                cols.append(col)
            rows.extend([row] * len(doc))
        width = vocabulary + len(unseen)
        keys, tf = np.unique(
            np.asarray(rows, dtype=np.int64) * width + np.asarray(cols, dtype=np.int64),
            return_counts=True,
        )
        entry_row = keys // width
        entry_col = keys % width
        lengths = np.asarray([len(doc) for doc in docs], dtype=np.float64)
        avgdl = self.avgdl[side] or 1.0
        saturation = K1 * (1.0 - B + B * lengths / avgdl)
        seen = entry_col < vocabulary
        idf = np.full(len(keys), self.unseen_idf)
        idf[seen] = self.idf[entry_col[seen]]
        tf = tf.astype(np.float64)
        weight = idf * (tf * (K1 + 1.0)) / (tf + saturation[entry_row])
        # bincount adds in entry order: one document gives the same norm alone or in a batch.
        norm = np.sqrt(np.bincount(entry_row, weights=weight * weight, minlength=len(docs)))
        weight /= norm[entry_row]
        return sparse.csr_matrix(
            (weight[seen].astype(np.float32), (entry_row[seen], entry_col[seen])),
            shape=(len(docs), vocabulary),
        )


def _average_length(docs: Iterable[Sequence[str]]) -> float:
    lengths = [len(doc) for doc in docs]
    return sum(lengths) / len(lengths) if lengths else 0.0


def split_compound(word: str) -> list[str]:
    """The best segmentation of a Chinese word into shorter dictionary words (jieba's
    maximum log-probability rule, the word itself excluded), without single characters;
    empty when the word has no such parts.

    For search: a query for 数据分析 should also find a text segmented as 大数据 / 分析师,
    where only the parts 数据 and 分析 meet (search mode gives them as sub-words). O(L * w).
    """
    n = len(word)
    if n < 3:
        return []
    freq, log_total = _jieba_dictionary()
    best = [0.0] * (n + 1)
    cut = list(range(1, n + 2))
    for i in range(n - 1, -1, -1):
        score = best[i + 1] - log_total
        for j in range(i + 2, n + 1 if i else n):  # never the whole word
            count = freq.get(word[i:j])
            if count:
                candidate = math.log(count) - log_total + best[j]
                if candidate >= score:
                    score, cut[i] = candidate, j
        best[i] = score
    parts = []
    i = 0
    while i < n:
        parts.append(word[i : cut[i]])
        i = cut[i]
    return [p for p in parts if len(p) > 1 and p not in STOP_ZH]


def chinese_query_words(run: str) -> list[str]:
    """The words of a run of Chinese characters typed as a query (precise mode, without
    stop words). A run that is one character is kept as it is, for a prefix search; so is a
    run whose words are all single characters (a word jieba does not know, 码农): it can
    still be a synonym organisers added."""
    if len(run) == 1:
        return [] if run in STOP_ZH_CHARS else [run]
    words = list(_chinese_words(run)[1])
    if not words and not set(run) <= STOP_ZH_CHARS and all(len(w) == 1 for w in _segment(run)):
        return [run]
    return words


def query_words(text: str) -> list[str]:
    """The words of a typed query, as a person meant them, repeated as they occur.

    Like `analyse`'s headwords (precise mode, English words with the plural rule), except
    that a one-character Chinese query is kept (a prefix search finds its words: 医 finds
    医生 and 医院); the search-mode parts are added by the query (`split_compound`).
    """
    if _WIDE.search(text):
        text = unicodedata.normalize("NFKC", text)
    words: list[str] = []
    for chinese, latin in _PIECES.findall(text.lower()):
        if chinese:
            words.extend(chinese_query_words(chinese))
        else:
            word = _latin_word(latin)
            if word is not None:
                words.append(word)
    return words
