"""`yingcai send_guest_reminders`: mail the guests who arrive within 48 hours (hourly)."""

from django.utils.translation import gettext_lazy, ngettext

from yingcai.core.management.base import BaseCommand
from yingcai.guests.services import guests as services


class Command(BaseCommand):
    help = gettext_lazy(
        "Remind the guests attending on site whose arrival is within 48 hours (once each)."
    )

    def handle(self, *args, **options):
        sent = services.send_reminders()
        self.stdout.write(
            ngettext(
                "Reminded %(n)d guest before arrival.",
                "Reminded %(n)d guests before arrival.",
                sent,
            )
            % {"n": sent}
        )
