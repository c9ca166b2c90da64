"""Words for `recommend` and search: bilingual tokenisation.

Text is NFKC-normalised when it has full-width letters or digits (they become ASCII) or other
compatibility characters, lower-cased, and cut into runs of Chinese characters and runs of
Latin letters and digits. A Chinese run is segmented by rjieba (the Python binding of
jieba-rs, a Rust port of jieba) in jieba's "precise mode without HMM": the segmentation of
maximum total word log-probability over jieba's dictionary (Sun Junyi, jieba 0.42,
`Tokenizer.calc`). As in jieba's search mode (`cut_for_search`), a long word also gives its
dictionary sub-words, so that compounds meet their parts (嵌入式软件: 嵌入, 软件, 嵌入式,
嵌入式软件). tests/matching/test_text.py checks on the demo's texts that both modes give
exactly the words of `jieba.lcut(run, HMM=False)` and `jieba.lcut_for_search(run, HMM=False)`;
rjieba is 4 to 6 times as fast as this module's former copy of jieba's loop (see
docs/performance.md). The HMM for out-of-dictionary words is left out on purpose: it is the
slow part, and the single characters it would merge are dropped anyway. A Latin run is a
word; a conservative plural rule ("systems" -> "system", "batteries" -> "battery") lets
singular and plural meet. Stop words, single characters and bare numbers are dropped.

For search queries, `split_compound` splits a compound into its most probable shorter
dictionary words; it needs the dictionary's word frequencies, which rjieba does not expose,
so it reads them from jieba's dictionary file through jieba's public `get_dict_file`.
"""

import math
import re
import threading
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rjieba

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
_segmenter: "rjieba.Jieba | None" = None
_frequencies: tuple[dict[str, int], float] | None = None


def warm_up() -> None:
    """Load the segmenter's dictionary now (0.1-0.3 s, once per process) rather than at the
    first text: `recommend` calls it before forking its workers, which then share it."""
    _jieba()


def _jieba() -> "rjieba.Jieba":
    """rjieba's segmenter, with jieba's dictionary and no word added."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                # Importing rjieba builds its dictionary (0.14 s of `python -X importtime -c
                # "import rjieba"`, 33 MB): web processes and commands that never segment
                # Chinese should not pay for it.
                import rjieba  # noqa: PLC0415

                # Our own instance (0.1-0.3 s, 24 MB more), so that words another part of the
                # process may add to rjieba's default one cannot change our segmentation.
                _segmenter = rjieba.Jieba()
    return _segmenter


def _segment(run: str) -> list[str]:
    """jieba's precise-mode segmentation of a run of Chinese characters, without the HMM."""
    return _jieba().cut(run, False)


def _search_words(run: str) -> list[str]:
    """jieba's search mode (`cut_for_search`) without the HMM: before each word of more than
    two characters, its two- and three-character sub-words found in the dictionary, so
    嵌入式软件 meets 嵌入式 and 软件, 集成电路设计 meets 集成电路."""
    return _jieba().cut_for_search(run, False)


@lru_cache(maxsize=1 << 16)
def _chinese_words(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(search-mode words, precise-mode words) of a run, without stop words and single
    characters. Job advertisements repeat their clauses ("五险一金", "博士研究生学历"): the
    cache segments each distinct clause once."""
    segmented = _segment(run)
    precise = tuple(w for w in segmented if len(w) > 1 and w not in STOP_ZH)
    if all(len(w) <= 2 for w in segmented):
        return precise, precise
    search = tuple(w for w in _search_words(run) if len(w) > 1 and w not in STOP_ZH)
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


def _word_frequencies() -> tuple[dict[str, int], float]:
    """The frequencies of jieba's dictionary words of two characters or more, and the log of
    the total frequency of all its words (jieba's `total`). 0.7 s and 60 MB, once per process,
    at the first compound a query splits."""
    global _frequencies
    if _frequencies is None:
        with _lock:
            if _frequencies is None:
                # jieba is imported for its dictionary file only, when a query first needs it
                # (0.16 s of `python -X importtime -c "import jieba"`).
                import jieba  # noqa: PLC0415

                frequencies: dict[str, int] = {}
                total = 0
                # The dictionary's documented format: "word frequency [tag]" per line, UTF-8.
                # A new Tokenizer, so that another part of the process calling
                # `jieba.set_dictionary` cannot change it.
                with jieba.Tokenizer().get_dict_file() as lines:
                    for line in lines:
                        word, count = line.decode("utf-8").split(" ", 2)[:2]
                        total += int(count)
                        if len(word) > 1:
                            frequencies[word] = int(count)
                _frequencies = (frequencies, math.log(total))
    return _frequencies


def split_compound(word: str) -> list[str]:
    """The best segmentation of a Chinese word into shorter dictionary words (jieba's
    maximum log-probability rule, the word itself excluded, single characters scored as
    unknown), without single characters; empty when the word has no such parts.

    For search: a query for 数据分析 should also find a text segmented as 大数据 / 分析师,
    where only the parts 数据 and 分析 meet (search mode gives them as sub-words). O(L * w).
    """
    n = len(word)
    if n < 3:
        return []
    freq, log_total = _word_frequencies()
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
