"""factory.idempotency: an Idempotency-Key runs its request once and replays the first answer, refusals
included; the same key with another body is a 422; keys belong to one factory."""

import pytest

from configurator.db import db
from configurator.errors import ShopError
from configurator.factory.idempotency import once
from configurator.models import Factory, IdempotentRequest, Order, OrderEvent
from tests.configurator.factory.test_routes import error_of, move, new_factory, released_orders


@pytest.fixture
def factories(app):
    """Two factories' ids."""
    with app.app_context():
        made = [Factory(code=code, name=f"Factory {code}") for code in ("PT-ONE", "PT-TWO")]
        db.session.add_all(made)
        db.session.commit()
        return [factory.id for factory in made]


def test_the_same_key_and_body_run_once_and_replay_the_first_answer(app, factories):
    runs = []

    def action():
        runs.append(len(runs) + 1)
        db.session.add(Factory(code=f"PT-MADE-{len(runs)}", name="Made by the action"))
        return {"run": len(runs)}, 201

    with app.app_context():
        first = once(factories[0], "key-1", "digest-a", action)
        again = once(factories[0], "key-1", "digest-a", action)
        assert first == again == ({"run": 1}, 201) and runs == [1]
        assert db.session.scalar(db.select(db.func.count()).select_from(Factory)) == 3   # committed, once
        assert once(factories[1], "key-1", "digest-a", action) == ({"run": 2}, 201)       # another factory's key


def test_a_refusal_keeps_nothing_and_is_replayed_as_the_first_answer(app, factories):
    runs = []

    def refused():
        runs.append(1)
        db.session.add(Factory(code="PT-HALF-DONE", name="Should not stay"))
        db.session.flush()
        raise ShopError("Not now.", code="ILLEGAL_TRANSITION", status=409)

    with app.app_context():
        answers = [once(factories[0], "key-2", "digest-b", refused) for _ in range(2)]
        assert answers == [({"error": {"code": "ILLEGAL_TRANSITION", "message": "Not now."}}, 409)] * 2
        assert runs == [1]
        assert db.session.scalar(db.select(Factory).where(Factory.code == "PT-HALF-DONE")) is None
        stored = db.session.scalar(db.select(IdempotentRequest).where(IdempotentRequest.key == "key-2"))
        assert (stored.status_code, stored.request_sha256) == (409, "digest-b")


def test_the_same_key_with_another_body_is_refused(app, factories):
    with app.app_context():
        once(factories[0], "key-3", "digest-c", lambda: ({"ok": True}, 200))
        with pytest.raises(ShopError) as caught:
            once(factories[0], "key-3", "digest-d", lambda: ({"ok": False}, 200))
        assert (caught.value.code, caught.value.status) == ("IDEMPOTENCY_KEY_REUSED", 422)
        assert "new key" in caught.value.message


def test_a_replayed_request_gets_the_first_answer_and_moves_once(client, app):
    token = new_factory(app, "PT-FELG")
    (order_id,) = released_orders(client, app, "PT-FELG")
    first = move(client, token, order_id, key="accept-1", to="accepted", note="OK")
    again = move(client, token, order_id, key="accept-1", to="accepted", note="OK")
    assert (first.status_code, again.status_code) == (200, 200) and first.get_json() == again.get_json()
    with app.app_context():
        accepted = db.session.scalars(db.select(OrderEvent).where(OrderEvent.to_status == "accepted")).all()
        assert len(accepted) == 1
    reused = move(client, token, order_id, key="accept-1", to="in_production")
    assert error_of(reused) == (422, "IDEMPOTENCY_KEY_REUSED")
    refused = move(client, token, order_id, key="late", to="accepted")
    assert error_of(refused) == (409, "ILLEGAL_TRANSITION")
    assert move(client, token, order_id, key="late", to="accepted").get_json() == refused.get_json()
    with app.app_context():
        assert db.session.scalar(db.select(Order)).status == "accepted"
