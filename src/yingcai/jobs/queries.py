"""Which jobs the public sees, filtered and ordered: one definition for the site and the API."""

from django.db.models import F, Q
from django.utils import timezone

from yingcai.core.choices import Degree
from yingcai.organisations.models import Organisation

from . import search as full_text
from .forms_search import DEADLINE, NEWEST, RELEVANCE, SALARY
from .models import Job

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


def open_jobs():
    """Jobs anyone may apply to: published, deadline not passed, of a verified organisation.

    A published job past its deadline counts as closed even before the daily job closes it.
    """
    return Job.objects.filter(
        status=Job.Status.PUBLISHED,
        deadline__gte=timezone.localdate(),
        organisation__status=Organisation.Status.VERIFIED,
    )


def filter_jobs(jobs, data: dict):
    """Apply the valid filters of a `JobSearchForm` (its `valid_data`)."""
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
    return full_text.search_jobs(jobs, data.get("q", ""))
