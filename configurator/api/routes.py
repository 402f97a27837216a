"""JSON API views: the shopper's path (design, measurements, order) for other clients, and the OpenAPI file."""

import hashlib
import json
from typing import Any

from flask import Blueprint, request

from fit.foot import read_measurements

from ..db import db
from ..errors import ShopError
from ..models import Job
from ..factory.package import order_schema
from ..orders.lookup import get_shopper_order
from ..orders.placing import check_customer, place_and_build
from ..shop import catalog
from ..shop.designs import get_design
from ..shop.feet import save_feet
from ..shop.lasts import build_lasts_later
from .body import validated_body
from .openapi import openapi_document
from .serializers import design_json, job_json, order_json, style_json

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
    """Store both feet and queue the lasts' build: 202 with the job (done already with the inline backend)."""
    design = get_design(design_id)
    save_feet(design, read_measurements(validated_body("Measurements")))
    db.session.commit()
    job = build_lasts_later(db.session, design)
    return {**design_json(design), "job": job_json(job)}, 202, {"Location": job_json(job)["links"]["self"]}


@bp.post("/designs/<design_id>/order")
def order_design(design_id: str) -> tuple[dict[str, Any], int]:
    """Place the design once: the same Idempotency-Key gives the same order; a second order is refused.

    Ordered before its lasts are built, the order waits for the build job, which completes it.
    """
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and len(key) > 200:
        raise ShopError("An Idempotency-Key has at most 200 characters (a UUID is fine).",
                        code="INVALID_IDEMPOTENCY_KEY", status=400)
    design, body = get_design(design_id), validated_body("Customer")
    digest = hashlib.sha256(json.dumps([request.path, body], sort_keys=True).encode()).hexdigest()
    order, placed_now = place_and_build(db.session, design, check_customer(body), key=key, request_sha256=digest)
    if not placed_now and (key is None or order.idempotency_key != key):
        raise ShopError(f"This design is already ordered ({order.reference}); start a new design for "
                        "another pair.", code="ALREADY_ORDERED", status=409)
    return order_json(order), 201


@bp.get("/orders/<order_id>")
def read_order(order_id):
    """The shopper's view of an order; ``order_id`` is the shopper token from the order's links."""
    return order_json(get_shopper_order(order_id)), 200, {"Cache-Control": "no-store"}


@bp.get("/jobs/<job_id>")
def read_job(job_id):
    job = db.session.scalar(db.select(Job).where(Job.public_id == job_id))
    if job is None:
        raise ShopError("There is no such job.", code="NOT_FOUND", status=404)
    return job_json(job)


@bp.get("/openapi.json")
def openapi_json():
    return openapi_document()


@bp.get("/schemas/order-v1.json")
def order_v1_schema():
    return order_schema()
