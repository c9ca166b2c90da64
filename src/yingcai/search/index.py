"""The full-text indexes of the apps that search, and the search over them.

Each app indexes a `search_document` column of its own table (the words of `text.segment`)
and creates the index in its own migrations: PostgreSQL, a generated `search_vector`
tsvector column with a GIN index; SQLite, an FTS5 table named `<table>_fts` kept in step by
triggers. The app declares its SQLite index here (`register`, from its own `search.py`,
found at start-up by `SearchConfig.ready`): its columns, bm25 weights, triggers and how to
fill it again. This module knows no app's tables.

`search(queryset, text)` keeps the matching rows of any indexed model and annotates them
with `rank`, higher meaning more relevant, whatever the database.

Django's SQLite backend rebuilds a table to alter one of its columns, and the table's
triggers go with it: the index would silently stop following the table. `repair` puts the
missing triggers back and refills the index; it runs after every `migrate` (post_migrate),
so a later migration of an indexed table needs no code of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from . import query as search_query
from . import synonyms

# FTS5's tokeniser splits on anything but letters and digits; keeping "+" and "#" inside
# words lets "c++" and "c#" stay words, as the tokeniser produced them.
SQLITE_TOKENIZE = "unicode61 tokenchars '+#'"


@dataclass(frozen=True)
class SqliteIndex:
    """The FTS5 index of one table: `<table>_fts`, with these columns (their weights in
    bm25, one column unweighted when empty), these triggers (name, body after the name) and
    the statements that fill it again from the table."""

    table: str
    columns: tuple[str, ...]
    triggers: tuple[tuple[str, str], ...]
    fill: tuple[str, ...]
    weights: tuple[float, ...] = ()

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"


_indexes: dict[str, SqliteIndex] = {}


def register(index: SqliteIndex) -> SqliteIndex:
    if index.table in _indexes:
        raise ValueError(f"The index of {index.table!r} is registered twice.")
    _indexes[index.table] = index
    return index


def indexes() -> list[SqliteIndex]:
    return sorted(_indexes.values(), key=lambda i: i.table)


def build_query(text: str) -> search_query.Query:
    if not search_query.words(text):
        return ()  # no word: no need to read the synonyms
    return search_query.build(text, synonyms.current())


def search(queryset: QuerySet, text: str) -> QuerySet:
    """The rows of `queryset` matching `text`, annotated with `rank`.

    Without a searchable word (empty text, punctuation, stop words only) the queryset is
    returned unfiltered, with rank 0.
    """
    return full_text(queryset, build_query(text))


def full_text(queryset: QuerySet, query: search_query.Query) -> QuerySet:
    if not query:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    connection = connections[queryset.db]
    model = queryset.model
    qn = connection.ops.quote_name
    table = model._meta.db_table
    # The SQL strings below hold only table and column names of ours (hence the noqa); the
    # user's words, quoted, are always a query parameter.
    if connection.vendor == "postgresql":
        vector = f"{qn(table)}.search_vector"
        tsquery = search_query.to_tsquery(query)
        sql = "to_tsquery('simple', %s)"
        matches = RawSQL(f"{vector} @@ {sql}", (tsquery,), BooleanField())  # noqa: S611
        rank = RawSQL(f"ts_rank({vector}, {sql})", (tsquery,), FloatField())  # noqa: S611
    elif connection.vendor == "sqlite":
        pk = f"{qn(table)}.{qn(model._meta.pk.column)}"
        search = _sqlite_ranks(connection, table, search_query.to_fts5(query))
        ranked = f"SELECT id FROM temp.{RANKS} WHERE search = %s"  # noqa: S608
        matches = RawSQL(f"{pk} IN ({ranked})", (search,), BooleanField())  # noqa: S611
        score = f"SELECT rank FROM temp.{RANKS} WHERE search = %s AND id = {pk}"  # noqa: S608
        rank = RawSQL(f"({score})", (search,), FloatField())  # noqa: S611
    else:
        # A database without an index of ours: the same words, found by scanning.
        padded = Concat(Value(" "), "search_document", Value(" "))
        queryset = queryset.alias(_padded_document=padded)
        matches = Q()
        for term in query:
            any_of = Q()
            for alternative in term:
                all_of = Q()
                for word in alternative:
                    needle = f" {word.text}" if word.prefix else f" {word.text} "
                    all_of &= Q(_padded_document__contains=needle)
                any_of |= all_of
            matches &= any_of
        rank = Value(0.0, output_field=FloatField())
    return queryset.filter(matches).annotate(rank=rank)


# SQLite: every match of a search with its score, in a temporary table of the connection.
RANKS = "yingcai_search_ranks"
KEEP_SEARCHES = 32


def _sqlite_ranks(connection, table: str, match: str) -> int:
    """Score every match of the query once, into a temporary table; returns the search's number.

    FTS5 is fast when it drives the query (`MATCH ... ORDER BY rank`), slow when probed row
    by row: a correlated `bm25()` per job re-runs the whole full-text query for each row
    (4 s for a word in most of the 8,041 jobs). The ORM cannot put the FTS table first, so
    the scores go into a table with a primary key, which the job query then looks up. The
    table lives in the connection's temporary database: nothing is written to the real one,
    and other connections never see it. The scores are taken when this runs, not when the
    queryset is evaluated (later in the same request, on the same connection).
    """
    fts = connection.ops.quote_name(f"{table}_fts")
    index = _indexes.get(table)
    weights = index.weights if index else ()
    if weights:
        # One bm25() per column, weighed and added: FTS5's own column weights multiply the
        # term frequency, which bm25 saturates (a title match weighed 10 scores only twice
        # an employer match).
        only = [
            ", ".join("1" if i == n else "0" for i in range(len(weights)))
            for n in range(len(weights))
        ]
        score = " + ".join(f"{w} * bm25({fts}, {o})" for w, o in zip(weights, only, strict=True))
    else:
        score = f"bm25({fts})"
    number = getattr(connection, "_yingcai_searches", 0) + 1
    connection._yingcai_searches = number
    insert = (
        f"INSERT INTO temp.{RANKS} (search, id, rank) "  # noqa: S608
        f"SELECT %s, rowid, -({score}) FROM {fts} WHERE {fts} MATCH %s"
    )  # bm25: lower is better
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {RANKS} (search INTEGER, id INTEGER, rank REAL, "
            "PRIMARY KEY (search, id)) WITHOUT ROWID"
        )
        cursor.execute(insert, [number, match])
        if number % KEEP_SEARCHES == 0:  # the querysets of older searches are long evaluated
            forget = f"DELETE FROM temp.{RANKS} WHERE search <= %s"  # noqa: S608
            cursor.execute(forget, [number - KEEP_SEARCHES])
    return number


def repair(using: str = "default", **kwargs) -> list[str]:
    """Put back SQLite's triggers after a migration rebuilt an indexed table; returns the
    tables repaired. A no-op elsewhere and when nothing is missing.

    An index whose columns are not (yet) the declared ones is left alone: it is an older
    index that a migration not yet applied replaces.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    repaired = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for index in indexes():
            if index.fts not in present or index.table not in present:
                continue  # not migrated that far (or already rolled back)
            cursor.execute(f"PRAGMA table_info({index.fts})")
            if tuple(row[1] for row in cursor.fetchall()) != index.columns:
                continue
            missing = [(name, body) for name, body in index.triggers if name not in present]
            if not missing:
                continue
            for name, body in missing:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
            for sql in index.fill:
                cursor.execute(sql)
            repaired.append(index.table)
    return repaired
