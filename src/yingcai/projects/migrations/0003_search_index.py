"""The full-text indexes of projects and demands, on their `search_document` columns.

Each document is four sections separated by " | " (yingcai.projects.search), weighted from the
most to the least telling, as the jobs' index is (`jobs.0006_weighted_search_index`):

- PostgreSQL: a generated tsvector column `search_vector`, the sections' `to_tsvector('simple',
  …)` weighted A, B, C, D, with a GIN index (without fastupdate's pending list, so a bulk load
  is searchable through the index at once).
- SQLite: an FTS5 table `<table>_fts` with one column per section (its own copy of the text),
  kept in step by triggers; yingcai.projects.search declares the same triggers, which
  `yingcai.search.index.repair` puts back after a later migration rebuilds a table.

Every statement is idempotent (IF NOT EXISTS, triggers dropped and made again, the FTS5 table
refilled from the table), and the operation is a schema operation, not a RunPython: a test run
that flushes the database and replays the data migrations never runs it twice. The columns are
not fields of the models (a tsvector has no portable field): the model state does not change.

The SQL is written out rather than imported, so that this migration keeps doing what it did
when it was written, whatever later code says.
"""

from django.db import migrations

from yingcai.search.operations import VendorSQL

INDEXES = {
    "projects_project": ("title", "field", "summary", "place"),
    "projects_demand": ("title", "field", "description", "organisation"),
}


def _pg_forwards(table: str) -> list[str]:
    document = "coalesce(search_document, '')"
    vector = " || ".join(
        f"setweight(to_tsvector('simple'::regconfig, split_part({document}, '|', {n + 1})), "
        f"'{weight}')"
        for n, weight in enumerate("ABCD")
    )
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS "
        f"AS ({vector}) STORED",
        f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} USING gin (search_vector) "
        "WITH (fastupdate = off)",
    ]


def _pg_backwards(table: str) -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {table}_search_vector",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
    ]


def _section(document: str, n: int) -> str:
    for _ in range(n):
        document = f"substr({document}, instr({document} || '|', '|') + 1)"
    return f"trim(substr({document}, 1, instr({document} || '|', '|') - 1))"


def _sections(prefix: str, count: int) -> str:
    document = f"coalesce({prefix}search_document, '')"
    return ", ".join(_section(document, n) for n in range(count))


def _drop_triggers(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}" for suffix in ("ai", "ad", "au")]


def _sqlite_forwards(table: str, columns: tuple[str, ...]) -> list[str]:
    fts = f"{table}_fts"
    names = ", ".join(columns)
    delete = f"DELETE FROM {fts} WHERE rowid = old.id;"
    insert = (
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {_sections('new.', len(columns))});"
    )
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, "
        "tokenize=\"unicode61 tokenchars '+#'\")",
        *_drop_triggers(table),
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_document ON {table} "
        f"BEGIN {delete} {insert} END",
        f"DELETE FROM {fts}",
        f"INSERT INTO {fts}(rowid, {names}) SELECT id, {_sections('', len(columns))} FROM {table}",
    ]


FORWARDS = {
    "postgresql": [sql for table in INDEXES for sql in _pg_forwards(table)],
    "sqlite": [sql for table, cols in INDEXES.items() for sql in _sqlite_forwards(table, cols)],
}
BACKWARDS = {
    "postgresql": [sql for table in INDEXES for sql in _pg_backwards(table)],
    "sqlite": [
        sql
        for table in INDEXES
        for sql in (*_drop_triggers(table), f"DROP TABLE IF EXISTS {table}_fts")
    ],
}


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_industries")]

    operations = [VendorSQL(FORWARDS, BACKWARDS)]
