"""`yingcai stats [--json] [--at DATETIME]`: every registered figure, now or at a moment."""

import orjson
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from yingcai.core.management.base import BaseCommand, CommandError
from yingcai.core.registry import figures as registry
from yingcai.stats.moments import parse_moment

TOP = 5


class Command(BaseCommand):
    # A read-only report: the system checks would import every view (and openpyxl, ninja …)
    # for nothing; `yingcai check` runs them.
    requires_system_checks = []
    help = gettext_lazy(
        "Print every figure of the conference with its breakdowns, now or as it stood at a moment."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            help=gettext_lazy("Write the figures as JSON (the format of the public API)."),
        )
        parser.add_argument(
            "--at",
            metavar="DATETIME",
            help=gettext_lazy(
                "The figures as they stood at this moment: 2020-11-21 (the end of that day) "
                "or 2020-11-21T10:00, in the site's time zone."
            ),
        )

    def handle(self, *args, **options):
        at = None
        if options["at"] is not None:
            try:
                at = parse_moment(options["at"])
            except ValueError:
                raise CommandError(
                    _("--at: “%(value)s” is not a date (2020-11-21) or a date and time.")
                    % {"value": options["at"]}
                ) from None
        figures = registry.compute(at=at) if at else registry.current()
        if options["json"]:
            self.stdout.write(orjson.dumps(figures, option=orjson.OPT_INDENT_2).decode())
            return
        language = "zh-hans" if get_language().lower().startswith("zh") else "en"
        moment = timezone.localtime(at or timezone.now())
        self.stdout.write(_("Figures at %(moment)s") % {"moment": f"{moment:%Y-%m-%d %H:%M}"})
        for key, figure in figures.items():
            self.stdout.write(f"  {figure['label'][language]} ({key}): {figure['value']:,}")
            for dimension_key, buckets in figure["breakdowns"].items():
                if not buckets or dimension_key == "day":
                    continue
                labels = registry.bucket_labels(dimension_key)
                top = list(buckets.items())[:TOP]
                shown = ", ".join(f"{labels.get(b, b)} {n:,}" for b, n in top)
                more = " …" if len(buckets) > TOP else ""
                name = registry.dimension(dimension_key).label
                self.stdout.write(f"      {name}: {shown}{more}")
