"""Rows as the API's published bodies (see ``openapi.py`` for their schemas)."""

from typing import Any

from flask import url_for

from ..clock import iso_utc
from ..models import Design, Job, Order, Style


def style_json(style: Style) -> dict[str, Any]:
    return {"key": style.key, "name": style.name, "construction": style.construction,
            "base_price_cents": style.base_price_cents, "currency": style.currency,
            "option_groups": [{"key": g.key, "label": g.label, "options": [
                {"code": o.code, "label": o.label, "price_delta_cents": o.price_delta_cents} for o in g.options]}
                for g in style.groups]}


def design_json(design: Design) -> dict[str, Any]:
    return {
        "id": design.public_id, "style": design.style.key, "options": design.choices,
        "price_cents": design.price_cents, "currency": design.style.currency, "feet": design.feet,
        "lasts": {last.side: {"table": last.table,
                              "files": {fmt: url_for("shop.last_file", design_id=design.public_id,
                                                     side=last.side, fmt=fmt, _external=True)
                                        for fmt in last.files}}
                  for last in design.lasts},
    }


def job_json(job: Job) -> dict[str, Any]:
    """A tracked job's state; ``error`` is set once it failed."""
    return {"id": job.public_id, "kind": job.kind, "state": job.state, "attempts": job.attempts,
            "error": {"code": job.error_code, "message": job.error_message} if job.state == "failed" else None,
            "links": {"self": url_for("api.read_job", job_id=job.public_id, _external=True)}}


def order_json(order: Order) -> dict[str, Any]:
    """The shopper's view of an order. ``id`` is the public order id (the one factories see); the shopper's
    own links carry the order's secret shopper token."""
    return {
        "id": order.public_id, "reference": order.reference, "status": order.status,
        "links": {"self": url_for("api.read_order", order_id=order.shopper_token, _external=True),
                  "page": url_for("orders.show", order_id=order.shopper_token, _external=True)},
        "placed_at": iso_utc(order.placed_at), "payment": "to be invoiced",
        "design": {k: order.snapshot[k] for k in ("style", "options", "price_cents", "currency")},
        "feet": order.snapshot["feet"],
        "timeline": [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "actor_name": e.actor_name,
                      "note": e.note, "at": iso_utc(e.created_at)} for e in order.events],
    }
