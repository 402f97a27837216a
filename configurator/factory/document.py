"""From a released order to what a factory builds from: the order-v1 document and its package.

The document is made from the order's frozen snapshot, so it never changes with
the catalog or the fit rules; the package uses the last files stored when the
lasts were built, so the same order always gives the same bytes.
"""

from collections.abc import Iterable
from typing import Any

from fit.foot import SIDES
from fit.report import Dimension, LastReport, RuleApplied, Sizes

from .. import storage
from ..clock import iso_utc
from ..errors import ShopError
from ..models import Order
from ..orders.lifecycle import BUILDABLE
from .package import PACKAGE_DRAWINGS, PACKAGE_FORMATS, ORDER_SCHEMA_VERSION, build_package, validate_order_document
from .planning import planning_csv


def order_document(order: Order) -> dict[str, Any]:
    """The order-v1 document of a released order (validated against the published schema)."""
    if (order.status not in BUILDABLE or order.factory is None or order.due_date is None
            or order.approved_by is None or order.approved_at is None):
        raise ShopError(f"Order {order.reference} is not released to a factory yet.", code="NOT_RELEASED",
                        status=409)
    snap = order.snapshot
    doc = {
        "schema": ORDER_SCHEMA_VERSION,
        "reference": order.reference,
        "placed_at": iso_utc(order.placed_at, "seconds"),
        "due_date": order.due_date.isoformat(),
        "factory": order.factory.code,
        # An opaque customer number: the factory needs no name, email or address (the shop ships).
        "customer": {"reference": f"c_{order.id:08d}", "ship_to_country": order.country},
        "design": {"style": snap["style"]["key"], "style_name": snap["style"]["name"],
                   "construction": snap["style"]["construction"], "options": snap["options"],
                   "price_cents": snap["price_cents"], "currency": snap["currency"]},
        "feet": {side: _foot_document(snap["lasts"][side], side) for side in SIDES},
        "approval": {"approved_by": order.approved_by.name, "approved_at": iso_utc(order.approved_at, "seconds")},
    }
    validate_order_document(doc)
    return doc


def order_package(order: Order) -> bytes:
    """The manufacturing package (zip bytes) of a released order."""
    lasts = {side: {name: storage.load(key) for name, key in order.snapshot["lasts"][side]["files"].items()
                    if name in PACKAGE_FORMATS or name in PACKAGE_DRAWINGS}
             for side in SIDES}
    return build_package(order_document(order), lasts)


def planning_rows(orders: Iterable[Order]) -> str:
    """The production-planning CSV of ``orders`` (one line per pair)."""
    return planning_csv([order_document(order) for order in orders])


def _foot_document(last: dict[str, Any], side: str) -> dict[str, Any]:
    """One foot's part of the document, from the typed report of its last (as stored when it was built)."""
    report = LastReport.from_dict(last["report"])
    measurements = {m.name: {"value_mm": m.value_mm, "source": m.source, "uncertainty_mm": m.uncertainty_mm}
                    for m in report.measurements}
    document: dict[str, Any] = {
        "measurements": measurements,
        "sizes": _size_labels(report.sizes),
        "rules_applied": [_rule(rule) for rule in report.rules if rule.text is None],
        "last": {
            "frame": report.frame,
            "heel_height_mm": report.spec["heel_height_mm"],
            "toe_spring_mm": report.spec["toe_spring_mm"],
            "target": _last_values(report.target),
            "measured": _last_values(report.measured_dimensions),
            "bottom_outline_mm": last["plan_outline_mm"],
            "files": {"3mf": f"{side}.3mf", "stl": f"{side}.stl",
                      **{PACKAGE_DRAWINGS[name]: f"{side}_{name}" for name in PACKAGE_DRAWINGS if name in last["files"]}},
        },
    }
    if report.sheet:
        document["last"]["measurement_sheet"] = {row.name: row.value_mm for row in report.sheet}
    if report.foot_outline_mm:
        document["outline_mm"] = report.foot_outline_mm
    return document


def _last_values(dimensions: tuple[Dimension, ...]) -> dict[str, float]:
    """Last dimensions under the document's names (``last_length_mm`` becomes ``length_mm``)."""
    renamed = {"last_length_mm": "length_mm"}
    return {renamed.get(d.name, d.name): round(d.value_mm, 2) for d in dimensions}


def _rule(rule: RuleApplied) -> dict[str, Any]:
    """A numeric rule in the document's units: mm, or a ratio as a percentage."""
    if rule.ratio is not None:
        return {"name": rule.name, "value": float(rule.ratio * 100), "unit": "%", "source": rule.source}
    return {"name": rule.name, "value": float(rule.value_mm or 0.0), "unit": "mm", "source": rule.source}


def _size_labels(sizes: Sizes) -> dict[str, str]:
    return {"eu": _label(sizes.eu), "uk": _label(sizes.uk), "us_men": _label(sizes.us_men),
            "us_women": _label(sizes.us_women), "mondopoint": f"{sizes.mondopoint}/{sizes.mondopoint_width}",
            "width": str(sizes.width)}


def _label(size: float) -> str:
    return f"{size:g}"
