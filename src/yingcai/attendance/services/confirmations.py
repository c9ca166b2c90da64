"""The confirmations of registrations: an outbox in the registrations' own table.

A registration is written with `confirmation_due` set, in its transaction; the request does
not render the message nor queue a task of its own for it. After the commit, `due()` makes sure
a sweep (`tasks.send_confirmations`) is queued to run within `ATTENDANCE_CONFIRMATION_DELAY`
seconds, and each process queues at most one per that delay: a burst of registrations
(benchmarks/attendance_register.py) queues one task per process per second instead of one per
registration, and the confirmations are rendered by the worker.

Nothing is left behind: a process that does not queue a sweep after a commit has queued one,
less than the delay before, to run after the delay (plus a margin), so that sweep runs after
this commit and finds the row. A sweep that fails leaves the rows due for the next one.

The sweep locks the due rows it takes (`skip_locked`: two sweeps at once share the work, and
nobody is told twice), sends each message through the mail and SMS queues as any other, and
clears the flag in the same transaction (docs/decisions.md, "One sweep a second, not one
task per registration").
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Registration, live_attendances

BATCH = 200
# The sweep runs at least this much after the last commit it must see.
MARGIN = 0.5

_next = [0.0]  # until when (time.monotonic()) this process has a sweep queued


def due(link_base: str) -> None:
    """A registration owes its confirmation (called inside its transaction)."""
    transaction.on_commit(lambda: _queue_sweep(link_base))


def _queue_sweep(link_base: str) -> None:
    # The task module runs this module's sweep, and the registration service calls `due()`:
    # imported when used, the three import each other without a cycle at load.
    from ..tasks import send_confirmations  # noqa: PLC0415

    delay = settings.ATTENDANCE_CONFIRMATION_DELAY
    task = send_confirmations
    if not delay or not task.get_backend().supports_defer:
        # A sweep that cannot wait for the commits after it: one per registration.
        task.enqueue(link_base)
        return
    now = time.monotonic()
    if now < _next[0]:
        return
    _next[0] = now + delay
    task.using(run_after=timezone.now() + timedelta(seconds=delay + MARGIN)).enqueue(link_base)


def send_due(link_base: str, limit: int = 5000) -> int:
    """Send the confirmations due, up to `limit`; how many were sent."""
    from .registration import _tell  # noqa: PLC0415

    sent = 0
    while sent < limit:
        with transaction.atomic():
            batch = list(
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(confirmation_due=True)
                .order_by("pk")
                .prefetch_related(live_attendances())[: min(BATCH, limit - sent)]
            )
            if not batch:
                break
            for registration in batch:
                attendances = list(registration.attendances.all())
                # Cancelled (or erased) before its turn came: nothing to confirm.
                if attendances and registration.cancelled_at is None:
                    _tell(registration, "attendance_registered", attendances, link_base)
            Registration.objects.filter(pk__in=[r.pk for r in batch]).update(confirmation_due=False)
            sent += len(batch)
    return sent
