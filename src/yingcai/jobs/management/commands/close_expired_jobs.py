"""`yingcai close_expired_jobs`: close published job requirements past their deadline (daily)."""

from django.utils.translation import gettext_lazy, ngettext

from yingcai.core.management.base import BaseCommand
from yingcai.jobs import services


class Command(BaseCommand):
    help = gettext_lazy(
        "Close every published job requirement whose application deadline has passed."
    )

    def handle(self, *args, **options):
        closed = services.close_expired_jobs()
        self.stdout.write(
            ngettext(
                "Closed %(n)d job requirement past its deadline.",
                "Closed %(n)d job requirements past their deadline.",
                closed,
            )
            % {"n": closed}
        )
