"""Full-text search over job requirements, in Chinese and English.

Text is segmented with the matching engine's tokeniser (`yingcai.search.text`: jieba's
dictionary for Chinese, words for English, search mode: a compound and its parts) into
`Job.search_document`. A query is built by `yingcai.search.query` from the same
segmentation, with the synonym groups in force, compound parts and prefixes (see there), and
run by `yingcai.search.index`.

A job's document has four sections separated by " | ", weighted from the most to the least
telling: its title, its discipline field, its description, its employer's name. Each
database indexes `search_document` its own way (migrations `jobs.0003_search_index`,
`jobs.0006_weighted_search_index`):

- PostgreSQL: a generated column `search_vector`, the sections' `to_tsvector('simple', …)`
  weighted A, B, C, D (`setweight`), with a GIN index; a query is
  `search_vector @@ to_tsquery('simple', …)`, ranked by `ts_rank` (weights 1, 0.4, 0.2, 0.1).
- SQLite: an FTS5 table with one column per section, kept in step by triggers; a query is
  `MATCH …`, ranked by the columns' `bm25()` weighed 10, 4, 2, 1 (declared below).
"""

from django.db.models import QuerySet

from yingcai.search import index
from yingcai.search import query as search_query
from yingcai.search.text import segment

MAX_QUERY_WORDS = search_query.MAX_QUERY_WORDS
MAX_WORD_LENGTH = search_query.MAX_WORD_LENGTH

TABLE = "jobs_job"
FTS = f"{TABLE}_fts"
# Sections of a job's document, in order: FTS5 column names and bm25 weights.
SECTION = " | "
JOB_COLUMNS = ("title", "field", "description", "organisation")


def _texts(obj, name: str) -> list[str]:
    """The field in every language the model has (title, title_zh_hans, title_en …)."""
    found = []
    for attribute in (name, f"{name}_zh_hans", f"{name}_en"):
        value = getattr(obj, attribute, None)
        if value and value not in found:
            found.append(value)
    return found


def document_for(job) -> str:
    """The job's words in its four sections: title, field, description, employer.

    Both languages of each, whatever language is active while the job is saved.
    """
    field = _texts(job.field, "name") if job.field_id else []
    organisation = _texts(job.organisation, "name") if job.organisation_id else []
    sections = [_texts(job, "title"), field, _texts(job, "description"), organisation]
    return SECTION.join(segment(" ".join(texts)) for texts in sections)


def query_words(text: str) -> list[str]:
    """The distinct words of a query, in order: empty when there is nothing to search for."""
    return search_query.words(text)


def search_jobs(queryset: QuerySet, text: str) -> QuerySet:
    """The jobs of `queryset` matching `text`, annotated with `rank`."""
    return index.search(queryset, text)


# --- The SQLite index (migrations jobs.0003_search_index, jobs.0006_weighted_search_index) ---
def sqlite_section(document: str, n: int) -> str:
    """SQL for the n-th (from 0) " | "-separated section of the SQL expression `document`."""
    for _ in range(n):
        document = f"substr({document}, instr({document} || '|', '|') + 1)"
    return f"trim(substr({document}, 1, instr({document} || '|', '|') - 1))"


def _sqlite_sections(prefix: str) -> str:
    document = f"coalesce({prefix}search_document, '')"
    return ", ".join(sqlite_section(document, n) for n in range(len(JOB_COLUMNS)))


# The index keeps its own copy of the sections (a table of its own, not external content):
# the sections are not columns of the job table.
_COLUMNS = ", ".join(JOB_COLUMNS)
_DELETE = f"DELETE FROM {FTS} WHERE rowid = old.id;"  # noqa: S608
_INSERT = f"INSERT INTO {FTS}(rowid, {_COLUMNS}) VALUES (new.id, {_sqlite_sections('new.')});"  # noqa: S608

SQLITE_INDEX = index.register(
    index.SqliteIndex(
        table=TABLE,
        columns=JOB_COLUMNS,
        weights=(10.0, 4.0, 2.0, 1.0),
        triggers=(
            (f"{FTS}_ai", f"AFTER INSERT ON {TABLE} BEGIN {_INSERT} END"),
            (f"{FTS}_ad", f"AFTER DELETE ON {TABLE} BEGIN {_DELETE} END"),
            # Only a change of the document touches the index (not a change of status).
            (
                f"{FTS}_au",
                f"AFTER UPDATE OF search_document ON {TABLE} BEGIN {_DELETE} {_INSERT} END",
            ),
        ),
        fill=(
            f"DELETE FROM {FTS}",  # noqa: S608
            f"INSERT INTO {FTS}(rowid, {_COLUMNS}) SELECT id, {_sqlite_sections('')} FROM {TABLE}",  # noqa: S608
        ),
    )
)
