"""The public JSON API (django-ninja). OpenAPI document at /api/openapi.json, docs at /api/docs.

Errors always have the body {"detail": ..., "code": ...}.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

import yingcai
from yingcai.core.models import District

api = NinjaAPI(
    title="Yingcai API",
    version="1",
    description="Public data of the Talents Conference. Read-only without a token.",
    urls_namespace="api",
    docs_url="/docs",
)


class Error(Schema):
    detail: str | list
    code: str


def _error(request, status: int, detail, code: str):
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    return _error(request, 422, exc.errors, "invalid")


@api.exception_handler(ValidationError)
def on_django_validation_error(request, exc):
    return _error(request, 422, exc.messages, "invalid")


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return _error(request, 401, _("Authentication required."), "unauthenticated")


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _error(request, 403, _("You are not allowed to do this."), "forbidden")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, _("Not found."), "not_found")


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return _error(request, exc.status_code, str(exc), "error")


class Health(Schema):
    status: str
    version: str


@api.get("/health", response=Health, tags=["meta"], summary="Liveness check")
def health(request):
    return {"status": "ok", "version": yingcai.__version__}


class DistrictOut(Schema):
    slug: str
    code: str
    name_zh: str
    name_en: str
    kind: str


def _district(d: District) -> dict:
    return {
        "slug": d.slug,
        "code": d.code,
        "name_zh": d.name_zh_hans,
        "name_en": d.name_en,
        "kind": d.kind,
    }


@api.get(
    "/districts",
    response=list[DistrictOut],
    tags=["reference"],
    summary="Chongqing's districts and counties",
)
def districts(request):
    return [_district(d) for d in District.objects.all()]


@api.get("/districts/{slug}", response={200: DistrictOut, 404: Error}, tags=["reference"])
def district(request, slug: str):
    found = District.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    return _district(found)
