"""`yingcai.matching.text`: segmentation equals plain jieba's on the demo's texts, tokenising.

rjieba (jieba-rs) segments for the engine and for search; these tests are the safety net that
an upgrade of rjieba, of jieba or of either's dictionary that changes a word shows up here,
not as silently different recommendations and search results.
"""

import logging
import random
import unicodedata

import jieba
import pytest
import rjieba

from yingcai.matching import text

from .demo_texts import corpus

# jieba logs loading its dictionary on stderr at DEBUG.
jieba.setLogLevel(logging.WARNING)


def chinese_runs(texts) -> list[str]:
    """The runs of Chinese characters `text.analyse` hands to the segmenter."""
    runs = []
    for t in texts:
        if text._WIDE.search(t):
            t = unicodedata.normalize("NFKC", t)
        runs.extend(chinese for chinese, _latin in text._PIECES.findall(t.lower()) if chinese)
    return runs


@pytest.fixture(scope="module")
def runs() -> list[str]:
    texts = corpus()
    assert len(texts) >= 700
    found = chinese_runs(texts)
    # Also runs cut anywhere, across word boundaries, as a query or a clause can be.
    rng = random.Random(5)
    joined = "".join(found)
    for _ in range(2000):
        start = rng.randrange(len(joined))
        found.append(joined[start : start + rng.randint(1, 40)])
    pool = "我们研究集成电路设计与嵌入式软件系统开发的新能源汽车电池管理和临床试验数据分析方法"
    found.extend("".join(rng.choices(pool, k=rng.randint(1, 30))) for _ in range(500))
    return list(dict.fromkeys(found))


def test_precise_mode_is_jiebas_without_hmm(runs):
    differ = [(r, text._segment(r)) for r in runs if text._segment(r) != jieba.lcut(r, HMM=False)]
    assert differ == []
    assert len(runs) > 4000


def test_search_mode_is_jiebas_without_hmm(runs):
    differ = [r for r in runs if text._search_words(r) != jieba.lcut_for_search(r, HMM=False)]
    assert differ == []


def test_analyse_gives_jiebas_words_without_stop_words_and_single_characters():
    found, heads = text.analyse("负责嵌入式软件开发，熟悉集成电路设计")
    # 负责 and 熟悉 are stop words; search mode adds a long word's parts before it.
    assert heads == ["嵌入式软件", "开发", "集成电路", "设计"]
    assert found == [
        "嵌入", "软件", "嵌入式", "嵌入式软件", "开发", "集成", "成电", "电路", "集成电路", "设计"
    ]  # fmt: skip


def test_tokenize_handles_both_languages_and_full_width():
    assert text.tokenize("ＦＰＧＡ开发，Embedded Systems 与 batteries；2020年 a") == [
        "fpga", "开发", "embedded", "system", "battery"
    ]  # fmt: skip
    assert text.tokenize("Ⅳ期临床试验，ﬁber optics") == [
        "iv", "临床", "试验", "临床试验", "fiber", "optic"
    ]  # fmt: skip


def test_the_segmenter_is_our_own():
    """Words added to rjieba's default segmenter (by another library) change nothing here."""

    before = text._segment("量子点显示")
    rjieba.add_word("量子点显示", 10**9, None)
    try:
        assert text._segment("量子点显示") == before
    finally:
        rjieba.add_word("量子点显示", 1, None)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("数据分析", ["数据", "分析"]),
        ("集成电路设计", ["集成电路", "设计"]),
        ("软件开发", ["软件", "开发"]),
        ("交换机", ["交换"]),  # 交换 + 机, not 交 + 换机: the more probable split
        ("芯片", []),
        ("码农", []),
    ],
)
def test_split_compound(word, parts):
    assert text.split_compound(word) == parts


def test_word_frequencies_are_jiebas(runs):
    jieba.initialize()
    frequencies, _log_total = text._word_frequencies()
    words = {w for r in runs[:3000] for w in jieba.lcut_for_search(r, HMM=False) if len(w) > 1}
    assert words
    assert {w: frequencies.get(w) for w in words} == {w: jieba.get_FREQ(w) for w in words}
