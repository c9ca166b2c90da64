"""The press report an editor drafts from the figures, and the large exports organisers queue.

The figures themselves are not stored: the registry computes them. A press report keeps the
values it was drafted from (`figures`), so what was read out can be checked later.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PressReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    moment = models.DateTimeField(_("figures as of"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_zh = models.TextField(_("text (Chinese)"), help_text=_("Markdown."))
    body_en = models.TextField(_("text (English)"), help_text=_("Markdown."))
    figures = models.JSONField(
        _("figures drafted from"), default=dict, blank=True, help_text=_("{key: value}")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    news_item = models.ForeignKey(
        "portal.NewsItem",
        verbose_name=_("news item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("press report")
        verbose_name_plural = _("press reports")

    def __str__(self):
        return self.title_zh or self.title_en

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh-hans" else self.title_en

    def body(self, language: str) -> str:
        return self.body_zh if language == "zh-hans" else self.body_en


def export_path(instance, filename):
    # Outside any public URL (MEDIA_URL is not served); a view checks and streams it.
    return f"stats-exports/{instance.requested_by_id}/{uuid.uuid4().hex}.{instance.format}"


class Export(models.Model):
    """Every figure with every breakdown in one file, made by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    what = models.CharField(_("contents"), max_length=60, default="all")
    format = models.CharField(_("format"), max_length=10)
    moment = models.DateTimeField(
        _("figures as of"), null=True, blank=True, help_text=_("Empty: when it was made.")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    file = models.FileField(_("file"), upload_to=export_path, max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return f"{self.what}.{self.format} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    def filename(self) -> str:
        moment = timezone.localtime(self.moment or self.finished_at or self.created_at)
        return f"yingcai-figures-{moment:%Y%m%d-%H%M}.{self.format}"
