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
        order, placed_now = place_order(db.session, design, check_customer(CUSTOMER))
        db.session.commit()
        assert placed_now
        assert order.status == "in_fit_review" and [e.to_status for e in order.events] == ["placed", "in_fit_review"]
        snap = order.snapshot
        assert snap["style"]["key"] == "derby" and snap["feet"] == design.feet
        for side, last in snap["lasts"].items():
            for fmt, key in last["files"].items():
                assert key == f"orders/{order.reference}/{side}.{fmt}"
                assert storage.load(key) == storage.load(design.last(side).files[fmt])


def test_the_database_refuses_a_second_live_order_for_a_design(client, app):
    from sqlalchemy.exc import IntegrityError

    from configurator.models import Order

    with app.app_context():
        design = _design(client, app)
        first, _ = place_order(db.session, design, check_customer(CUSTOMER))
        db.session.commit()
        twin = Order(reference="CW-TWIN22", design=design, customer_name="x", email="x@example.org",
                     address="somewhere long", country="DE", snapshot={})
        db.session.add(twin)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        first = db.session.get(Order, first.id)
        first.status = "cancelled"
        db.session.add(Order(reference="CW-TWIN23", design=first.design, customer_name="x", email="x@example.org",
                             address="somewhere long", country="DE", snapshot={}))
        db.session.commit()                 # a cancelled order leaves room for a new one


def test_an_order_placed_before_its_lasts_are_built_takes_them_when_the_job_completes(client, app):
    from configurator.orders.placing import complete_waiting_order
    from configurator.shop.lasts import build_lasts

    with app.app_context():
        design = _design(client, app)
        design.lasts.clear()
        db.session.commit()
        order, placed_now = place_order(db.session, design, check_customer(CUSTOMER))
        db.session.commit()
        assert placed_now and order.status == "placed" and order.snapshot["lasts"] == {}
        build_lasts(db.session, design)
        db.session.commit()
        complete_waiting_order(db.session, design.id)
        assert order.status == "in_fit_review" and set(order.snapshot["lasts"]) == {"left", "right"}
