"""BM25-weighted word vectors for `recommend`.

A profile's words (`text.analyse`) become a vector with Okapi BM25 term weights (Robertson and
Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009):
``idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))`` with Lucene's always
positive ``idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))``, N and df counted over talents and
jobs together and avgdl per side (talent texts and job texts differ in length). Vectors are
L2-normalised so that one sparse product gives the cosine of every pair. The statistics are
frozen when the space is built; a profile weighed later (a re-rank) uses them unchanged, and a
word the space has never seen gets the weight of a word of document frequency 0.

A module of its own, apart from `text`, so that the web processes, which tokenise, do not
load numpy and scipy for it.
"""

import math
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

K1 = 1.2
B = 0.75
COMMON_SHARE = 0.5
COMMON_MIN_DOCS = 50


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

    def incidence(self, docs: Sequence[Iterable[str]]) -> sparse.csr_matrix:
        """1.0 where a document has a word of the space (float32, columns sorted)."""
        index = self.index
        indptr = [0]
        cols: list[int] = []
        for doc in docs:
            cols.extend(sorted({index[t] for t in doc if t in index}))
            indptr.append(len(cols))
        data = np.ones(len(cols), dtype=np.float32)
        return sparse.csr_matrix((data, cols, indptr), shape=(len(docs), len(self.terms)))

    def vectors(self, docs: Sequence[Sequence[str]], side: int) -> sparse.csr_matrix:
        """Rows of unit length (float32) for documents of side 0 (left) or 1 (right)."""
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
