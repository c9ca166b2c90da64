"""`yingcai refresh_recommendations`: recompute the stored talent ⇄ job recommendations.

`--all` recomputes everything (run it nightly, after `close_expired_jobs`: partial refreshes
after each saved profile or approved job keep the lists current in between); `--talent` and
`--job` recompute for some talents (user ids) or jobs.
"""

import os
import time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.core.management.base import BaseCommand, CommandError
from yingcai.jobs.models import Recommendation
from yingcai.jobs.recommendations import refresh


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Command(BaseCommand):
    help = gettext_lazy(
        "Recompute the stored recommendations between talents and open job requirements: "
        "--all for everything, or --talent / --job for some."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help=gettext_lazy("Recompute everything.")
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=gettext_lazy("With --all: do nothing when recommendations are already stored."),
        )
        parser.add_argument(
            "--talent",
            type=int,
            action="append",
            default=[],
            help=gettext_lazy("A talent's user id."),
        )
        parser.add_argument(
            "--job", type=int, action="append", default=[], help=gettext_lazy("A job's id.")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=min(2, _cpus()),
            help=gettext_lazy("Processes/threads the engine may use (default: up to 2)."),
        )

    def handle(self, *args, **options):
        talents, jobs = options["talent"], options["job"]
        if options["all"] == bool(talents or jobs):
            raise CommandError(_("Give either --all, or --talent and/or --job."))
        if options["if_empty"] and Recommendation.objects.exists():
            self.stdout.write(_("Recommendations are already stored: nothing recomputed."))
            return
        start = time.perf_counter()
        if options["all"]:
            stored = refresh(workers=max(1, options["workers"]))
        else:
            stored = refresh(
                talent_ids=talents or None, job_ids=jobs or None, workers=max(1, options["workers"])
            )
        seconds = time.perf_counter() - start
        self.stdout.write(
            _("Stored %(count)d recommendation(s) in %(seconds).1f s.")
            % {"count": stored, "seconds": seconds}
        )
