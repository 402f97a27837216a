"""The JSON body of an API request."""

from typing import Any

from flask import request

from ..errors import ShopError


def json_body() -> dict[str, Any]:
    """The request's JSON object; ``ShopError`` INVALID_JSON for anything else."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ShopError("Send a JSON object with Content-Type: application/json.", code="INVALID_JSON")
    return body
