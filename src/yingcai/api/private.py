"""The part of the API a personal token opens: the talent's own profile and applications, and
an organisation's own jobs, applicants and pipeline, where the token's user is a member.

The token acts as its user through the same rules as the pages (each app's rules.py) and the
same service functions (a stage is moved by yingcai.jobs.services.move). An organisation the
user may not see answers 404, one they see but may not act for 403 (as the pages do); a
read-only token answers 403 to a change.
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from yingcai.core import audit
from yingcai.core.rules import can
from yingcai.jobs import services as jobs
from yingcai.jobs.models import Application, Job, Stage
from yingcai.jobs.queries import pipeline
from yingcai.organisations.models import Membership, Organisation
from yingcai.organisations.shortcuts import organisation_or_404
from yingcai.privacy.rules import consent_is_active
from yingcai.talents.models import TalentProfile

from .auth import ApiError, require_write
from .public import JobOut, OrganisationRef, job_out
from .schemas import TOKEN_ERRORS, Id, PageBase, PageParams, Texts, page, texts

router = Router()


# --- Who am I ---------------------------------------------------------------------------
class TokenOut(Schema):
    name: str
    scope: str
    expires_at: datetime | None


class MembershipOut(Schema):
    organisation: OrganisationRef
    role: str


class MeOut(Schema):
    email: str
    name: str
    language: str
    token: TokenOut
    organisations: list[MembershipOut]


@router.get("", response={200: MeOut, **TOKEN_ERRORS}, summary="The token's user and token")
def me(request):
    token, user = request.auth, request.auth.user
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "token": {"name": token.name, "scope": token.scope, "expires_at": token.expires_at},
        "organisations": [
            {
                "organisation": {
                    "id": m.organisation.pk,
                    "name": texts(m.organisation, "name"),
                    "kind": m.organisation.kind,
                },
                "role": m.role,
            }
            for m in memberships.order_by("organisation_id")
        ],
    }


# --- The talent's own --------------------------------------------------------------------
class ProfileOut(Schema):
    origin: str
    country: str
    birth_date: date | None
    degree: str
    postdoctoral: bool
    title: str
    university: str
    fields: list[str] = Field(description="Discipline fields' slugs.")
    skills: list[str]
    summary: str
    desired_districts: list[str] = Field(description="Districts' slugs.")
    expected_salary: int | None
    available_from: date | None
    visibility: str
    updated_at: datetime


@router.get(
    "/profile",
    response={200: ProfileOut, **TOKEN_ERRORS},
    tags=["talent"],
    summary="My talent profile",
)
def profile(request):
    user = request.auth.user
    found = (
        TalentProfile.objects.filter(user=user)
        .prefetch_related("fields", "desired_districts")
        .first()
    )
    if found is None:
        raise ApiError(404, _("You have no talent profile yet."), "not_found")
    if not can(user, "talents.view_profile", found):
        raise PermissionDenied
    return {
        "origin": found.origin,
        "country": found.country,
        "birth_date": found.birth_date,
        "degree": found.degree,
        "postdoctoral": found.postdoctoral,
        "title": found.title,
        "university": found.university,
        "fields": sorted(f.slug for f in found.fields.all()),
        "skills": found.skill_list,
        "summary": found.summary,
        "desired_districts": sorted(d.slug for d in found.desired_districts.all()),
        "expected_salary": found.expected_salary,
        "available_from": found.available_from,
        "visibility": found.visibility,
        "updated_at": found.updated_at,
    }


class StageOut(Schema):
    id: int | None = Field(
        description="Null for a built-in step the organisation has not used yet (no "
        "application can be in it)."
    )
    key: str = Field(description="The built-in step; empty for a step the organisation added.")
    name: str = Field(description="In the caller's language (Accept-Language).")


def _stage(stage: Stage) -> dict:
    return {"id": stage.pk, "key": stage.key, "name": str(stage)}


class JobRef(Schema):
    id: int
    title: str = Field(
        description="In the caller's language (Accept-Language), else in the other one."
    )
    titles: Texts = Field(description="Both languages; empty where the employer gave none.")
    organisation: OrganisationRef


class MyApplicationOut(Schema):
    id: int
    job: JobRef
    stage: StageOut
    cover_note: str
    created_at: datetime
    stage_changed_at: datetime


class MyApplicationPage(PageBase):
    items: list[MyApplicationOut]


def _my_application(application: Application) -> dict:
    job = application.job
    return {
        "id": application.pk,
        "job": {
            "id": job.pk,
            "title": job.title,
            "titles": texts(job, "title"),
            "organisation": {
                "id": job.organisation.pk,
                "name": texts(job.organisation, "name"),
                "kind": job.organisation.kind,
            },
        },
        "stage": _stage(application.stage),
        "cover_note": application.cover_note,
        "created_at": application.created_at,
        "stage_changed_at": application.stage_changed_at,
    }


def _mine(user):
    return Application.objects.filter(talent=user).select_related("job__organisation", "stage")


@router.get(
    "/applications",
    response={200: MyApplicationPage, **TOKEN_ERRORS},
    tags=["talent"],
    summary="My applications to job requirements",
)
def my_applications(request, params: Query[PageParams]):
    mine = _mine(request.auth.user).order_by("-created_at", "-id")
    return page(mine, params, _my_application)


@router.get(
    "/applications/{application_id}",
    response={200: MyApplicationOut, **TOKEN_ERRORS},
    tags=["talent"],
)
def my_application(request, application_id: Id):
    # Anyone else's application does not exist here (as on the site).
    application = get_object_or_404(_mine(request.auth.user), pk=application_id)
    if not can(request.auth.user, "jobs.view_application", application):
        raise Http404
    return _my_application(application)


# --- An organisation's own --------------------------------------------------------------
class OrganisationJobOut(JobOut):
    applications: int


class OrganisationJobPage(PageBase):
    items: list[OrganisationJobOut]


class OrganisationJobFilters(PageParams):
    status: Literal[tuple(Job.Status.values)] | None = None


ORG = "/organisations/{organisation_id}"


@router.get(
    f"{ORG}/jobs",
    response={200: OrganisationJobPage, **TOKEN_ERRORS},
    tags=["organisation"],
    summary="The organisation's job requirements, in every status",
)
def organisation_jobs(request, organisation_id: Id, filters: Query[OrganisationJobFilters]):
    organisation = organisation_or_404(
        request.auth.user, organisation_id, "organisations.view_members"
    )
    found = organisation.jobs.select_related("organisation", "field", "district").annotate(
        n_applications=Count("applications")
    )
    if filters.status:
        found = found.filter(status=filters.status)

    def serialise(job):
        return {**job_out(job), "applications": job.n_applications}

    return page(found.order_by("-created_at", "-id"), filters, serialise)


@router.get(
    f"{ORG}/stages",
    response={200: list[StageOut], **TOKEN_ERRORS},
    tags=["organisation"],
    summary="The steps of the organisation's pipeline, in order",
)
def organisation_stages(request, organisation_id: Id):
    organisation = organisation_or_404(request.auth.user, organisation_id, "jobs.view_applicants")
    # A read (even with a read-only token) writes nothing: unused built-in steps have no id.
    return [_stage(stage) for stage in pipeline(organisation)]


class TalentOut(Schema):
    name: str
    email: str
    degree: str
    university: str
    origin: str
    shared: bool = Field(
        description="Whether the talent's consent to pass their data to the organisation is "
        "active; when withdrawn, only the name is given."
    )


class ApplicantOut(Schema):
    id: int
    job: JobRef
    talent: TalentOut
    stage: StageOut
    rating: int | None
    created_at: datetime
    stage_changed_at: datetime


class ApplicantPage(PageBase):
    items: list[ApplicantOut]


def _applicant(application: Application) -> dict:
    talent = application.talent
    # Passed under the talent's separate consent: nothing beyond the name once it is withdrawn.
    shared = application.consent_active
    profile = getattr(talent, "talent_profile", None) if shared else None
    job = application.job
    return {
        "id": application.pk,
        "job": {
            "id": job.pk,
            "title": job.title,
            "titles": texts(job, "title"),
            "organisation": {
                "id": job.organisation.pk,
                "name": texts(job.organisation, "name"),
                "kind": job.organisation.kind,
            },
        },
        "talent": {
            "name": talent.name,
            "email": talent.email if shared else "",
            "degree": profile.degree if profile else "",
            "university": profile.university if profile else "",
            "origin": profile.origin if profile else "",
            "shared": shared,
        },
        "stage": _stage(application.stage),
        "rating": application.rating,
        "created_at": application.created_at,
        "stage_changed_at": application.stage_changed_at,
    }


def _applicants(organisation: Organisation):
    return (
        Application.objects.filter(job__organisation=organisation)
        .select_related("job__organisation", "talent__talent_profile", "stage")
        .annotate(
            consent_active=consent_is_active("job_application", "talent_id", "job__organisation_id")
        )
    )


class ApplicantFilters(PageParams):
    job: Id | None = Field(None, description="Only the applicants of this job requirement.")
    stage: Id | None = Field(None, description="Only the applicants at this step.")


@router.get(
    f"{ORG}/applicants",
    response={200: ApplicantPage, **TOKEN_ERRORS},
    tags=["organisation"],
    summary="The organisation's applicants and their steps",
)
def organisation_applicants(request, organisation_id: Id, filters: Query[ApplicantFilters]):
    user = request.auth.user
    organisation = organisation_or_404(user, organisation_id, "jobs.view_applicants")
    found = _applicants(organisation)
    if filters.job:
        found = found.filter(job_id=filters.job)
    if filters.stage:
        found = found.filter(stage_id=filters.stage)
    ordered = found.order_by("job_id", "stage__position", "created_at", "id")
    result = page(ordered, filters, _applicant)
    if result["items"]:
        # Personal data leaves the platform: keep a trace of who took it (PIPL), as exports do.
        audit.record(
            user,
            "applicants.read_through_api",
            organisation,
            token=request.auth.pk,
            rows=len(result["items"]),
        )
    return result


def _application_for(user, organisation_id: int, application_id: int, perm: str):
    organisation = organisation_or_404(user, organisation_id, perm)
    application = get_object_or_404(_applicants(organisation), pk=application_id)
    return organisation, application


@router.get(
    f"{ORG}/applicants/{{application_id}}",
    response={200: ApplicantOut, **TOKEN_ERRORS},
    tags=["organisation"],
)
def organisation_applicant(request, organisation_id: Id, application_id: Id):
    user = request.auth.user
    organisation, application = _application_for(
        user, organisation_id, application_id, "jobs.view_applicants"
    )
    if not can(user, "jobs.view_application", application):
        raise PermissionDenied
    audit.record(user, "applicants.read_through_api", organisation, token=request.auth.pk, rows=1)
    return _applicant(application)


class MoveIn(Schema):
    stage: Id = Field(description="The id of one of the organisation's steps (see /stages).")
    note: str = Field("", max_length=2000, pattern=r"^[^\x00]*$")


@router.post(
    f"{ORG}/applicants/{{application_id}}/stage",
    response={200: ApplicantOut, **TOKEN_ERRORS},
    tags=["organisation"],
    summary="Move an applicant to another step (a read-and-write token)",
)
def move_applicant(request, organisation_id: Id, application_id: Id, move: MoveIn):
    require_write(request.auth)
    user = request.auth.user
    _organisation, application = _application_for(
        user, organisation_id, application_id, "jobs.view_applicants"
    )
    stage = Stage.objects.filter(pk=move.stage).first()
    if stage is None:
        raise ApiError(
            422,
            [{"loc": ["body", "move", "stage"], "msg": _("No such step."), "type": "value_error"}],
            "invalid",
        )
    # The site's function: it checks the permission, the organisation of the step and a
    # withdrawal, records the move and tells the talent.
    jobs.move(user, [application], stage, move.note)
    return _applicant(_applicants(application.job.organisation).get(pk=application.pk))
