"""schemathesis holds the API to its live OpenAPI schema: every operation, the default checks, zero failures.

The schema is read from the running app (/api/v1/schema/, in-process through WSGI) on a small seeded newsroom and
documents register, with a bounded number of examples per operation so the suite stays quick.
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.api_world import build_api_world, build_register_world

EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "30"))


@pytest.fixture
def api_schema(db, settings):
    # One client address sends every request: the rate limit would answer most of them with 429.
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    # Sections, article types and a documents register (with unpublished documents) too: every operation has data.
    build_register_world(build_api_world())
    # As Django's test client does: a request must not close the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_passes_schemathesis_default_checks(case):
    case.call_and_validate()
