"""core.services.require: one rule, with the words its holder can act on when only the state
forbids it — and nothing about the state for anyone else."""

from types import SimpleNamespace

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError

from yingcai.core.rules import add_state_perm, can, role_and_states
from yingcai.core.services import require, require_role

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@rules.predicate
def owns(user, obj):
    return obj.owner_id == user.pk


@rules.predicate
def is_open(user, obj):
    return obj.open


@rules.predicate
def is_fresh(user, obj):
    return obj.fresh


@rules.predicate
def is_listed(user, obj):
    return obj.listed


@pytest.fixture
def rule():
    add_state_perm(
        "tests.touch_thing",
        owns,
        (is_open, "It is closed."),
        (is_fresh, "It is stale."),
        (is_listed, None),
    )
    yield "tests.touch_thing"
    rules.remove_perm("tests.touch_thing")


def thing(owner, *, open=True, fresh=True, listed=True):
    return SimpleNamespace(owner_id=owner.pk, open=open, fresh=fresh, listed=listed)


def test_the_rule_is_the_role_and_every_state(rule):
    owner = UserFactory()
    assert can(owner, rule, thing(owner))
    for refused in ({"open": False}, {"fresh": False}, {"listed": False}):
        assert not can(owner, rule, thing(owner, **refused))
    assert not can(UserFactory(), rule, thing(owner))
    require(owner, rule, thing(owner))
    require_role(owner, rule, thing(owner, open=False))
    assert role_and_states(rule)[0] is owns


def test_the_holder_of_the_role_is_told_the_first_state_that_refuses(rule):
    owner = UserFactory()
    with pytest.raises(ValidationError, match="It is closed"):
        require(owner, rule, thing(owner, open=False, fresh=False))
    with pytest.raises(ValidationError, match="It is stale"):
        require(owner, rule, thing(owner, fresh=False))


def test_a_state_without_words_is_only_not_allowed(rule):
    owner = UserFactory()
    with pytest.raises(PermissionDenied):
        require(owner, rule, thing(owner, listed=False))


def test_anyone_else_learns_nothing_of_the_state(rule):
    owner, someone = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        require(someone, rule, thing(owner, open=False))
    with pytest.raises(PermissionDenied):
        require_role(someone, rule, thing(owner))


def test_a_plain_rule_refuses_without_words(rule):
    owner = UserFactory()
    rules.add_perm("tests.touch_plain", owns & is_open)
    try:
        with pytest.raises(PermissionDenied):
            require(owner, "tests.touch_plain", thing(owner, open=False))
    finally:
        rules.remove_perm("tests.touch_plain")
