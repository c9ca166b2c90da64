"""The jobs' full-text index weighs the sections of `Job.search_document`.

A job's document becomes "title | field | description | employer" (yingcai.jobs.search).
PostgreSQL: `search_vector` is generated again as the sections' tsvectors weighted A, B, C,
D. SQLite: the FTS5 index of jobs gets one column per section (its own copy of the text,
since the sections are not columns of the table), so that bm25() can weigh them.

The SQL is written out here, as in 0003, so that this migration keeps doing what it did
when it was written. The documents are then written again in the new form (a RunPython
using the app's segmentation, as the document is derived data of the current code).
"""

from django.db import migrations

TABLE = "jobs_job"
FTS = "jobs_job_fts"
COLUMNS = ("title", "field", "description", "organisation")


def _pg_vector(weighted: bool) -> str:
    document = "coalesce(search_document, '')"
    if not weighted:
        expression = f"to_tsvector('simple'::regconfig, {document})"
    else:
        expression = " || ".join(
            f"setweight(to_tsvector('simple'::regconfig, split_part({document}, '|', {n + 1})), "
            f"'{weight}')"
            for n, weight in enumerate("ABCD")
        )
    return [
        f"DROP INDEX IF EXISTS {TABLE}_search_vector",
        f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
        f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        f"({expression}) STORED",
        f"CREATE INDEX {TABLE}_search_vector ON {TABLE} USING gin (search_vector) "
        "WITH (fastupdate = off)",
    ]


def _section(document: str, n: int) -> str:
    for _ in range(n):
        document = f"substr({document}, instr({document} || '|', '|') + 1)"
    return f"trim(substr({document}, 1, instr({document} || '|', '|') - 1))"


def _sections(prefix: str) -> str:
    document = f"coalesce({prefix}search_document, '')"
    return ", ".join(_section(document, n) for n in range(len(COLUMNS)))


DROP_SQLITE = [
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _sqlite_weighted():
    columns = ", ".join(COLUMNS)
    delete = f"DELETE FROM {FTS} WHERE rowid = old.id;"
    insert = f"INSERT INTO {FTS}(rowid, {columns}) VALUES (new.id, {_sections('new.')});"
    return [
        *DROP_SQLITE,
        f"CREATE VIRTUAL TABLE {FTS} USING fts5({columns}, tokenize=\"unicode61 tokenchars '+#'\")",
        f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF search_document ON {TABLE} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {FTS}(rowid, {columns}) SELECT id, {_sections('')} FROM {TABLE}",
    ]


def _sqlite_plain():
    """0003's index."""
    columns = f"{FTS}({FTS}, rowid, search_document)"
    delete = f"INSERT INTO {columns} VALUES ('delete', old.id, old.search_document);"
    insert = f"INSERT INTO {FTS}(rowid, search_document) VALUES (new.id, new.search_document);"
    return [
        *DROP_SQLITE,
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_document, "
        f"content='{TABLE}', content_rowid='id', tokenize=\"unicode61 tokenchars '+#'\")",
        f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF search_document ON {TABLE} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]


FORWARDS = {"postgresql": _pg_vector(weighted=True), "sqlite": _sqlite_weighted()}
BACKWARDS = {"postgresql": _pg_vector(weighted=False), "sqlite": _sqlite_plain()}


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
        return "Weighted full-text index of jobs for PostgreSQL or SQLite"


def rewrite_documents(apps, schema_editor):
    from yingcai.jobs.search import document_for

    Job = apps.get_model("jobs", "Job")
    batch = []
    for job in Job.objects.select_related("organisation", "field").iterator(chunk_size=500):
        job.search_document = document_for(job)
        batch.append(job)
        if len(batch) == 500:
            Job.objects.bulk_update(batch, ["search_document"])
            batch = []
    Job.objects.bulk_update(batch, ["search_document"])


class Migration(migrations.Migration):
    dependencies = [("jobs", "0005_interview_once_per_invitation")]

    operations = [
        VendorSQL(FORWARDS, BACKWARDS),
        migrations.RunPython(rewrite_documents, migrations.RunPython.noop, elidable=True),
    ]
