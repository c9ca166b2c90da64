"""Personal API tokens: a user's key to the JSON API, scoped to reading or to reading and writing.

Only a hash of the secret is stored; the secret itself is shown once, when the token is made
(`services.create_token`). A token acts as its user, through the same permission rules as the
pages (each app's rules.py), and never beyond its scope.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A secret reads "yc_" and 43 URL-safe characters (256 random bits). The prefix lets a person
# and a secret scanner recognise it; the first characters are kept to tell tokens apart.
SECRET_PREFIX = "yc_"  # noqa: S105 - the visible start of every secret
SHOWN_CHARACTERS = 8


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """SHA-256 of the secret: enough for 256 random bits, which no dictionary holds."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("read only")
        READ_WRITE = "read-write", _("read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=60)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The secret's first characters, to recognise it in the list (not enough to use it).
    start = models.CharField(_("starts with"), max_length=SHOWN_CHARACTERS, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.start}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
