"""The public JSON API (django-ninja). OpenAPI document at /api/openapi.json, docs at /api/docs.

Errors always have the body {"detail": ..., "code": ...}: 400 a body that is not JSON, 401 no
or a wrong token, 403 a rule or the token's scope refuses, 404 nothing there, 413 a body over
the size limit, 422 an invalid parameter, 429 too many requests (with Retry-After), 503 the
database (or Redis) cannot be reached (with Retry-After). Errors raised outside the operations
(Django's own 400 and 500 pages) are given the same shape by yingcai.api.middleware.

Public endpoints (yingcai.api.public) need no token; /api/me/... (yingcai.api.private) needs
`Authorization: Bearer <token>`, a personal token made in the account settings. Every request
is counted against a rate limit by yingcai.api.auth.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import DatabaseError, DataError, connection
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

import yingcai
from yingcai.core.access import public as public_view
from yingcai.core.models import District

from . import private, public
from .auth import ApiError, RateLimited, public_access, token_auth
from .codes import CODES
from .schemas import ERRORS, Error, Slug

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Yingcai API",
    version="1",
    description=(
        "Public data of the Talents Conference: news, open job requirements, verified "
        "organisations and the conference's figures, read-only without a token. With a "
        "personal token (`Authorization: Bearer <token>`, made in the account settings): "
        "your talent profile and applications, and your organisations' jobs, applicants "
        'and pipeline. Errors are `{"detail": ..., "code": ...}`; lists are pages '
        "(`limit`, `offset`, `count`)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    auth=public_access,
)

# How long a client should wait before trying again after a 503.
RETRY_AFTER_UNAVAILABLE = 30


def _error(request, status: int, detail, code: str):
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    # Where and why, without echoing the input back.
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in exc.errors
    ]
    return _error(request, 422, errors, "invalid")


@api.exception_handler(ValidationError)
def on_django_validation_error(request, exc):
    return _error(request, 422, exc.messages, "invalid")


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    response = _error(
        request,
        401,
        _("Authentication required: send a valid personal token as “Authorization: Bearer …”."),
        "unauthenticated",
    )
    response["WWW-Authenticate"] = 'Bearer realm="yingcai"'
    return response


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _error(request, 403, _("You are not allowed to do this."), "forbidden")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, _("Not found."), "not_found")


@api.exception_handler(RateLimited)
def on_rate_limited(request, exc):
    response = _error(
        request,
        429,
        _("Too many requests. Try again in %(n)d seconds.") % {"n": exc.retry_after},
        "rate_limited",
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ApiError)
def on_api_error(request, exc):
    return _error(request, exc.status_code, exc.message, exc.code)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    detail = _("The request body is too large: at most %(n)d MB.") % {"n": limit}
    return _error(request, 413, detail, "too_large")


def unavailable(request, checks: dict | None = None):
    body = {
        "detail": _("The service is unavailable for a moment. Try again shortly."),
        "code": "unavailable",
    }
    if checks is not None:
        body["checks"] = checks
    response = api.create_response(request, body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
    return response


@api.exception_handler(DatabaseError)
def on_database_error(request, exc):
    if isinstance(exc, DataError):
        # The database refused a value (out of range, too long): the caller's input.
        logger.warning("API input refused by the database: %s", exc)
        return _error(request, 400, _("A value in the request cannot be stored."), "bad_request")
    # Unreachable or failing database: the caller can retry, the operators must know.
    logger.error("API request failed on the database", exc_info=exc)
    return unavailable(request)


@api.exception_handler(RedisConnectionError)
@api.exception_handler(RedisTimeoutError)
def on_redis_error(request, exc):
    # The cache and the rate limits live in Redis when it is configured.
    logger.error("API request failed on Redis", exc_info=exc)
    return unavailable(request)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    detail = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    return _error(request, exc.status_code, detail, CODES.get(exc.status_code, "error"))


class Health(Schema):
    status: str
    version: str
    checks: dict[str, str]


class Unavailable(Error):
    checks: dict[str, str]


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    # The cache is Redis when REDIS_URL is set; the tasks' queues use the same server.
    cache.set("health", 1, 10)
    return "ok"


@api.get(
    "/health",
    response={200: Health, 503: Unavailable},
    tags=["meta"],
    summary="Health check: the database and (when configured) Redis answer",
)
def health(request):
    checks = {}
    for name, check in (("database", _check_database), ("redis", _check_redis)):
        try:
            checks[name] = check()
        except Exception:  # any failure of a dependency means "not healthy"
            logger.exception("Health check failed: %s", name)
            checks[name] = "unavailable"
    if "unavailable" in checks.values():
        return unavailable(request, checks)
    return {"status": "ok", "version": yingcai.__version__, "checks": checks}


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
    response={200: list[DistrictOut], **ERRORS},
    tags=["reference"],
    summary="Chongqing's districts and counties",
)
def districts(request):
    return [_district(d) for d in District.objects.all()]


@api.get("/districts/{slug}", response={200: DistrictOut, 404: Error, **ERRORS}, tags=["reference"])
def district(request, slug: Slug):
    found = District.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    return _district(found)


api.add_router("", public.router)
api.add_router("/me", private.router, auth=token_auth, tags=["me"])


@public_view
def unknown_endpoint(request, *args, **kwargs):
    """Any /api/… address the API does not have: the API's error body, not the site's page."""
    return JsonResponse(
        {"detail": _("There is no such API endpoint; see /api/docs."), "code": "not_found"},
        status=404,
    )
