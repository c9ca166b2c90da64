"""Stages added and moved at once keep their positions unique and numbered 1…n
(PostgreSQL, 20 parallel clients under the call's lock, rows counted afterwards)."""

import pytest
from django.utils import translation

from yingcai.calls.models import Stage
from yingcai.calls.services import stages as services
from yingcai.core.rules import STAFF_EDITOR

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import StaffFactory
from .factories import CallFactory

CLIENTS = 20


@pytest.fixture
def ready(transactional_db):
    put_back_reference_rows()
    with translation.override("en"):
        yield


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_organisers_adding_stages_at_once_number_them_one_to_twenty(ready):
    call = CallFactory(kind="contest")
    editors = [StaffFactory(roles=[STAFF_EDITOR]) for _ in range(CLIENTS)]

    def add(n, editor):
        stage = Stage(name_en=f"Round {n}", slug=f"round-{n}", kind="review", accept_count=5)
        # Half of them ask to go first, the others last.
        services.save_stage(editor, call, stage, position=1 if n % 2 else None)

    outcomes = at_once([lambda n=n, e=e: add(n, e) for n, e in enumerate(editors)])
    assert outcomes == ["ok"] * CLIENTS, outcomes
    positions = sorted(Stage.objects.filter(call=call).values_list("position", flat=True))
    assert positions == list(range(1, CLIENTS + 1))
    # One more is refused: at most 20 stages a call.
    outcomes = at_once(
        [
            lambda e=e: services.save_stage(
                e, call, Stage(name_en="More", slug=f"more-{e.pk}", kind="panel", accept_count=1)
            )
            for e in editors[:3]
        ]
    )
    assert set(outcomes) == {"At most 20 stages per call."}, outcomes
    assert Stage.objects.filter(call=call).count() == CLIENTS
