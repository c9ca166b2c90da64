"""The personal data each module holds, declared by the module that holds it (PIPL Art. 45, 47).

A module registers one `Provider` in its own `personal_data.py` (found at start-up, as the
figures are): the models it answers for, how it exports a person's rows and how it erases
them. Nothing here knows any module's tables, so a new module that forgets to register is
caught by the coverage test (every model with a foreign key to a person must be covered),
not by a regulator.

Erasure runs in three passes, all in one transaction:

1. every provider's `check` may refuse (the only owner of an organisation must hand it over
   first) before anything is changed;
2. the audit trail is told which rows were about the person (`records`) while they still
   exist, since some are deleted next;
3. the erasers run in ascending `order`: the rows that depend on others first (messages,
   applications, certificates …), the account itself last (`ORDER_ACCOUNT`), so that a
   provider can still find the person's rows through the account and the profile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from yingcai.core import audit

# Erasure order: smaller runs first. Named steps so that the order is read, not guessed.
ORDER_CONTENT = 10  # what the person wrote or sent elsewhere (留言, reports, tokens)
ORDER_RECRUITMENT = 20  # applications and what hangs on them
ORDER_CONSENT = 30  # consents and acceptances: withdrawn, then forgotten
ORDER_MEMBERSHIP = 40  # organisations the person belongs to
ORDER_PROFILE = 50  # the talent profile and its CVs
ORDER_ACCOUNT = 90  # the account row: anonymised last, it is what the others are found by


@dataclass(frozen=True)
class Provider:
    """What one module holds about a person.

    `models` are the labels ("app_label.ModelName") of every model the module answers for:
    the rows it exports or erases, and also those it deliberately keeps as they are (a
    reference to who did something points at the anonymised account afterwards); `keeps`
    says why, for the reader of the code. `export(user)` returns sections of plain data
    (`{section: data}`); `erase(user)` removes or anonymises. `records(user)` yields
    querysets of the rows about the person, whose audit entries must stop naming them.
    `people` are the labels of the module's models that stand for a person (the talent
    profile): a relation to one of them, like one to the account, is personal data.
    """

    key: str
    models: tuple[str, ...]
    export: Callable[[Model], dict]
    erase: Callable[[Model], None]
    order: int
    check: Callable[[Model], None] | None = None
    records: Callable[[Model], Iterable[QuerySet]] | None = None
    keeps: str = ""
    people: tuple[str, ...] = ()


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    if provider.key in _providers:
        raise ValueError(f"The personal-data provider {provider.key!r} is registered twice.")
    _providers[provider.key] = provider
    return provider


def providers() -> list[Provider]:
    """In erasure order (the order numbers, then the key, so that it never depends on
    which app happened to be imported first)."""
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def covered_models() -> dict[str, str]:
    """Model label -> the provider that answers for it."""
    covered = {}
    for provider in providers():
        for label in provider.models:
            covered[label] = provider.key
    return covered


def export(user) -> dict:
    """Everything Yingcai holds about the person, as JSON-ready data, one section per topic."""
    data = {"exported_at": timezone.now().isoformat()}
    for provider in sorted(_providers.values(), key=lambda p: p.key):
        for section, value in provider.export(user).items():
            if section in data:
                raise ValueError(f"The export section {section!r} is given twice.")
            data[section] = value
    return data


@transaction.atomic
def erase(user) -> None:
    """Erase the person everywhere: refused as a whole, or done as a whole."""
    ordered = providers()
    for provider in ordered:
        if provider.check is not None:
            provider.check(user)
    about = []
    for provider in ordered:
        if provider.records is not None:
            about.extend(provider.records(user))
    # Collected before the erasers run: some of these rows are deleted by them.
    targets = audit.targets(about)
    identifiers = audit.identifiers_of(user)
    for provider in ordered:
        provider.erase(user)
    audit.forget(targets, identifiers, actor=user)
    audit.record(None, "account.erased", None, user_id=user.pk)


def uncovered(covered: dict[str, str] | None = None) -> list[str]:
    """ "app.Model.field" of every relation to a person (the account or a model a provider
    declares as standing for one) on a model no provider answers for: what a new module
    forgot to register."""
    covered = covered_models() if covered is None else covered
    people = {get_user_model()}
    people |= {apps.get_model(label) for p in _providers.values() for label in p.people}
    missing = []
    for model in apps.get_models():
        if model._meta.label in covered:
            continue
        for f in model._meta.get_fields():
            if f.is_relation and not f.auto_created and f.related_model in people:
                missing.append(f"{model._meta.label}.{f.name}")
    return missing
