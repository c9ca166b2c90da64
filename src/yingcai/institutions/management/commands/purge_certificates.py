"""`yingcai purge_certificates`: delete certificates past their retention period (daily)."""

from django.utils.translation import gettext_lazy, ngettext

from yingcai.core.management.base import BaseCommand
from yingcai.institutions import services


class Command(BaseCommand):
    help = gettext_lazy(
        "Delete the certificates (and their files) of recruitment rounds whose retention "
        "period is over."
    )

    def handle(self, *args, **options):
        deleted = services.purge_certificates()
        self.stdout.write(
            ngettext(
                "Deleted %(n)d certificate past its retention period.",
                "Deleted %(n)d certificates past their retention period.",
                deleted,
            )
            % {"n": deleted}
        )
