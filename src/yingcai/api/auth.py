"""Who calls the API: `Authorization: Bearer <token>`, or no one (the public endpoints).

Every operation runs one of the two callables below as its ninja `auth`, so authentication
and the rate limits are decided in one place. They return the `ApiToken` (or `ANONYMOUS`);
operations read it as `request.auth` and act as `request.auth.user`.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from . import limits, services
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
        limits.hit_ip(request)
        return ANONYMOUS
    token = services.authenticate(secret) if secret else None
    if token is None:
        limits.hit_ip(request)
        raise AuthenticationError()
    limits.hit_token(token)
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
