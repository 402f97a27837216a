import pytest

from configurator.shop import catalog
from configurator.db import db
from configurator.errors import ShopError


def test_quote_adds_option_prices_in_cents(app):
    with app.app_context():
        oxford = catalog.style_by_key(db.session, "oxford")
        choices = dict(catalog.default_choices(oxford), leather="museum-oxblood", sole="commando")
        assert catalog.quote(oxford, choices).price_cents == 24900 + 3000 + 2000


@pytest.mark.parametrize("change, code, field", [
    ({"sole": "commando", "toe": "pointed"}, "INCOMPATIBLE_OPTIONS", "toe"),
    ({"sole": "vibram"}, "UNKNOWN_OPTION", "sole"),
    ({"sole": None}, "MISSING_OPTION", "sole"),
    ({"laces": "red"}, "UNKNOWN_OPTION", "laces"),
])
def test_invalid_combinations_are_refused_with_a_reason(app, change, code, field):
    with app.app_context():
        oxford = catalog.style_by_key(db.session, "oxford")
        choices = {k: v for k, v in dict(catalog.default_choices(oxford), **change).items() if v is not None}
        with pytest.raises(ShopError) as caught:
            catalog.quote(oxford, choices)
        assert (caught.value.code, caught.value.field) == (code, field)
        assert caught.value.message.endswith(".")


def test_last_options_come_from_the_chosen_toe_and_heel(app):
    with app.app_context():
        chelsea = catalog.style_by_key(db.session, "chelsea")
        choices = dict(catalog.default_choices(chelsea), toe="pointed", heel="40mm")
        assert catalog.last_options(chelsea, choices) == {"toe_shape": "pointed", "heel_height_mm": 40}
