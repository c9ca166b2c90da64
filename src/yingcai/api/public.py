"""The public, read-only part of the API: news, open jobs, verified organisations, listed
projects and published project demands, figures.

Everyone sees the same here (the rules are asked as for an anonymous visitor); a token given
only counts the request against the token's rate instead of the address's.
"""

from datetime import date, datetime
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from yingcai.core.choices import Degree
from yingcai.core.models import DisciplineField, District
from yingcai.core.registry import figures as registry
from yingcai.core.rules import can
from yingcai.jobs.forms_search import MAX_SALARY, JobSearchForm, reference_lists
from yingcai.jobs.models import Job
from yingcai.jobs.queries import ORDERINGS, filter_jobs, open_jobs, public_jobs
from yingcai.jobs.search import query_words
from yingcai.organisations.filters import DirectoryFilter
from yingcai.organisations.models import Organisation
from yingcai.portal.models import NewsItem
from yingcai.portal.services import published_news
from yingcai.projects.filters import (
    listed_projects,
    public_demands,
    search_demands,
    search_projects,
)
from yingcai.projects.models import MAX_AMOUNT, Currency, Demand, Industry, Origin, Project, Stage
from yingcai.stats.moments import parse_moment

from .auth import ApiError
from .schemas import (
    ERRORS,
    Error,
    Id,
    Named,
    PageBase,
    PageParams,
    Slug,
    Text,
    Texts,
    page,
    texts,
)

router = Router()
ANONYMOUS = AnonymousUser()


def _invalid(name: str, message, source: str = "query"):
    """A 422 naming the parameter, in the shape of ninja's own validation errors."""
    return ApiError(
        422, [{"loc": [source, name], "msg": str(message), "type": "value_error"}], "invalid"
    )


# --- News ------------------------------------------------------------------------------------
class NewsOut(Schema):
    slug: str
    kind: str
    title: Texts
    summary: Texts
    body: Texts = Field(description="Markdown, in both languages.")
    published_at: datetime
    url: str


class NewsPage(PageBase):
    items: list[NewsOut]


def _news(item: NewsItem) -> dict:
    return {
        "slug": item.slug,
        "kind": item.kind,
        "title": texts(item, "title"),
        "summary": texts(item, "summary"),
        "body": texts(item, "body"),
        "published_at": item.published_at,
        "url": item.get_absolute_url(),
    }


class NewsFilters(PageParams):
    kind: Literal[tuple(NewsItem.Kind.values)] | None = None


@router.get("/news", response={200: NewsPage, **ERRORS}, tags=["news"], summary="Published news")
def news(request, filters: Query[NewsFilters]):
    items = published_news().order_by("-published_at", "-id")
    if filters.kind:
        items = items.filter(kind=filters.kind)
    return page(items, filters, _news)


@router.get("/news/{slug}", response={200: NewsOut, 404: Error, **ERRORS}, tags=["news"])
def news_item(request, slug: Slug):
    item = get_object_or_404(NewsItem, slug=slug)
    if not can(ANONYMOUS, "portal.view_newsitem_public", item):
        raise Http404
    return _news(item)


# --- Jobs ------------------------------------------------------------------------------------
class OrganisationRef(Schema):
    id: int
    name: Texts
    kind: str


class JobOut(Schema):
    id: int
    title: str = Field(
        description="In the caller's language (Accept-Language), else in the other one."
    )
    description: str = Field(
        description="In the caller's language (Accept-Language), else in the other one."
    )
    titles: Texts = Field(description="Both languages; empty where the employer gave none.")
    descriptions: Texts = Field(description="Both languages; empty where the employer gave none.")
    status: str
    url: str
    organisation: OrganisationRef
    field: Named
    district: Named
    degree_min: str = Field(description="Empty: no minimum.")
    title_min: str
    salary_min: int | None = Field(description="CNY a month.")
    salary_max: int | None
    headcount: int
    deadline: date
    interview_mode: str
    overseas_friendly: bool
    published_at: datetime | None


class JobPage(PageBase):
    items: list[JobOut]


def _named(obj) -> dict:
    return {"slug": obj.slug, "name": texts(obj, "name")}


def job_out(job: Job) -> dict:
    organisation = job.organisation
    return {
        "id": job.pk,
        "title": job.title,
        "description": job.description,
        "titles": texts(job, "title"),
        "descriptions": texts(job, "description"),
        "status": job.status,
        "url": reverse("jobs:detail", args=[job.pk]),
        "organisation": {
            "id": organisation.pk,
            "name": texts(organisation, "name"),
            "kind": organisation.kind,
        },
        "field": _named(job.field),
        "district": _named(job.district),
        "degree_min": job.degree_min,
        "title_min": job.title_min,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "headcount": job.headcount,
        "deadline": job.deadline,
        "interview_mode": job.interview_mode,
        "overseas_friendly": job.overseas_friendly,
        "published_at": job.published_at,
    }


class JobFilters(PageParams):
    """The filters of the site's job search, with the same meaning."""

    q: Text = Field("", description="Words, in Chinese or English; all must appear.")
    field: Slug | None = Field(None, description="A discipline field's slug.")
    district: Slug | None = Field(None, description="A district's or county's slug.")
    degree: Literal[tuple(Degree.values)] | None = Field(
        None, description="The talent's degree: jobs asking for at most it."
    )
    salary: int | None = Field(None, ge=0, le=MAX_SALARY, description="Monthly salary wanted.")
    kind: Literal[tuple(Organisation.Kind.values)] | None = Field(None, description="Employer.")
    overseas: bool = Field(False, description="Only jobs welcoming overseas talents.")
    since: Text | None = Field(None, description="1, 7 or 30 (days), or a date YYYY-MM-DD.")
    sort: Literal["relevance", "newest", "salary", "deadline"] | None = Field(
        None, description="Default: relevance with words, else newest."
    )


def _search_form(filters: JobFilters) -> dict:
    """The site's search form over the same parameters: its errors answer 422."""
    data = {
        name: "" if value is None else ("on" if value is True else str(value))
        for name, value in filters.dict(exclude={"limit", "offset"}).items()
        if value not in (None, False, "")
    }
    fields, districts = reference_lists()
    form = JobSearchForm(data, fields=fields.values(), districts=districts.values())
    if not form.is_valid():
        raise _refused(form.errors)
    return form.valid_data


def _refused(errors: dict) -> ApiError:
    """A 422 for the errors of one of the site's filter forms, per parameter."""
    return ApiError(
        422,
        [
            {"loc": ["query", name], "msg": " ".join(messages), "type": "value_error"}
            for name, messages in errors.items()
        ],
        "invalid",
    )


@router.get(
    "/jobs",
    response={200: JobPage, **ERRORS},
    tags=["jobs"],
    summary="Open job requirements, searched and filtered as on the site",
)
def jobs(request, filters: Query[JobFilters]):
    data = _search_form(filters)
    has_words = bool(query_words(data.get("q", "")))
    sort = data.get("sort") or ("relevance" if has_words else "newest")
    if sort == "relevance" and not has_words:
        sort = "newest"
    found = filter_jobs(open_jobs(), data).select_related("organisation", "field", "district")
    return page(found.order_by(*ORDERINGS[sort]), filters, job_out)


@router.get("/jobs/{job_id}", response={200: JobOut, 404: Error, **ERRORS}, tags=["jobs"])
def job(request, job_id: Id):
    found = get_object_or_404(
        public_jobs().select_related("organisation", "field", "district"), pk=job_id
    )
    return job_out(found)


# --- Organisations --------------------------------------------------------------------------
class OrganisationOut(Schema):
    id: int
    name: Texts
    kind: str
    level: str
    district: Named | None
    location: str
    website: str
    description: Texts
    url: str


class OrganisationPage(PageBase):
    items: list[OrganisationOut]


def _organisation(organisation: Organisation) -> dict:
    return {
        "id": organisation.pk,
        "name": texts(organisation, "name"),
        "kind": organisation.kind,
        "level": organisation.level,
        "district": _named(organisation.district) if organisation.district_id else None,
        "location": organisation.location,
        "website": organisation.website,
        "description": texts(organisation, "description"),
        "url": reverse("organisations:detail", args=[organisation.pk]),
    }


class OrganisationFilters(PageParams):
    q: Text = Field("", description="Part of the name, in either language.")
    kind: Literal[tuple(Organisation.Kind.values)] | None = None
    district: Slug | None = None


def verified_organisations():
    return Organisation.objects.filter(status=Organisation.Status.VERIFIED)


@router.get(
    "/organisations",
    response={200: OrganisationPage, **ERRORS},
    tags=["organisations"],
    summary="Verified organisations",
)
def organisations(request, filters: Query[OrganisationFilters]):
    """The directory's filters: an unknown district answers 422."""
    data = filters.dict(include={"q", "kind", "district"}, exclude_none=True)
    found = DirectoryFilter(data, verified_organisations().select_related("district"))
    if not found.is_valid():
        raise _refused(found.errors)
    return page(found.qs.order_by("name", "id"), filters, _organisation)


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: Error, **ERRORS},
    tags=["organisations"],
)
def organisation(request, organisation_id: Id):
    return _organisation(
        get_object_or_404(verified_organisations().select_related("district"), pk=organisation_id)
    )


# --- Projects and project demands ----------------------------------------------------------
class ProjectOut(Schema):
    id: int
    title: str = Field(description="In the caller's language, else in the other one.")
    titles: Texts
    summary: str = Field(description="In the caller's language, else in the other one.")
    summaries: Texts
    field: Named
    industries: list[Named]
    stage: Literal[tuple(Stage.values)]
    origin: Literal[tuple(Origin.values)]
    city: str
    country: str
    district: Named | None = Field(description="The district it wishes to settle in.")
    seeks: list[str] = Field(
        description="investment, partnership, premises, technology_transfer, talent."
    )
    amount_min: int | None = Field(description="Investment sought, in `currency`.")
    amount_max: int | None
    currency: Literal[tuple(Currency.values)]
    url: str | None
    verified_at: datetime | None


class ProjectPage(PageBase):
    items: list[ProjectOut]


class DemandOut(Schema):
    id: int
    kind: Literal[tuple(Demand.Kind.values)]
    title: str = Field(description="In the caller's language, else in the other one.")
    titles: Texts
    description: str = Field(description="In the caller's language, else in the other one.")
    descriptions: Texts
    offers: Texts = Field(description="What a district or a park offers; both languages.")
    organisation: OrganisationRef
    fields: list[Named]
    industries: list[Named]
    districts: list[Named]
    stages: list[str] = Field(description="Empty: any stage.")
    ticket_min: int | None = Field(description="An investor's ticket size, in `currency`.")
    ticket_max: int | None
    currency: Literal[tuple(Currency.values)]
    url: str
    published_at: datetime | None


class DemandPage(PageBase):
    items: list[DemandOut]


SEEKS = (
    ("seeks_investment", "investment"),
    ("seeks_partnership", "partnership"),
    ("seeks_premises", "premises"),
    ("seeks_technology_transfer", "technology_transfer"),
    ("seeks_talent", "talent"),
)


def _project_url(pk: int) -> str | None:
    try:
        return reverse("projects:project", args=[pk])
    except NoReverseMatch:  # the project's page is its own module's
        return None


def project_out(project: Project) -> dict:
    return {
        "id": project.pk,
        "title": project.title,
        "titles": texts(project, "title"),
        "summary": project.summary,
        "summaries": texts(project, "summary"),
        "field": _named(project.field),
        "industries": [_named(i) for i in project.industries.all()],
        "stage": project.stage,
        "origin": project.origin,
        "city": project.city,
        "country": project.country,
        "district": _named(project.district) if project.district_id else None,
        "seeks": [word for flag, word in SEEKS if getattr(project, flag)],
        "amount_min": project.amount_min,
        "amount_max": project.amount_max,
        "currency": project.currency,
        "url": _project_url(project.pk),
        "verified_at": project.verified_at,
    }


def demand_out(demand: Demand) -> dict:
    organisation = demand.organisation
    return {
        "id": demand.pk,
        "kind": demand.kind,
        "title": demand.title,
        "titles": texts(demand, "title"),
        "description": demand.description,
        "descriptions": texts(demand, "description"),
        "offers": texts(demand, "offers"),
        "organisation": {
            "id": organisation.pk,
            "name": texts(organisation, "name"),
            "kind": organisation.kind,
        },
        "fields": [_named(f) for f in demand.fields.all()],
        "industries": [_named(i) for i in demand.industries.all()],
        "districts": [_named(d) for d in demand.districts.all()],
        "stages": demand.stage_list,
        "ticket_min": demand.ticket_min,
        "ticket_max": demand.ticket_max,
        "currency": demand.currency,
        "url": reverse("projects:demand", args=[demand.pk]),
        "published_at": demand.published_at,
    }


class _SearchFilters(PageParams):
    q: Text = Field("", description="Words, in Chinese or English; all must appear.")
    field: Slug | None = Field(None, description="A discipline field's slug.")
    industry: Slug | None = Field(None, description="An industry's slug.")
    stage: Literal[tuple(Stage.values)] | None = None
    district: Slug | None = Field(None, description="A district's or county's slug.")
    amount: int | None = Field(
        None, ge=0, le=MAX_AMOUNT, description="Only those whose amount range holds it."
    )
    currency: Literal[tuple(Currency.values)] | None = None
    sort: Literal["relevance", "newest"] | None = Field(
        None, description="Default: relevance with words, else newest."
    )


class ProjectFilters(_SearchFilters):
    """The filters of the site's project search, with the same meaning."""

    origin: Literal[tuple(Origin.values)] | None = Field(None, description="Domestic or overseas.")


class DemandFilters(_SearchFilters):
    """The filters of the site's demand search, with the same meaning."""

    kind: Literal[tuple(Organisation.Kind.values)] | None = Field(
        None, description="The kind of organisation."
    )


def _searched(search, filters) -> dict:
    """Run one of the site's searches over the API's parameters: its errors answer 422."""
    data = {
        name: str(value)
        for name, value in filters.dict(exclude={"limit", "offset"}).items()
        if value not in (None, "")
    }
    found = search(data)
    if found.errors:
        raise _refused(found.errors)
    return found


def _ordered_named(model):
    return model.objects.order_by("position", "id")


@router.get(
    "/projects",
    response={200: ProjectPage, **ERRORS},
    tags=["projects"],
    summary="Listed projects, searched and filtered as on the site",
)
def projects(request, filters: Query[ProjectFilters]):
    found = _searched(search_projects, filters)
    rows = found.results.select_related("field", "district").prefetch_related(
        Prefetch("industries", queryset=_ordered_named(Industry))
    )
    return page(rows, filters, project_out)


@router.get(
    "/projects/{project_id}",
    response={200: ProjectOut, 404: Error, **ERRORS},
    tags=["projects"],
)
def project(request, project_id: Id):
    found = get_object_or_404(
        listed_projects()
        .select_related("field", "district")
        .prefetch_related(Prefetch("industries", queryset=_ordered_named(Industry))),
        pk=project_id,
    )
    return project_out(found)


def _demand_rows(rows):
    return rows.select_related("organisation").prefetch_related(
        Prefetch("fields", queryset=_ordered_named(DisciplineField)),
        Prefetch("industries", queryset=_ordered_named(Industry)),
        Prefetch("districts", queryset=_ordered_named(District)),
    )


@router.get(
    "/demands",
    response={200: DemandPage, **ERRORS},
    tags=["projects"],
    summary="Published project demands, searched and filtered as on the site",
)
def demands(request, filters: Query[DemandFilters]):
    found = _searched(search_demands, filters)
    return page(_demand_rows(found.results), filters, demand_out)


@router.get(
    "/demands/{demand_id}",
    response={200: DemandOut, 404: Error, **ERRORS},
    tags=["projects"],
)
def demand(request, demand_id: Id):
    return demand_out(get_object_or_404(_demand_rows(public_demands()), pk=demand_id))


# --- Figures ---------------------------------------------------------------------------------
class FigureOut(Schema):
    value: int
    label: Texts
    unit: Texts
    breakdowns: dict[str, dict[str, int]] = Field(
        description="For each dimension, the count of each bucket."
    )


class FigureParams(Schema):
    at: Text | None = Field(
        None,
        description="The figures as they stood at this moment: 2020-11-21 (the end of that "
        "day) or 2020-11-21T10:00, in the site's time zone. Default: now (at most 60 s old).",
    )


# Moments outside these are typing errors (and the earliest would overflow a time zone).
EARLIEST, LATEST = datetime(2000, 1, 1), datetime(2100, 1, 1)


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = parse_moment(text)
    except (ValueError, OverflowError):
        moment = None
    if moment is None or not (
        timezone.make_aware(EARLIEST) <= moment <= timezone.make_aware(LATEST)
    ):
        raise _invalid("at", _("Give a date (2020-11-21) or a date and time (2020-11-21T10:00)."))
    return moment


def _figures(at: datetime | None, keys=None) -> dict:
    if at is None:
        found = registry.current()
        return found if keys is None else {k: v for k, v in found.items() if k in keys}
    return registry.at_moment(at, keys=keys)


def _require_figures():
    if not can(ANONYMOUS, "stats.view_figures"):
        raise ApiError(403, _("You are not allowed to do this."), "forbidden")


@router.get(
    "/figures",
    response={200: dict[str, FigureOut], **ERRORS},
    tags=["figures"],
    summary="Every figure of the conference, as `yingcai stats --json` gives them",
)
def figures(request, params: Query[FigureParams]):
    _require_figures()
    return _figures(_moment(params.at))


@router.get(
    "/figures/{key}",
    response={200: FigureOut, 404: Error, **ERRORS},
    tags=["figures"],
    summary="One figure by its key",
)
def figure(request, key: Slug, params: Query[FigureParams]):
    _require_figures()
    at = _moment(params.at)
    if registry.get(key) is None:
        raise Http404
    return _figures(at, keys=[key])[key]
