"""The customer's details on the order form: checked all at once, the country from ISO 3166-1."""

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import FormErrors

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CUSTOMER_FIELDS = ("name", "email", "address", "country")
#: Longest accepted values, the same as the API's published Customer schema (and the columns that keep them).
MAX_LENGTHS = {"name": 120, "email": 254, "address": 1000}


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English short name, sorted by name (``countries.json`` names its source)."""
    document = json.loads((Path(__file__).parent / "countries.json").read_text(encoding="utf-8"))
    return {country["code"]: country["name"] for country in document["countries"]}


def check_customer(data: Mapping[str, Any]) -> dict[str, str]:
    """Clean the customer's details; raise ``FormErrors`` naming every field at fault."""
    cleaned = {name: str(data.get(name) or "").strip() for name in CUSTOMER_FIELDS}
    cleaned["country"] = cleaned["country"].upper()
    errors = {}
    if not cleaned["name"]:
        errors["name"] = "Please give your name for the delivery."
    if not _EMAIL.match(cleaned["email"]):
        errors["email"] = "Please give an email address we can send order updates to."
    if len(cleaned["address"]) < 8:
        errors["address"] = "Please give the full shipping address (street, city, postcode)."
    if cleaned["country"] not in countries():
        errors["country"] = "Please choose the country to ship to."
    for name, longest in MAX_LENGTHS.items():
        if len(cleaned[name]) > longest or "\x00" in cleaned[name]:
            errors[name] = f"Please keep this to {longest} characters of plain text."
    if errors:
        codes = {"email": "INVALID_EMAIL", "country": "INVALID_COUNTRY"}
        raise FormErrors(errors, code=codes.get(next(iter(errors)), "MISSING_FIELD") if len(errors) == 1
                         else "INVALID_FORM")
    return cleaned
