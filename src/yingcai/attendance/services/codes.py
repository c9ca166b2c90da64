"""Verification codes: proving a mobile number (SMS) or an e-mail address before registering.

A six-digit code is sent to the contact and kept in the cache (Django's cache: the embedded
default is a database cache that every process shares; Redis when configured) — only its
keyed hash, with a counter of tries: the fifth wrong try voids it. Sending is limited per
contact (one a minute, five an hour) and per address of the sender; a refusal carries the
seconds until the next allowed send (`TooManyCodes.retry_after`, answered 429 with
Retry-After by the page).

A proven contact is then carried in the form as a signed token (`contact_token`, valid for
half an hour): the registration's final POST verifies a signature and writes nothing to a
session. A signed-in person whose account holds the mobile number or the e-mail address,
verified, needs no code for it (`verified_contacts`).
"""

import hashlib
import hmac
import secrets
import time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from yingcai.accounts.phone import normalise_mobile
from yingcai.accounts.sms import send_sms
from yingcai.core.mail import send_templated_mail

CODE_LIFETIME = 10 * 60
MAX_TRIES = 5
TOKEN_SALT = "attendance.contact"  # noqa: S105 - a salt, not a secret
TOKEN_MAX_AGE = 30 * 60
# (seconds, sends) per contact, and per address of the sender (a venue's Wi-Fi puts many
# people behind one address: `ATTENDANCE_CODES_PER_ADDRESS` an hour, 30 unless set).
PER_CONTACT = ((60, 1), (3600, 5))


def per_address():
    return ((3600, int(getattr(settings, "ATTENDANCE_CODES_PER_ADDRESS", 30))),)


class TooManyCodes(ValidationError):
    def __init__(self, message, retry_after: int):
        super().__init__(message, code="throttled")
        self.retry_after = max(1, int(retry_after))


class CodeVoided(ValidationError):
    """Too many wrong tries: the code no longer counts."""


def is_email(contact: str) -> bool:
    return "@" in (contact or "")


def normalise_contact(value: str) -> str:
    """A mobile number in E.164, or an e-mail address in lower case; ValidationError else."""
    raw = (value or "").strip()
    if "\x00" in raw or len(raw) > 254:
        raise ValidationError(_("Enter a mobile number or an e-mail address."), code="invalid")
    if not raw:
        raise ValidationError(_("Enter a mobile number or an e-mail address."), code="required")
    if is_email(raw):
        try:
            validate_email(raw)
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address."), code="invalid") from None
        return raw.lower()
    return normalise_mobile(raw)


def _digest(*parts: str) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _keys(contact: str) -> tuple[str, str]:
    name = _digest("contact", contact)[:32]
    return f"attendance:code:{name}", f"attendance:code-tries:{name}"


def _count(scope: str, limits) -> int:
    """Counts one send in each fixed window of `limits`; the seconds to wait when one is
    past its number, else 0 (nothing is counted then).

    Not django-ratelimit's counters (`core.http.over_limit`), which are asked with a request
    and count the refused attempts too: this service has no request, and counts only the
    codes that go out. (Tried: its windows, offset per key by a hash, made a sixth code within
    five minutes pass about one time in twelve, tests/attendance/test_codes.py.)"""
    now = time.time()
    keys = []
    for seconds, allowed in limits:
        window = int(now // seconds)
        key = f"attendance:sends:{scope}:{seconds}:{window}"
        if (cache.get(key) or 0) >= allowed:
            return int(seconds - now % seconds) + 1
        keys.append((key, seconds))
    for key, seconds in keys:
        cache.add(key, 0, seconds + 5)
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, seconds + 5)
    return 0


def send_code(contact: str, *, ip: str | None, language: str | None = None) -> str:
    """Send a new code to the contact (normalised first, which it returns)."""
    contact = normalise_contact(contact)
    retry_after = _count(f"ip:{_digest('ip', ip or '-')[:32]}", per_address())
    if retry_after:
        raise TooManyCodes(
            _("Too many codes were asked for from your address. Please try again later."),
            retry_after,
        )
    retry_after = _count(f"contact:{_digest('contact', contact)[:32]}", PER_CONTACT)
    if retry_after:
        raise TooManyCodes(
            _("A code was sent to this contact a moment ago. Please wait before asking again."),
            retry_after,
        )
    code = f"{secrets.randbelow(10**6):06d}"
    key, tries = _keys(contact)
    cache.set(key, _digest("code", contact, code), CODE_LIFETIME)
    cache.set(tries, 0, CODE_LIFETIME)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if is_email(contact):
        send_templated_mail(
            contact,
            "attendance_code",
            {"code": code, "minutes": CODE_LIFETIME // 60},
            language=language,
        )
    else:
        with translation.override(language):
            text = _(
                "Your code for registering at the Talents Conference is %(code)s "
                "(valid for %(minutes)s minutes)."
            ) % {"code": code, "minutes": CODE_LIFETIME // 60}
        send_sms(contact, text)
    return contact


def check_code(contact: str, code: str) -> bool:
    """Whether `code` is the contact's current code. A right code is used up; the fifth wrong
    try voids the code (`CodeVoided`, and every later try with it)."""
    key, tries = _keys(contact)
    stored = cache.get(key)
    if stored is None:
        return False
    cache.add(tries, 0, CODE_LIFETIME)
    try:
        used = cache.incr(tries)
    except ValueError:
        used = MAX_TRIES + 1
    if used > MAX_TRIES:
        cache.delete(key)
        raise CodeVoided(_("The code was tried too many times. Ask for a new code."), code="voided")
    code = (code or "").strip()
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return False
    if hmac.compare_digest(stored, _digest("code", contact, code)):
        cache.delete_many([key, tries])
        return True
    return False


def contact_token(contact: str) -> str:
    return signing.dumps(contact, salt=TOKEN_SALT, compress=False)


def contact_from_token(token: str) -> str | None:
    if not isinstance(token, str) or not token or len(token) > 400 or "\x00" in token:
        return None
    try:
        value = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def verified_contacts(user) -> set[str]:
    """The mobile number and the e-mail addresses the account has verified."""
    if user is None or not user.is_authenticated:
        return set()
    found = set()
    if user.mobile and user.mobile_verified:
        found.add(user.mobile)
    found.update(
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )
    return found
