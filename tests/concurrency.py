"""Parallel clients for the PostgreSQL race tests (see "State changes and concurrency" in
docs/architecture.md): each client is a thread with its own database connection, all released
at once by a barrier, each outcome recorded as the words a person would see."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import STAFF_ROLES

# Decided at collection: on SQLite a race test must not even set up (and then flush) the
# database, and SQLite serialises writers anyway.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: the race needs PostgreSQL"
)


def at_once(calls, timeout=60) -> list[str]:
    """Run every callable of `calls` in its own thread, all starting together.

    Returns one outcome per call, in the order of `calls`: "ok", the message of a refusal
    (ValidationError, PermissionDenied), or "error: <type>: <text>" for anything else —
    which a test should never see.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        # A new thread starts in the default language (Chinese); refusals are checked in English.
        translation.activate("en")
        try:
            barrier.wait(timeout=timeout)
            call()
            outcomes[index] = "ok"
        except ValidationError as error:
            outcomes[index] = " ".join(error.messages)
        except PermissionDenied as error:
            outcomes[index] = str(error)
        # A race test reports every failure rather than lose it in a thread.
        except Exception as error:
            outcomes[index] = f"error: {type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a client is still waiting"
    return outcomes


def put_back_reference_rows() -> None:
    """Transactional tests run after others whose flush emptied the migrations' reference
    rows: put back the district and the field the factories use, and the staff roles'
    groups (the roles are asked by the groups' names)."""
    for role in STAFF_ROLES:
        Group.objects.get_or_create(name=role)
    District.objects.get_or_create(
        slug="yubei",
        defaults={"name_zh_hans": "渝北区", "name_en": "Yubei District", "kind": "district"},
    )
    DisciplineField.objects.get_or_create(
        slug="electronic-information",
        defaults={"name_zh_hans": "电子信息", "name_en": "Electronic information"},
    )
