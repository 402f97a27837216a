"""The OpenAPI 3.1 description of the whole JSON API (``/api/v1/openapi.json``) and the order-v1 schema.

Built here in Python so every body is one ``$ref`` to ``components/schemas``;
``tests/configurator/api/test_openapi.py`` keeps it true by validating real
responses against it and by checking every ``/api/v1`` route is described.
"""

import functools
import json

from ..factory.package import order_schema
from ..orders.lifecycle import FACTORY_MOVES, STATES
from .schemas import REQUESTS


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required=(), optional=None, **properties):
    """A closed object schema: ``properties`` are required, ``optional`` may be left out."""
    props = {**properties, **(optional or {})}
    return {"type": "object", "additionalProperties": False, "required": list(required or properties),
            "properties": props}


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses):
    return {str(s): _json(_ref("Error"), "An error: a stable code, a sentence, the field at fault.") for s in statuses}


def _op(op_id, summary, ok, *errors, body=None, params=(), factory=False, tag="shopper"):
    """One operation; ``ok`` is a 200 response, or ``{status: response}`` for other successes."""
    ok = ok if "description" not in ok else {"200": ok}
    # Any request may be malformed (a NUL character in a path or query, a body that is not JSON): 400.
    errors = tuple(sorted({400, *errors}))
    operation = {"operationId": op_id, "summary": summary, "tags": [tag], "responses": {**ok, **_errors(*errors)}}
    if body:
        operation["responses"].update(_errors(413))
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    if params:
        operation["parameters"] = list(params)
    if factory:
        operation["security"] = [{"factoryToken": []}]
        operation["responses"].update(_errors(401, 429))
    return operation


def _path_param(name, description):
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


def _query(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


STRING, INTEGER = {"type": "string"}, {"type": "integer"}
TIMESTAMP = {"type": "string", "format": "date-time"}
NULLABLE_STRING = {"type": ["string", "null"]}


def _schemas():
    feet = {"type": ["object", "null"], "properties": {"left": _ref("Foot"), "right": _ref("Foot")}}
    option = _obj(code=STRING, label=STRING, optional={"group_label": STRING}, required=("code", "label"))
    return {
        "Error": _obj(error=_obj(code=STRING, message=STRING, optional={"field": STRING},
                                 required=("code", "message"))),
        "Style": _obj(key=STRING, name=STRING, construction=STRING, base_price_cents=INTEGER, currency=STRING,
                      option_groups={"type": "array", "items": _obj(key=STRING, label=STRING, options={
                          "type": "array", "items": _obj(code=STRING, label=STRING, price_delta_cents=INTEGER)})}),
        "StyleList": _obj(styles={"type": "array", "items": _ref("Style")}),
        "Quote": _obj(price_cents=INTEGER, currency=STRING,
                      lines={"type": "array", "items": _obj(label=STRING, cents=INTEGER)}),
        "Feet": feet,
        "Design": _obj(id=STRING, style=STRING, options={"type": "object", "additionalProperties": STRING},
                       price_cents=INTEGER, currency=STRING, feet=_ref("Feet"),
                       lasts={"type": "object", "additionalProperties": _obj(
                           table={"type": "array", "items": {"type": "object"}},
                           files={"type": "object", "additionalProperties": {"type": "string",
                                                                             "format": "uri"}})},
                       optional={"job": _ref("Job")},
                       required=("id", "style", "options", "price_cents", "currency", "feet", "lasts")),
        "Job": _obj(id=STRING, kind=STRING, state={"enum": ["queued", "running", "done", "failed"]},
                    attempts=INTEGER, error={"oneOf": [{"type": "null"}, _obj(code=NULLABLE_STRING,
                                                                             message=NULLABLE_STRING)]},
                    links=_obj(self={"type": "string", "format": "uri"})),
        "Order": _obj(id=STRING, reference=STRING, status={"enum": list(STATES)}, placed_at=TIMESTAMP,
                      links=_obj(self={"type": "string", "format": "uri"}, page={"type": "string", "format": "uri"}),
                      payment=STRING, feet=_ref("Feet"),
                      design=_obj(style=_obj(key=STRING, name=STRING, construction=STRING),
                                  options={"type": "object", "additionalProperties": option},
                                  price_cents=INTEGER, currency=STRING),
                      timeline={"type": "array", "items": _obj(
                          **{"from": {"enum": [*STATES, None]}}, to={"enum": list(STATES)}, actor=STRING,
                          actor_name=STRING, note=STRING, at=TIMESTAMP)}),
        "FactoryOrder": _obj(id=STRING, reference=STRING, status={"enum": list(STATES)}, placed_at=TIMESTAMP,
                             due_date={"type": ["string", "null"], "format": "date"}, style=STRING,
                             tracking_number=NULLABLE_STRING,
                             links=_obj(self={"type": "string", "format": "uri"},
                                        transitions={"type": "string", "format": "uri"},
                                        optional={"package": {"type": "string", "format": "uri"}},
                                        required=("self", "transitions"))),
        "FactoryOrderList": _obj(orders={"type": "array", "items": _ref("FactoryOrder")},
                                 next_cursor={**NULLABLE_STRING, "description": "Pass as cursor for the next page; "
                                              "null on the last page."}),
        **REQUESTS,
        **_order_document_schemas(),
        "JsonSchema": {"type": "object", "description": "A JSON Schema (draft 2020-12)."},
        "OpenApi": {"type": "object", "required": ["openapi", "paths"], "description": "This document."},
    }


def _order_document_schemas():
    """order-v1 as components: its ``$defs`` become ``OrderV1.<name>`` so every ``$ref`` resolves in this document."""
    schema = order_schema()
    defs = schema.pop("$defs")
    for key in ("$id", "$schema"):
        schema.pop(key)
    text = json.dumps({"OrderDocument": schema, **{f"OrderV1.{name}": value for name, value in defs.items()}})
    return json.loads(text.replace('"#/$defs/', '"#/components/schemas/OrderV1.'))


def _paths():
    design_id = _path_param("design_id", "The design's public id (unguessable).")
    order_id = _path_param("order_id", "The order's public id (unguessable).")
    shopper_order = _path_param("order_id", "The order's shopper token, from the order's links (a secret).")
    job_id = _path_param("job_id", "The job's id, from a design's job link.")
    status = {"enum": list(STATES), "default": "released"}
    return {
        "/api/v1/openapi.json": {"get": _op("openapi", "This description.", _json(_ref("OpenApi"), "OpenAPI 3.1"),
                                            tag="meta")},
        "/api/v1/schemas/order-v1.json": {"get": _op("orderSchema", "The order document's JSON Schema.",
                                                     _json(_ref("JsonSchema"), "JSON Schema"), tag="meta")},
        "/api/v1/styles": {"get": _op("listStyles", "The catalog.", _json(_ref("StyleList"), "Styles"))},
        "/api/v1/quotes": {"post": _op("quote", "Price a style with options.", _json(_ref("Quote"), "Price"),
                                       400, 404, 422, body="QuoteRequest")},
        "/api/v1/designs": {"post": _op("createDesign", "Start a design.", {"201": _json(_ref("Design"), "Made")},
                                        400, 404, 422, body="DesignRequest")},
        "/api/v1/designs/{design_id}": {"get": _op("readDesign", "A design.", _json(_ref("Design"), "The design"),
                                                   404, params=[design_id])},
        "/api/v1/designs/{design_id}/measurements": {"put": _op(
            "putMeasurements", "Give both feet; queues the build of the lasts (follow the job's link).",
            {"202": _json(_ref("Design"), "Stored; the lasts are built by the job (done already when built "
                                          "in-process)")},
            400, 404, 422, body="Measurements", params=[design_id])},
        "/api/v1/designs/{design_id}/order": {"post": _op(
            "placeOrder", "Order the design, to be invoiced; once per Idempotency-Key, one live order per design.",
            {"201": _json(_ref("Order"), "Placed; a retry with the same key gives the same order")},
            400, 404, 409, 422, body="Customer", params=[design_id, {
                "name": "Idempotency-Key", "in": "header", "required": False, "schema": STRING,
                "description": "Unique per intended order (e.g. a UUID); resend it on retry."}])},
        "/api/v1/orders/{order_id}": {"get": _op("readOrder", "An order and its timeline.",
                                                 _json(_ref("Order"), "The order"), 404, params=[shopper_order])},
        "/api/v1/jobs/{job_id}": {"get": _op("readJob", "A job's state: queued, running, done or failed.",
                                             _json(_ref("Job"), "The job"), 404, params=[job_id])},
        "/api/v1/factory/orders": {"get": _op(
            "factoryListOrders", "Orders routed to your factory, oldest first.",
            _json(_ref("FactoryOrderList"), "One page"), 400, 422, factory=True, tag="factory", params=[
                _query("status", "Only orders in this state.", status),
                _query("limit", "Page size.", {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}),
                _query("cursor", "next_cursor of the previous page.", STRING)])},
        "/api/v1/factory/orders.csv": {"get": _op(
            "factoryPlanningCsv", "Planning CSV of your orders in one state.",
            {"200": {"description": "CSV, one line per pair", "content": {"text/csv": {"schema": STRING}}}},
            422, factory=True, tag="factory",
            params=[_query("status", "Only orders in this state.", {"enum": ["released", *FACTORY_MOVES],
                                                                     "default": "released"})])},
        "/api/v1/factory/orders/{order_id}": {"get": _op(
            "factoryReadOrder", "The order document (order-v1).", _json(_ref("OrderDocument"), "order.json"),
            404, 409, 422, factory=True, tag="factory", params=[order_id])},
        "/api/v1/factory/orders/{order_id}/package": {"get": _op(
            "factoryPackage", "The manufacturing package: order.json, lasts, work ticket, manifest.",
            {"200": {"description": "The zip; ETag is its SHA-256, so If-None-Match gives 304.",
                     "headers": {"ETag": {"schema": STRING}, "Content-Disposition": {"schema": STRING}},
                     "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
             "304": {"description": "Not modified"}},
            404, 409, 422, factory=True, tag="factory", params=[order_id])},
        "/api/v1/factory/orders/{order_id}/transitions": {"post": _op(
            "factoryTransition", "Accept, start, ship (with tracking number) or deliver an order.",
            _json(_ref("FactoryOrder"), "Moved; a replay with the same key gives the first answer"),
            400, 404, 409, 422, body="TransitionRequest", factory=True, tag="factory", params=[
                order_id, {"name": "Idempotency-Key", "in": "header", "required": True, "schema": STRING,
                           "description": "Unique per intended move; resend it on retry."}])},
    }


@functools.cache
def openapi_document():
    return {
        "openapi": "3.1.0",
        "info": {"title": "Cordwain API", "version": "1",
                 "description": "Shoppers design and order bespoke shoes; factories take released orders. "
                                "Errors are {\"error\": {\"code\", \"message\", \"field\"}}. "
                                "Request bodies are checked against the schemas below before anything is "
                                "stored: unknown fields are refused (422 INVALID_FIELD), as are NaN, Infinity "
                                "and NUL characters (400)."},
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "paths": _paths(),
        "components": {"schemas": _schemas(), "securitySchemes": {"factoryToken": {
            "type": "http", "scheme": "bearer",
            "description": "A factory's API token from 'flask factory add' or 'flask factory token'."}}},
    }
