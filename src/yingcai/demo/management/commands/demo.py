import math
import sys
import time
import unicodedata
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.accounts.models import User
from yingcai.conference.models import Venue
from yingcai.core.management.base import BaseCommand, CommandError
from yingcai.demo import loader
from yingcai.demo.base import DEMO_PASSWORD
from yingcai.demo.presets import PRESETS
from yingcai.institutions import stats as recruitment_stats
from yingcai.jobs.models import Application, Job
from yingcai.organisations.models import Membership, Organisation
from yingcai.portal.models import Message, NewsItem, Report
from yingcai.talents.models import TalentProfile

MAX_SCALE = 10
# Counted in the summary a load prints.
SUMMARY_MODELS = (
    User,
    Organisation,
    Membership,
    Venue,
    NewsItem,
    Message,
    Report,
    TalentProfile,
    Job,
    Application,
)


class Command(BaseCommand):
    help = gettext_lazy(
        "Fill an empty database with bilingual demo data: organisations, accounts for each "
        "role, the conference and its news. The same seed, scale and opening day give the "
        "same data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--preset",
            default="chongqing2020",
            help=gettext_lazy("Which demo to load (default: chongqing2020)."),
        )
        parser.add_argument(
            "--scale",
            default="1",
            help=gettext_lazy(
                "1 is the real conference's size; 0.01 loads a hundredth of it (default: 1)."
            ),
        )
        parser.add_argument(
            "--seed", default="1", help=gettext_lazy("Seed of the random choices (default: 1).")
        )
        parser.add_argument(
            "--anchor",
            help=gettext_lazy(
                "Opening day of the conference, YYYY-MM-DD; every date is placed relative to "
                "it (default: tomorrow). 2020-11-21 replays the real dates."
            ),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=gettext_lazy(
                "First delete everything but the reference data loaded by migrations."
            ),
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help=gettext_lazy("With --reset: delete without asking first."),
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=gettext_lazy(
                "With --reset: allow it on a production set-up (HTTPS on, DEBUG off)."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=gettext_lazy(
                "If the database already holds data, load nothing and exit without an error."
            ),
        )

    def handle(self, *args, **options):
        preset = PRESETS.get(options["preset"])
        if preset is None:
            raise CommandError(
                _("Unknown preset “%(name)s”. Known presets: %(known)s.")
                % {"name": options["preset"], "known": ", ".join(PRESETS)}
            )
        scale = _scale(options["scale"])
        seed = _seed(options["seed"])
        anchor = _anchor(options["anchor"])
        if options["reset"] and options["if_empty"]:
            raise CommandError(_("Use either --reset or --if-empty, not both."))

        if options["reset"]:
            self._confirm_reset(options)

        if not options["reset"] and loader.has_content(preset):
            if options["if_empty"]:
                self.stdout.write(_("The database already holds data: nothing was loaded."))
                self._print_logins(loader.existing_logins())
                return
            raise CommandError(
                _(
                    "The database already holds data (accounts, organisations, news or "
                    "messages), so the demo was not loaded. Use --reset to delete that data "
                    "and load the demo, or --if-empty to leave it as it is."
                )
            )

        started = time.monotonic()
        loader.load(preset, seed=seed, scale=scale, anchor=anchor, reset=options["reset"])
        seconds = time.monotonic() - started

        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Loaded the demo “%(preset)s” (scale %(scale)s, seed %(seed)s, opening day "
                    "%(anchor)s) in %(seconds).1f s."
                )
                % {
                    "preset": preset.name,
                    "scale": f"{scale:g}",
                    "seed": seed,
                    "anchor": anchor.isoformat(),
                    "seconds": seconds,
                }
            )
        )
        for model in SUMMARY_MODELS:
            name = str(model._meta.verbose_name_plural)
            self.stdout.write(f"  {name}: {model.objects.count():,}")
        figures = recruitment_stats.summary()
        if figures["total"]:
            self.stdout.write(
                "  "
                + _(
                    "applications to public institutions: municipal %(municipal)s (doctors "
                    "%(doctors)s, %(share)s%%), district/county %(district)s"
                )
                % {
                    "municipal": f"{figures['municipal']:,}",
                    "doctors": f"{figures['municipal_doctors']:,}",
                    "share": figures["municipal_doctor_share"],
                    "district": f"{figures['district']:,}",
                }
            )
        self._print_logins(loader.existing_logins())

    def _confirm_reset(self, options):
        """--reset deletes every account, organisation and application: never by accident on
        a production set-up, never without a yes. A demo (HTTPS=0, as `make demo` runs it,
        or DEBUG) is not production."""
        if settings.HTTPS and not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                _(
                    "This looks like a production set-up (HTTPS on, DEBUG off): --reset would "
                    "delete every account and all their data. Add --allow-production if you "
                    "really mean it."
                )
            )
        if options["yes"]:
            return
        question = _(
            "--reset deletes every account, organisation, job, application and message in "
            "this database. Type “yes” to continue: "
        )
        if not sys.stdin.isatty():
            raise CommandError(
                _("--reset deletes all data and nobody can confirm it here: add --yes.")
            )
        if input(question).strip().lower() not in ("yes", _("yes")):
            raise CommandError(_("Nothing was deleted."))

    def _print_logins(self, logins):
        if not logins:
            self.stdout.write(_("No demo log-ins exist in this database."))
            return
        self.stdout.write(
            _("Demo log-ins (password for all: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        roles = [str(login.role) for login in logins]
        width = max(map(_display_width, roles))
        for role, login in zip(roles, logins, strict=True):
            padding = " " * (width - _display_width(role))
            self.stdout.write(f"  {role}{padding}  {login.email}")


def _display_width(text: str) -> int:
    # A Chinese character takes two columns of a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _scale(value: str) -> float:
    try:
        scale = float(value)
    except ValueError:
        scale = math.nan
    if not (math.isfinite(scale) and 0 < scale <= MAX_SCALE):
        raise CommandError(
            _(
                "--scale must be a number above 0 and at most %(max)s, such as 1 or 0.1; "
                "got “%(value)s”."
            )
            % {"max": MAX_SCALE, "value": value}
        )
    return scale


def _seed(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CommandError(
            _("--seed must be a whole number, such as 1; got “%(value)s”.") % {"value": value}
        ) from None


def _anchor(value: str | None) -> date:
    if value is None:
        # Tomorrow: the countdown runs, and the data stands as at the second press
        # conference (two days before opening), which is then already published.
        return timezone.localdate() + timedelta(days=1)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--anchor must be a date written YYYY-MM-DD, such as 2020-11-21; got “%(value)s”.")
            % {"value": value}
        ) from None
