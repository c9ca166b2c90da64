"""Decisions under simultaneous organisers and teams (PostgreSQL, 20 parallel clients, rows
counted afterwards): one set of decisions and of next-stage entries for twenty confirmations,
every mail sent once for twenty releases, one appeal for twenty clicks, no hand change landing
on a confirmed stage."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from yingcai.calls import tasks
from yingcai.calls.models import Appeal, Decision, OutboxMessage, Stage, StageEntry
from yingcai.calls.services import decisions, outbox, results
from yingcai.core.models import District
from yingcai.core.rules import STAFF_EDITOR

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import StaffFactory
from .factories import contest_call
from .scored import closed, entries, score

CLIENTS = 20
CONFIRMED = "The decisions of this stage are already confirmed."
NONE_HELD = "No held mail to release: they are already released or discarded."
APPEALED = "Your team has already appealed against this result."
LOCKED = "The decisions of this stage are confirmed and can no longer change."

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ready(transactional_db):
    put_back_reference_rows()
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    Group.objects.get_or_create(name=STAFF_EDITOR)
    with translation.override("en"):
        yield StaffFactory(roles=[STAFF_EDITOR])


def proposed_preliminary(editor, count=12, places=4):
    call = contest_call()
    stage = call.stages.get(slug="preliminary")
    stage.accept_count = places
    stage.method = "mean"
    stage.save()
    made = entries(call, count)
    score(stage, {e: [100 - 3 * i, 90 - 3 * i] for i, e in enumerate(made)})
    closed(stage)
    decisions.propose(editor, stage)
    return call, stage, made


def test_twenty_confirmations_make_one_set_of_decisions_and_advancements(ready):
    editor = ready
    editors = [editor] + [StaffFactory(roles=[STAFF_EDITOR]) for _ in range(CLIENTS - 1)]
    call, stage, _made = proposed_preliminary(editor)
    outcomes = at_once([lambda who=who: decisions.confirm(who, stage) for who in editors])
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", CONFIRMED}, outcomes
    assert Decision.objects.filter(stage=stage).count() == 12
    assert Decision.objects.filter(stage=stage, confirmed_at__isnull=False).count() == 12
    assert (
        len(set(Decision.objects.filter(stage=stage).values_list("confirmed_by", flat=True))) == 1
    )
    semi = call.stages.get(slug="semi-final")
    assert StageEntry.objects.filter(stage=semi).count() == 4
    assert OutboxMessage.objects.filter(stage=stage).count() == 12
    assert Stage.objects.get(pk=stage.pk).status == "decided"


def test_hand_changes_racing_the_confirmation_never_land_after_it(ready):
    editor = ready
    call, stage, _made = proposed_preliminary(editor)
    rows = list(Decision.objects.filter(stage=stage).order_by("rank"))
    calls = [lambda: decisions.confirm(editor, stage)]
    chosen = [rows[i % len(rows)] for i in range(CLIENTS - 1)]
    calls += [lambda d=d: decisions.change(editor, d, "reject") for d in chosen]
    outcomes = at_once(calls)
    assert outcomes[0] == "ok", outcomes
    assert set(outcomes[1:]) <= {"ok", LOCKED}, outcomes
    # What was confirmed is what is stored: every decision has its confirmation and outcome,
    # and the accepted ones — and only they — advanced.
    accepted = set(
        Decision.objects.filter(stage=stage, outcome="accept").values_list("entry_id", flat=True)
    )
    assert not Decision.objects.filter(stage=stage, confirmed_at__isnull=True).exists()
    semi = call.stages.get(slug="semi-final")
    assert set(StageEntry.objects.filter(stage=semi).values_list("entry_id", flat=True)) == accepted


def test_twenty_releases_send_every_mail_once(ready, mailoutbox):
    editor = ready
    _call, stage, _made = proposed_preliminary(editor)
    decisions.confirm(editor, stage)
    outcomes = at_once([lambda: outbox.release(editor, stage) for _ in range(CLIENTS)])
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", NONE_HELD}, outcomes
    ids = list(OutboxMessage.objects.filter(stage=stage).values_list("pk", flat=True))
    # Twenty workers running the same task at once: each mail goes out once.
    at_once([lambda: tasks.run_send_released(ids) for _ in range(CLIENTS)])
    assert len(mailoutbox) == 12
    assert OutboxMessage.objects.filter(stage=stage, status="sent").count() == 12


def test_twenty_appeals_of_one_team_make_one(ready):
    editor = ready
    _call, stage, made = proposed_preliminary(editor)
    decisions.confirm(editor, stage)
    results.publish(editor, Stage.objects.get(pk=stage.pk), 7)
    lead = made[-1].project.team.get(role="lead").user
    decision = Decision.objects.get(stage=stage, entry=made[-1])
    outcomes = at_once(
        [lambda i=i: results.lodge_appeal(lead, decision, f"grounds {i}") for i in range(CLIENTS)]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", APPEALED}, outcomes
    assert Appeal.objects.filter(stage=stage).count() == 1
