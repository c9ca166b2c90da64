"""A typed query as a full-text expression: segmented words, synonyms, compounds, prefixes.

A query is a conjunction of terms; a term is a disjunction of alternatives; an alternative is
a conjunction of words, each matched whole or as a prefix::

    数据分析 AI  ->  (数据分析 | 数据 & 分析 | data & analyst | …) & (ai | 人工智能 | …)

- Words are cut as the documents were (`yingcai.matching.text`): jieba's dictionary for
  Chinese, words with a plural rule for English. Documents hold search-mode words (a compound
  and its parts), so a query compound also matches its parts: 数据分析 finds 数据分析师 (whose
  words are 数据, 分析, 分析师) through 数据 & 分析.
- A word of a synonym group (the built-in `synonyms.txt` and organisers' `SynonymGroup` rows)
  also matches the group's other words; several query words can form one entry
  ("human resources").
- A one-character Chinese query word and Latin words of three or four letters match as
  prefixes (医 finds 医生, 医师; java finds javascript). Two-letter Latin words (AI, HR) do
  not, as ai* would find air and aim (their synonyms carry them); nor do longer words, which
  are whole words whose prefix finds other meanings (doctor* finds doctoral).

Rendered for PostgreSQL (`to_tsquery('simple', …)`) and SQLite FTS5 (`MATCH`); every word
is quoted, so whatever a visitor types (quotes, operators, column filters) is plain text.
Pure functions, no Django; size bounded by the constants below.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from yingcai.matching.text import query_words as _typed_words
from yingcai.matching.text import split_compound

# A query's words beyond these add nothing a person meant; they would only slow the query.
MAX_QUERY_WORDS = 12
# No word of a real text is longer; a longer "word" is noise and PostgreSQL would drop it.
MAX_WORD_LENGTH = 64
# Alternatives of one term (its own word, its parts, its synonyms).
MAX_ALTERNATIVES = 16
# The longest synonym entry, in words.
MAX_ENTRY_WORDS = 4
# Latin words of these lengths also match as prefixes.
LATIN_PREFIX_LENGTHS = (3, 4)


@dataclass(frozen=True)
class Word:
    text: str
    prefix: bool = False


Alternative = tuple[Word, ...]  # all of them
Term = tuple[Alternative, ...]  # any of them
Query = tuple[Term, ...]  # all of them

# entry (its words) -> the entries of its groups, itself included
Synonyms = Mapping[tuple[str, ...], Sequence[tuple[str, ...]]]


def entry_words(text: str) -> tuple[str, ...]:
    """The words of a synonym entry or a query, as `build` compares them."""
    return tuple(w for w in _typed_words(text or "") if len(w) <= MAX_WORD_LENGTH)


def words(text: str) -> list[str]:
    """The distinct words of a query, in order (at most MAX_QUERY_WORDS)."""
    found: list[str] = []
    for word in entry_words(text):
        if word not in found:
            found.append(word)
            if len(found) == MAX_QUERY_WORDS:
                break
    return found


def split_words(text: str) -> list[str]:
    """The words of a group as written: separated by commas (either width) or new lines."""
    for separator in ("，", "、", "\n", ";", "；"):
        text = text.replace(separator, ",")
    words = []
    for word in text.split(","):
        word = " ".join(word.split())
        if word and word.lower() not in (w.lower() for w in words):
            words.append(word)
    return words


def lookup(groups) -> Synonyms:
    """entry words -> the other entries of every group holding it."""
    table: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for group in groups:
        entries = []
        for written in group:
            entry = entry_words(written)
            if entry and entry not in entries:
                entries.append(entry)
        for entry in entries:
            known = table.setdefault(entry, [])
            known.extend(e for e in entries if e != entry and e not in known)
    return table


def _is_latin(word: str) -> bool:
    return word.isascii()


def _word(text: str) -> Word:
    if _is_latin(text):
        return Word(text, len(text) in LATIN_PREFIX_LENGTHS)
    return Word(text, len(text) == 1)


def build(text: str, synonyms: Synonyms | None = None) -> Query:
    """The terms of a typed query (empty when it has no word to search for)."""
    synonyms = synonyms or {}
    typed = words(text)
    terms: list[Term] = []
    i = 0
    while i < len(typed):
        for size in range(min(MAX_ENTRY_WORDS, len(typed) - i), 0, -1):
            key = tuple(typed[i : i + size])
            if size == 1 or key in synonyms:
                break
        entries: list[tuple[str, ...]] = [key]
        if size == 1 and not _is_latin(key[0]):
            parts = split_compound(key[0])
            if len(parts) > 1:
                entries.append(tuple(parts))
        entries.extend(synonyms.get(key, ()))
        alternatives: list[Alternative] = []
        for entry in entries:
            alternative = tuple(_word(w) for w in entry)
            if alternative and alternative not in alternatives:
                alternatives.append(alternative)
        terms.append(tuple(alternatives[:MAX_ALTERNATIVES]))
        i += size
    return tuple(terms)


def to_tsquery(query: Query) -> str:
    """The query for PostgreSQL's `to_tsquery('simple', …)`."""
    return " & ".join(
        "(" + " | ".join("(" + " & ".join(map(_tsquery_word, alt)) + ")" for alt in term) + ")"
        for term in query
    )


def to_fts5(query: Query) -> str:
    """The query for SQLite FTS5's MATCH."""
    return " AND ".join(
        "(" + " OR ".join("(" + " AND ".join(map(_fts5_word, alt)) + ")" for alt in term) + ")"
        for term in query
    )


def _tsquery_word(word: Word) -> str:
    """A quoted tsquery operand: `&`, `|`, `!`, `:`, `(` inside it are plain text."""
    quoted = "'" + word.text.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + ":*" if word.prefix else quoted


def _fts5_word(word: Word) -> str:
    """An FTS5 string: operators and column filters inside it are plain text."""
    quoted = '"' + word.text.replace('"', '""') + '"'
    return quoted + " *" if word.prefix else quoted


def matches(query: Query, document_words: set[str]) -> bool:
    """Whether a document of these words matches (the databases' rule, for scanning)."""

    def found(word: Word) -> bool:
        if word.prefix:
            return any(w.startswith(word.text) for w in document_words)
        return word.text in document_words

    return all(any(all(map(found, alt)) for alt in term) for term in query)


def related(query: Query, text: str) -> list[str]:
    """Smaller searches worth offering when this one finds nothing (the synonyms are in the
    query already): each term alone when there are several, else each word of the term's
    phrases (数据 and 分析 for 数据分析, human and resource for "human resources")."""
    offers: list[str] = []
    if len(query) > 1:
        candidates = [" ".join(w.text for w in term[0]) for term in query]
    else:
        candidates = [w.text for term in query for alt in term if len(alt) > 1 for w in alt]
    for offer in candidates:
        if offer not in offers and offer != text:
            offers.append(offer)
    return offers
