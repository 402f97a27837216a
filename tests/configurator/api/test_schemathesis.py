"""Schemathesis against the live app (in-process WSGI) on each database: every operation of /api/v1/openapi.json
with generated requests, checked for server errors and for answers that break the published document.

Bounded: ``EXAMPLES`` requests per operation, derandomized, so ``make test`` stays quick and repeatable; the
generated values still roam widely (strings with any character, huge and negative numbers, missing fields).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                 status_code_conformance)

from tests.configurator.factory.test_routes import bearer, new_factory, released_orders

EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

@pytest.fixture
def live(app):
    """Real ids to aim at, so generated requests reach past the 404: a design, an order, a factory's token."""
    client = app.test_client()
    token = new_factory(app, "PT-FUZZ")
    order_id = released_orders(client, app, "PT-FUZZ")[0]
    design_id = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    return {"design_id": design_id, "order_id": order_id, "token": token}


def test_the_api_answers_every_generated_request_as_documented(app, live):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    sent, statuses = {}, set()
    for result in schema.get_all_operations():
        operation = result.ok()
        sent[operation.label] = 0

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            for name in ("design_id", "order_id"):
                if name in (case.path_parameters or {}):
                    case.path_parameters[name] = live[name]
            response = case.call_and_validate(headers=bearer(live["token"]), checks=CHECKS)
            sent[operation.label] += 1
            statuses.add(response.status_code)

        call()
    assert len(sent) == 14 and all(sent.values()), sent          # every documented operation was exercised
    assert {200, 400, 404, 409, 422} <= statuses, statuses           # the requests reached past the edge, too
    print(f"schemathesis: {sum(sent.values())} requests over {len(sent)} operations, statuses {sorted(statuses)}, "
          "0 failures")
