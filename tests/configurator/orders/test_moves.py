"""orders.moves: release (with its due date), return, cancel, refit and help, as the views and CLI use them."""

from datetime import timedelta

import pytest

from configurator.clock import utcnow
from configurator.db import db
from configurator.errors import ShopError
from configurator.models import Factory, Order, User
from configurator.orders import moves
from tests.configurator.conftest import place_order_via_api


def _order(order_id):
    return db.session.scalar(db.select(Order).where(Order.public_id == order_id))


def _staff(email):
    return db.session.scalar(db.select(User).where(User.email == email))


def test_release_routes_the_order_with_a_calendar_day_due_date(client, app, fitter, factory):
    order_id = place_order_via_api(client)["id"]
    with app.app_context():
        order, user = _order(order_id), _staff(fitter[0])
        order.help_requested = True
        felg = db.session.scalar(db.select(Factory).where(Factory.code == factory))
        moves.release(db.session, order, felg, user)
        db.session.commit()
        assert order.status == "released" and order.factory == felg and order.approved_by == user
        assert order.due_date == utcnow().date() + timedelta(days=moves.PRODUCTION_CALENDAR_DAYS)
        assert not order.help_requested
        assert order.events[-1].note == f"Fit approved; released to {felg.name}."


def test_return_then_cancel_by_the_shopper(client, app, fitter):
    order_id = place_order_via_api(client)["id"]
    with app.app_context():
        order = _order(order_id)
        moves.return_to_shopper(db.session, order, _staff(fitter[0]), "Please retake the left photo.")
        assert order.status == "awaiting_shopper"
        moves.cancel_by_shopper(db.session, order)
        db.session.commit()
        assert order.status == "cancelled" and order.events[-1].actor == "shopper"


def test_a_refit_before_delivery_is_refused(client, app):
    order_id = place_order_via_api(client)["id"]
    with app.app_context(), pytest.raises(ShopError) as caught:
        moves.request_refit(db.session, _order(order_id), "Tight at the ball.")
    assert caught.value.code == "REFIT_NOT_ALLOWED"


def test_help_flags_the_order_until_a_fitter_answers(client, app, fitter):
    order_id = place_order_via_api(client)["id"]
    with app.app_context():
        order = _order(order_id)
        moves.ask_for_help(db.session, order, "Is a 262 mm foot a 41?")
        assert order.help_requested and order.events[-1].kind == "help"
        moves.answer_shopper(db.session, order, _staff(fitter[0]), "Yes, EU 41.")
        assert not order.help_requested and order.status == "in_fit_review"
