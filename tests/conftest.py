import pytest
from django.core.cache import cache
from django.utils import translation

from yingcai.accounts import sms
from yingcai.core.rules import (
    STAFF_ADMIN,
    STAFF_EDITOR,
    STAFF_MODERATOR,
    STAFF_PROTOCOL,
    STAFF_VERIFIER,
)

from .factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_state():
    # Rate-limit counters and cached settings live in the cache; SMS in a list. A request of
    # the test client leaves its page's language active in the thread: every test starts in
    # the site's default language, whatever ran before it.
    cache.clear()
    sms.outbox.clear()
    translation.deactivate()
    yield
    cache.clear()
    translation.deactivate()


@pytest.fixture
def talent(db):
    return UserFactory(name="李雷", email="talent@example.com")


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory()


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role="owner").user


@pytest.fixture
def recruiter(organisation):
    return MembershipFactory(organisation=organisation, role="recruiter").user


@pytest.fixture
def viewer(organisation):
    return MembershipFactory(organisation=organisation, role="viewer").user


@pytest.fixture
def outsider(other_organisation):
    """The owner of another organisation."""
    return MembershipFactory(organisation=other_organisation, role="owner").user


@pytest.fixture
def staff_admin(db):
    return StaffFactory(roles=[STAFF_ADMIN])


@pytest.fixture
def editor(db):
    return StaffFactory(roles=[STAFF_EDITOR])


@pytest.fixture
def moderator(db):
    return StaffFactory(roles=[STAFF_MODERATOR])


@pytest.fixture
def verifier(db):
    return StaffFactory(roles=[STAFF_VERIFIER])


@pytest.fixture
def protocol(db):
    return StaffFactory(roles=[STAFF_PROTOCOL])


@pytest.fixture
def plain_staff(db):
    """Organiser staff without any role yet."""
    return StaffFactory()


@pytest.fixture
def english():
    """For a test that reads messages, addresses or command output in English."""
    with translation.override("en"):
        yield
