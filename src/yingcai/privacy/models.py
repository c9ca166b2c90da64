import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LegalDocument(models.Model):
    """One version of the privacy statement, the terms of use or the cookie policy.

    Organisers write a new version rather than editing a published one, so
    everybody's acceptance points at the exact text they agreed to.
    """

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("privacy statement")
        TERMS = "terms", _("terms of use")
        COOKIES = "cookies", _("cookie policy")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    changes = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="privacy_doc_kind_version")
        ]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")

    def __str__(self):
        return self.label_with_version

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def label_with_version(self) -> str:
        return _("%(kind)s (version %(version)s)") % {
            "kind": self.get_kind_display(),
            "version": self.version,
        }


class Acceptance(models.Model):
    """A person agreed to one version of a legal document (PIPL: consent is recorded)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="acceptances",
    )
    document = models.ForeignKey(
        LegalDocument, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="privacy_accept_once")
        ]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")

    def __str__(self):
        return f"{self.user} – {self.document}"


class CookieConsent(models.Model):
    """A visitor's answer to the cookie notice, kept as proof of the choice."""

    class Choice(models.TextChoices):
        NECESSARY = "necessary", _("necessary cookies only")
        ALL = "all", _("all cookies")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices)
    policy = models.ForeignKey(
        LegalDocument,
        verbose_name=_("cookie policy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cookie consent")
        verbose_name_plural = _("cookie consents")

    def __str__(self):
        return f"{self.get_choice_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class SharingConsent(models.Model):
    """Separate consent to pass personal information to another handler (PIPL Art. 23).

    Recorded with what the person was shown: the recipient, its contact, the purpose
    and the kinds of data.
    """

    class Purpose(models.TextChoices):
        JOB_APPLICATION = "job_application", _("applying for jobs with this organisation")
        PUBLIC_RECRUITMENT = "public_recruitment", _("public-institution recruitment")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="sharing_consents",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="sharing_consents",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    recipient_contact = models.CharField(_("recipient's contact as shown"), max_length=300)
    data_shown = models.TextField(_("data as shown"))
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent to share personal information")
        verbose_name_plural = _("consents to share personal information")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="privacy_one_active_sharing_consent",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation} ({self.get_purpose_display()})"
