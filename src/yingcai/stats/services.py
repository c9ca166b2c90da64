"""State changes of the statistics: press reports (draft, save, publish) and large exports.

One function per change: it checks permission, writes in a transaction and records the audit
trail; background work is queued after commit.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.services import require
from yingcai.portal import services as portal
from yingcai.portal.models import NewsItem

from . import exports, report
from .models import Export, PressReport
from .tasks import make_export

MAX_TITLE = 200
MAX_BODY = 20_000


# --- Press reports ---------------------------------------------------------------------------
@transaction.atomic
def draft_report(actor, moment: datetime | None = None) -> PressReport:
    """A new draft from the figures at `moment` (now when None)."""
    require(actor, "stats.draft_report")
    drafted = report.draft(moment)
    press_report = PressReport.objects.create(
        moment=drafted.moment,
        title_zh=drafted.title["zh-hans"],
        title_en=drafted.title["en"],
        body_zh=drafted.body["zh-hans"],
        body_en=drafted.body["en"],
        figures=drafted.values,
        created_by=actor,
    )
    audit.record(
        actor,
        "press_report.drafted",
        press_report,
        moment=press_report.moment.isoformat(),
        figures=drafted.values,
    )
    return press_report


def _clean_text(value: str, limit: int, name: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Write the %(name)s.") % {"name": name})
    if len(value) > limit:
        raise ValidationError(
            _("The %(name)s is too long (at most %(limit)s characters).")
            % {"name": name, "limit": limit}
        )
    return value


@transaction.atomic
def save_report(
    actor, press_report: PressReport, *, title_zh: str, title_en: str, body_zh: str, body_en: str
) -> PressReport:
    """The editor's text in both languages; a published report is no longer edited here."""
    require(actor, "stats.draft_report", press_report)
    press_report = PressReport.objects.select_for_update().get(pk=press_report.pk)
    if not press_report.is_draft:
        raise ValidationError(
            _("This report is published; correct the news item in the administration.")
        )
    new = {
        "title_zh": _clean_text(title_zh, MAX_TITLE, _("Chinese title")),
        "title_en": _clean_text(title_en, MAX_TITLE, _("English title")),
        "body_zh": _clean_text(body_zh, MAX_BODY, _("Chinese text")),
        "body_en": _clean_text(body_en, MAX_BODY, _("English text")),
    }
    changed = [name for name, value in new.items() if getattr(press_report, name) != value]
    for name, value in new.items():
        setattr(press_report, name, value)
    press_report.save()
    audit.record(actor, "press_report.saved", press_report, fields=changed)
    return press_report


@transaction.atomic
def publish_report(actor, press_report: PressReport) -> PressReport:
    """Publish the report as a press-conference news item of the portal, in both languages."""
    require(actor, "stats.publish_report", press_report)
    press_report = PressReport.objects.select_for_update().get(pk=press_report.pk)
    if not press_report.is_draft:
        raise ValidationError(_("This report is already published."))
    item = NewsItem(
        kind=NewsItem.Kind.PRESS_RELEASE,
        title_zh_hans=press_report.title_zh,
        title_en=press_report.title_en,
        body_zh_hans=press_report.body_zh,
        body_en=press_report.body_en,
        author=actor,
    )
    # The portal's own functions: the news item's permission and audit trail apply too.
    item = portal.save_news_item(actor, item, ["title", "body"])
    item = portal.publish_news_item(actor, item)
    press_report.news_item = item
    press_report.status = PressReport.Status.PUBLISHED
    press_report.published_at = item.published_at
    press_report.save(update_fields=["news_item", "status", "published_at", "updated_at"])
    audit.record(actor, "press_report.published", press_report, news_item=item.pk)
    return press_report


# --- Exports ----------------------------------------------------------------------------------
@transaction.atomic
def request_export(actor, format_: str, moment: datetime | None = None) -> Export:
    """Queue an export of every figure with every breakdown (at `moment`, or when it runs)."""
    require(actor, "stats.export_all")
    if exports.writer(format_) is None:
        raise ValidationError(
            _("Unknown format: choose one of %(formats)s.")
            % {"formats": ", ".join(exports.WRITERS)}
        )
    if moment is not None and moment > timezone.now():
        raise ValidationError(_("The moment is in the future."))
    export = Export.objects.create(
        requested_by=actor,
        format=format_.lower(),
        moment=moment,
        language=_language(),
    )
    audit.record(
        actor,
        "stats.export_requested",
        export,
        format=export.format,
        moment=moment.isoformat() if moment else None,
    )
    transaction.on_commit(lambda: make_export.enqueue(export.pk))
    return export


def _language() -> str:
    return "zh-hans" if (translation.get_language() or "").lower().startswith("zh") else "en"


@transaction.atomic
def record_export_download(actor, export: Export) -> None:
    """Who fetched an export of everything, and when (the file holds every figure)."""
    audit.record(actor, "stats.export_downloaded", export)


EXPORT_KEPT_DAYS = 7


def purge_exports(now: datetime | None = None, days: int = EXPORT_KEPT_DAYS) -> int:
    """Delete exports (rows and files) older than `days` (run daily); returns how many."""
    cutoff = (now or timezone.now()) - timezone.timedelta(days=days)
    old = list(Export.objects.filter(created_at__lt=cutoff))
    for export in old:
        if export.file:
            export.file.storage.delete(export.file.name)
    Export.objects.filter(pk__in=[e.pk for e in old]).delete()
    if old:
        audit.record(None, "stats.exports_purged", None, count=len(old))
    return len(old)
