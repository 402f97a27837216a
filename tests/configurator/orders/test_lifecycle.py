import pytest

from configurator.db import db
from configurator.errors import ShopError
from configurator.orders.lifecycle import TRANSITIONS, transition
from configurator.models import Order
from tests.configurator.conftest import place_order_via_api


def the_order(app):
    return db.session.scalar(db.select(Order))


def test_placing_records_the_shopper_and_the_system_move_to_review(client, app):
    place_order_via_api(client)
    with app.app_context():
        order = the_order(app)
        assert [(e.from_status, e.to_status, e.actor) for e in order.events] == [
            (None, "placed", "shopper"), ("placed", "in_fit_review", "system")]


@pytest.mark.parametrize("to_status, actor", [("shipped", "factory"), ("released", "shopper"),
                                              ("accepted", "fitter"), ("delivered", "factory")])
def test_illegal_moves_are_refused_with_409(client, app, to_status, actor):
    place_order_via_api(client)
    with app.app_context():
        with pytest.raises(ShopError) as caught:
            transition(db.session, the_order(app), to_status, actor=actor)
        assert (caught.value.code, caught.value.status) == ("ILLEGAL_TRANSITION", 409)
        assert the_order(app).status == "in_fit_review"


def test_the_full_life_with_a_refit(client, app):
    place_order_via_api(client)
    steps = [("released", "fitter"), ("accepted", "factory"), ("in_production", "factory"),
             ("shipped", "factory"), ("delivered", "factory"), ("in_fit_review", "shopper")]
    with app.app_context():
        order = the_order(app)
        for to_status, actor in steps:
            transition(db.session, order, to_status, actor=actor, actor_name=actor.title(), note=f"to {to_status}")
        db.session.commit()
        assert order.status == "in_fit_review"
        assert [e.to_status for e in order.events][-6:] == [s for s, _ in steps]


def test_a_stale_copy_cannot_move_an_order_twice(client, app):
    place_order_via_api(client)
    with app.app_context():
        order = the_order(app)
        db.session.execute(db.update(Order).values(status="released"),   # someone else moved it
                           execution_options={"synchronize_session": False})
        with pytest.raises(ShopError) as caught:
            transition(db.session, order, "released", actor="fitter")
        assert caught.value.code == "CONFLICT"


def test_cancel_is_possible_only_before_production():
    assert ("in_production", "cancelled") not in TRANSITIONS
    assert ("placed", "cancelled") in TRANSITIONS
