"""Background work of the job fair, through the task API."""

from django.db import transaction
from django.dispatch import receiver
from django_tasks import task

from yingcai.talents.signals import profile_saved


@task()
def refresh_recommendations(talent_ids: list[int] | None = None, job_ids: list[int] | None = None):
    """Recompute stored recommendations: everything, or for some talents (user ids) or jobs.

    Queued after commit when a talent saves their profile (`refresh_after_profile_saved`)
    and by `jobs.services.approve_job`, and run by a worker (`yingcai db_worker`, or RQ with
    Redis), never inside the request that saved: a job's refresh takes seconds at full
    scale. Arguments are JSON (the queue stores them); the lists record when they were
    refreshed (jobs/recommendations.py).
    """
    # The engine's recommend module costs ~0.2 s of import (python -X importtime); only
    # the worker running this task needs it, not every web process.
    from .recommendations import refresh  # noqa: PLC0415

    return refresh(talent_ids=talent_ids, job_ids=job_ids)


@receiver(profile_saved, dispatch_uid="jobs.refresh_recommendations_of_talent")
def refresh_after_profile_saved(sender, profile, **kwargs):
    """A talent's profile changed: their recommendations are computed again, by a worker,
    once the change is committed (never for a change rolled back)."""
    talent_ids = [profile.user_id]
    transaction.on_commit(lambda: refresh_recommendations.enqueue(talent_ids=talent_ids))
