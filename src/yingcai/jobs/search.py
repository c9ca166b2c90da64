"""Full-text search over job requirements and talent profiles, in Chinese and English.

Text is segmented with the matching engine's tokeniser (jieba's dictionary for Chinese,
words for English, search mode: a compound and its parts) into `Job.search_document` and
`TalentProfile.search_document`. A query is built by `yingcai.search.query` from the same
segmentation, with the synonym groups in force, compound parts and prefixes (see there).

A job's document has four sections separated by " | ", weighted from the most to the least
telling: its title, its discipline field, its description, its employer's name. Each
database indexes `search_document` its own way (migrations `jobs.0003_search_index`,
`jobs.0006_weighted_search_index`):

- PostgreSQL: a generated column `search_vector`, the sections' `to_tsvector('simple', …)`
  weighted A, B, C, D (`setweight`), with a GIN index; a query is
  `search_vector @@ to_tsquery('simple', …)`, ranked by `ts_rank` (weights 1, 0.4, 0.2, 0.1).
- SQLite: an FTS5 table with one column per section, kept in step by triggers; a query is
  `MATCH …`, ranked by the columns' `bm25()` weighed 10, 4, 2, 1 (see `_sqlite_ranks`).

Talent profiles have one section (weight A, one FTS5 column). `search_jobs` and
`search_talents` hide the differences: both keep the matching rows and annotate them with
`rank`, higher meaning more relevant.
"""

from django.db import connections
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from yingcai.search import query as search_query
from yingcai.search import synonyms
from yingcai.search.text import segment

MAX_QUERY_WORDS = search_query.MAX_QUERY_WORDS
MAX_WORD_LENGTH = search_query.MAX_WORD_LENGTH

# The tables with a `search_document` column that are indexed.
INDEXED_TABLES = ("jobs_job", "talents_talentprofile")

# Sections of a job's document, in order: FTS5 column names and bm25 weights.
SECTION = " | "
JOB_COLUMNS = ("title", "field", "description", "organisation")
BM25_WEIGHTS = {"jobs_job": (10.0, 4.0, 2.0, 1.0)}

# FTS5's tokeniser splits on anything but letters and digits; keeping "+" and "#" inside
# words lets "c++" and "c#" stay words, as the tokeniser produced them.
SQLITE_TOKENIZE = "unicode61 tokenchars '+#'"


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


def build_query(text: str) -> search_query.Query:
    if not search_query.words(text):
        return ()  # no word: no need to read the synonyms
    return search_query.build(text, synonyms.current())


def search_jobs(queryset: QuerySet, text: str) -> QuerySet:
    """The jobs of `queryset` matching `text`, annotated with `rank`.

    Without a searchable word (empty text, punctuation, stop words only) the queryset is
    returned unfiltered, with rank 0.
    """
    return full_text(queryset, build_query(text))


def search_talents(queryset: QuerySet, text: str) -> QuerySet:
    """Talent profiles of `queryset` matching `text`, annotated with `rank`."""
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
    weights = BM25_WEIGHTS.get(table)
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


# --- The indexes (migrations jobs.0003_search_index, jobs.0006_weighted_search_index) -------
def sqlite_section(document: str, n: int) -> str:
    """SQL for the n-th (from 0) " | "-separated section of the SQL expression `document`."""
    for _ in range(n):
        document = f"substr({document}, instr({document} || '|', '|') + 1)"
    return f"trim(substr({document}, 1, instr({document} || '|', '|') - 1))"


def _sqlite_sections(prefix: str) -> str:
    document = f"coalesce({prefix}search_document, '')"
    return ", ".join(sqlite_section(document, n) for n in range(len(JOB_COLUMNS)))


def _sqlite_fill(table: str) -> str:
    """Re-fill a table's FTS5 index from the table."""
    fts = f"{table}_fts"
    if table == "jobs_job":
        columns = ", ".join(JOB_COLUMNS)
        return (
            f"INSERT INTO {fts}(rowid, {columns}) "  # noqa: S608
            f"SELECT id, {_sqlite_sections('')} FROM {table}"
        )
    return f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"  # noqa: S608


def _sqlite_triggers(table: str) -> list[tuple[str, str]]:
    fts = f"{table}_fts"
    if table == "jobs_job":
        # The index keeps its own copy of the sections (a table of its own, not external
        # content): the sections are not columns of the job table.
        columns = ", ".join(JOB_COLUMNS)
        delete = f"DELETE FROM {fts} WHERE rowid = old.id;"  # noqa: S608
        insert = (
            f"INSERT INTO {fts}(rowid, {columns}) "  # noqa: S608
            f"VALUES (new.id, {_sqlite_sections('new.')});"
        )
    else:
        columns = f"{fts}({fts}, rowid, search_document)"
        delete = f"INSERT INTO {columns} VALUES ('delete', old.id, old.search_document);"  # noqa: S608
        insert = f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document);"  # noqa: S608
    return [
        (f"{fts}_ai", f"AFTER INSERT ON {table} BEGIN {insert} END"),
        (f"{fts}_ad", f"AFTER DELETE ON {table} BEGIN {delete} END"),
        # Only a change of the document touches the index (not a change of status).
        (f"{fts}_au", f"AFTER UPDATE OF search_document ON {table} BEGIN {delete} {insert} END"),
    ]


def repair_index(using: str = "default") -> list[str]:
    """Put back SQLite's triggers after a migration rebuilt an indexed table; returns the
    tables repaired.

    To alter a column, Django's SQLite backend copies the table into a new one and drops the
    old one, and the triggers go with it: the index would then silently stop following the
    table. This re-creates missing triggers and rebuilds the index from the table. Meant to
    run after every `migrate` (post_migrate); a no-op elsewhere and when nothing is missing.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    repaired = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for table in INDEXED_TABLES:
            fts = f"{table}_fts"
            if fts not in present or table not in present:
                continue  # not migrated that far (or already rolled back)
            triggers = _sqlite_triggers(table)
            if table == "jobs_job":
                cursor.execute(f"PRAGMA table_info({fts})")
                if "title" not in {row[1] for row in cursor.fetchall()}:
                    continue  # still the index of 0003: 0006 will replace it
            missing = [(n, body) for n, body in triggers if n not in present]
            if not missing:
                continue
            for name, body in missing:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
            if table == "jobs_job":
                cursor.execute(f"DELETE FROM {fts}")  # noqa: S608
            cursor.execute(_sqlite_fill(table))
            repaired.append(table)
    return repaired
