"""Full-text search over projects and demands, on the job fair's machinery (`yingcai.search`).

A document is segmented by `yingcai.search.text.segment` (jieba's dictionary for Chinese,
words for English, a compound and its parts) into `search_document`, in both languages
whatever language is active while it is saved; a query is built and run by
`yingcai.search.index`, exactly as the job search does (`yingcai.jobs.search`).

Each document has four sections separated by " | ", from the most to the least telling:

- a project: its title | its field and industries | its summary | its city, country, stage
  and origin (never its plan, patents or team: the public list shows the summary only);
- a demand: its title | its fields and industries | its description and what it offers |
  its organisation's name and the kind of demand.

Each database indexes `search_document` its own way (migration
`projects.0003_search_index`): PostgreSQL a generated `search_vector`, the sections'
tsvectors weighted A, B, C, D, with a GIN index; SQLite an FTS5 table per model with one
column per section, kept in step by the triggers declared here (which `index.repair` puts
back after a later migration rebuilds a table).
"""

from django.db.models import QuerySet
from django.utils import translation

from yingcai.search import index
from yingcai.search.text import segment

from .models import Demand, Origin, Project, Stage

SECTION = " | "
PROJECT_TABLE = "projects_project"
DEMAND_TABLE = "projects_demand"
PROJECT_COLUMNS = ("title", "field", "summary", "place")
DEMAND_COLUMNS = ("title", "field", "description", "organisation")
WEIGHTS = (10.0, 4.0, 2.0, 1.0)


def _texts(obj, name: str) -> list[str]:
    """The field in every language the model has (title, title_zh_hans, title_en …)."""
    found = []
    for attribute in (name, f"{name}_zh_hans", f"{name}_en"):
        value = getattr(obj, attribute, None)
        if value and value not in found:
            found.append(value)
    return found


def _labels(choices, value) -> list[str]:
    """A choice's label in both languages (a visitor searches 'overseas' or '海外')."""
    found = []
    label = dict(choices).get(value)
    if label is None:
        return found
    for language in ("zh-hans", "en"):
        with translation.override(language):
            text = str(label)
        if text not in found:
            found.append(text)
    return found


def _related(obj, name: str) -> list:
    """The rows of a many-to-many of a saved object (none before it is saved)."""
    if obj.pk is None:
        return []
    return list(getattr(obj, name).all())


def _document(sections: list[list[str]]) -> str:
    return SECTION.join(segment(" ".join(texts)) for texts in sections)


def project_document(project) -> str:
    """The words of a project's search document (kept in `Project.search_document`)."""

    topics = _texts(project.field, "name") if project.field_id else []
    for industry in _related(project, "industries"):
        topics.extend(_texts(industry, "name"))
    place = [project.city, project.country]
    place += _labels(Stage.choices, project.stage) + _labels(Origin.choices, project.origin)
    return _document(
        [_texts(project, "title"), topics, _texts(project, "summary"), [p for p in place if p]]
    )


def demand_document(demand) -> str:
    """The words of a demand's search document (kept in `Demand.search_document`)."""

    topics = []
    for field in _related(demand, "fields"):
        topics.extend(_texts(field, "name"))
    for industry in _related(demand, "industries"):
        topics.extend(_texts(industry, "name"))
    organisation = _texts(demand.organisation, "name") if demand.organisation_id else []
    organisation += _labels(Demand.Kind.choices, demand.kind)
    return _document(
        [
            _texts(demand, "title"),
            topics,
            _texts(demand, "description") + _texts(demand, "offers"),
            organisation,
        ]
    )


def search(queryset: QuerySet, text: str) -> QuerySet:
    """The rows of `queryset` (projects or demands) matching `text`, annotated with `rank`."""
    return index.search(queryset, text)


# --- Keeping the documents: the services call these; so may a loader writing rows in bulk ---
def reindex_projects(projects) -> int:
    """Write the documents of these projects again (an iterable of saved projects)."""

    return _reindex(Project, projects, project_document, ("field",), ("industries",))


def reindex_demands(demands) -> int:
    """Write the documents of these demands again (an iterable of saved demands)."""

    return _reindex(Demand, demands, demand_document, ("organisation",), ("fields", "industries"))


def _reindex(model, objects, document, joins, prefetch, batch=500) -> int:
    ids = [obj.pk for obj in objects]
    done = 0
    for start in range(0, len(ids), batch):
        rows = list(
            model.objects.filter(pk__in=ids[start : start + batch])
            .select_related(*joins)
            .prefetch_related(*prefetch)
        )
        for row in rows:
            row.search_document = document(row)
        model.objects.bulk_update(rows, ["search_document"])
        done += len(rows)
    return done


# --- The SQLite indexes (migration projects.0003_search_index) --------------------------------
def sqlite_section(document: str, n: int) -> str:
    """SQL for the n-th (from 0) " | "-separated section of the SQL expression `document`."""
    for _ in range(n):
        document = f"substr({document}, instr({document} || '|', '|') + 1)"
    return f"trim(substr({document}, 1, instr({document} || '|', '|') - 1))"


def _sqlite_sections(prefix: str, count: int) -> str:
    document = f"coalesce({prefix}search_document, '')"
    return ", ".join(sqlite_section(document, n) for n in range(count))


def _sqlite_index(table: str, columns: tuple[str, ...]) -> index.SqliteIndex:
    fts = f"{table}_fts"
    names = ", ".join(columns)
    delete = f"DELETE FROM {fts} WHERE rowid = old.id;"  # noqa: S608
    insert = (
        f"INSERT INTO {fts}(rowid, {names}) "  # noqa: S608
        f"VALUES (new.id, {_sqlite_sections('new.', len(columns))});"
    )
    return index.register(
        index.SqliteIndex(
            table=table,
            columns=columns,
            weights=WEIGHTS,
            triggers=(
                (f"{fts}_ai", f"AFTER INSERT ON {table} BEGIN {insert} END"),
                (f"{fts}_ad", f"AFTER DELETE ON {table} BEGIN {delete} END"),
                (
                    f"{fts}_au",
                    f"AFTER UPDATE OF search_document ON {table} BEGIN {delete} {insert} END",
                ),
            ),
            fill=(
                f"DELETE FROM {fts}",  # noqa: S608
                f"INSERT INTO {fts}(rowid, {names}) "  # noqa: S608
                f"SELECT id, {_sqlite_sections('', len(columns))} FROM {table}",
            ),
        )
    )


PROJECT_INDEX = _sqlite_index(PROJECT_TABLE, PROJECT_COLUMNS)
DEMAND_INDEX = _sqlite_index(DEMAND_TABLE, DEMAND_COLUMNS)
