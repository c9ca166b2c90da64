"""What every demo step shares: the preset, the context and the time line."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Every demo account has this password; it is printed by the command and
# documented in the README, so it protects nothing.
DEMO_PASSWORD = "yingcai-demo"  # noqa: S105
EMAIL_DOMAIN = "example.com"
BATCH_SIZE = 1000


@dataclass(frozen=True)
class DemoLogin:
    """A named account for trying one role; its e-mail address is its key's."""

    key: str
    role: Promise
    name: str

    @property
    def email(self) -> str:
        return f"{self.key}@{EMAIL_DOMAIN}"


# One account per role, printed at the end of a load.
LOGINS = [
    DemoLogin("admin", _("organiser administrator"), "刘洋"),
    DemoLogin("editor", _("editor"), "陈晓"),
    DemoLogin("moderator", _("moderator"), "张敏"),
    DemoLogin("verifier", _("verifier"), "赵磊"),
    DemoLogin("owner", _("enterprise owner"), "李华"),
    DemoLogin("recruiter", _("enterprise recruiter"), "周婷"),
    DemoLogin("viewer", _("enterprise viewer"), "吴昊"),
    DemoLogin("reviewer", _("public-institution reviewer (municipal institution)"), "孙悦"),
    DemoLogin("pending", _("owner of an organisation awaiting verification"), "郑凯"),
    DemoLogin("talent", _("talent"), "李雷"),
    DemoLogin("investor", _("investment institution member"), "王芳"),
    DemoLogin("expert", _("expert reviewer of the roadshow call and the Talents Cup"), "钱明"),
    DemoLogin("protocol", _("protocol staff (VIP guests)"), "马骏"),
]
NAMED = {login.key: login for login in LOGINS}


@dataclass
class Context:
    """Handed from step to step: the arguments, the random source and what exists so far."""

    seed: int
    scale: float
    anchor: date
    counts: dict[str, int]
    password_hash: str = ""
    created: dict[str, Any] = field(default_factory=dict)
    # Each step gets its own, seeded from the seed and the step's name.
    rng: random.Random = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def count(self, name: str, minimum: int = 1) -> int:
        """The preset's full-scale count of `name`, scaled."""
        return max(minimum, round(self.counts[name] * self.scale))

    def at(self, days: float, hour: int = 0, minute: int = 0) -> datetime:
        """`days` after the opening day (negative: before it) at hour:minute, local time."""
        moment = datetime.combine(self.anchor, time(hour, minute))
        moment += timedelta(seconds=round(days * 86400))
        return timezone.make_aware(moment, timezone.get_default_timezone())

    def between(self, first_day: float, last_day: float) -> datetime:
        return self.at(self.rng.uniform(first_day, last_day))

    def after(self, moment: datetime, min_hours: float, max_hours: float) -> datetime:
        """A random moment some hours after `moment`, never after the snapshot."""
        later = moment + timedelta(seconds=round(self.rng.uniform(min_hours, max_hours) * 3600))
        return min(later, self.snapshot)

    @property
    def snapshot(self) -> datetime:
        """When the data is as it stands: the second press conference, two days before opening.

        The seed's figures (12,199 talents, ...) are those of that day.
        """
        return self.at(-2, 10)


@dataclass(frozen=True)
class Step:
    """One loader: a function of the context, and the models it fills.

    A row in any of those models means the database is not empty.
    """

    name: str
    load: Callable[[Context], None]
    models: tuple[type[Model], ...] = ()


@dataclass(frozen=True)
class Preset:
    """A named demo: steps run in this order, and the full-scale counts they scale."""

    name: str
    counts: dict[str, int]
    steps: tuple[Step, ...]

    def content_models(self) -> list[type[Model]]:
        return list(dict.fromkeys(m for step in self.steps for m in step.models))
