"""Clients racing against a live server on PostgreSQL: two factories accepting one order, shoppers placing one
design at once.

Only PostgreSQL runs requests truly in parallel (SQLite serialises writers), so
that is where the compare-and-set in ``lifecycle.transition`` is put to the test.
"""

import json
import os
import threading
import urllib.error
import urllib.request

import pytest
from werkzeug.serving import make_server

from configurator.db import db
from configurator.factory.tokens import factory_by_code, issue_token
from configurator.models import Order, OrderEvent
from tests.conftest import POSTGRES_URL, SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER
from tests.configurator.factory.test_routes import new_factory, released_orders

ROUNDS = 10
pytestmark = pytest.mark.postgres


@pytest.fixture
def live_server(app, database_url):
    if not database_url.startswith("postgresql"):
        if POSTGRES_URL:
            pytest.skip("covered by the postgresql param")
        message = "the concurrency test needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://..."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def post(url, token, key, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": f"Bearer {token}", "Idempotency-Key": key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def at_once(*calls):
    """Run ``calls`` on threads released together by a barrier; their answers in order."""
    barrier, answers = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i):
        barrier.wait()
        answers[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_two_clients_accepting_at_once_one_wins(app, client, live_server):
    tokens = [new_factory(app, "PT-FELG")]
    with app.app_context():
        tokens.append(issue_token(db.session, factory_by_code(db.session, "PT-FELG")))
        db.session.commit()
    order_ids = released_orders(client, app, "PT-FELG", count=ROUNDS)
    for round_, order_id in enumerate(order_ids):
        url = f"{live_server}/api/v1/factory/orders/{order_id}/transitions"
        answers = at_once(*(lambda i=i: post(url, tokens[i], f"round-{round_}-client-{i}", {"to": "accepted"})
                            for i in range(2)))
        statuses = sorted(status for status, _ in answers)
        assert statuses == [200, 409], answers
        loser = next(body for status, body in answers if status == 409)
        assert loser["error"]["code"] in {"CONFLICT", "ILLEGAL_TRANSITION"}
    with app.app_context():
        accepted = db.session.scalars(db.select(OrderEvent).where(OrderEvent.to_status == "accepted")).all()
        assert len(accepted) == ROUNDS and len({event.order_id for event in accepted}) == ROUNDS


def test_the_same_key_sent_twice_at_once_moves_once(app, client, live_server):
    token = new_factory(app, "PT-FELG")
    order_ids = released_orders(client, app, "PT-FELG", count=ROUNDS)
    for order_id in order_ids:
        url = f"{live_server}/api/v1/factory/orders/{order_id}/transitions"
        answers = at_once(*[lambda: post(url, token, f"accept-{order_id}", {"to": "accepted"})] * 2)
        assert answers[0] == answers[1] and answers[0][0] == 200, answers
    with app.app_context():
        assert len(db.session.scalars(db.select(OrderEvent).where(OrderEvent.to_status == "accepted")).all()) == ROUNDS


def place(url, key, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Idempotency-Key": key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def measured_design(client):
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()
    assert client.put(f"/api/v1/designs/{design['id']}/measurements", json=SAMPLE_MEASUREMENTS).status_code == 202
    return design["id"]


def test_one_design_ordered_by_several_clients_at_once_is_one_order(app, client, live_server):
    for round_ in range(3):
        url = f"{live_server}/api/v1/designs/{measured_design(client)}/order"
        answers = at_once(*(lambda i=i: place(url, f"r{round_}-c{i}", CUSTOMER) for i in range(3)))
        statuses = sorted(status for status, _ in answers)
        assert statuses == [201, 409, 409], answers
        assert {body["error"]["code"] for status, body in answers if status == 409} == {"ALREADY_ORDERED"}
    with app.app_context():
        assert len(db.session.scalars(db.select(Order)).all()) == 3


def test_a_retry_racing_its_first_request_gets_the_same_order(app, client, live_server):
    for round_ in range(3):
        url = f"{live_server}/api/v1/designs/{measured_design(client)}/order"
        answers = at_once(*[lambda: place(url, f"retry-{round_}", CUSTOMER)] * 3)
        assert {status for status, _ in answers} == {201}, answers
        assert len({body["id"] for _, body in answers}) == 1
    with app.app_context():
        assert len(db.session.scalars(db.select(Order)).all()) == 3
