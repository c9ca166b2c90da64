"""Facts about the request that several apps need alike."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def client_ip(request) -> str | None:
    if request is None:
        return None
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = request.META.get(meta_key) or request.META.get("REMOTE_ADDR") or ""
    return value.split(",")[0].strip() or None


def too_many_submissions(request, group: str) -> bool:
    """Counts one submission of a public form by this address; True past the limit."""
    return is_ratelimited(
        request, group=group, key="ip", rate=settings.PUBLIC_FORM_RATE, increment=True
    )
