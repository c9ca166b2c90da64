import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.models import District

from .validators import validate_credit_code

INVITATION_VALID_FOR = timedelta(days=14)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("enterprise")
        PUBLIC_INSTITUTION = "public_institution", _("public institution")
        UNIVERSITY = "university", _("university or research institute")
        INVESTOR = "investor", _("investment and financing institution")
        INDUSTRIAL_PARK = "industrial_park", _("industrial park")
        DISTRICT_GOVERNMENT = "district_government", _("district/county government")
        ORGANISER = "organiser", _("organiser")

    class Level(models.TextChoices):
        MUNICIPAL = "municipal", _("municipal")
        DISTRICT = "district", _("district/county")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")
        SUSPENDED = "suspended", _("suspended")

    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, db_index=True)
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text=_("Public institutions only: municipal or district/county."),
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district or county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Leave empty for an organisation outside Chongqing."),
    )
    location = models.CharField(
        _("city or country"),
        max_length=100,
        blank=True,
        help_text=_("For organisations outside Chongqing, e.g. Shanghai or Germany."),
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_credit_code],
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="public_institution") & ~Q(level=""))
                | (~Q(kind="public_institution") & Q(level="")),
                name="organisations_level_iff_public_institution",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def place(self) -> str:
        return str(self.district) if self.district_id else self.location


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        RECRUITER = "recruiter", _("recruiter-reviewer")
        VIEWER = "viewer", _("viewer")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["organisation", "role", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="organisations_member_once"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="organisations_one_open_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        if not self.expires_at:
            self.expires_at = (self.created_at or timezone.now()) + INVITATION_VALID_FOR
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
