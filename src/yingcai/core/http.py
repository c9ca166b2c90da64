"""Facts about the request that several apps need alike."""

from django.conf import settings
from django_ratelimit.core import get_usage


def client_ip(request) -> str | None:
    if request is None:
        return None
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = request.META.get(meta_key) or request.META.get("REMOTE_ADDR") or ""
    return value.split(",")[0].strip() or None


def too_many_submissions(request, group: str) -> int:
    """Counts one submission of a public form by this address. Past the limit: the seconds
    until the window ends (for Retry-After, always at least 1); else 0."""
    usage = get_usage(
        request, group=group, key="ip", rate=settings.PUBLIC_FORM_RATE, increment=True
    )
    if usage is None or not usage["should_limit"]:
        return 0
    return max(1, usage["time_left"])


def rate_limited(response, retry_after: int):
    """A page refused for a rate limit answers 429 with Retry-After, as the API does."""
    if retry_after:
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
    return response


def private_file_response(field_file, filename: str, content_type: str):
    """A stored private file as a download for the one allowed to see it: never cached on the
    way, never sniffed into another type. A file missing from storage does not exist (404)."""
    from django.http import FileResponse, Http404

    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
