"""The talents' full-text index on TalentProfile.search_document, owned by the talents.

PostgreSQL: a generated tsvector column `search_vector` with a GIN index. SQLite: an FTS5
table over the column (external content), kept in step by triggers (yingcai.talents.search
declares the same triggers, which `yingcai.search.index.repair` puts back after a later
migration rebuilds the table). Other databases: nothing (search falls back to scanning).

Databases migrated before issue 12 got this index from `jobs.0003_search_index`. Every
statement here is idempotent, so it runs on both kinds of database: the column and the index
are made only if missing, the triggers are dropped and made again, the FTS5 index is rebuilt
from the table. Backwards, the index goes with this migration. The column is not a field of
the model (a tsvector has no portable field), so the model state does not change.

The SQL is written out rather than imported, so that this migration keeps doing what it did
when it was written, whatever later code says.
"""

from django.db import migrations

from yingcai.search.operations import VendorSQL

TABLE = "talents_talentprofile"
FTS = f"{TABLE}_fts"

_DELETE = f"INSERT INTO {FTS}({FTS}, rowid, search_document) VALUES ('delete', old.id, old.search_document);"  # noqa: E501
_INSERT = f"INSERT INTO {FTS}(rowid, search_document) VALUES (new.id, new.search_document);"
_DROP_TRIGGERS = [f"DROP TRIGGER IF EXISTS {FTS}_{suffix}" for suffix in ("ai", "ad", "au")]

FORWARDS = {
    "postgresql": [
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS "
        "AS (to_tsvector('simple'::regconfig, coalesce(search_document, ''))) STORED",
        # Without fastupdate's pending list, rows are in the index as soon as they are
        # written: a bulk load (the demo) is searchable through the index at once.
        f"CREATE INDEX IF NOT EXISTS {TABLE}_search_vector ON {TABLE} USING gin (search_vector) "
        "WITH (fastupdate = off)",
    ],
    "sqlite": [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(search_document, "
        f"content='{TABLE}', content_rowid='id', tokenize=\"unicode61 tokenchars '+#'\")",
        *_DROP_TRIGGERS,
        f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN {_INSERT} END",
        f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN {_DELETE} END",
        f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF search_document ON {TABLE} "
        f"BEGIN {_DELETE} {_INSERT} END",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ],
}
BACKWARDS = {
    "postgresql": [
        f"DROP INDEX IF EXISTS {TABLE}_search_vector",
        f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
    ],
    "sqlite": [*_DROP_TRIGGERS, f"DROP TABLE IF EXISTS {FTS}"],
}


class Migration(migrations.Migration):
    dependencies = [("talents", "0003_talentprofile_recommendations_refreshed_at")]

    operations = [VendorSQL(FORWARDS, BACKWARDS)]
