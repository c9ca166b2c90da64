"""Background work of the statistics, through the task API. Arguments are plain JSON."""

from django_tasks import task


@task()
def make_export(export_id: int) -> str | None:
    """Write the file of a queued export of every figure (`services.request_export`)."""
    from .services import run_export

    export = run_export(export_id)
    return export.status if export is not None else None
