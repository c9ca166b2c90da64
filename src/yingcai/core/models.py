from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class District(models.Model):
    """A district or county of Chongqing: the one list used wherever a place is chosen."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("district")
        COUNTY = "county", _("county")
        AUTONOMOUS_COUNTY = "autonomous_county", _("autonomous county")
        FUNCTIONAL_AREA = "functional_area", _("functional area")

    slug = models.SlugField(_("slug"), unique=True)
    code = models.CharField(_("division code"), max_length=6, blank=True)
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("district or county")
        verbose_name_plural = _("districts and counties")

    def __str__(self):
        return self.name

    @property
    def is_administrative(self) -> bool:
        return self.kind != self.Kind.FUNCTIONAL_AREA


class DisciplineField(models.Model):
    """A discipline field (学科领域): the taxonomy jobs, talents, projects and statistics share."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("discipline field")
        verbose_name_plural = _("discipline fields")

    def __str__(self):
        return self.name


class AuditEntry(models.Model):
    """One state change: who did what to which object, and when.

    Written by the service functions only, never by views, so every path that
    changes state (site, API, admin, commands) leaves the same trail.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
