"""Background work of the projects app, through the task API."""

from django_tasks import task


@task()
def refresh_recommendations(
    project_ids: list[int] | None = None, demand_ids: list[int] | None = None
):
    """Recompute stored project ⇄ demand recommendations: everything, or the lists of some
    projects or demands (and those they appear in).

    Queued after commit by `recommendations.queue_refresh` (the services call it when a
    project is listed or changed, a demand published or changed) and run by a worker, never
    inside the request that saved. Arguments are JSON (the queue stores them).
    """
    # The engine costs ~0.5 s of import; recommendations.py imports this module for
    # queue_refresh, so the import is here, at run time.
    from .recommendations import refresh  # noqa: PLC0415

    return refresh(project_ids=project_ids, demand_ids=demand_ids)
