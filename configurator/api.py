"""JSON API, version 1: the shopper's path (design, measurements, order) for other clients.

Errors are ``{"error": {"code": ..., "message": ..., "field": ...}}`` with a 4xx status.
"""

from flask import Blueprint, request, url_for

from fit.foot import read_measurements

from . import catalog
from .db import db
from .designs import get_design
from .errors import ShopError
from .fitting import build_lasts, save_feet
from .models import Order
from .orders import get_order
from .ordering import check_customer, place_order

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def json_body():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ShopError("Send a JSON object with Content-Type: application/json.", code="INVALID_JSON")
    return body


@bp.get("/styles")
def styles():
    return {"styles": [style_json(s) for s in catalog.styles(db.session)]}


@bp.post("/quotes")
def quote():
    body = json_body()
    style = catalog.style_by_key(db.session, str(body.get("style", "")))
    price = catalog.quote(style, body.get("options") or {})
    return {"price_cents": price.price_cents, "currency": price.currency,
            "lines": [{"label": label, "cents": cents} for label, cents in price.lines]}


@bp.post("/designs")
def create_design():
    body = json_body()
    style = catalog.style_by_key(db.session, str(body.get("style", "")))
    design = catalog.create_design(db.session, style, body.get("options") or catalog.default_choices(style))
    db.session.commit()
    return design_json(design), 201


@bp.get("/designs/<design_id>")
def read_design(design_id):
    return design_json(get_design(design_id))


@bp.put("/designs/<design_id>/measurements")
def put_measurements(design_id):
    design = get_design(design_id)
    save_feet(design, read_measurements(json_body()))
    build_lasts(db.session, design)
    db.session.commit()
    return design_json(design)


@bp.post("/designs/<design_id>/order")
def order_design(design_id):
    design = get_design(design_id)
    order = place_order(db.session, design, check_customer(json_body()))
    db.session.commit()
    return order_json(order), 201


@bp.get("/orders/<order_id>")
def read_order(order_id):
    return order_json(get_order(order_id))


def style_json(style):
    return {"key": style.key, "name": style.name, "construction": style.construction,
            "base_price_cents": style.base_price_cents, "currency": style.currency,
            "option_groups": [{"key": g.key, "label": g.label, "options": [
                {"code": o.code, "label": o.label, "price_delta_cents": o.price_delta_cents} for o in g.options]}
                for g in style.groups]}


def design_json(design):
    return {
        "id": design.public_id, "style": design.style.key, "options": design.choices,
        "price_cents": design.price_cents, "currency": design.style.currency, "feet": design.feet,
        "lasts": {last.side: {"table": last.table,
                              "files": {fmt: url_for("designs.last_file", design_id=design.public_id,
                                                     side=last.side, fmt=fmt, _external=True)
                                        for fmt in last.files}}
                  for last in design.lasts},
    }


def order_json(order: Order):
    return {
        "id": order.public_id, "reference": order.reference, "status": order.status,
        "placed_at": order.placed_at.isoformat() + "Z", "payment": "to be invoiced",
        "design": {k: order.snapshot[k] for k in ("style", "options", "price_cents", "currency")},
        "feet": order.snapshot["feet"],
        "timeline": [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "actor_name": e.actor_name,
                      "note": e.note, "at": e.created_at.isoformat() + "Z"} for e in order.events],
    }
