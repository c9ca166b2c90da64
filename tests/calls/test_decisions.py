"""Decisions proposed from the ranking, changed by hand, confirmed: advancement to the next
stage, the held mails in each team's language, and the refusals (nothing saved)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingcai.calls.models import Advancement, Decision, OutboxMessage, StageEntry
from yingcai.calls.services import decisions

from ..factories import UserFactory
from .factories import EntryFactory, contest_call, roadshow_call
from .scored import closed, entries, score

pytestmark = pytest.mark.django_db


def roadshow(places=4, count=10):
    call = roadshow_call()
    stage = call.stages.get()
    stage.accept_count = places
    stage.method = "mean"
    stage.save()
    made = entries(call, count)
    score(stage, {e: [100 - 5 * i, 100 - 5 * i] for i, e in enumerate(made)})
    return closed(stage), made


def outcome_of(stage, entry):
    return Decision.objects.get(stage=stage, entry=entry)


def test_the_top_places_are_accepted_a_quarter_more_waitlisted_the_rest_rejected(editor):
    stage, _made = roadshow(places=4, count=10)
    proposed = decisions.propose(editor, stage)
    assert [d.proposed for d in proposed] == ["accept"] * 4 + ["waitlist"] + ["reject"] * 5
    assert [d.rank for d in proposed] == list(range(1, 11))
    assert not any(d.tied for d in proposed)
    assert Decision.objects.filter(stage=stage, outcome="").count() == 10


def test_proposing_again_starts_over(editor):
    stage, _made = roadshow()
    first = decisions.propose(editor, stage)
    decisions.change(editor, Decision.objects.get(pk=first[-1].pk), "accept")
    decisions.propose(editor, stage)
    assert Decision.objects.filter(stage=stage).count() == 10
    assert not Decision.objects.filter(stage=stage).exclude(outcome="").exists()


def test_confirming_writes_held_mails_in_the_leads_language_and_sends_nothing(
    editor, mailoutbox, django_capture_on_commit_callbacks
):
    stage, made = roadshow(places=2, count=4)
    english_lead = made[0].project.team.get(role="lead").user
    english_lead.language = "en"
    english_lead.save(update_fields=["language"])
    member = UserFactory(email="member@example.com")
    made[0].project.team.create(user=member, role="member")
    decisions.propose(editor, stage)
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions.confirm(editor, stage) == 4
    assert mailoutbox == []
    stage.refresh_from_db()
    assert stage.status == "decided"
    mails = {m.entry: m for m in OutboxMessage.objects.filter(stage=stage)}
    assert len(mails) == 4 and {m.status for m in mails.values()} == {"held"}
    first = mails[made[0]]
    assert first.language == "en"
    assert sorted(first.recipients) == sorted([english_lead.email, "member@example.com"])
    assert "is selected" in first.subject and str(made[0].project.title) in first.subject
    assert mails[made[1]].language == "zh-hans"
    assert "入选" in mails[made[1]].subject
    assert "候补" in mails[made[2]].subject
    assert "结果" in mails[made[3]].subject
    assert set(Decision.objects.filter(stage=stage).values_list("outcome", flat=True)) == {
        "accept",
        "waitlist",
        "reject",
    }
    assert not Decision.objects.filter(stage=stage, confirmed_at__isnull=True).exists()


def test_a_hand_change_is_what_is_confirmed(editor):
    stage, made = roadshow(places=2, count=4)
    decisions.propose(editor, stage)
    decisions.change(editor, outcome_of(stage, made[3]), "accept")
    decisions.change(editor, outcome_of(stage, made[0]), "reject")
    decisions.confirm(editor, stage)
    assert outcome_of(stage, made[3]).outcome == "accept"
    assert outcome_of(stage, made[0]).outcome == "reject"
    assert outcome_of(stage, made[1]).outcome == "accept"


def test_a_tie_at_the_cut_blocks_confirmation_until_decided_by_hand(editor, english):
    call = roadshow_call()
    stage = call.stages.get()
    stage.accept_count = 2
    stage.method = "mean"
    stage.save()
    a, b, c, d = entries(call, 4)
    score(stage, {a: [90, 90], b: [80, 80], c: [80, 80], d: [10, 10]})
    closed(stage)
    proposed = {d.entry: d for d in decisions.propose(editor, stage)}
    assert proposed[b].tied and proposed[c].tied and not proposed[a].tied
    with pytest.raises(ValidationError, match="2 tied entries at the cut are undecided"):
        decisions.confirm(editor, stage)
    stage.refresh_from_db()
    assert stage.status == "closed"
    assert not OutboxMessage.objects.exists()
    assert not Decision.objects.filter(confirmed_at__isnull=False).exists()
    decisions.change(editor, outcome_of(stage, b), "accept")
    with pytest.raises(ValidationError, match="1 tied entry at the cut is undecided"):
        decisions.confirm(editor, stage)
    decisions.change(editor, outcome_of(stage, c), "waitlist")
    decisions.confirm(editor, stage)
    assert outcome_of(stage, c).outcome == "waitlist"


def test_per_division_top_n_then_wildcards_advance_to_the_final(editor):
    call = contest_call()
    semi = call.stages.get(slug="semi-final")
    final = call.stages.get(slug="final")
    shanghai, chengdu = call.divisions.order_by("position")[:2]
    Advancement.objects.create(stage=semi, division=shanghai, top_n=1)
    Advancement.objects.create(stage=semi, division=chengdu, top_n=1)
    s1, s2, s3 = entries(call, 3, division=shanghai)
    c1, c2, c3 = entries(call, 3, division=chengdu)
    # Shanghai's second (70 against 90 and 10) stands out more than Chengdu's (50 against 60, 40).
    score(
        semi,
        {
            s1: [90, 90, 90],
            s2: [70, 70, 70],
            s3: [10, 10, 10],
            c1: [60, 60, 60],
            c2: [50, 50, 50],
            c3: [40, 40, 40],
        },
    )
    closed(semi)
    proposed = {d.entry: d for d in decisions.propose(editor, semi)}
    assert {e for e, d in proposed.items() if d.proposed == "accept"} == {s1, c1, s2}
    assert proposed[s2].wildcard and not proposed[s1].wildcard
    assert proposed[c2].proposed == "reject"
    decisions.confirm(editor, semi)
    advanced = {se.entry: se.wildcard for se in StageEntry.objects.filter(stage=final)}
    assert advanced == {s1: False, c1: False, s2: True}


def test_a_tie_at_the_wildcard_cut_is_marked(editor):
    call = contest_call()
    semi = call.stages.get(slug="semi-final")
    shanghai, chengdu = call.divisions.order_by("position")[:2]
    Advancement.objects.create(stage=semi, division=shanghai, top_n=1)
    Advancement.objects.create(stage=semi, division=chengdu, top_n=1)
    s1, s2, s3 = entries(call, 3, division=shanghai)
    c1, c2, c3 = entries(call, 3, division=chengdu)
    score(
        semi,
        {
            s1: [90, 90, 90],
            s2: [50, 50, 50],
            s3: [10, 10, 10],
            c1: [80, 80, 80],
            c2: [60, 60, 60],
            c3: [40, 40, 40],
        },
    )
    closed(semi)
    proposed = {d.entry: d for d in decisions.propose(editor, semi)}
    # Both seconds lie at z = 0 in their division: one wildcard, two candidates.
    assert proposed[s2].tied and proposed[c2].tied
    assert not proposed[s1].tied


def test_refusals_save_nothing(editor, talent, english):
    stage, made = roadshow()
    scoring = roadshow_call().stages.get()
    with pytest.raises(ValidationError, match="once the scoring of the stage is closed"):
        decisions.propose(editor, scoring)
    with pytest.raises(PermissionDenied):
        decisions.propose(talent, stage)
    decisions.propose(editor, stage)
    with pytest.raises(PermissionDenied):
        decisions.confirm(talent, stage)
    with pytest.raises(ValidationError, match="Choose accept"):
        decisions.change(editor, outcome_of(stage, made[0]), "maybe")
    stale = outcome_of(stage, made[0])
    decisions.confirm(editor, stage)
    with pytest.raises(ValidationError, match="already confirmed"):
        decisions.confirm(editor, stage)
    with pytest.raises(ValidationError, match="confirmed and can no longer change"):
        decisions.change(editor, stale, "reject")
    assert OutboxMessage.objects.count() == 10
    assert outcome_of(stage, made[0]).outcome == "accept"


def test_an_overall_stage_needs_its_places(editor, english):
    call = roadshow_call()
    stage = call.stages.get()
    stage.accept_count = None
    stage.save()
    score(stage, {EntryFactory(call=call): [50]})
    closed(stage)
    with pytest.raises(ValidationError, match="how many places"):
        decisions.propose(editor, stage)
    semi = contest_call().stages.get(slug="semi-final")
    closed(semi)
    with pytest.raises(ValidationError, match="how many of each division"):
        decisions.propose(editor, semi)
    assert not Decision.objects.exists()


def test_ties_decided_by_the_order_rule_only_when_asked(editor):
    call = roadshow_call()
    stage = call.stages.get()
    stage.accept_count = 1
    stage.method = "mean"
    stage.save()
    a, b, c = entries(call, 3)
    score(stage, {a: [80], b: [80], c: [10]})
    closed(stage)
    decisions.propose(editor, stage)
    assert decisions.undecided_ties(stage) == 2
    assert decisions.decide_ties_by_order_rule(editor, stage) == 2
    assert decisions.undecided_ties(stage) == 0
    decisions.confirm(editor, stage)
    outcomes = sorted(Decision.objects.filter(stage=stage).values_list("outcome", flat=True))
    assert outcomes == ["accept", "reject", "waitlist"]
