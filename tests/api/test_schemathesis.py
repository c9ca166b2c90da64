"""No endpoint answers 500, whatever it is sent: schemathesis over the OpenAPI document.

Requests are generated from /api/openapi.json (valid ones and, for each parameter, invalid
ones) and sent in-process to the Django application, with a read-and-write token of an
organisation's owner who also applied somewhere, so the private endpoints are reached too.
Bounded to MAX_EXAMPLES per endpoint to keep the run short.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from yingcai.api import services as tokens
from yingcai.api.api import api
from yingcai.jobs import services as jobs

from ..factories import JobFactory, MembershipFactory, NewsItemFactory, ProfileFactory

# Examples per endpoint: valid requests, and requests with one part wrong.
MAX_EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 15}


@pytest.fixture
def api_data(db, settings):
    # The generated requests come from one address in a few seconds.
    settings.API_RATE_PER_IP = None
    settings.API_RATE_PER_TOKEN = None
    owner = MembershipFactory(role="owner").user
    organisation = owner.memberships.get().organisation
    job = JobFactory(organisation=organisation)
    ProfileFactory(user=owner)
    talent = ProfileFactory().user
    jobs.give_consent(talent, organisation)
    jobs.apply(talent, job)
    jobs.give_consent(owner, organisation)
    jobs.apply(owner, job)
    NewsItemFactory(slug="opening")
    _token, secret = tokens.create_token(owner, "schemathesis", "read-write")
    return secret


def _operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema(path_prefix="/api/")["paths"]
    return [(method.upper(), path) for path, methods in paths.items() for method in methods]


@pytest.fixture
def api_schema(api_data):
    # As Django's test client does: a request must not close the test's connection (and with
    # it the transaction every test runs in).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("method", "path"), _operations())
def test_no_endpoint_answers_500(api_schema, api_data, method, path, mode):
    operation = api_schema[path][method]
    calls = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES[mode],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case):
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {api_data}"}, checks=[not_a_server_error]
        )
        calls.append(response.status_code)

    try:
        run()
    except Unsatisfiable:
        # Nothing of this operation can be sent wrong (no parameter, or free text only).
        assert mode == GenerationMode.NEGATIVE
    else:
        assert calls and all(status < 500 for status in calls)
        if mode == GenerationMode.POSITIVE:
            assert 401 not in calls  # the token opened every endpoint
