"""Background work of the job fair, through the task API."""

from django_tasks import task


@task()
def refresh_recommendations(talent_ids: list[int] | None = None, job_ids: list[int] | None = None):
    """Recompute stored recommendations: everything, or for some talents (user ids) or jobs.

    Queued by `talents.services.save_profile` and `jobs.services.approve_job` after commit;
    with the in-process backend it runs inside the request that saved, so a talent's refresh
    is kept to one build over that talent and the open jobs (jobs/recommendations.py).
    """
    from .recommendations import refresh

    return refresh(talent_ids=talent_ids, job_ids=job_ids)
