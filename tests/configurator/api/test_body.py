"""Every malformed API body is a 4xx with a code, refused before a service or the database sees it."""

import json

import pytest

from configurator.api.schemas import MAX_OUTLINE_POINTS
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER


def _square_outline(points=8):
    return [[float(i % 2) * 90 - 45, float(i // 2) * 30] for i in range(points)]


def _feet(**left_changes):
    return {**SAMPLE_MEASUREMENTS, "left": {**SAMPLE_MEASUREMENTS["left"], **left_changes}}


@pytest.fixture
def design_id(client):
    return client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]


def _put_raw(client, design_id, text):
    return client.put(f"/api/v1/designs/{design_id}/measurements", data=text, content_type="application/json")


def _error(response):
    assert response.get_json().keys() == {"error"}, response.get_data(as_text=True)
    return response.status_code, response.get_json()["error"]["code"]


@pytest.mark.parametrize("left_changes, field", [
    ({"sources": {"foot_length_mm": "bogus"}}, "left.sources.foot_length_mm"),
    ({"sources": ["typed"]}, "left.sources"),
    ({"uncertainty_mm": {"foot_length_mm": "2"}}, "left.uncertainty_mm.foot_length_mm"),
    ({"uncertainty_mm": [2.0]}, "left.uncertainty_mm"),
    ({"outline_mm": [1, 2, 3]}, "left.outline_mm"),
    ({"outline_mm": "ab"}, "left.outline_mm"),
    ({"outline_mm": [[1, "x"]] + _square_outline(7)}, "left.outline_mm.0.1"),
    ({"outline_mm": _square_outline(MAX_OUTLINE_POINTS + 1)}, "left.outline_mm"),
    ({"nickname": "lefty"}, "left"),
])
def test_measurements_outside_the_published_schema_are_refused_by_field(client, design_id, left_changes, field):
    response = client.put(f"/api/v1/designs/{design_id}/measurements", json=_feet(**left_changes))
    assert _error(response) == (422, "INVALID_FIELD")
    assert response.get_json()["error"]["field"] == field
    assert client.get(f"/api/v1/designs/{design_id}").get_json()["feet"] is None


def test_a_bounded_outline_with_known_sources_is_stored(client, design_id):
    feet = _feet(outline_mm=_square_outline(40), sources={"foot_length_mm": "scan"},
                 uncertainty_mm={"foot_length_mm": 1.5})
    response = client.put(f"/api/v1/designs/{design_id}/measurements", json=feet)
    assert response.status_code == 202, response.get_json()
    left = response.get_json()["feet"]["left"]
    assert len(left["outline_mm"]) == 40 and left["sources"]["foot_length_mm"] == "scan"


@pytest.mark.parametrize("text, code", [
    ("[" * 5000 + "]" * 5000, "JSON_TOO_DEEP"),
    ('{"a": ' * 5000 + "1" + "}" * 5000, "JSON_TOO_DEEP"),
    ('{"left": ' * 40 + "{}" + "}" * 40, "JSON_TOO_DEEP"),
    (json.dumps(_feet()).replace("262.0", "NaN"), "INVALID_JSON"),
    (json.dumps(_feet(outline_mm=_square_outline())).replace("-45.0", "Infinity", 1), "INVALID_JSON"),
    (json.dumps(_feet(sources={"foot_length_mm": "typed\u0000"})), "NUL_CHARACTER"),
])
def test_bodies_that_are_not_plain_json_are_refused_with_400(client, design_id, text, code):
    assert _error(_put_raw(client, design_id, text)) == (400, code)


@pytest.mark.parametrize("body", [
    {"style": "oxford", "options": ["x"]},
    {"style": "oxford", "options": {"leather": 3}},
    {"style": ["oxford"]},
    {"style": "o" * 41},
    {"style": "oxford", "colour": "red"},
])
def test_designs_and_quotes_outside_the_schema_are_refused(client, body):
    for path in ("/api/v1/designs", "/api/v1/quotes"):
        assert _error(client.post(path, json=body)) == (422, "INVALID_FIELD")


@pytest.mark.parametrize("changes, field", [
    ({"name": "A" * 121}, "name"),
    ({"email": "a" * 250 + "@example.org"}, "email"),
    ({"country": "DEU"}, "country"),
    ({"name": ["Ada"]}, "name"),
    ({"vip": True}, None),
])
def test_customers_outside_the_schema_are_refused(client, design_id, changes, field):
    client.put(f"/api/v1/designs/{design_id}/measurements", json=SAMPLE_MEASUREMENTS)
    response = client.post(f"/api/v1/designs/{design_id}/order", json={**CUSTOMER, **changes})
    assert _error(response) == (422, "INVALID_FIELD")
    assert response.get_json()["error"].get("field") == field


def test_a_nul_character_anywhere_is_a_400_never_a_database_error(client, design_id):
    assert _error(client.get("/api/v1/designs/ab%00cd")) == (400, "BAD_REQUEST")
    assert _error(client.get("/api/v1/orders/%00")) == (400, "BAD_REQUEST")
    assert _error(client.post("/api/v1/designs", json={"style": "oxford\u0000"})) == (400, "NUL_CHARACTER")
    client.put(f"/api/v1/designs/{design_id}/measurements", json=SAMPLE_MEASUREMENTS)
    response = client.post(f"/api/v1/designs/{design_id}/order", json={**CUSTOMER, "name": "Ada\u0000"})
    assert _error(response) == (400, "NUL_CHARACTER")
    page = client.post("/staff/login", data={"email": "a\x00@example.org", "password": "x"})
    assert page.status_code == 400 and "Traceback" not in page.get_data(as_text=True)


def test_a_body_far_larger_than_any_real_one_is_refused_unread(client, design_id):
    huge = json.dumps(_feet(outline_mm=_square_outline(200_000)))
    assert _error(_put_raw(client, design_id, huge)) == (413, "REQUEST_ENTITY_TOO_LARGE")
