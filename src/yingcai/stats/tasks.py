"""Background work of the statistics, through the task API. Arguments are plain JSON.

The services queue these tasks (`services.request_export`); a task never calls back into the
services: what the worker does to a queued export is here, whole.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from yingcai.core import audit
from yingcai.core.registry import figures as registry

from . import exports
from .models import Export

logger = logging.getLogger(__name__)


@task()
def make_export(export_id: int) -> str | None:
    """Write the file of a queued export of every figure (`services.request_export`)."""
    export = run_export(export_id)
    return export.status if export is not None else None


def run_export(export_id: int) -> Export | None:
    """Make the file of a queued export (the task's body); a failure is recorded, not raised."""
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != Export.Status.QUEUED:
            return export
        export.status = Export.Status.RUNNING
        export.save(update_fields=["status"])
    try:
        with translation.override(export.language or "zh-hans"):
            figures = registry.compute(at=export.moment)
            content = exports.export(figures, export.format, export.moment)
    except Exception as error:  # recorded on the export and shown to its owner
        logger.exception("Export %s failed", export_id)
        with transaction.atomic():
            export.status = Export.Status.FAILED
            export.error = str(error)[:1000]
            export.finished_at = timezone.now()
            export.save(update_fields=["status", "error", "finished_at"])
            audit.record(export.requested_by, "stats.export_failed", export)
        return export
    with transaction.atomic():
        export.file.save(f"export.{export.format}", ContentFile(content), save=False)
        export.status = Export.Status.READY
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "finished_at"])
        audit.record(export.requested_by, "stats.export_ready", export, size=len(content))
    return export
