"""Facts about the request that several apps need alike."""

import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404
from django_ratelimit.core import get_usage

from . import files


def client_ip(request) -> str | None:
    if request is None:
        return None
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = request.META.get(meta_key) or request.META.get("REMOTE_ADDR") or ""
    return value.split(",")[0].strip() or None


def over_limit(request, group: str, rate: str | None, key="ip") -> int:
    """Counts one request in `group` per address (or per `key`, django-ratelimit's key: a
    callable of (group, request)), in a fixed window of the cache: `add`, then `incr`, which
    Redis and our database cache make atomic. Past `rate` ("60/m", "100/5m"; None counts
    nothing): the seconds until the window ends (for Retry-After, always at least 1); else 0."""
    return _seconds_left(get_usage(request, group=group, key=key, rate=rate, increment=True))


def limit_reached(request, group: str, rate: str | None, key="ip") -> int:
    """`over_limit`'s answer without counting this request: a page that counts only its misses
    (a wrong secret in the address) asks this first, so that past the limit even a right one
    is refused until the window ends. The seconds until then, else 0."""
    return _seconds_left(get_usage(request, group=group, key=key, rate=rate))


def _seconds_left(usage) -> int:
    if usage is None or not usage["should_limit"]:
        return 0
    return max(1, usage["time_left"])


def too_many_submissions(request, group: str) -> int:
    """Counts one submission of a public form by this address (`over_limit`)."""
    return over_limit(request, group, settings.PUBLIC_FORM_RATE)


def rate_limited(response, retry_after: int):
    """A page refused for a rate limit answers 429 with Retry-After, as the API does."""
    if retry_after:
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
    return response


def private_file_response(field_file, filename: str, content_type: str | None = None):
    """A stored private file as a download for the one allowed to see it: never cached on the
    way, never sniffed into another type, and named and typed after what its content is (a
    PDF uploaded as "cv.html" goes out as "cv.pdf", application/pdf), never after the
    uploader's word. `content_type`, recorded at upload, serves only a file that no longer
    sniffs as a known type. A file missing from storage does not exist (404)."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    kind = files.magic_kind(handle)
    if kind is None and content_type:
        extension = (mimetypes.guess_extension(content_type) or ".bin").lstrip(".")
        name, served_as = files.download_name(filename, extension), content_type
    else:
        name, served_as = files.download_name(filename, kind), files.content_type(kind)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=served_as)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
