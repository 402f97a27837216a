"""From a released order to what a factory builds from: the order-v1 document and its package.

The document is made from the order's frozen snapshot, so it never changes with
the catalog or the fit rules; the package uses the last files stored when the
lasts were built, so the same order always gives the same bytes.
"""

from fit.foot import MEASUREMENT_NAMES, SIDES

from .. import storage
from ..clock import iso_utc
from ..errors import ShopError
from ..orders.lifecycle import BUILDABLE
from .package import PACKAGE_DRAWINGS, PACKAGE_FORMATS, ORDER_SCHEMA_VERSION, build_package, validate_order_document
from .planning import planning_csv

_RULE_UNITS = {"mm": "mm", "%": "%", "deg": "deg"}


def order_document(order):
    """The order-v1 document of a released order (validated against the published schema)."""
    if order.status not in BUILDABLE or order.factory is None:
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


def order_package(order):
    """The manufacturing package (zip bytes) of a released order."""
    lasts = {side: {name: storage.load(key) for name, key in order.snapshot["lasts"][side]["files"].items()
                    if name in PACKAGE_FORMATS or name in PACKAGE_DRAWINGS}
             for side in SIDES}
    return build_package(order_document(order), lasts)


def planning_rows(orders):
    """The production-planning CSV of ``orders`` (one line per pair)."""
    return planning_csv([order_document(order) for order in orders])


def _foot_document(last, side):
    report = last["report"]
    foot = report["foot"]
    measurements = {name: {"value_mm": foot[name], "source": foot["sources"].get(name, "typed"),
                           "uncertainty_mm": foot.get("uncertainty_mm", {}).get(name)}
                    for name in MEASUREMENT_NAMES if name in foot}
    spec, measured = report["spec"], report["measured"]
    document = {
        "measurements": measurements,
        "sizes": _size_labels(report["sizes"]),
        "rules_applied": _rules(report["rules"]),
        "last": {
            "frame": report["mesh"]["frame"],
            "heel_height_mm": spec["heel_height_mm"],
            "toe_spring_mm": spec["toe_spring_mm"],
            "target": _last_values(spec),
            "measured": _last_values(measured),
            "bottom_outline_mm": last["plan_outline_mm"],
            "files": {"3mf": f"{side}.3mf", "stl": f"{side}.stl",
                      **{PACKAGE_DRAWINGS[name]: f"{side}_{name}" for name in PACKAGE_DRAWINGS if name in last["files"]}},
        },
    }
    if report.get("sheet"):
        document["last"]["measurement_sheet"] = {row["name"]: row["value_mm"] for row in report["sheet"]}
    if foot.get("outline_mm"):
        document["outline_mm"] = foot["outline_mm"]
    return document


def _last_values(values):
    """Last measurements under the document's names (``last_length_mm`` becomes ``length_mm``)."""
    renamed = {"last_length_mm": "length_mm"}
    return {renamed.get(name, name): round(float(value), 2) for name, value in values.items()
            if name.endswith("_mm") and name not in ("foot_length_mm",) and not name.endswith("_s_mm")
            and isinstance(value, (int, float))}


def _rules(rules):
    applied = []
    for rule in rules:
        value, unit = rule["value"], rule["unit"]
        if unit == "of foot length":             # a fraction: the document states percentages
            value, unit = value * 100, "%"
        if isinstance(value, (int, float)) and unit in _RULE_UNITS:
            applied.append({"name": rule["name"], "value": float(value), "unit": unit, "source": rule["source"]})
    return applied


def _size_labels(sizes):
    return {"eu": _label(sizes["eu"]), "uk": _label(sizes["uk"]), "us_men": _label(sizes["us_men"]),
            "us_women": _label(sizes["us_women"]),
            "mondopoint": f"{sizes['mondopoint']}/{sizes['mondopoint_width']}", "width": str(sizes["width"])}


def _label(size):
    return f"{size:g}"
