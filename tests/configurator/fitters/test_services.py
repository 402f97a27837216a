"""fitters.services: a fitter's allowances read from the form and applied to an order's rules."""

import pytest

from configurator.db import db
from configurator.errors import ShopError
from configurator.fitters.services import allowances_from_form, factory_by_form_code, order_rules
from configurator.models import Order
from tests.configurator.conftest import place_order_via_api


def test_blank_allowances_keep_the_style_and_numbers_are_read():
    assert allowances_from_form({"toe_allowance_mm": " 14.5 ", "heel_girth_allowance_mm": ""}) == \
        {"toe_allowance_mm": 14.5}


def test_a_non_number_names_its_field():
    with pytest.raises(ShopError) as caught:
        allowances_from_form({"ball_girth_allowance_mm": "a bit"})
    assert (caught.value.code, caught.value.field) == ("INVALID_ALLOWANCE", "ball_girth_allowance_mm")


def test_order_rules_take_the_fitters_overrides(client, app):
    order_id = place_order_via_api(client)["id"]
    with app.app_context():
        order = db.session.scalar(db.select(Order).where(Order.public_id == order_id))
        default = order_rules(order)
        adjusted = order_rules(order, {"toe_allowance_mm": default.toe_allowance_mm + 3})
        assert adjusted.toe_allowance_mm == pytest.approx(default.toe_allowance_mm + 3)
        with pytest.raises(ShopError) as caught:
            factory_by_form_code(db.session, "NOPE")
        assert caught.value.code == "NO_FACTORY"
