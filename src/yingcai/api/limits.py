"""Rate limits of the API: per token for requests that carry a valid one, else per IP address.

Fixed windows counted in the cache (shared by every process when Redis is configured). The
rates are "<requests>/<period>" with a period of s, m, h or d (optionally with a number:
"100/5m"); settings may override them, and `None` lifts a limit:

    API_RATE_PER_IP = "60/m"      # requests without a valid token, per address
    API_RATE_PER_TOKEN = "600/m"  # requests with a token, per token

A request refused answers 429 with a Retry-After header (seconds to the window's end).
Requests with a wrong token count against the address, so guessing tokens is limited too.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache

from yingcai.core.http import client_ip

RATE_PER_IP = "60/m"
RATE_PER_TOKEN = "600/m"  # noqa: S105 - a rate, not a password

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")
CACHE_PREFIX = "yingcai:api:rate"


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(retry_after)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/m" -> (60, 60): requests allowed, and the window in seconds."""
    found = _RATE.match(rate or "")
    if not found:
        raise ValueError(f"Not a rate: {rate!r} (e.g. 60/m)")
    count, multiple, unit = found.groups()
    return int(count), int(multiple or 1) * PERIODS[unit[0]]


def rate_per_ip() -> str | None:
    return getattr(settings, "API_RATE_PER_IP", RATE_PER_IP)


def rate_per_token() -> str | None:
    return getattr(settings, "API_RATE_PER_TOKEN", RATE_PER_TOKEN)


def hit(scope: str, ident: str, rate: str | None) -> None:
    """Count one request of `ident`; raises RateLimited past the rate."""
    if rate is None:
        return
    allowed, period = parse_rate(rate)
    now = time.time()
    window = int(now // period) * period
    key = f"{CACHE_PREFIX}:{scope}:{ident}:{period}:{window}"
    cache.add(key, 0, period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period + 1)
        count = 1
    if count > allowed:
        raise RateLimited(max(1, int(window + period - now + 0.999)))


def hit_ip(request) -> None:
    hit("ip", client_ip(request) or "unknown", rate_per_ip())


def hit_token(token) -> None:
    hit("token", str(token.pk), rate_per_token())
