"""api.schemas: valid JSON Schemas, closed to unknown fields, every string bounded, limits that follow the columns
and the order document, and enforced at the edge."""

import pytest
from jsonschema import Draft202012Validator

from configurator.api.schemas import CODE, CUSTOMER, MAX_MM, MAX_OUTLINE_POINTS, REQUESTS, TRANSITION_REQUEST
from configurator.factory.package import order_schema
from configurator.models import Option, OptionGroup, Order, Style
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER as A_CUSTOMER


def validator(name):
    """A validator for ``REQUESTS[name]`` whose ``$ref``s resolve among the request schemas themselves."""
    return Draft202012Validator({"components": {"schemas": REQUESTS}, "$ref": f"#/components/schemas/{name}"})


def subschemas(schema):
    """Every schema object inside ``schema`` (itself included)."""
    yield schema
    for keyword, value in schema.items():
        if keyword == "properties":
            children = list(value.values())
        elif keyword == "prefixItems":
            children = value
        else:
            children = [value] if isinstance(value, dict) else []
        for child in children:
            yield from subschemas(child)


def column_length(column):
    return column.property.columns[0].type.length


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_every_request_schema_is_a_valid_schema(name):
    Draft202012Validator.check_schema(REQUESTS[name])


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_objects_are_closed_and_strings_bounded(name):
    for schema in subschemas(REQUESTS[name]):
        if schema.get("type") == "object" and "properties" in schema:
            assert schema["additionalProperties"] is False, schema
        elif schema.get("type") == "object":          # a map: its keys and values are constrained instead
            assert "propertyNames" in schema and isinstance(schema["additionalProperties"], dict), schema
        types = schema.get("type")
        if types == "string" or (isinstance(types, list) and "string" in types):
            assert "maxLength" in schema or "pattern" in schema, schema


def test_the_examples_of_the_capture_contract_and_a_customer_are_valid():
    assert not list(validator("Measurements").iter_errors(SAMPLE_MEASUREMENTS))
    assert not list(validator("Customer").iter_errors(A_CUSTOMER))
    assert not list(validator("QuoteRequest").iter_errors({"style": "oxford", "options": {"toe": "round"}}))
    assert not list(validator("TransitionRequest").iter_errors({"to": "shipped", "tracking_number": "1Z999"}))


@pytest.mark.parametrize("field", sorted(f for f, limits in CUSTOMER["properties"].items() if "maxLength" in limits))
def test_a_customer_string_is_taken_up_to_its_limit_and_not_one_character_more(field):
    limits = CUSTOMER["properties"][field]
    check = validator("Customer")
    at_limit = {**A_CUSTOMER, field: "a" * limits["maxLength"]}
    over = {**A_CUSTOMER, field: "a" * (limits["maxLength"] + 1)}
    assert check.is_valid(at_limit) and not check.is_valid(over)


def test_unknown_fields_and_values_out_of_range_are_refused():
    feet = validator("Measurements")
    assert not feet.is_valid({**SAMPLE_MEASUREMENTS, "units": "in"})
    assert not feet.is_valid({**SAMPLE_MEASUREMENTS, "left": {**SAMPLE_MEASUREMENTS["left"], "toes": 5}})
    assert not feet.is_valid({**SAMPLE_MEASUREMENTS, "left": {**SAMPLE_MEASUREMENTS["left"],
                                                             "foot_length_mm": MAX_MM + 1}})
    assert not feet.is_valid({**SAMPLE_MEASUREMENTS, "left": {**SAMPLE_MEASUREMENTS["left"], "foot_length_mm": 0}})
    assert not validator("Customer").is_valid({**A_CUSTOMER, "country": "DEU"})
    assert not validator("TransitionRequest").is_valid({"to": "teleported"})


def test_limits_follow_the_columns_and_the_order_document():
    document = order_schema()["$defs"]
    for column in (Style.key, OptionGroup.key, Option.code):
        assert CODE["maxLength"] <= column_length(column), column
    customer = CUSTOMER["properties"]
    assert customer["name"]["maxLength"] <= min(column_length(Order.customer_name), document["label"]["maxLength"])
    assert customer["email"]["maxLength"] == column_length(Order.email) == 254          # RFC 5321
    tracking = TRANSITION_REQUEST["properties"]["tracking_number"]
    assert tracking["maxLength"] == column_length(Order.tracking_number)
    assert MAX_MM == document["mm"]["maximum"]
    assert MAX_OUTLINE_POINTS <= document["outline_mm"]["maxItems"]


def test_the_limits_are_enforced_on_real_requests(client):
    too_long = "a" * (CUSTOMER["properties"]["address"]["maxLength"] + 1)
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]   # checked before the feet
    refused = client.post(f"/api/v1/designs/{design}/order", json={**A_CUSTOMER, "address": too_long})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "INVALID_FIELD" and refused.get_json()["error"]["field"] == "address"
    nul = client.post(f"/api/v1/designs/{design}/order", json={**A_CUSTOMER, "address": "12 Last Lane\u0000"})
    assert nul.status_code == 400 and nul.get_json()["error"]["code"] == "NUL_CHARACTER"
    too_long_code = client.post("/api/v1/quotes", json={"style": "oxford", "options": {"toe": "r" * 41}})
    assert too_long_code.status_code == 422 and too_long_code.get_json()["error"]["field"] == "options.toe"
