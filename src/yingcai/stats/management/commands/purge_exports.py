"""`yingcai purge_exports [--days N]`: delete exports of the figures older than N days (daily)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from yingcai.core.management.base import BaseCommand, CommandError
from yingcai.stats import services


class Command(BaseCommand):
    help = gettext_lazy("Delete the exports of the figures (and their files) older than some days.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            default=str(services.EXPORT_KEPT_DAYS),
            help=gettext_lazy("Keep the exports of the last DAYS days (default 7)."),
        )

    def handle(self, *args, **options):
        try:
            days = int(options["days"])
        except ValueError:
            days = -1
        if days < 0:
            raise CommandError(
                _("--days: give a whole number of days, 0 or more, not “%(value)s”.")
                % {"value": options["days"]}
            )
        deleted = services.purge_exports(days=days)
        self.stdout.write(
            ngettext(
                "Deleted %(n)d export older than %(days)d days.",
                "Deleted %(n)d exports older than %(days)d days.",
                deleted,
            )
            % {"n": deleted, "days": days}
        )
