"""Job search and job pages, open to everyone."""

from django.core.paginator import Paginator
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf, Substr
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from yingcai.core import humanize
from yingcai.core.access import public
from yingcai.core.choices import Degree
from yingcai.core.rules import can
from yingcai.core.views import render_page_or_fragment, url_maker
from yingcai.organisations.models import Organisation

from .. import search as full_text
from ..forms_search import NEWEST, RELEVANCE, JobSearchForm, reference_lists
from ..models import Application, Job
from ..queries import ORDERINGS, filter_jobs, open_jobs, related_searches

PER_PAGE = 20


def salary_text(job) -> str:
    return humanize.salary(job.salary_min, job.salary_max)


# What a line of the list shows; the start of the description is read as `excerpt`.
LIST_COLUMNS = [
    "title",
    "organisation__name",
    "organisation__name_zh_hans",
    "organisation__name_en",
    "organisation__kind",
    "field",
    "district",
    "degree_min",
    "salary_min",
    "salary_max",
    "headcount",
    "deadline",
    "overseas_friendly",
    "published_at",
]


def _as_shown(field: str):
    """A translated column as the reader sees it: in their language, else in the other."""
    first, second = f"{field}_en", f"{field}_zh_hans"
    if get_language() != "en":
        first, second = second, first
    return Coalesce(NullIf(first, Value("")), NullIf(second, Value("")), Value(""))


class _Lines:
    """Builds what one line of the list shows, as text: built here rather than by template
    tags, which made up most of the list's server time. Labels are translated once a page."""

    def __init__(self, fields: dict, districts: dict):
        self.fields, self.districts = fields, districts
        self.job_url = url_maker("jobs:detail")
        self.organisation_url = url_maker("organisations:detail")
        self.kinds = {value: str(label) for value, label in Organisation.Kind.choices}
        self.degrees = {
            value: _("%(degree)s or above") % {"degree": label} for value, label in Degree.choices
        }
        self.dates = {}

    def prepare(self, job) -> None:
        # Fields and districts are already read for the form: no join, no second copy.
        job.field, job.district = self.fields[job.field_id], self.districts[job.district_id]
        job.url = self.job_url(job.pk)
        job.organisation_url = self.organisation_url(job.organisation_id)
        job.where = " · ".join(
            [self.kinds.get(job.organisation.kind, ""), str(job.district), str(job.field)]
        )
        facts = [salary_text(job)]
        if job.degree_min:
            facts.append(self.degrees.get(job.degree_min, job.degree_min))
        facts.append(ngettext("%(n)d post", "%(n)d posts", job.headcount) % {"n": job.headcount})
        job.facts = " · ".join(facts)
        if job.deadline not in self.dates:
            self.dates[job.deadline] = date_format(job.deadline, "DATE_FORMAT")
        job.deadline_text = self.dates[job.deadline]
        job.excerpt = Truncator(job.excerpt).chars(160)


@public
def job_search(request):
    fields, districts = reference_lists()
    form = JobSearchForm(request.GET, fields=fields.values(), districts=districts.values())
    data = form.valid_data
    q = data.get("q", "").strip()
    has_words = bool(full_text.query_words(q))
    jobs = (
        filter_jobs(open_jobs(), data)
        .select_related("organisation")
        .only(*LIST_COLUMNS)
        .annotate(excerpt=Substr(_as_shown("description"), 1, 161))
    )
    sort = data.get("sort") or (RELEVANCE if has_words else NEWEST)
    if sort == RELEVANCE and not has_words:
        sort = NEWEST
    page = Paginator(jobs.order_by(*ORDERINGS[sort]), PER_PAGE).get_page(request.GET.get("page"))
    if any(j.field_id not in fields or j.district_id not in districts for j in page):
        fields, districts = reference_lists(refresh=True)  # one added since they were read
    lines = _Lines(fields, districts)
    for job in page:
        lines.prepare(job)
    context = {
        "form": form,
        "page": page,
        "q": q,
        "unsearchable": bool(q) and not has_words,
        "ignored": form.ignored,
        "related": _related(request, data) if has_words and not page.paginator.count else [],
    }
    return render_page_or_fragment(
        request, "jobs/public/search.html", "jobs/public/_results.html", context
    )


def _related(request, data: dict) -> list[dict]:
    """Searches to offer instead of an empty page, as links keeping (or not) the filters."""
    offers = []
    for text, keep_filters, count in related_searches(data):
        params = request.GET.copy() if keep_filters else QueryDict(mutable=True)
        params.pop("page", None)
        params["q"] = text
        offers.append(
            {"q": text, "filtered": keep_filters, "count": count, "query": params.urlencode()}
        )
    return offers


def _url_or_none(name: str, *args) -> str | None:
    """The URL of a page another part of the job fair provides, if it is there yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@public
def job_detail(request, pk):
    job = get_object_or_404(
        Job.objects.select_related("organisation", "organisation__district", "field", "district"),
        pk=pk,
    )
    if not can(request.user, "jobs.view_job", job):
        raise Http404
    is_open = job.is_open and job.organisation.is_verified
    job.salary_text = salary_text(job)
    # Whoever applied already is sent to the application, not offered a second one.
    applied = (
        Application.objects.filter(job=job, talent=request.user).only("pk").first()
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "jobs/public/detail.html",
        {
            "job": job,
            "is_open": is_open,
            "applied": applied,
            "apply_url": _url_or_none("applying:apply", job.pk) if is_open else None,
        },
    )
