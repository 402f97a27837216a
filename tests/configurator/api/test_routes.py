from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER


def test_the_whole_path_through_the_api(client):
    styles = client.get("/api/v1/styles").get_json()["styles"]
    assert {s["key"] for s in styles} == {"oxford", "derby", "sneaker", "chelsea"}
    design = client.post("/api/v1/designs", json={"style": "derby"}).get_json()
    assert design["price_cents"] == 22900
    design = client.put(f"/api/v1/designs/{design['id']}/measurements", json=SAMPLE_MEASUREMENTS).get_json()
    assert set(design["lasts"]) == {"left", "right"}
    assert client.get(design["lasts"]["left"]["files"]["glb"]).status_code == 200
    response = client.post(f"/api/v1/designs/{design['id']}/order", json=CUSTOMER)
    assert response.status_code == 201
    order = client.get(f"/api/v1/orders/{response.get_json()['id']}").get_json()
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
