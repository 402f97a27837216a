"""The request bodies the JSON APIs accept, as JSON Schemas: published in the OpenAPI document and enforced at the edge.

One source: ``openapi.py`` puts these very objects into ``components/schemas`` and ``body.validated_body`` checks
every request against them before a service sees it, so what is stored always fits the order document (order-v1)
and both databases. Limits follow the columns (``models.py``) and the order document's schema: a label is at most
120 characters, an email at most 254 (RFC 5321's path limit), an outline at most ``MAX_OUTLINE_POINTS`` points.
Unknown fields are refused (``additionalProperties: false``).
"""

from typing import Any

from fit.foot import MEASUREMENT_NAMES, SIDES, SOURCES

from ..orders.lifecycle import FACTORY_MOVES

#: Points in a foot outline: a photo gives 200; Cordwain assumption: ten times that is plenty for any scanner
#: while keeping one request and one order document small.
MAX_OUTLINE_POINTS = 2000
#: Outline points and measurements are millimetres; a foot fits in a 1 m box (the order document's ``mm`` range).
MAX_MM = 1000

CODE = {"type": "string", "minLength": 1, "maxLength": 40}
MM = {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_MM}
COORDINATE_MM = {"type": "number", "minimum": -MAX_MM, "maximum": MAX_MM}
MEASUREMENT_NAME = {"enum": list(MEASUREMENT_NAMES)}


def _closed(required: tuple[str, ...], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(required), "properties": properties}


FOOT = _closed(
    ("foot_length_mm", "ball_width_mm"),
    **{name: MM for name in MEASUREMENT_NAMES},
    side={"enum": list(SIDES)},
    outline_mm={"type": "array", "minItems": 8, "maxItems": MAX_OUTLINE_POINTS,
                "description": "Closed polygon, (x, y) mm in the foot frame (heel at y = 0).",
                "items": {"type": "array", "prefixItems": [COORDINATE_MM, COORDINATE_MM], "items": False,
                          "minItems": 2}},
    sources={"type": "object", "propertyNames": MEASUREMENT_NAME, "additionalProperties": {"enum": list(SOURCES)}},
    uncertainty_mm={"type": "object", "propertyNames": MEASUREMENT_NAME,
                    "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100}},
)

MEASUREMENTS = {**_closed(("left", "right"), units={"enum": ["mm"]},
                          left={"$ref": "#/components/schemas/Foot"}, right={"$ref": "#/components/schemas/Foot"}),
                "description": "As in the capture contract (docs/capture.md): millimetres, one object per foot."}

QUOTE_REQUEST = _closed(("style",), style=CODE,
                        options={"type": "object", "maxProperties": 40, "propertyNames": CODE,
                                 "additionalProperties": CODE})

CUSTOMER = _closed(("name", "email", "address", "country"),
                   name={"type": "string", "minLength": 1, "maxLength": 120},
                   email={"type": "string", "minLength": 3, "maxLength": 254},
                   address={"type": "string", "minLength": 1, "maxLength": 1000},
                   country={"type": "string", "pattern": "^[A-Za-z]{2}$",
                            "description": "ISO 3166-1 alpha-2, e.g. DE"})

TRANSITION_REQUEST = _closed(("to",), to={"enum": list(FACTORY_MOVES)},
                             note={"type": ["string", "null"], "maxLength": 2000},
                             tracking_number={"type": ["string", "null"], "maxLength": 80,
                                              "description": "Required when to is shipped."})

#: Request bodies by component name.
REQUESTS = {"Foot": FOOT, "Measurements": MEASUREMENTS, "QuoteRequest": QUOTE_REQUEST, "DesignRequest": QUOTE_REQUEST,
            "Customer": CUSTOMER, "TransitionRequest": TRANSITION_REQUEST}
