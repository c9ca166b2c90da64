"""Full-text index on Job.search_document.

PostgreSQL: a generated tsvector column with a GIN index. SQLite: an FTS5 table, with
triggers keeping it in step. Other databases: nothing (search falls back to scanning). See
yingcai.jobs.search and yingcai.search.index, whose `repair` re-creates the SQLite triggers
after a later migration rebuilds the table.

Until issue 12 this migration indexed the talents' table too; that index belongs to the
talents and is now created by `talents.0004_search_index`, which does the same SQL
idempotently: on a database migrated before, where this migration already made it, that
one finds it in place. Only SQL changed here (no model state), so no database's history
differs from what the graph says.

The SQL is written out here rather than imported, so that this migration does what it did
when it was written, whatever later code says; and it is a schema operation of its own, not
a RunPython, so nothing that replays data migrations runs it twice.
"""

from django.db import migrations

TABLES = ("jobs_job",)


def _postgresql(table):
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS "
        "AS (to_tsvector('simple'::regconfig, coalesce(search_document, ''))) STORED",
        # Without fastupdate's pending list, rows are in the index as soon as they are
        # written: a bulk load (the demo) is searchable through the index at once.
        f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} USING gin (search_vector) "
        "WITH (fastupdate = off)",
    ]


def _sqlite(table):
    fts = f"{table}_fts"
    columns = f"{fts}({fts}, rowid, search_document)"
    delete = f"INSERT INTO {columns} VALUES ('delete', old.id, old.search_document);"
    insert = f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document);"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_document, "
        f"content='{table}', content_rowid='id', tokenize=\"unicode61 tokenchars '+#'\")",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_document ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


FORWARDS = {
    "postgresql": [sql for table in TABLES for sql in _postgresql(table)],
    "sqlite": [sql for table in TABLES for sql in _sqlite(table)],
}
BACKWARDS = {
    "postgresql": [
        sql
        for table in TABLES
        for sql in (
            f"DROP INDEX IF EXISTS {table}_search_vector",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        )
    ],
    "sqlite": [
        sql
        for table in TABLES
        for sql in (
            f"DROP TRIGGER IF EXISTS {table}_fts_ai",
            f"DROP TRIGGER IF EXISTS {table}_fts_ad",
            f"DROP TRIGGER IF EXISTS {table}_fts_au",
            f"DROP TABLE IF EXISTS {table}_fts",
        )
    ],
}


class VendorSQL(migrations.operations.base.Operation):
    """SQL for the database in use only; the model state does not change."""

    reversible = True

    def __init__(self, forwards, backwards):
        self.forwards = forwards
        self.backwards = backwards

    def deconstruct(self):
        return (
            self.__class__.__name__,
            [],
            {"forwards": self.forwards, "backwards": self.backwards},
        )

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self.forwards.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self.backwards.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    def describe(self):
        return "Full-text indexes for PostgreSQL or SQLite"


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_initial"),
        ("talents", "0001_initial"),
    ]

    operations = [VendorSQL(FORWARDS, BACKWARDS)]
