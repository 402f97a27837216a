"""Factory API views (/api/v1/factory): released orders, their packages, and the factory's moves.

A factory authenticates with ``Authorization: Bearer <token>`` and sees only the
orders routed to it; any other order is a 404, so existence does not leak.
POSTs carry an ``Idempotency-Key``: the same key and body replayed give the
stored answer and no second move.
"""

import base64
import hashlib
import json
import re
from datetime import datetime

from flask import Blueprint, Response, g, request, url_for
from sqlalchemy import and_, or_, select

from ..api.body import validated_body
from ..clock import iso_utc
from ..db import db
from ..errors import ShopError, json_error
from ..models import Order
from ..orders.lifecycle import BUILDABLE, FACTORY_MOVES, STATES, transition
from . import document
from .idempotency import once
from .package import package_filename
from .tokens import factory_for_token

bp = Blueprint("factory", __name__, url_prefix="/api/v1/factory")

MAX_LIMIT = 100


@bp.before_request
def authenticate():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    try:
        if scheme.lower() != "bearer" or not token.strip():
            raise ShopError("Send 'Authorization: Bearer <token>' with your factory's API token.",
                            code="UNAUTHENTICATED", status=401)
        g.factory = factory_for_token(db.session, token.strip())
    except ShopError as error:
        response = json_error(error)
        response.headers["WWW-Authenticate"] = 'Bearer realm="cordwain-factory"'
        return response
    return None


@bp.get("/orders")
def list_orders():
    status, limit = _status_arg(STATES), _limit_arg()
    query = _factory_orders(status).order_by(Order.placed_at, Order.id).limit(limit + 1)
    if request.args.get("cursor"):
        placed_at, order_id = _decode_cursor(request.args["cursor"])
        query = query.where(or_(Order.placed_at > placed_at,
                                and_(Order.placed_at == placed_at, Order.id > order_id)))
    orders = db.session.scalars(query).all()
    more = len(orders) > limit
    orders = orders[:limit]
    return {"orders": [order_summary(o) for o in orders],
            "next_cursor": _encode_cursor(orders[-1]) if more else None}


@bp.get("/orders.csv")
def planning_csv():
    orders = db.session.scalars(_factory_orders(_status_arg(BUILDABLE))).all()
    text = document.planning_rows(orders)
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{g.factory.code}-planning.csv"'})


@bp.get("/orders/<order_id>")
def read_order(order_id):
    return document.order_document(_in_production(_get_order(order_id)))


@bp.get("/orders/<order_id>/package")
def package(order_id):
    order = _in_production(_get_order(order_id))
    data = document.order_package(order)
    filename = package_filename({"reference": order.reference})
    response = Response(data, mimetype="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    response.set_etag(hashlib.sha256(data).hexdigest())
    response.cache_control.private, response.cache_control.no_cache = True, True
    return response.make_conditional(request)


@bp.post("/orders/<order_id>/transitions")
def move(order_id):
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        raise ShopError("Send an Idempotency-Key header (1-200 characters, e.g. a UUID) with every POST, and the "
                        "same key when you retry.", code="IDEMPOTENCY_KEY_REQUIRED", status=400)
    order = _get_order(order_id)
    body = _move_request(validated_body("TransitionRequest"))
    digest = hashlib.sha256(json.dumps([request.path, body], sort_keys=True).encode()).hexdigest()
    return once(g.factory.id, key, digest, lambda: _make_move(order, body))


def _move_request(body):
    to = body.get("to")
    if to not in FACTORY_MOVES:
        raise ShopError(f"'to' must be one of {', '.join(FACTORY_MOVES)}.", code="INVALID_FIELD", field="to",
                        status=422)
    cleaned = {"to": to}
    for name, limit in (("note", 2000), ("tracking_number", 80)):
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value.strip()) > limit):
            raise ShopError(f"'{name}' must be a string of at most {limit} characters.", code="INVALID_FIELD",
                            field=name, status=422)
        if value and value.strip():
            cleaned[name] = value.strip()
    if to == "shipped" and "tracking_number" not in cleaned:
        raise ShopError("Give the carrier's tracking number when the pair ships.", code="MISSING_FIELD",
                        field="tracking_number", status=422)
    return cleaned


def _make_move(order, body):
    factory = g.factory
    note = body.get("note") or ""
    if "tracking_number" in body:
        note = (note + " " if note else "") + f"Tracking number {body['tracking_number']}."
    transition(db.session, order, body["to"], actor="factory", actor_name=factory.code, note=note)
    if body["to"] == "shipped":
        order.tracking_number = body["tracking_number"]
    db.session.flush()
    return order_summary(order), 200


def order_summary(order):
    links = {"self": url_for("factory.read_order", order_id=order.public_id, _external=True),
             "transitions": url_for("factory.move", order_id=order.public_id, _external=True)}
    if order.status in BUILDABLE:
        links["package"] = url_for("factory.package", order_id=order.public_id, _external=True)
    return {"id": order.public_id, "reference": order.reference, "status": order.status,
            "placed_at": iso_utc(order.placed_at),
            "due_date": order.due_date.isoformat() if order.due_date else None,
            "style": order.snapshot["style"]["key"], "tracking_number": order.tracking_number, "links": links}


def _factory_orders(status):
    return select(Order).where(Order.factory_id == g.factory.id, Order.status == status)


def _get_order(order_id):
    order = db.session.scalar(select(Order).where(Order.public_id == order_id, Order.factory_id == g.factory.id))
    if order is None:
        raise ShopError("There is no such order for your factory.", code="NOT_FOUND", status=404)
    return order


def _in_production(order):
    if order.status not in BUILDABLE:
        raise ShopError(f"Order {order.reference} is {order.status.replace('_', ' ')}: there is nothing to make.",
                        code="NOT_RELEASED", status=409)
    return order


def _status_arg(allowed):
    status = request.args.get("status", "released")
    if status not in allowed:
        raise ShopError(f"status must be one of {', '.join(allowed)}.", code="INVALID_FIELD", field="status",
                        status=422)
    return status


def _limit_arg():
    raw = request.args.get("limit", "50")
    if not re.fullmatch(r"[0-9]{1,3}", raw) or not 1 <= int(raw) <= MAX_LIMIT:     # ASCII digits only, not "²"
        raise ShopError(f"limit must be a whole number from 1 to {MAX_LIMIT}.", code="INVALID_FIELD", field="limit",
                        status=422)
    return int(raw)


def _encode_cursor(order):
    raw = json.dumps([iso_utc(order.placed_at), order.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor):
    try:
        placed_at, order_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(order_id, int) or not 0 < order_id < 2**63:      # a BIGINT at most, on either database
            raise ValueError(order_id)
        return datetime.fromisoformat(placed_at), order_id
    except (ValueError, TypeError, RecursionError):
        raise ShopError("This cursor is not one we gave you; start again without it.", code="INVALID_CURSOR",
                        field="cursor", status=400) from None
