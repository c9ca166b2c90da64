"""Recommendations between talents and open jobs, computed by yingcai.matching and stored.

Stored rows carry their reasons in both languages, so pages show them in the reader's
language without computing again. `refresh` is the one entry point (the task
`jobs.tasks.refresh_recommendations` and `yingcai refresh_recommendations` call it):

- everything (no ids; `--all`, nightly): every talent with a degree against every open job,
  both directions replaced;
- some talents (their profile was saved): the engine is built over those talents and the open
  jobs only, never over all talents. Their "jobs for you" lists are replaced, and each job's
  "talents for this job" list takes them in where they now beat its last entry;
- some jobs (a job was published): built over all talents, those jobs and a fixed sample of
  other open jobs (for the word statistics). Their lists are replaced, and each talent's list
  takes them in where they beat its last entry.

A partial build weighs words with the statistics of the documents it holds, so its scores can
differ slightly from those the next full run gives the same pair (on the demo data, a talent's
own build shares 8.8 of its 10 jobs with the full run, on average); the full run puts every
list back in line.

Each refresh records, on the profiles and jobs whose own lists it computed, the moment it read
the data (`recommendations_refreshed_at`): the pages say how old a list is, and "being refreshed"
while a later change waits for the worker.

Jobs' lists ("talents for a job") only hold talents who opened their profile to employers'
search: a talent who chose "only employers I apply to" is never suggested to an employer.
"""

import math
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Min
from django.db.models.constants import OnConflict
from django.utils import timezone

from yingcai.core.models import DisciplineField, District
from yingcai.matching import recommend as engine
from yingcai.talents.models import Education, TalentProfile, WorkExperience

from . import queries
from .models import Job, Recommendation

K = 10
LANGUAGES = engine.LANGUAGES
# Rows per INSERT statement (7 parameters each; SQLite allows 32,766).
INSERT_ROWS = 500
# Other open jobs built in with the jobs of a job refresh, for the word statistics; a refreshed
# job is offered to the talents for whom it is among the best MERGE_K of that build.
CONTEXT_JOBS = 200
MERGE_K = 3
# Titles are words of the profile; always the same words, whatever language the request is in.
TITLE_WORDS = {
    "junior": "初级职称",
    "intermediate": "中级职称",
    "associate_senior": "副高级职称",
    "senior": "正高级职称",
}
_DEGREE = {name: i for i, name in enumerate(engine.DEGREES)}
FOR_TALENT = Recommendation.Direction.FOR_TALENT
FOR_JOB = Recommendation.Direction.FOR_JOB


# --- What the engine reads ----------------------------------------------------------------------
# As the public job search: the one rule of what is public (jobs.queries).
open_jobs = queries.open_jobs


def _jobs(job_ids=None) -> list[engine.Job]:
    """The open jobs (or those of job_ids that are open), as the engine's records.

    Plain values rather than model instances: at 8,000 jobs, building instances cost more
    than all the engine's work for one talent.
    """
    jobs = open_jobs()
    if job_ids is not None:
        jobs = jobs.filter(pk__in=list(job_ids))
    # Both languages' columns by name: "title" alone would be the active language's only.
    rows = jobs.order_by("pk").values_list(
        "pk",
        "title_zh_hans",
        "title_en",
        "description_zh_hans",
        "description_en",
        "degree_min",
        "field__slug",
        "district__slug",
        "salary_max",
        "headcount",
    )
    return [
        engine.Job(
            id=str(pk),
            degree_min=_DEGREE.get(degree_min),
            fields=(field,),
            text="\n".join(dict.fromkeys(t for t in (title, title_en, text, text_en) if t)),
            district=district,
            salary_max=salary_max,
            headcount=headcount,
        )
        for (
            pk,
            title,
            title_en,
            text,
            text_en,
            degree_min,
            field,
            district,
            salary_max,
            headcount,
        ) in rows
    ]


def eligible_profiles():
    """Profiles the engine considers: with a degree (the hard rule), of active accounts."""
    return TalentProfile.objects.filter(user__is_active=True).exclude(degree="")


def _talents(user_ids=None) -> tuple[list[engine.Talent], set[int]]:
    """The talents (of user_ids, or all) as the engine's records, and who is open to search."""
    profiles = eligible_profiles()
    if user_ids is not None:
        profiles = profiles.filter(user_id__in=list(user_ids))
    rows = list(
        profiles.order_by("pk").values_list(
            "pk",
            "user_id",
            "degree",
            "title",
            "university",
            "skills",
            "summary",
            "expected_salary",
            "origin",
            "visibility",
        )
    )
    if not rows:
        return [], set()
    chosen = profiles.values("pk")
    fields, places, texts = defaultdict(list), defaultdict(list), defaultdict(list)
    through = TalentProfile.fields.through.objects.filter(talentprofile_id__in=chosen)
    for pk, slug in through.values_list("talentprofile_id", "disciplinefield__slug"):
        fields[pk].append(slug)
    through = TalentProfile.desired_districts.through.objects.filter(talentprofile_id__in=chosen)
    for pk, slug in through.values_list("talentprofile_id", "district__slug"):
        places[pk].append(slug)
    for pk, *parts in WorkExperience.objects.filter(profile_id__in=chosen).values_list(
        "profile_id", "position", "employer", "description"
    ):
        texts[pk].extend(parts)
    for pk, *parts in Education.objects.filter(profile_id__in=chosen).values_list(
        "profile_id", "major", "institution"
    ):
        texts[pk].extend(parts)
    talents, open_to_search = [], set()
    for pk, user_id, degree, title, university, skills, summary, salary, origin, vis in rows:
        text = "\n".join(p for p in (university, skills, summary, *texts[pk]) if p)
        talents.append(
            engine.Talent(
                id=str(user_id),
                degree=_DEGREE[degree],
                titles=(TITLE_WORDS[title],) if title in TITLE_WORDS else (),
                fields=tuple(sorted(set(fields[pk]))),
                text=text,
                districts=tuple(sorted(set(places[pk]))),
                salary_min=salary,
                overseas=origin == TalentProfile.Origin.OVERSEAS,
            )
        )
        if vis == TalentProfile.Visibility.OPEN:
            open_to_search.add(user_id)
    return talents, open_to_search


# --- Running the engine -------------------------------------------------------------------------
def _run(talents, jobs, k: int, workers: int) -> dict[str, dict]:
    """The engine's lists in every language: {language: {"for_talents": …, "for_jobs": …}}.

    The engine words its reasons in one language per run, so the pairs are scored once per
    language; the build (segmentation, word statistics) is shared.
    """
    recommender = engine.Recommender(talents, jobs, workers=workers)
    return {lang: recommender.recommend_all(k, language=lang) for lang in LANGUAGES}


# A row to store: (talent id, job id, score, position, reasons).
Row = tuple[int, int, float, int, dict]


class _Names:
    """Reasons name fields and districts by the slugs the engine was given: shown to people,
    they take the names in the reasons' language."""

    def __init__(self):
        self.names = {}
        for model in (DisciplineField, District):
            for slug, zh, en in model.objects.values_list("slug", "name_zh_hans", "name_en"):
                self.names[slug] = {"zh-hans": zh or en, "en": en or zh}
        self.phrases = {}
        for lang in LANGUAGES:
            say = engine._Phrases(lang)
            prefixes = (say.fields, say.district_for_talent, say.district_for_job)
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
            for prefix in prefixes:
                if reason.startswith(prefix):
                    slugs = reason[len(prefix) :].split(sep)
                    names = [self.names.get(slug, {}).get(lang, slug) for slug in slugs]
                    shown = prefix + sep.join(names)
                    break
            self.seen[key] = shown
        return shown


def _rows(results, side: str, keep=None) -> list[Row]:
    """Rows from the engine's lists of one side ("for_talents" or "for_jobs"), the first K
    of each list whose members pass `keep(member id)`."""
    first, second = LANGUAGES
    names = _Names()
    rows = []
    for owner, items in results[first][side].items():
        translated = {item["id"]: item["why"] for item in results[second][side].get(owner, [])}
        position = 0
        for item in items:
            member = item["id"]
            if keep is not None and not keep(member):
                continue
            talent, job = (owner, member) if side == "for_talents" else (member, owner)
            reasons = {
                first: names.localise(item["why"], first),
                second: names.localise(translated.get(member, item["why"]), second),
            }
            rows.append((int(talent), int(job), item["score"], position, reasons))
            position += 1
            if position >= K:
                break
    return rows


def _chunks(values: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _delete(direction, field: str, ids: list[int]) -> None:
    for chunk in _chunks(ids):
        Recommendation.objects.filter(direction=direction, **{f"{field}__in": chunk}).delete()


def _insert(direction, rows: list[Row]) -> None:
    """Store rows with multi-row INSERTs.

    Not `bulk_create`: the full run stores ~160,000 rows, and making and preparing a model
    instance for each took longer than the engine's whole run. Pairs already stored (by a
    concurrent refresh of the same profile) are skipped.
    """
    if not rows:
        return
    table = connection.ops.quote_name(Recommendation._meta.db_table)
    columns = ("direction", "talent_id", "job_id", "score", "position", "reasons", "computed_at")
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    reasons = Recommendation._meta.get_field("reasons")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    head = f"{connection.ops.insert_statement(on_conflict=OnConflict.IGNORE)} {table} ({names})"
    tail = connection.ops.on_conflict_suffix_sql([], OnConflict.IGNORE, None, None)
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, INSERT_ROWS):
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = []
            for talent, job, score, position, why in chunk:
                prepared = reasons.get_db_prep_save(why, connection)
                params += [direction, talent, job, score, position, prepared, now]
            cursor.execute(f"{head} VALUES {values} {tail}", params)


def _merge(direction, owner: str, members: list[int], rows: list[Row]) -> int:
    """Take `members` (new or changed) into the stored lists of the other side.

    `owner` names whose lists these are: "job" (jobs' lists, members are talents) or
    "talent". The members' old entries go; each candidate row joins its owner's list when
    the list is not full or the row beats its last entry; lists are cut back to K and
    renumbered.
    """
    member = "talent" if owner == "job" else "job"
    _delete(direction, f"{member}_id", members)
    if not rows:
        return 0
    at = 1 if owner == "job" else 0  # where the owner is in a row
    stored = Recommendation.objects.filter(direction=direction)
    standing = {
        row[f"{owner}_id"]: (row["n"], row["low"])
        for row in stored.values(f"{owner}_id").annotate(n=Count("id"), low=Min("score")).order_by()
    }
    taken = []
    for row in rows:
        n, low = standing.get(row[at], (0, None))
        if n < K or row[2] > low:
            taken.append(row)
    _insert(direction, taken)
    touched = sorted({row[at] for row in taken})
    for chunk in _chunks(touched):
        lists = defaultdict(list)
        for pk, list_owner, list_member, score, position in stored.filter(
            **{f"{owner}_id__in": chunk}
        ).values_list("pk", f"{owner}_id", f"{member}_id", "score", "position"):
            # The engine's order: score, then id in code-point order.
            lists[list_owner].append((-score, str(list_member), pk, position))
        surplus, moved = [], []
        for entries in lists.values():
            entries.sort()
            surplus += [pk for _score, _id, pk, _position in entries[K:]]
            for position, (_score, _id, pk, was) in enumerate(entries[:K]):
                if was != position:
                    moved.append(Recommendation(pk=pk, position=position))
        if surplus:
            Recommendation.objects.filter(pk__in=surplus).delete()
        Recommendation.objects.bulk_update(moved, ["position"], batch_size=500)
    return len(taken)


# --- Refreshing ---------------------------------------------------------------------------------
def refresh(talent_ids=None, job_ids=None, *, workers: int = 1) -> int:
    """Recompute and store recommendations; returns the number of rows written.

    No ids: everything. `talent_ids`: those talents (user ids); `job_ids`: those jobs; both
    may be given. `workers` > 1 lets the engine fork for segmentation and score in threads
    (for the command line; a web process keeps 1).
    """
    # The moment the data is read: a profile saved or a job published after it (while the
    # engine runs) is still shown as waiting for its refresh.
    now = timezone.now()
    if talent_ids is None and job_ids is None:
        return _refresh_all(workers, now)
    stored = 0
    if talent_ids:
        user_ids = sorted({int(i) for i in talent_ids})
        stored += _refresh_talents(user_ids, workers)
        _refreshed(TalentProfile.objects.filter(user_id__in=user_ids), now)
    if job_ids:
        ids = sorted({int(i) for i in job_ids})
        stored += _refresh_jobs(ids, workers)
        _refreshed(Job.objects.filter(pk__in=ids), now)
    return stored


def _refreshed(rows, now) -> None:
    """Record when these profiles' or jobs' lists were computed (shown beside the lists)."""
    rows.update(recommendations_refreshed_at=now)


def _refresh_all(workers: int, now) -> int:
    talents, open_to_search = _talents()
    jobs = _jobs()
    mine = theirs = []
    if talents and jobs:
        share = len(open_to_search) / len(talents)
        keep = None if share == 1 else (lambda t: int(t) in open_to_search)
        if share >= 0.5:
            # Jobs' lists keep only open profiles: ask the engine for enough more that K of
            # them are open as a rule (cheaper than a second build while most are open).
            results = _run(talents, jobs, min(3 * K, math.ceil(1.5 * K / share)), workers)
            mine = _rows(results, "for_talents")
            theirs = _rows(results, "for_jobs", keep=keep)
        else:
            results = _run(talents, jobs, K, workers)
            mine = _rows(results, "for_talents")
            del results
            # Few open profiles: a second build over them alone gives the jobs' lists.
            shown = [t for t in talents if int(t.id) in open_to_search]
            if shown:
                theirs = _rows(_run(shown, jobs, K, workers), "for_jobs")
    with transaction.atomic():
        Recommendation.objects.all().delete()
        _insert(FOR_TALENT, mine)
        _insert(FOR_JOB, theirs)
        _refreshed(eligible_profiles(), now)
        _refreshed(Job.objects.filter(pk__in=open_jobs().values("pk")), now)
    return len(mine) + len(theirs)


def _refresh_talents(user_ids: list[int], workers: int) -> int:
    talents, open_to_search = _talents(user_ids)
    jobs = _jobs() if talents else []
    results = _run(talents, jobs, K, workers) if talents and jobs else None
    with transaction.atomic():
        _delete(FOR_TALENT, "talent_id", user_ids)
        if results is None:
            _delete(FOR_JOB, "talent_id", user_ids)
            return 0
        mine = _rows(results, "for_talents")
        _insert(FOR_TALENT, mine)
        theirs = _rows(results, "for_jobs", keep=lambda t: int(t) in open_to_search)
        return len(mine) + _merge(FOR_JOB, "job", user_ids, theirs)


def _refresh_jobs(job_ids: list[int], workers: int) -> int:
    jobs = _jobs(job_ids)
    talents, open_to_search = _talents() if jobs else ([], set())
    if not (talents and jobs):
        with transaction.atomic():
            _delete(FOR_JOB, "job_id", job_ids)
            _delete(FOR_TALENT, "job_id", job_ids)
        return 0
    # Built over these jobs alone, the job side would have no word statistics to speak of: the
    # boilerplate of job advertisements (which the full run discounts as common words) would
    # count, and the jobs would outscore the talents' stored entries unfairly. A sample of
    # other open jobs gives the build the full run's statistics, near enough.
    refreshed = {job.id for job in jobs}
    sample, complete = _context_job_ids(job_ids)
    context = [job for job in _jobs(sample) if job.id not in refreshed]
    recommender = engine.Recommender(talents, jobs + context, workers=workers)
    # Each talent's best few among these jobs: a refreshed job that is not even among the first
    # MERGE_K of a sample is far from the talent's best K of all open jobs. (With every open
    # job in the build, its best K are exactly the candidates.)
    k = K if complete else MERGE_K
    results = {}
    for lang in LANGUAGES:
        lists = recommender.recommend_all(k, language=lang)
        results[lang] = {
            "for_talents": {
                talent: [item for item in items if item["id"] in refreshed]
                for talent, items in lists["for_talents"].items()
            },
            # Every talent, ranked, so that the best K open profiles are among them.
            "for_jobs": {
                job.id: recommender.rerank_job(job, len(talents), language=lang) for job in jobs
            },
        }
    with transaction.atomic():
        _delete(FOR_JOB, "job_id", job_ids)
        theirs = _rows(results, "for_jobs", keep=lambda t: int(t) in open_to_search)
        _insert(FOR_JOB, theirs)
        mine = _rows(results, "for_talents")
        return len(theirs) + _merge(FOR_TALENT, "talent", job_ids, mine)


def _context_job_ids(exclude: list[int]) -> tuple[list[int], bool]:
    """About CONTEXT_JOBS other open jobs spread evenly over the list (a fixed choice), and
    whether that is all of them."""
    ids = list(open_jobs().exclude(pk__in=exclude).order_by("pk").values_list("pk", flat=True))
    if len(ids) <= CONTEXT_JOBS:
        return ids, True
    step = len(ids) // CONTEXT_JOBS
    return ids[::step][:CONTEXT_JOBS], False
