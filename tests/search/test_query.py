"""Query building (yingcai.search.query): pure functions, checked against the databases'
own parsers for whatever a visitor may type."""

import sqlite3

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yingcai.search import query
from yingcai.search.synonyms import built_in_groups

SYNONYMS = query.lookup(built_in_groups())

# Anything a browser can send in a text field: every code point but surrogates and NUL
# (the form refuses NUL before search), with the characters of both query languages'
# operators made frequent.
typed = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        st.sampled_from(list("\"'*:^()&|!-+#\\ AND OR NOT NEAR 医生数据分析 aiHRjava")),
    ),
    max_size=120,
)


def texts(q: query.Query) -> list[list[list[tuple[str, bool]]]]:
    return [[[(w.text, w.prefix) for w in alt] for alt in term] for term in q]


def test_a_compound_also_matches_its_parts():
    (term,) = query.build("数据分析", SYNONYMS)
    alternatives = [[w.text for w in alt] for alt in term]
    assert ["数据分析"] in alternatives
    assert ["数据", "分析"] in alternatives
    assert query.matches(query.build("数据分析"), {"数据", "分析", "分析师"})
    assert query.matches(query.build("软件开发"), {"软件", "产品", "开发"})


def test_synonyms_in_both_languages():
    for typed_word, other in [
        ("医生", "医师"),
        ("大夫", "doctor"),
        ("护士", "护理"),
        ("老师", "教师"),
        ("ai", "人工智能"),
        ("HR", "人力资源"),
        ("会计", "accountant"),
        ("销售", "sales"),
    ]:
        assert query.matches(query.build(typed_word, SYNONYMS), {other}), typed_word


def test_a_phrase_of_several_words_is_one_synonym_entry():
    q = query.build("human resources", SYNONYMS)
    assert len(q) == 1
    assert query.matches(q, {"人力资源"})


def test_prefixes_for_one_chinese_character_and_short_latin_words():
    assert texts(query.build("医")) == [[[("医", True)]]]
    assert query.matches(query.build("医"), {"医师"})
    assert query.matches(query.build("java"), {"javascript"})
    # Two letters would find air and aim; a whole long word is not a prefix (doctoral).
    assert not query.matches(query.build("ai"), {"air"})
    assert not query.matches(query.build("doctor"), {"doctoral"})


def test_words_without_meaning_give_no_query():
    for text in ("", "   ", "&|!", "的 了 and the", "工作", '"*"'):
        assert query.build(text, SYNONYMS) == ()


def test_the_built_in_list_has_the_everyday_groups():
    assert len(built_in_groups()) >= 60


@given(typed)
@settings(max_examples=300, deadline=None)
def test_any_text_gives_a_bounded_valid_fts5_expression(text):
    q = query.build(text, SYNONYMS)
    assert len(q) <= query.MAX_QUERY_WORDS
    assert all(0 < len(term) <= query.MAX_ALTERNATIVES for term in q)
    expression = query.to_fts5(q)
    assert bool(expression) == bool(q)
    if expression:
        database = sqlite3.connect(":memory:")
        database.execute(
            "CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize=\"unicode61 tokenchars '+#'\")"
        )
        database.execute("INSERT INTO t VALUES ('数据 分析 java', 'ai 医师')")
        database.execute("SELECT count(*) FROM t WHERE t MATCH ?", [expression]).fetchall()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's parser")
@given(typed)
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_gives_a_valid_tsquery(text):
    expression = query.to_tsquery(query.build(text, SYNONYMS))
    if expression:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_tsquery('simple', %s)::text", [expression])
