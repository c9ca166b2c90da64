"""Text messages (verification codes). No gateway ships with Yingcai; see docs/operations.md.

A backend is a class with `send(phone, text)`. The default writes each
message to a file under ./var/sms/, as Django's file e-mail backend does.
"""

import threading
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from yingcai.core.files import open_private

outbox: list[dict] = []
_lock = threading.Lock()


class FileBackend:
    def send(self, phone: str, text: str) -> None:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
        path = Path(settings.SMS_FILE_PATH) / f"{stamp}-{phone.lstrip('+')}.txt"
        with open_private(path, "w") as handle:
            handle.write(f"To: {phone}\n\n{text}\n")


class LocmemBackend:
    """Keeps messages in `yingcai.accounts.sms.outbox` (tests)."""

    def send(self, phone: str, text: str) -> None:
        with _lock:
            outbox.append({"to": phone, "text": text})


@task(queue_name="mail")
def send_sms_task(phone: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(phone, text)


def send_sms(phone: str, text: str) -> None:
    transaction.on_commit(lambda: send_sms_task.enqueue(phone, text))
