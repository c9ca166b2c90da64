"""Stored recommendations between projects and demands, computed by `yingcai.matching.recommend`.

"Demands and investors for this project" (direction FOR_PROJECT, shown to the team) and
"projects for this demand" (FOR_DEMAND, shown to the demand's organisation). The engine's
project kind plays the talent with a project and the job with a demand: fields and
industries in common, the words of both languages' texts, the project's wished district
against the demand's districts, the stages a demand wants, the project's sought amount
against the demand's ticket range (same currency). Stored rows carry their reasons in both
languages, so pages show them without computing anything.

Who takes part: listed (verified) projects, and published demands of verified
organisations. `refresh` is the one entry point (the task `projects.tasks.
refresh_recommendations` and `queue_refresh`, which the services call on commit):

- everything (no ids): both directions replaced;
- some projects and/or demands (one was listed, changed, withdrawn …): the engine is built
  over everyone (the market is small: 607 × 288 at the conference, about a second), so the
  scores are those a full run gives. The lists of those projects or demands are replaced,
  and so is every list of the other side that named one of them before or names one now:
  every list written is exactly the full run's. A project or demand no longer taking part
  leaves every list.

Each refresh records, on the projects and demands whose own lists it computed, the moment it
read the data (`recommendations_refreshed_at`).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone, translation

from yingcai.core.models import DisciplineField, District
from yingcai.organisations.models import Organisation

from .models import Demand, Industry, Project, Recommendation, Stage

K = 10
LANGUAGES = ("zh-hans", "en")  # the engine's (yingcai.matching.recommend.LANGUAGES)
FOR_PROJECT = Recommendation.Direction.FOR_PROJECT
FOR_DEMAND = Recommendation.Direction.FOR_DEMAND
BATCH = 500


def _engine():
    """The engine module. Imported on first use: numpy, scipy and rjieba cost about half a
    second of import, which only the worker running a refresh should pay, not every web
    process that imports `queue_refresh` through the services."""
    from yingcai.matching import recommend  # noqa: PLC0415

    return recommend


# --- Queueing -----------------------------------------------------------------------------------
def queue_refresh(project_ids=None, demand_ids=None) -> None:
    """Queue a refresh of the recommendations of these projects and demands after the commit.

    Called by the services when a project is verified or changed while listed, and when a
    demand is published or changed while published; `None` for both refreshes everything.
    Nothing is queued for a change rolled back.
    """
    from .tasks import refresh_recommendations  # noqa: PLC0415 (tasks imports this module)

    projects = None if project_ids is None else sorted({int(i) for i in project_ids})
    demands = None if demand_ids is None else sorted({int(i) for i in demand_ids})
    everything = projects is None and demands is None
    if not everything and not projects and not demands:
        return  # empty lists: nothing changed
    transaction.on_commit(
        lambda: refresh_recommendations.enqueue(project_ids=projects, demand_ids=demands)
    )


# --- What the engine reads ----------------------------------------------------------------------
def listed_projects():
    return Project.objects.filter(status=Project.Status.VERIFIED)


def published_demands():
    return Demand.objects.filter(
        status=Demand.Status.PUBLISHED, organisation__status=Organisation.Status.VERIFIED
    )


def _through(model, owner: str, target: str, chosen) -> dict[int, list[str]]:
    """{owner pk: [slugs]} from a many-to-many table, for the owners in `chosen`."""
    found = defaultdict(list)
    rows = model.objects.filter(**{f"{owner}_id__in": chosen}).values_list(
        f"{owner}_id", f"{target}__slug"
    )
    for pk, slug in rows:
        found[pk].append(slug)
    return found


def _text(*parts) -> str:
    return "\n".join(dict.fromkeys(p for p in parts if p))


def _projects() -> list:
    """The listed projects as the engine's talents (plain values, not model instances)."""
    engine = _engine()
    projects = listed_projects()
    rows = projects.order_by("pk").values_list(
        "pk",
        "title_zh_hans",
        "title_en",
        "summary_zh_hans",
        "summary_en",
        "field__slug",
        "stage",
        "origin",
        "district__slug",
        "seeks_investment",
        "amount_min",
        "amount_max",
        "currency",
    )
    industries = _through(Project.industries.through, "project", "industry", projects.values("pk"))
    found = []
    for (
        pk, title, title_en, summary, summary_en, field, stage, origin, district,
        seeks_investment, low, high, currency,
    ) in rows:  # fmt: skip
        has_amount = seeks_investment and (low is not None or high is not None)
        found.append(
            engine.Talent(
                id=str(pk),
                degree=0,
                fields=(field,),
                industries=tuple(sorted(industries[pk])),
                text=_text(title, title_en, summary, summary_en),
                districts=(district,) if district else (),
                overseas=origin == "overseas",
                stage=stage or None,
                amount_min=low if has_amount else None,
                amount_max=high if has_amount else None,
                currency=currency if has_amount else None,
            )
        )
    return found


def _demands() -> list:
    """The published demands of verified organisations as the engine's jobs."""
    engine = _engine()
    demands = published_demands()
    rows = demands.order_by("pk").values_list(
        "pk",
        "title_zh_hans",
        "title_en",
        "description_zh_hans",
        "description_en",
        "offers_zh_hans",
        "offers_en",
        "stages",
        "ticket_min",
        "ticket_max",
        "currency",
    )
    chosen = demands.values("pk")
    fields = _through(Demand.fields.through, "demand", "disciplinefield", chosen)
    industries = _through(Demand.industries.through, "demand", "industry", chosen)
    districts = _through(Demand.districts.through, "demand", "district", chosen)
    found = []
    for pk, title, title_en, text, text_en, offers, offers_en, stages, low, high, cur in rows:
        has_amount = low is not None or high is not None
        found.append(
            engine.Job(
                id=str(pk),
                fields=tuple(sorted(fields[pk])),
                industries=tuple(sorted(industries[pk])),
                districts=tuple(sorted(districts[pk])),
                text=_text(title, title_en, text, text_en, offers, offers_en),
                stages=tuple(s for s in stages.split(",") if s),
                amount_min=low,
                amount_max=high,
                currency=cur if has_amount else None,
            )
        )
    return found


# --- Reasons in the reader's language -----------------------------------------------------------
class _Names:
    """The engine names fields, industries, districts and stages by the slugs it was given:
    shown to people, they take their names in the reasons' language."""

    def __init__(self):
        engine = _engine()
        self.names: dict[str, dict[str, dict[str, str]]] = {}
        for kind, model in (("field", DisciplineField), ("district", District)):
            self.names[kind] = {
                slug: {"zh-hans": zh or en, "en": en or zh}
                for slug, zh, en in model.objects.values_list("slug", "name_zh_hans", "name_en")
            }
        self.names["industry"] = {
            slug: {"zh-hans": zh or en, "en": en or zh}
            for slug, zh, en in Industry.objects.values_list("slug", "name_zh_hans", "name_en")
        }
        self.names["stage"] = {}
        for value, label in Stage.choices:
            self.names["stage"][value] = {}
            for lang in LANGUAGES:
                with translation.override(lang):
                    self.names["stage"][value][lang] = str(label)
        self.phrases = {}
        for lang in LANGUAGES:
            say = engine._Phrases(lang, "projects")
            prefixes = (
                (say.fields, "field"),
                (say.industries, "industry"),
                (say.district_for_talent, "district"),
                (say.district_for_job, "district"),
                (say.stage, "stage"),
            )
            self.phrases[lang] = (prefixes, say.sep)
        self.seen: dict[tuple[str, str], str] = {}

    def localise(self, why: list[str], lang: str) -> list[str]:
        return [self._reason(reason, lang) for reason in why]

    def _reason(self, reason: str, lang: str) -> str:
        key = (lang, reason)
        shown = self.seen.get(key)
        if shown is None:
            shown = reason
            prefixes, sep = self.phrases[lang]
            # The longest prefix first: "项目意向区县：" before "意向区县：".
            for prefix, kind in sorted(prefixes, key=lambda p: -len(p[0])):
                if reason.startswith(prefix):
                    slugs = reason[len(prefix) :].split(sep)
                    table = self.names[kind]
                    shown = prefix + sep.join(table.get(s, {}).get(lang, s) for s in slugs)
                    break
            self.seen[key] = shown
        return shown


# A row to store: (project id, demand id, score, position, reasons).
Row = tuple[int, int, float, int, dict]


def _run(projects, demands, workers: int) -> dict[str, dict]:
    """The engine's lists in both languages (one build, scored once per language)."""
    engine = _engine()
    recommender = engine.Recommender(projects, demands, workers=workers, kind="projects")
    return {lang: recommender.recommend_all(K, language=lang) for lang in LANGUAGES}


def _rows(results, side: str, owners=None) -> list[Row]:
    """Rows of one side ("for_talents": projects' lists; "for_jobs": demands' lists), of the
    owners given (all when None)."""
    first, second = LANGUAGES
    names = _Names()
    rows = []
    for owner, items in results[first][side].items():
        if owners is not None and int(owner) not in owners:
            continue
        translated = {item["id"]: item["why"] for item in results[second][side].get(owner, [])}
        for position, item in enumerate(items[:K]):
            member = item["id"]
            project, demand = (owner, member) if side == "for_talents" else (member, owner)
            reasons = {
                first: names.localise(item["why"], first),
                second: names.localise(translated.get(member, item["why"]), second),
            }
            rows.append((int(project), int(demand), item["score"], position, reasons))
    return rows


def _chunks(values: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _delete(direction, field: str, ids: list[int]) -> None:
    for chunk in _chunks(ids):
        Recommendation.objects.filter(direction=direction, **{f"{field}__in": chunk}).delete()


def _insert(direction, rows: list[Row], now) -> None:
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                direction=direction,
                project_id=project,
                demand_id=demand,
                score=score,
                position=position,
                reasons=reasons,
                computed_at=now,
            )
            for project, demand, score, position, reasons in rows
        ],
        batch_size=BATCH,
    )


# --- Refreshing ---------------------------------------------------------------------------------
def refresh(project_ids=None, demand_ids=None, *, workers: int = 1) -> int:
    """Recompute and store recommendations; returns the number of rows written.

    No ids: everything. `project_ids` / `demand_ids`: those projects' and demands' lists, and
    the other side's lists that name them. `workers` > 1 lets the engine fork for
    segmentation and score in threads (for the command line; a web process keeps 1).

    One refresh at a time (`_one_at_a_time`), reading after it has its turn: two workers
    refreshing at once each write lists of one build, never a mix of two, and the later one
    reads what the earlier one's changes left.
    """
    with transaction.atomic():
        _one_at_a_time()
        now = timezone.now()  # the moment the data is read
        projects, demands = _projects(), _demands()
        results = _run(projects, demands, workers) if projects and demands else None
        if project_ids is None and demand_ids is None:
            return _store_all(results, now)
        return _store_some(
            results,
            sorted({int(i) for i in project_ids or ()}),
            sorted({int(i) for i in demand_ids or ()}),
            now,
        )


# Any number, the same in every process: the key of the refreshes' lock on PostgreSQL.
_LOCK_KEY = 1_300_013


def _one_at_a_time() -> None:
    """Wait for any other refresh to commit. PostgreSQL: a transaction-scoped advisory lock
    (released at the commit or rollback). SQLite lets one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _store_all(results, now) -> int:
    Recommendation.objects.all().delete()
    if results is None:
        return 0
    mine, theirs = _rows(results, "for_talents"), _rows(results, "for_jobs")
    _insert(FOR_PROJECT, mine, now)
    _insert(FOR_DEMAND, theirs, now)
    listed_projects().update(recommendations_refreshed_at=now)
    Demand.objects.filter(pk__in=published_demands().values("pk")).update(
        recommendations_refreshed_at=now
    )
    return len(mine) + len(theirs)


def _store_some(results, project_ids: list[int], demand_ids: list[int], now) -> int:
    # The lists to replace: those of the refreshed, and every list of the other side that
    # names one of them, before or now.
    projects_lists, demands_lists = set(project_ids), set(demand_ids)
    stored = Recommendation.objects.all()
    for chunk in _chunks(project_ids):
        demands_lists.update(
            stored.filter(direction=FOR_DEMAND, project_id__in=chunk).values_list(
                "demand_id", flat=True
            )
        )
    for chunk in _chunks(demand_ids):
        projects_lists.update(
            stored.filter(direction=FOR_PROJECT, demand_id__in=chunk).values_list(
                "project_id", flat=True
            )
        )
    if results is not None:
        for project, items in results[LANGUAGES[0]]["for_talents"].items():
            if any(int(item["id"]) in demand_ids for item in items[:K]):
                projects_lists.add(int(project))
        for demand, items in results[LANGUAGES[0]]["for_jobs"].items():
            if any(int(item["id"]) in project_ids for item in items[:K]):
                demands_lists.add(int(demand))
    _delete(FOR_PROJECT, "project_id", sorted(projects_lists))
    _delete(FOR_DEMAND, "demand_id", sorted(demands_lists))
    mine = theirs = []
    if results is not None:
        mine = _rows(results, "for_talents", projects_lists)
        theirs = _rows(results, "for_jobs", demands_lists)
        _insert(FOR_PROJECT, mine, now)
        _insert(FOR_DEMAND, theirs, now)
    Project.objects.filter(pk__in=project_ids).update(recommendations_refreshed_at=now)
    Demand.objects.filter(pk__in=demand_ids).update(recommendations_refreshed_at=now)
    return len(mine) + len(theirs)
