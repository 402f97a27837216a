"""orders.placing: customer checks, placing a design, and the frozen snapshot."""

import pytest

from configurator import storage
from configurator.db import db
from configurator.errors import ShopError
from configurator.models import Design
from configurator.orders.placing import check_customer, place_order
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER


@pytest.mark.parametrize("field, value, code", [("name", " ", "MISSING_FIELD"), ("email", "ada@", "INVALID_EMAIL"),
                                                ("address", "Berlin", "MISSING_FIELD"),
                                                ("country", "Germany", "INVALID_COUNTRY")])
def test_check_customer_names_the_field_at_fault(field, value, code):
    with pytest.raises(ShopError) as caught:
        check_customer({**CUSTOMER, field: value})
    assert (caught.value.field, caught.value.code, caught.value.status) == (field, code, 422)


def test_check_customer_cleans_the_details():
    cleaned = check_customer({**CUSTOMER, "name": "  Ada  ", "country": "de"})
    assert cleaned["name"] == "Ada" and cleaned["country"] == "DE"


def _design(client, app, measured=True):
    design_id = client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]
    if measured:
        client.put(f"/api/v1/designs/{design_id}/measurements", json=SAMPLE_MEASUREMENTS)
    return db.session.scalar(db.select(Design).where(Design.public_id == design_id))


def test_an_unmeasured_design_cannot_be_ordered(client, app):
    with app.app_context():
        with pytest.raises(ShopError) as caught:
            place_order(db.session, _design(client, app, measured=False), check_customer(CUSTOMER))
        assert caught.value.code == "NO_MEASUREMENTS"


def test_placing_freezes_the_design_and_copies_its_last_files(client, app):
    with app.app_context():
        design = _design(client, app)
        order = place_order(db.session, design, check_customer(CUSTOMER))
        db.session.commit()
        assert order.status == "in_fit_review" and [e.to_status for e in order.events] == ["placed", "in_fit_review"]
        snap = order.snapshot
        assert snap["style"]["key"] == "derby" and snap["feet"] == design.feet
        for side, last in snap["lasts"].items():
            for fmt, key in last["files"].items():
                assert key == f"orders/{order.reference}/{side}.{fmt}"
                assert storage.load(key) == storage.load(design.last(side).files[fmt])
