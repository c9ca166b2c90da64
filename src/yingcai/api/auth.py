"""Who calls the API: `Authorization: Bearer <token>`, or no one (the public endpoints).

Every operation runs one of the two callables below as its ninja `auth`, so authentication
and the rate limits are decided in one place. They return the `ApiToken` (or `ANONYMOUS`);
operations read it as `request.auth` and act as `request.auth.user`.

Rate limits (settings `API_RATE_PER_IP`, `API_RATE_PER_TOKEN`; `None` lifts one): a request
with a valid token counts against its token, any other against its address — a wrong token
too, so guessing tokens is limited; they are counted here, before ninja answers a wrong
token 401. Refused: 429 with Retry-After (yingcai.api.api).
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from yingcai.core.http import client_ip, over_limit

from . import services
from .models import ApiToken


class ApiError(HttpError):
    """An error answered as {"detail": ..., "code": ...} with this status."""

    def __init__(self, status_code: int, detail: str, code: str):
        self.code = code
        super().__init__(status_code, detail)


class _Anonymous:
    """The caller of a public endpoint without a token (truthy, so ninja lets it through)."""

    user = AnonymousUser()
    scope = None
    pk = None

    def __bool__(self):
        return True

    def __str__(self):
        return "anonymous"


ANONYMOUS = _Anonymous()


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(retry_after)


def _count(request, group: str, rate: str | None, key) -> None:
    retry_after = over_limit(request, group, rate, key)
    if retry_after:
        raise RateLimited(retry_after)


def _per_address(request) -> None:
    # The address as our consent records read it: never a 500 when a proxy's header is missing
    # (django-ratelimit's own "ip" key raises then).
    address = client_ip(request) or "unknown"
    _count(request, "api.ip", settings.API_RATE_PER_IP, lambda group, request: address)


def _per_token(request, token: ApiToken) -> None:
    _count(request, "api.token", settings.API_RATE_PER_TOKEN, lambda group, request: str(token.pk))


def _bearer(request) -> str | None:
    """The token of the Authorization header: '' when the header is not a bearer token."""
    value = request.headers.get("Authorization")
    if value is None:
        return None
    scheme, _sep, secret = value.strip().partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def _identify(request, required: bool):
    secret = _bearer(request)
    if secret is None and not required:
        _per_address(request)
        return ANONYMOUS
    token = services.authenticate(secret) if secret else None
    if token is None:
        _per_address(request)
        raise AuthenticationError()
    _per_token(request, token)
    request.user = token.user
    return token


class TokenAuth(HttpBearer):
    """A personal token is required (documented in the OpenAPI document as bearer auth)."""

    def __call__(self, request):
        return _identify(request, required=True)

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return _identify(request, required=True)


class PublicAccess:
    """Anyone; a token given is checked (a wrong one answers 401) and counts per token."""

    def __call__(self, request):
        return _identify(request, required=False)


token_auth = TokenAuth()
public_access = PublicAccess()


def require_write(token: ApiToken) -> None:
    """Changes need a read-write token: a read-only one answers 403."""
    if not token.can_write:
        raise ApiError(
            403,
            _("This token may only read. Make a read-and-write token to change anything."),
            "insufficient_scope",
        )
