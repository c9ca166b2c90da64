"""Accounts: organiser staff, talents, and the helper every step uses to add people."""

import random
from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from yingcai.accounts.models import User
from yingcai.core.rules import (
    STAFF_ADMIN,
    STAFF_EDITOR,
    STAFF_MODERATOR,
    STAFF_PROTOCOL,
    STAFF_VERIFIER,
)
from yingcai.privacy.models import Acceptance, LegalDocument
from yingcai.privacy.services import SIGNUP_KINDS

from . import words
from .base import BATCH_SIZE, EMAIL_DOMAIN, NAMED, Context

# Which named log-in stands for which staff role.
STAFF_LOGINS = {
    STAFF_ADMIN: "admin",
    STAFF_EDITOR: "editor",
    STAFF_MODERATOR: "moderator",
    STAFF_VERIFIER: "verifier",
    STAFF_PROTOCOL: "protocol",
}


def chinese_name(rng: random.Random) -> tuple[str, str]:
    """A Chinese name and its pinyin (张伟, zhangwei); common surnames come up more often."""
    surname = rng.choices(words.SURNAMES, cum_weights=_SURNAME_WEIGHTS)[0]
    given = rng.sample(words.GIVEN_NAME_CHARACTERS, 2 if rng.random() < 0.7 else 1)
    return (
        surname[0] + "".join(c for c, _p in given),
        surname[1] + "".join(p for _c, p in given),
    )


_SURNAME_WEIGHTS = [
    sum(1 / (rank + 3) for rank in range(n + 1)) for n in range(len(words.SURNAMES))
]


def foreign_name(rng: random.Random) -> tuple[str, str]:
    given = rng.choice(words.FOREIGN_GIVEN_NAMES)
    family = rng.choice(words.FOREIGN_FAMILY_NAMES)
    return f"{given} {family}", f"{words.ascii_slug(given)}.{words.ascii_slug(family)}"


def new_user(
    ctx: Context,
    *,
    email: str,
    name: str,
    joined: datetime,
    language: str = "zh-hans",
    is_staff: bool = False,
) -> User:
    return User(
        email=email.lower(),
        name=name,
        language=language,
        is_staff=is_staff,
        date_joined=joined,
        password=ctx.password_hash,
    )


def person(ctx: Context, serial: str, joined: datetime, named: str | None = None) -> User:
    """A person with a Chinese name, or the named demo log-in `named`."""
    if named:
        login = NAMED[named]
        return new_user(ctx, email=login.email, name=login.name, joined=joined)
    name, pinyin = chinese_name(ctx.rng)
    return new_user(ctx, email=f"{pinyin}.{serial}@{EMAIL_DOMAIN}", name=name, joined=joined)


def save_users(users: list[User]) -> list[User]:
    """Insert people as if they had signed up: verified e-mail, legal texts accepted."""
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=BATCH_SIZE,
    )
    # Without an acceptance every demo log-in would be asked to accept the texts first.
    documents = _current_signup_documents()
    Acceptance.objects.bulk_create(
        [
            Acceptance(user=u, document=doc, accepted_at=u.date_joined)
            for u in users
            for doc in documents
        ],
        batch_size=BATCH_SIZE,
    )
    return users


def _current_signup_documents() -> list[LegalDocument]:
    # Not privacy.services.current_documents(): its cache may predate a --reset.
    newest: dict[str, LegalDocument] = {}
    published = LegalDocument.objects.filter(published_at__isnull=False, kind__in=SIGNUP_KINDS)
    for doc in published.order_by("kind", "-version"):
        newest.setdefault(doc.kind, doc)
    return list(newest.values())


def load_staff(ctx: Context) -> None:
    """The organisers' staff: a few people per role, the first of each a named log-in."""
    groups = {g.name: g for g in Group.objects.filter(name__in=STAFF_LOGINS)}
    staff: dict[str, list[User]] = {}
    for r, (role, key) in enumerate(STAFF_LOGINS.items()):
        staff[role] = [
            person(ctx, f"s{r}{i:02d}", ctx.between(-240, -180), key if i == 0 else None)
            for i in range(ctx.count(f"staff_{key}"))
        ]
        for user in staff[role]:
            user.is_staff = True
    save_users([u for members in staff.values() for u in members])
    through = User.groups.through
    through.objects.bulk_create(
        [
            through(user_id=user.pk, group_id=groups[role].pk)
            for role, members in staff.items()
            for user in members
        ]
    )
    ctx.created["staff"] = staff


def load_talents(ctx: Context) -> None:
    """Domestic and overseas talents; their profiles come with a later step."""
    rng = ctx.rng
    talents: list[User] = []
    overseas: set[str] = set()
    for i in range(ctx.count("talents")):
        # Registrations grow towards the opening day.
        joined = ctx.at(-rng.triangular(2, 100, 2))
        if i == 0:
            talents.append(person(ctx, "", joined, "talent"))
            continue
        origin = rng.random()
        if origin < 0.86:
            name, slug = chinese_name(rng)
            language = "zh-hans" if rng.random() < 0.96 else "en"
        elif origin < 0.94:  # Chinese talents abroad, coming back
            name, slug = chinese_name(rng)
            language = "zh-hans" if rng.random() < 0.7 else "en"
        else:
            name, slug = foreign_name(rng)
            language = "en" if rng.random() < 0.9 else "zh-hans"
        email = f"{slug}.t{i:05d}@{EMAIL_DOMAIN}"
        talents.append(new_user(ctx, email=email, name=name, joined=joined, language=language))
        if origin >= 0.86:
            overseas.add(email)
    save_users(talents)
    ctx.created["talents"] = talents
    ctx.created["overseas_talents"] = overseas
