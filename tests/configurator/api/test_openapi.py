"""The OpenAPI description is kept true: real responses are validated against it, every route is in it."""

import json
import re

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from configurator.factory.package import order_schema
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER
from tests.configurator.factory.test_routes import bearer, move, new_factory, released_orders

DOC_URI = "urn:cordwain:openapi"


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


class Checker:
    """Validates a response against the schema its path, method and status have in the description."""

    def __init__(self, spec):
        self.spec = spec
        schema = order_schema()
        self.registry = Registry().with_resources([
            (DOC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)),
            (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))])
        self.checked = set()

    def __call__(self, response, path, method="get"):
        operation = self.spec["paths"][path][method]
        documented = operation["responses"].get(str(response.status_code))
        assert documented, f"{method.upper()} {path} answered {response.status_code}, which is not documented"
        content = documented.get("content", {})
        if response.status_code != 304:
            assert response.mimetype in content, f"{method.upper()} {path}: {response.mimetype} not documented"
        if response.mimetype == "application/json":
            pointer = content["application/json"]["schema"]["$ref"]
            target = self.spec["components"]["schemas"][pointer.rsplit("/", 1)[1]]
            # An embedded schema with its own $id (OrderDocument) resolves its "#/$defs/..." against that id.
            uri = target.get("$id") or DOC_URI + pointer
            validator = Draft202012Validator({"$ref": uri}, registry=self.registry)
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.get_json())]
            assert not errors, f"{method.upper()} {path} {response.status_code}: {errors[:5]}"
        self.checked.add((path, method))
        return response


def test_every_api_route_is_described(app, spec):
    routes = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert routes == described
    assert spec["openapi"].startswith("3.1") and spec["components"]["securitySchemes"]["factoryToken"]["scheme"] == (
        "bearer")
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            names = set(re.findall(r"{(\w+)}", path))
            assert names == {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}, path


def test_the_order_schema_is_served_as_published(client):
    assert client.get("/api/v1/schemas/order-v1.json").get_json() == order_schema()


def test_shopper_responses_match_the_description(client, spec):
    check = Checker(spec)
    check(client.get("/api/v1/openapi.json"), "/api/v1/openapi.json")
    check(client.get("/api/v1/schemas/order-v1.json"), "/api/v1/schemas/order-v1.json")
    check(client.get("/api/v1/styles"), "/api/v1/styles")
    check(client.post("/api/v1/quotes", json={"style": "derby"}), "/api/v1/quotes", "post")
    check(client.post("/api/v1/quotes", json={"style": "clog"}), "/api/v1/quotes", "post")
    check(client.post("/api/v1/designs", data="x", content_type="text/plain"), "/api/v1/designs", "post")
    design = check(client.post("/api/v1/designs", json={"style": "derby"}), "/api/v1/designs", "post").get_json()
    check(client.get(f"/api/v1/designs/{design['id']}"), "/api/v1/designs/{design_id}")
    check(client.get("/api/v1/designs/unknown"), "/api/v1/designs/{design_id}")
    path = "/api/v1/designs/{design_id}/order"
    check(client.post(f"/api/v1/designs/{design['id']}/order", json=CUSTOMER), path, "post")
    measurements = f"/api/v1/designs/{design['id']}/measurements"
    check(client.put(measurements, json={"units": "mm", "left": {"foot_length_mm": 40}, "right": {}}),
          "/api/v1/designs/{design_id}/measurements", "put")
    check(client.put(measurements, json=SAMPLE_MEASUREMENTS), "/api/v1/designs/{design_id}/measurements", "put")
    check(client.post(f"/api/v1/designs/{design['id']}/order", json={**CUSTOMER, "email": "x"}), path, "post")
    order = check(client.post(f"/api/v1/designs/{design['id']}/order", json=CUSTOMER), path, "post").get_json()
    check(client.get(f"/api/v1/orders/{order['id']}"), "/api/v1/orders/{order_id}")
    check(client.get("/api/v1/orders/unknown"), "/api/v1/orders/{order_id}")
    assert len(check.checked) == 9


def test_factory_responses_match_the_description(client, app, spec):
    check = Checker(spec)
    token = new_factory(app, "PT-FELG")
    order_id, _ = released_orders(client, app, "PT-FELG", count=2)
    check(client.get("/api/v1/factory/orders"), "/api/v1/factory/orders")
    page = check(client.get("/api/v1/factory/orders?limit=1", headers=bearer(token)), "/api/v1/factory/orders")
    check(client.get(f"/api/v1/factory/orders?limit=1&cursor={page.get_json()['next_cursor']}",
                     headers=bearer(token)), "/api/v1/factory/orders")
    check(client.get("/api/v1/factory/orders?limit=0", headers=bearer(token)), "/api/v1/factory/orders")
    check(client.get("/api/v1/factory/orders.csv", headers=bearer(token)), "/api/v1/factory/orders.csv")
    check(client.get(f"/api/v1/factory/orders/{order_id}", headers=bearer(token)), "/api/v1/factory/orders/{order_id}")
    check(client.get("/api/v1/factory/orders/unknown", headers=bearer(token)), "/api/v1/factory/orders/{order_id}")
    package = check(client.get(f"/api/v1/factory/orders/{order_id}/package", headers=bearer(token)),
                    "/api/v1/factory/orders/{order_id}/package")
    check(client.get(f"/api/v1/factory/orders/{order_id}/package",
                     headers={**bearer(token), "If-None-Match": package.headers["ETag"]}),
          "/api/v1/factory/orders/{order_id}/package")
    path = "/api/v1/factory/orders/{order_id}/transitions"
    check(move(client, token, order_id, to="accepted"), path, "post")
    check(move(client, token, order_id, to="accepted"), path, "post")
    check(move(client, token, order_id, to="shipped"), path, "post")
    check(client.post(f"/api/v1/factory/orders/{order_id}/transitions", json={"to": "in_production"},
                      headers=bearer(token)), path, "post")
    assert len(check.checked) == 5


def test_every_ref_resolves_inside_the_document(spec):
    """No reference leans on an embedded $id (tools such as schemathesis resolve against the document)."""
    refs, stack = [], [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            refs += [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    assert refs
    for ref in refs:
        assert ref.startswith("#/"), ref
        target = spec
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        assert isinstance(target, dict), ref
    assert '"$id"' not in json.dumps(spec["components"]["schemas"])


def test_the_published_request_schemas_are_the_ones_the_code_enforces(spec):
    from configurator.api.schemas import MAX_OUTLINE_POINTS, REQUESTS

    for name, schema in REQUESTS.items():
        assert spec["components"]["schemas"][name] == schema, name
    assert spec["components"]["schemas"]["Foot"]["properties"]["outline_mm"]["maxItems"] == MAX_OUTLINE_POINTS
    assert spec["components"]["schemas"]["Measurements"]["properties"]["units"] == {"enum": ["mm"]}
