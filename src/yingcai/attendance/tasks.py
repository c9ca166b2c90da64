"""Background work of the attendance, through the task API: the registrations' confirmations.

`send_confirmations(link_base)` sends the confirmations owed (`services.confirmations`); the
registration queues it after its commit, at most once a second per process.
"""

from django_tasks import task

from .services import confirmations


@task(queue_name="mail")
def send_confirmations(link_base: str) -> int:
    return confirmations.send_due(link_base)
