"""`yingcai serve [ADDR:PORT]`: the web server and a task worker beside it, for a demo or a
development machine. Production runs them as separate services (docs/operations.md)."""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand
from django_tasks import task_backends

YINGCAI = [sys.executable, "-m", "yingcai.manage"]
QUEUES = ["default", "mail"]


def worker_command() -> list[str]:
    """The worker of the configured task backend: the database queue's, or RQ's on Redis."""
    backend = type(task_backends["default"]).__module__
    if backend.startswith("django_tasks_db"):
        return ["db_worker", "--queue-name", ",".join(QUEUES)]
    if backend.startswith("django_tasks_rq"):
        # The scheduler moves deferred tasks (`run_after`: the registrations' confirmation
        # sweep) to their queue when they are due; without it they would never run.
        return ["rqworker", "--with-scheduler", "--job-class", "django_tasks_rq.Job", *QUEUES]
    return []  # tasks run in-process: nothing to start


class Command(BaseCommand):
    help = "Run the web server and a task worker beside it; Ctrl-C (or SIGTERM) stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--reload", action="store_true", help="restart the web server when code changes"
        )

    def handle(self, addrport, reload, **options):
        web = ["runserver", addrport, *([] if reload else ["--noreload"])]
        commands = [web]
        if worker := worker_command():
            commands.append(worker)
        # A SIGTERM (systemd, a test, `kill`) stops both children as Ctrl-C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        children = []
        try:
            # Our own interpreter running our own commands.
            children = [subprocess.Popen([*YINGCAI, *c]) for c in commands]  # noqa: S603
            while all(child.poll() is None for child in children):
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
        failed = [c.returncode for c in children if c.returncode not in (0, None, -15)]
        if failed:
            sys.exit(failed[0])
