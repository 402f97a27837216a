"""The JSON body of an API request, checked at the edge against the schema the OpenAPI document publishes.

Refused before any service sees it: a body over ``MAX_JSON_BYTES`` (413), a body that is not JSON (400 ``INVALID_JSON``), NaN or Infinity (not JSON,
though Python's parser takes them), nesting deeper than ``MAX_DEPTH`` (400 ``JSON_TOO_DEEP``), a NUL character in
any key or string (400 ``NUL_CHARACTER``: PostgreSQL cannot store one in text), and anything the schema refuses
(422 ``INVALID_FIELD``, ``field`` naming the JSON path of the first problem).
"""

import functools
import json
from typing import Any

from flask import current_app, request
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..errors import ShopError

#: Cordwain assumption: no request body needs more than this; it keeps validation and storage flat and cheap.
MAX_DEPTH = 16
#: Two feet with the longest outline allowed take about 100 kB of JSON; anything far larger is refused unread (413).
MAX_JSON_BYTES = 1_000_000


def json_body() -> dict[str, Any]:
    """The request's JSON object (parsed strictly, flat enough, NUL-free); ``ShopError`` for anything else."""
    request.max_content_length = min(MAX_JSON_BYTES, current_app.config["MAX_CONTENT_LENGTH"] or MAX_JSON_BYTES)
    try:
        body = json.loads(request.get_data(cache=True), parse_constant=_refuse_constant)
    except RecursionError:
        raise _too_deep() from None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ShopError("Send a JSON object with Content-Type: application/json (no NaN or Infinity).",
                        code="INVALID_JSON")
    _check_shape(body)
    return body


def validated_body(schema_name: str) -> dict[str, Any]:
    """The request's JSON object, valid against ``components/schemas/<schema_name>`` of the OpenAPI document."""
    body = json_body()
    error = best_match(_validator(schema_name).iter_errors(body))
    if error is not None:
        path = ".".join(str(part) for part in error.absolute_path) or None
        where = f" at {path}" if path else ""
        raise ShopError(f"The request body is invalid{where}: {_plain(error)}.", code="INVALID_FIELD", field=path,
                        status=422)
    return body


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _check_shape(body: Any) -> None:
    """Walk ``body`` without recursion: refuse deep nesting and NUL characters."""
    stack = [(body, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        if isinstance(value, str) and "\x00" in value:
            raise ShopError("Text may not contain a NUL character.", code="NUL_CHARACTER")
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _too_deep() -> ShopError:
    return ShopError(f"The JSON body is nested more than {MAX_DEPTH} levels deep.", code="JSON_TOO_DEEP")


def _plain(error: Any) -> str:
    """jsonschema's message, without echoing a long offending value back."""
    message = str(error.message)
    return message if len(message) <= 200 else message[:197] + "..."


@functools.cache
def _validator(schema_name: str) -> Draft202012Validator:
    from .openapi import openapi_document

    document = openapi_document()
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry: Registry = Registry().with_resource("urn:cordwain:openapi", resource)
    schema = {"$ref": f"urn:cordwain:openapi#/components/schemas/{schema_name}"}
    return Draft202012Validator(schema, registry=registry)
