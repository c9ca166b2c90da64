"""The talents' full-text index (migration talents.0004_search_index) and the search over it.

A profile's document is one section: its words in both languages (`document_for`), written
by `services.save_profile` into `TalentProfile.search_document`. PostgreSQL indexes it as a
generated `search_vector` with a GIN index; SQLite as an FTS5 table over the column
(external content), kept in step by the triggers declared here.
"""

from django.db.models import QuerySet

from yingcai.search import index
from yingcai.search.text import segment

TABLE = "talents_talentprofile"
FTS = f"{TABLE}_fts"


def document_for(profile) -> str:
    parts = [profile.user.name, profile.university, profile.skills, profile.summary]
    parts += [f"{w.position} {w.employer} {w.description}" for w in profile.work.all()]
    parts += [f"{e.major} {e.institution}" for e in profile.education.all()]
    parts += [f.name_zh_hans + " " + f.name_en for f in profile.fields.all()]
    return segment(" ".join(p for p in parts if p))


def search_talents(queryset: QuerySet, text: str) -> QuerySet:
    """Talent profiles of `queryset` matching `text`, annotated with `rank`."""
    return index.search(queryset, text)


_DELETE = (
    f"INSERT INTO {FTS}({FTS}, rowid, search_document) "  # noqa: S608
    "VALUES ('delete', old.id, old.search_document);"
)
_INSERT = f"INSERT INTO {FTS}(rowid, search_document) VALUES (new.id, new.search_document);"  # noqa: S608

SQLITE_INDEX = index.register(
    index.SqliteIndex(
        table=TABLE,
        columns=("search_document",),
        triggers=(
            (f"{FTS}_ai", f"AFTER INSERT ON {TABLE} BEGIN {_INSERT} END"),
            (f"{FTS}_ad", f"AFTER DELETE ON {TABLE} BEGIN {_DELETE} END"),
            (
                f"{FTS}_au",
                f"AFTER UPDATE OF search_document ON {TABLE} BEGIN {_DELETE} {_INSERT} END",
            ),
        ),
        fill=(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",),  # noqa: S608
    )
)
