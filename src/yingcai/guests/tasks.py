"""Background work of the guests, through the task API: the reminders before arrival.

`send_guest_reminders()` mails each guest attending on site whose arrival is within 48 hours,
once (`services.guests.send_reminders`: each row locked, `reminded_at` re-checked and set in
the same transaction, so two runs at once mail nobody twice). Run it hourly: `yingcai
send_guest_reminders` (cron), or queue it with `.enqueue()`.
"""

from django_tasks import task

from .services import guests as services


@task()
def send_guest_reminders() -> int:
    return services.send_reminders()
