"""Background work of the job fair, through the task API."""

from django_tasks import task


@task()
def refresh_recommendations(talent_ids: list[int] | None = None, job_ids: list[int] | None = None):
    """Recompute stored recommendations: everything, or for some talents (user ids) or jobs.

    Queued by `talents.services.save_profile` and `jobs.services.approve_job` after commit, and
    run by a worker (`yingcai db_worker`, or RQ with Redis), never inside the request that
    saved: a job's refresh takes seconds at full scale. Arguments are JSON (the queue stores
    them); the lists record when they were refreshed (jobs/recommendations.py).
    """
    from .recommendations import refresh

    return refresh(talent_ids=talent_ids, job_ids=job_ids)
