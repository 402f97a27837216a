"""api.serializers: styles, designs, jobs and orders as the API publishes them; an order never carries the
shopper's name, email or address, and its links carry the shopper token, not the factories' id."""

import json
from datetime import datetime

from configurator.api.serializers import job_json, style_json
from configurator.db import db
from configurator.models import Design, Job, Order, Style
from configurator.shop.catalog import default_choices, quote, styles
from configurator.shop.demo_catalog import DEMO_CATALOG
from tests.configurator.conftest import CUSTOMER, place_order_via_api, shopper_token


def test_styles_list_their_groups_and_options_in_catalog_order_with_prices(app):
    with app.test_request_context():
        published = [style_json(style) for style in styles(db.session)]
    assert [s["key"] for s in published] == [spec["key"] for spec in DEMO_CATALOG]
    for body, spec in zip(published, DEMO_CATALOG):
        assert (body["name"], body["base_price_cents"], body["currency"]) == (spec["name"], spec["base_price_cents"],
                                                                              "EUR")
        assert [g["key"] for g in body["option_groups"]] == [g["key"] for g in spec["groups"]]
        for group, group_spec in zip(body["option_groups"], spec["groups"]):
            assert [(o["code"], o["price_delta_cents"]) for o in group["options"]] == [
                (o["code"], o.get("price_delta_cents", 0)) for o in group_spec["options"]]
    assert app.test_client().get("/api/v1/styles").get_json() == {"styles": published}


def test_a_new_design_has_its_default_choices_price_and_no_feet_or_lasts(app, client):
    body = client.post("/api/v1/designs", json={"style": "chelsea"}).get_json()
    with app.app_context():
        chelsea = db.session.scalar(db.select(Style).where(Style.key == "chelsea"))
        choices = default_choices(chelsea)
        price = quote(chelsea, choices)
    assert body["options"] == choices and (body["price_cents"], body["currency"]) == (price.price_cents, "EUR")
    assert body["feet"] is None and body["lasts"] == {}
    assert client.get(f"/api/v1/designs/{body['id']}").get_json() == body


def test_a_job_shows_its_error_only_once_failed(app, client):
    design_id = client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]
    with app.test_request_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        job = Job(kind="build_lasts", design_id=design.id, inputs_sha256="0" * 64, state="running",
                  error_code="DISK_FULL", error_message="No room left.")
        db.session.add(job)
        db.session.commit()
        running = job_json(job)
        job.state = "failed"
        db.session.commit()
        failed = job_json(job)
    assert running["error"] is None and running["state"] == "running"
    assert failed["error"] == {"code": "DISK_FULL", "message": "No room left."}
    assert client.get(failed["links"]["self"]).get_json() == failed


def test_an_order_is_published_without_the_shoppers_personal_data(app, client):
    order = place_order_via_api(client)
    text = json.dumps(order)
    for personal in (CUSTOMER["name"], CUSTOMER["email"], CUSTOMER["address"], "Last Lane"):
        assert personal not in text
    assert not {"name", "email", "address", "customer", "customer_name"} & set(order)
    with app.app_context():
        row = db.session.scalar(db.select(Order).where(Order.public_id == order["id"]))
        token, reference, snapshot = row.shopper_token, row.reference, row.snapshot
    assert order["reference"] == reference and shopper_token(order) == token
    assert order["links"]["self"].endswith(f"/api/v1/orders/{token}") and order["id"] not in json.dumps(order["links"])
    assert order["design"] == {k: snapshot[k] for k in ("style", "options", "price_cents", "currency")}
    assert order["feet"] == snapshot["feet"]
    for moment in [order["placed_at"]] + [event["at"] for event in order["timeline"]]:
        assert moment.endswith("Z") and datetime.fromisoformat(moment).utcoffset().total_seconds() == 0
    assert [event["to"] for event in order["timeline"]][:1] == ["placed"]
    assert client.get(order["links"]["self"]).get_json() == order
