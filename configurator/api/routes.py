"""JSON API views: the shopper's path (design, measurements, order) for other clients, and the OpenAPI file."""

from flask import Blueprint

from fit.foot import read_measurements

from ..db import db
from ..factory.package import order_schema
from ..orders.lookup import get_order
from ..orders.placing import check_customer, place_order
from ..shop import catalog
from ..shop.designs import get_design
from ..shop.feet import save_feet
from ..shop.lasts import build_lasts_later
from .body import validated_body
from .openapi import openapi_document
from .serializers import design_json, order_json, style_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")

@bp.get("/styles")
def styles():
    return {"styles": [style_json(s) for s in catalog.styles(db.session)]}


@bp.post("/quotes")
def quote():
    body = validated_body("QuoteRequest")
    style = catalog.style_by_key(db.session, body["style"])
    price = catalog.quote(style, body.get("options") or {})
    return {"price_cents": price.price_cents, "currency": price.currency,
            "lines": [{"label": label, "cents": cents} for label, cents in price.lines]}


@bp.post("/designs")
def create_design():
    body = validated_body("DesignRequest")
    style = catalog.style_by_key(db.session, body["style"])
    design = catalog.create_design(db.session, style, body.get("options") or catalog.default_choices(style))
    db.session.commit()
    return design_json(design), 201


@bp.get("/designs/<design_id>")
def read_design(design_id):
    return design_json(get_design(design_id))


@bp.put("/designs/<design_id>/measurements")
def put_measurements(design_id):
    """Store both feet and build the lasts: with the inline job backend the answer carries them."""
    design = get_design(design_id)
    save_feet(design, read_measurements(validated_body("Measurements")))
    db.session.commit()
    build_lasts_later(design)
    return design_json(design)


@bp.post("/designs/<design_id>/order")
def order_design(design_id):
    design = get_design(design_id)
    order = place_order(db.session, design, check_customer(validated_body("Customer")))
    db.session.commit()
    return order_json(order), 201


@bp.get("/orders/<order_id>")
def read_order(order_id):
    return order_json(get_order(order_id))


@bp.get("/openapi.json")
def openapi_json():
    return openapi_document()


@bp.get("/schemas/order-v1.json")
def order_v1_schema():
    return order_schema()
