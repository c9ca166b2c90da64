"""core.services.require: one rule, with the words its holder can act on when only the state
forbids it — and nothing about the state for anyone else."""

from types import SimpleNamespace

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError

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


STATES = [(is_open, "It is closed."), (is_fresh, "It is stale.")]


@pytest.fixture
def rule():
    rules.add_perm("tests.touch_thing", owns & is_open & is_fresh)
    yield "tests.touch_thing"
    rules.remove_perm("tests.touch_thing")


def thing(owner, *, open=True, fresh=True):
    return SimpleNamespace(owner_id=owner.pk, open=open, fresh=fresh)


def test_the_rule_allows(rule):
    owner = UserFactory()
    require(owner, rule, thing(owner), role=owns, states=STATES)
    require_role(owner, owns, thing(owner, open=False))


def test_the_holder_of_the_role_is_told_the_first_state_that_refuses(rule):
    owner = UserFactory()
    with pytest.raises(ValidationError, match="It is closed"):
        require(owner, rule, thing(owner, open=False, fresh=False), role=owns, states=STATES)
    with pytest.raises(ValidationError, match="It is stale"):
        require(owner, rule, thing(owner, fresh=False), role=owns, states=STATES)


def test_anyone_else_learns_nothing_of_the_state(rule):
    owner, someone = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        require(someone, rule, thing(owner, open=False), role=owns, states=STATES)
    with pytest.raises(PermissionDenied):
        require_role(someone, owns, thing(owner))


def test_a_refusal_no_state_explains_is_not_allowed(rule):
    owner = UserFactory()
    # The role meanwhile lost in another way (here: a part of the rule beyond role and states).
    rules.add_perm("tests.touch_never", owns & is_open & rules.always_deny)
    try:
        with pytest.raises(PermissionDenied):
            require(owner, "tests.touch_never", thing(owner), role=owns, states=STATES)
    finally:
        rules.remove_perm("tests.touch_never")
    # Without role and states: a plain rule.
    with pytest.raises(PermissionDenied):
        require(owner, rule, thing(owner, open=False))
