"""Full-text search over job requirements and talent profiles, in Chinese and English.

Text is segmented with the matching engine's tokeniser (jieba's dictionary for Chinese,
words for English) into `Job.search_document` and `TalentProfile.search_document`; queries
are segmented by the same tokeniser, so a query word is found exactly when the document's
segmentation produced it (search mode adds the parts of compounds: 芯片 finds 集成电路芯片设计).

Each database indexes `search_document` its own way (installed by migration
`jobs.0003_search_index`):

- PostgreSQL: a generated column `search_vector = to_tsvector('simple', search_document)`
  with a GIN index; a query is `search_vector @@ to_tsquery('simple', 'w1' & 'w2' ...)`,
  ranked by `ts_rank`.
- SQLite: an FTS5 table over the column (external content, kept in step by triggers); a
  query is `MATCH '"w1" "w2"'`, ranked by `bm25()` (see `_sqlite_ranks` for how).

`search_jobs` and `search_talents` hide the difference: both keep the rows holding every
word of the text (AND) and annotate them with `rank`, higher meaning more relevant.
"""

from django.db import connections
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from yingcai.matching.text import tokenize

# A query's words beyond these add nothing a person meant; they would only slow the query.
MAX_QUERY_WORDS = 12
# No word of a real text is longer; a longer "word" is noise and PostgreSQL would drop it.
MAX_WORD_LENGTH = 64

# The tables with a `search_document` column that are indexed.
INDEXED_TABLES = ("jobs_job", "talents_talentprofile")

# FTS5's tokeniser splits on anything but letters and digits; keeping "+" and "#" inside
# words lets "c++" and "c#" stay words, as the tokeniser produced them.
SQLITE_TOKENIZE = "unicode61 tokenchars '+#'"


def segment(text: str) -> str:
    return " ".join(tokenize(text or ""))


def document_for(job) -> str:
    parts = [job.title, job.description]
    if job.organisation_id:
        # Both languages, whatever language is active while the job is saved.
        organisation = job.organisation
        parts += [organisation.name_zh_hans, organisation.name_en]
    if job.field_id:
        parts += [job.field.name_zh_hans, job.field.name_en]
    return segment(" ".join(p for p in parts if p))


def query_words(text: str) -> list[str]:
    """The distinct words of a query, in order, as the documents were segmented."""
    words: list[str] = []
    for word in tokenize(text or ""):
        if len(word) <= MAX_WORD_LENGTH and word not in words:
            words.append(word)
            if len(words) == MAX_QUERY_WORDS:
                break
    return words


def search_jobs(queryset: QuerySet, text: str) -> QuerySet:
    """The jobs of `queryset` holding every word of `text`, annotated with `rank`.

    Without a searchable word (empty text, punctuation, stop words only) the queryset is
    returned unfiltered, with rank 0.
    """
    return _full_text(queryset, text)


def search_talents(queryset: QuerySet, text: str) -> QuerySet:
    """Talent profiles of `queryset` holding every word of `text`, annotated with `rank`."""
    return _full_text(queryset, text)


def _full_text(queryset: QuerySet, text: str) -> QuerySet:
    words = query_words(text)
    if not words:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    connection = connections[queryset.db]
    model = queryset.model
    qn = connection.ops.quote_name
    table = model._meta.db_table
    # The SQL strings below hold only table and column names of ours (hence the noqa); the
    # user's words, quoted, are always a query parameter.
    if connection.vendor == "postgresql":
        vector = f"{qn(table)}.search_vector"
        tsquery = " & ".join(_tsquery_term(word) for word in words)
        query = "to_tsquery('simple', %s)"
        matches = RawSQL(f"{vector} @@ {query}", (tsquery,), BooleanField())  # noqa: S611
        rank = RawSQL(f"ts_rank({vector}, {query})", (tsquery,), FloatField())  # noqa: S611
    elif connection.vendor == "sqlite":
        pk = f"{qn(table)}.{qn(model._meta.pk.column)}"
        search = _sqlite_ranks(connection, qn(f"{table}_fts"), words)
        ranked = f"SELECT id FROM temp.{RANKS} WHERE search = %s"  # noqa: S608
        matches = RawSQL(f"{pk} IN ({ranked})", (search,), BooleanField())  # noqa: S611
        score = f"SELECT rank FROM temp.{RANKS} WHERE search = %s AND id = {pk}"  # noqa: S608
        rank = RawSQL(f"({score})", (search,), FloatField())  # noqa: S611
    else:
        # A database without an index of ours: the same words, found by scanning.
        padded = Concat(Value(" "), "search_document", Value(" "))
        queryset = queryset.alias(_padded_document=padded)
        matches = Q()
        for word in words:
            matches &= Q(_padded_document__contains=f" {word} ")
        rank = Value(0.0, output_field=FloatField())
    return queryset.filter(matches).annotate(rank=rank)


# SQLite: every match of a search with its score, in a temporary table of the connection.
RANKS = "yingcai_search_ranks"
KEEP_SEARCHES = 32


def _sqlite_ranks(connection, fts: str, words: list[str]) -> int:
    """Score every match of the words once, into a temporary table; returns the search's number.

    FTS5 is fast when it drives the query (`MATCH ... ORDER BY rank`), slow when probed row
    by row: a correlated `bm25()` per job re-runs the whole full-text query for each row
    (4 s for a word in most of the 8,041 jobs). The ORM cannot put the FTS table first, so
    the scores go into a table with a primary key, which the job query then looks up. The
    table lives in the connection's temporary database: nothing is written to the real one,
    and other connections never see it. The scores are taken when this runs, not when the
    queryset is evaluated (later in the same request, on the same connection).
    """
    number = getattr(connection, "_yingcai_searches", 0) + 1
    connection._yingcai_searches = number
    insert = (
        f"INSERT INTO temp.{RANKS} (search, id, rank) "  # noqa: S608
        f"SELECT %s, rowid, -bm25({fts}) FROM {fts} WHERE {fts} MATCH %s"  # bm25: lower is better
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {RANKS} (search INTEGER, id INTEGER, rank REAL, "
            "PRIMARY KEY (search, id)) WITHOUT ROWID"
        )
        cursor.execute(insert, [number, " ".join(_fts5_phrase(word) for word in words)])
        if number % KEEP_SEARCHES == 0:  # the querysets of older searches are long evaluated
            forget = f"DELETE FROM temp.{RANKS} WHERE search <= %s"  # noqa: S608
            cursor.execute(forget, [number - KEEP_SEARCHES])
    return number


def _tsquery_term(word: str) -> str:
    """A word as a quoted tsquery operand: `&`, `|`, `!`, `:`, `(` inside it are plain text."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _fts5_phrase(word: str) -> str:
    """A word as an FTS5 string: operators and column filters inside it are plain text."""
    return '"' + word.replace('"', '""') + '"'


# --- The indexes (migration jobs.0003_search_index) ---------------------------------------------
def _sqlite_triggers(table: str) -> list[tuple[str, str]]:
    fts = f"{table}_fts"
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
            missing = [(n, body) for n, body in _sqlite_triggers(table) if n not in present]
            if not missing:
                continue
            for name, body in missing:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608
            repaired.append(table)
    return repaired
