"""Which jobs the public sees, filtered and ordered: one definition for the site and the API."""

from django.db.models import F, Q
from django.utils import timezone

from yingcai.core.choices import Degree
from yingcai.organisations.models import Organisation
from yingcai.search import index, synonyms
from yingcai.search import query as search_query

from . import search as full_text
from .forms_search import DEADLINE, NEWEST, RELEVANCE, SALARY
from .models import Job, Stage

ORDERINGS = {
    RELEVANCE: [F("rank").desc(), "-published_at", "-id"],
    NEWEST: ["-published_at", "-id"],
    SALARY: [
        F("salary_max").desc(nulls_last=True),
        F("salary_min").desc(nulls_last=True),
        "-published_at",
        "-id",
    ],
    DEADLINE: ["deadline", "-published_at", "-id"],
}


def public_jobs():
    """Jobs whose page anyone may read: published or closed, of a verified organisation.

    The one rule of the site, the API, the recommendations and the rules (jobs/rules.py)
    (`Job.is_public` is the same rule for one job in hand): a suspended organisation's jobs
    are public nowhere.
    """
    return Job.objects.filter(
        status__in=[Job.Status.PUBLISHED, Job.Status.CLOSED],
        organisation__status=Organisation.Status.VERIFIED,
    )


def open_jobs():
    """Public jobs anyone may apply to: published and the deadline not passed.

    A published job past its deadline counts as closed even before the daily job closes it.
    """
    return public_jobs().filter(status=Job.Status.PUBLISHED, deadline__gte=timezone.localdate())


def filter_jobs(jobs, data: dict):
    """Apply the valid filters of a `JobSearchForm` (its `valid_data`)."""
    return full_text.search_jobs(_filters(jobs, data), data.get("q", ""))


def _filters(jobs, data: dict):
    if "field" in data:
        jobs = jobs.filter(field=data["field"])
    if "district" in data:
        jobs = jobs.filter(district=data["district"])
    if "degree" in data:
        # "My degree": jobs whose minimum is at most it, and those asking for none.
        rank = Degree.rank(data["degree"])
        accepted = ["", *(d for d in Degree.values if Degree.rank(d) <= rank)]
        jobs = jobs.filter(degree_min__in=accepted)
    if "salary" in data:
        # A job without an upper bound (or without a salary given) may well pay it.
        jobs = jobs.filter(Q(salary_max__gte=data["salary"]) | Q(salary_max__isnull=True))
    if "kind" in data:
        jobs = jobs.filter(organisation__kind=data["kind"])
    if data.get("overseas"):
        jobs = jobs.filter(overseas_friendly=True)
    if "since" in data:
        jobs = jobs.filter(published_at__gte=data["since"])
    return jobs


# Searches offered on an empty result: each one costs a count.
MAX_RELATED = 5


def related_searches(data: dict) -> list[tuple[str, bool, int]]:
    """Searches worth offering when the one of `data` (a form's valid data) finds nothing:
    (text, keeps the filters, number of open jobs found), those that find something.

    Each word alone when there are several, each word's synonyms, and the same words without
    the filters. At most MAX_RELATED + 1 counting queries, run only on an empty result.
    """
    text = data.get("q", "")
    query = index.build_query(text)
    filtered = any(name not in ("q", "sort") for name in data)
    offers = [(other, True) for other in search_query.related(query, text)][:MAX_RELATED]
    if query and filtered:
        offers.append((text, False))
    found = []
    words = synonyms.current() if offers else {}
    for other, keep_filters in offers:
        jobs = _filters(open_jobs(), data) if keep_filters else open_jobs()
        count = index.full_text(jobs, search_query.build(other, words)).count()
        if count:
            found.append((other, keep_filters, count))
    return found


def pipeline(organisation) -> list[Stage]:
    """The organisation's pipeline as pages and the API show it, without writing anything.

    The built-in steps are stored the first time something needs them (an application
    arrives, an owner adds or renames a step: `services.ensure_stages`, race-free through
    the unique key); until then they are shown from these in-memory defaults, without an id.
    """
    stored = list(organisation.stages.order_by("position", "id"))
    present = {stage.key for stage in stored}
    defaults = [
        Stage(organisation=organisation, key=key, position=(i + 1) * 10)
        for i, key in enumerate(Stage.Key.values)
        if key not in present
    ]
    return sorted(stored + defaults, key=lambda s: (s.position, s.pk is None, s.pk or 0))
