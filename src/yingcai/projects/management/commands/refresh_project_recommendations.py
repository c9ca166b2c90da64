"""`yingcai refresh_project_recommendations`: recompute every stored project ⇄ demand list.

Run it nightly beside `refresh_recommendations --all`: a verified project or a published
demand refreshes its own lists at once (through the task queue), but the words' weights the
engine learns from all texts drift as projects and demands arrive.
"""

import time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.core.management.base import BaseCommand, CommandError
from yingcai.projects.recommendations import refresh


class Command(BaseCommand):
    help = gettext_lazy(
        "Recompute the stored recommendations between listed projects and published demands."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help=gettext_lazy("Processes/threads the engine may use (default: 1)."),
        )

    def handle(self, *args, **options):
        if not 1 <= options["workers"] <= 64:
            raise CommandError(_("--workers must be a whole number from 1 to 64."))
        started = time.perf_counter()
        rows = refresh(workers=options["workers"])
        self.stdout.write(
            _("%(rows)d recommendations stored in %(seconds).1f s.")
            % {"rows": rows, "seconds": time.perf_counter() - started}
        )
