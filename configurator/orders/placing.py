"""Placing an order: checks, a frozen snapshot of the design, and the order's timeline."""

import secrets

from collections.abc import Mapping
from typing import Any


from .. import storage
from ..db import DbSession
from ..errors import ShopError
from ..clock import utcnow
from ..models import Design, Order, OrderEvent
from ..shop.catalog import describe_choices, last_options
from .customer import check_customer as check_customer   # the API and the order form check details here
from .lifecycle import transition
from .moves import require_awaiting_shopper

# No 0/O, 1/I/L: references are read out on the phone and typed from paper tickets.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    return "CW-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


def place_order(session: DbSession, design: Design, customer: Mapping[str, str]) -> Order:
    """Place ``design`` as an order "to be invoiced" for ``customer`` (cleaned by ``check_customer``)."""
    if not design.feet:
        raise ShopError("Give both feet's measurements before ordering.", code="NO_MEASUREMENTS", status=409)
    if len(design.lasts) != 2:
        raise ShopError("The lasts for this design are not built yet; please review the fit first.",
                        code="NO_LASTS", status=409)
    order = Order(reference=new_reference(), design=design, customer_name=customer["name"],
                  email=customer["email"], address=customer["address"], country=customer["country"],
                  status="placed", placed_at=utcnow())
    order.snapshot = snapshot(design, files_prefix=f"orders/{order.reference}")
    order.events.append(OrderEvent(from_status=None, to_status="placed", actor="shopper",
                                   actor_name=customer["name"], note="Placed, to be invoiced."))
    session.add(order)
    session.flush()
    # Every machine-made fit waits for a person before anything is made.
    transition(session, order, "in_fit_review", actor="system", note="Waiting for a fitter to check the lasts.")
    return order


def snapshot(design: Design, files_prefix: str) -> dict[str, Any]:
    """Everything about the design as it is now; later catalog or rule changes never alter it.

    The last files are copied under ``files_prefix`` so a later rebuild of the design leaves them alone.
    """
    style = design.style
    return {
        "style": {"key": style.key, "name": style.name, "construction": style.construction},
        "options": describe_choices(style, design.choices),
        "last_options": last_options(style, design.choices),
        "overrides": {},
        "price_cents": design.price_cents,
        "currency": style.currency,
        "feet": design.feet,
        "lasts": lasts_snapshot(design, files_prefix),
    }


def lasts_snapshot(design: Design, files_prefix: str) -> dict[str, Any]:
    """The design's lasts with their files copied under ``files_prefix``."""
    return {last.side: {"report": last.report, "table": last.table, "plan_outline_mm": last.plan_outline_mm,
                        "files": _copy_files(last.files, files_prefix, last.side)}
            for last in design.lasts}


def _copy_files(files: Mapping[str, str], prefix: str, side: str) -> dict[str, str]:
    return {fmt: storage.save(f"{prefix}/{side}.{fmt}", storage.load(key)) for fmt, key in files.items()}


def resubmit(session: DbSession, order: Order, design: Design) -> None:
    """The shopper answered a fitter's request: take the design's new feet and lasts back to review."""
    require_awaiting_shopper(order)
    order.snapshot = {**order.snapshot, "feet": design.feet,
                      "lasts": lasts_snapshot(design, f"orders/{order.reference}")}
    transition(session, order, "in_fit_review", actor="shopper", actor_name=order.customer_name,
               note="New measurements sent.")
