"""Fixtures of the recruitment tests: here `organisation` (and `other_organisation`) are public
institutions, so the shared owner / recruiter / viewer / outsider fixtures are their members."""

import pytest

from yingcai.core.rules import STAFF_RECRUITMENT

from ..factories import StaffFactory
from .factories import RoundFactory, institution


@pytest.fixture
def organisation(db):
    return institution()


@pytest.fixture
def other_organisation(db):
    return institution(level="district")


@pytest.fixture
def recruitment_staff(db):
    return StaffFactory(roles=[STAFF_RECRUITMENT])


@pytest.fixture
def round_(db):
    return RoundFactory()
