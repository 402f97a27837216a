from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER


def test_the_whole_path_through_the_api(client):
    styles = client.get("/api/v1/styles").get_json()["styles"]
    assert {s["key"] for s in styles} == {"oxford", "derby", "sneaker", "chelsea"}
    design = client.post("/api/v1/designs", json={"style": "derby"}).get_json()
    assert design["price_cents"] == 22900
    response = client.put(f"/api/v1/designs/{design['id']}/measurements", json=SAMPLE_MEASUREMENTS)
    design = response.get_json()
    assert response.status_code == 202 and design["job"]["state"] == "done"       # the inline backend builds at once
    assert client.get(response.headers["Location"]).get_json()["state"] == "done"
    assert set(design["lasts"]) == {"left", "right"}
    assert client.get(design["lasts"]["left"]["files"]["glb"]).status_code == 200
    response = client.post(f"/api/v1/designs/{design['id']}/order", json=CUSTOMER)
    assert response.status_code == 201
    order = client.get(response.get_json()["links"]["self"]).get_json()
    assert order["status"] == "in_fit_review" and order["payment"] == "to be invoiced"
    assert order["timeline"][0]["to"] == "placed" and order["feet"]["left"]["foot_length_mm"] == 262.0


def test_quote_prices_and_refuses_combinations(client):
    ok = client.post("/api/v1/quotes", json={"style": "sneaker", "options": {
        "leather": "suede-sand", "sole": "gum-cup", "toe": "round", "heel": "10mm"}})
    assert ok.get_json()["price_cents"] == 17900 + 1000 + 1000
    bad = client.post("/api/v1/quotes", json={"style": "sneaker", "options": {
        "leather": "suede-sand", "sole": "leather", "toe": "round", "heel": "10mm"}})
    assert bad.status_code == 422
    assert bad.get_json()["error"]["code"] == "INCOMPATIBLE_OPTIONS"


def error_of(response):
    body = response.get_json()
    assert set(body) == {"error"}
    return response.status_code, body["error"]["code"]


def test_api_errors_are_json_with_a_code_and_a_message(client):
    assert error_of(client.post("/api/v1/designs", data="x", content_type="text/plain")) == (400, "INVALID_JSON")
    assert error_of(client.post("/api/v1/designs", json={"style": "clog"})) == (404, "UNKNOWN_STYLE")
    assert error_of(client.get("/api/v1/designs/unknown")) == (404, "NOT_FOUND")
    assert error_of(client.get("/api/v1/orders/unknown")) == (404, "NOT_FOUND")
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()
    bad_feet = {"units": "mm", "left": {"foot_length_mm": 40, "ball_width_mm": 30},
                "right": {"foot_length_mm": 265, "ball_width_mm": 100}}
    response = client.put(f"/api/v1/designs/{design['id']}/measurements", json=bad_feet)
    assert error_of(response) == (422, "INVALID_SPEC")
    assert response.get_json()["error"]["field"] == "foot_length_mm"
    assert error_of(client.post(f"/api/v1/designs/{design['id']}/order", json=CUSTOMER)) == (409, "NO_MEASUREMENTS")
    assert error_of(client.get("/api/v1/nothing-here")) == (404, "NOT_FOUND")


def _measured_design(client):
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()
    client.put(f"/api/v1/designs/{design['id']}/measurements", json=SAMPLE_MEASUREMENTS)
    return design["id"]


def _orders(app):
    from configurator.db import db
    from configurator.models import Order

    with app.app_context():
        return db.session.scalars(db.select(Order)).all()


def test_the_same_idempotency_key_places_one_order(client, app):
    url = f"/api/v1/designs/{_measured_design(client)}/order"
    first = client.post(url, json=CUSTOMER, headers={"Idempotency-Key": "k-1"})
    again = client.post(url, json=CUSTOMER, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"] and len(_orders(app)) == 1
    other = client.post(url, json={**CUSTOMER, "name": "Someone Else"}, headers={"Idempotency-Key": "k-1"})
    assert error_of(other) == (422, "IDEMPOTENCY_KEY_REUSED") and len(_orders(app)) == 1


def test_a_design_has_one_live_order_until_it_is_cancelled(client, app):
    url = f"/api/v1/designs/{_measured_design(client)}/order"
    first = client.post(url, json=CUSTOMER).get_json()
    assert error_of(client.post(url, json=CUSTOMER)) == (409, "ALREADY_ORDERED")
    assert error_of(client.post(url, json=CUSTOMER, headers={"Idempotency-Key": "new"})) == (409, "ALREADY_ORDERED")
    assert len(_orders(app)) == 1
    client.post(first["links"]["page"] + "/cancel", data={"confirm": "yes"})
    assert client.post(url, json=CUSTOMER).status_code == 201 and len(_orders(app)) == 2
