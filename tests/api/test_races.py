"""API tokens under simultaneous requests: the limit of active tokens per person holds."""

from collections import Counter

import pytest

from yingcai.api import services
from yingcai.api.models import ApiToken

from ..concurrency import at_once, postgresql_only
from ..factories import UserFactory


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_thirty_tokens_asked_at_once_stop_at_the_limit():
    user = UserFactory()
    for i in range(services.MAX_ACTIVE_TOKENS - 5):
        services.create_token(user, f"script {i}", "read")
    outcomes = at_once([lambda: services.create_token(user, "burst", "read") for _ in range(30)])
    limit = (
        f"You have {services.MAX_ACTIVE_TOKENS} active tokens: revoke one before making another."
    )
    assert Counter(outcomes) == {"ok": 5, limit: 25}
    assert ApiToken.objects.filter(user=user).count() == services.MAX_ACTIVE_TOKENS
