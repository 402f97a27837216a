"""An order's life: which moves are legal, who may make them, and the timeline they leave.

    placed -> in_fit_review -> released -> accepted -> in_production -> shipped -> delivered
                 |    ^                                                              |
                 v    |                                                              |
           awaiting_shopper                          refit request: in_fit_review <--+
    cancelled: from any state before production.
"""

from typing import Any, cast

from sqlalchemy import CursorResult, update

from ..db import DbSession
from ..errors import ShopError
from ..clock import utcnow
from ..models import Order, OrderEvent
from . import notices

STATES = ("placed", "in_fit_review", "awaiting_shopper", "released", "accepted", "in_production",
          "shipped", "delivered", "cancelled")

LABELS = {"placed": "Placed", "in_fit_review": "In fit review", "awaiting_shopper": "Waiting for you",
          "released": "Released to the factory", "accepted": "Accepted by the factory",
          "in_production": "In production", "shipped": "Shipped", "delivered": "Delivered",
          "cancelled": "Cancelled"}

#: States in which an order is the factory's to build from: released and every later state but cancelled.
BUILDABLE = ("released", "accepted", "in_production", "shipped", "delivered")
#: The moves a factory reports through its API.
FACTORY_MOVES = ("accepted", "in_production", "shipped", "delivered")

STAFF = {"fitter", "admin"}
#: (from, to) -> the actors who may make that move.
TRANSITIONS = {
    ("placed", "in_fit_review"): {"system"},
    ("in_fit_review", "released"): STAFF,
    ("in_fit_review", "awaiting_shopper"): STAFF,
    ("awaiting_shopper", "in_fit_review"): {"shopper"} | STAFF,
    ("released", "accepted"): {"factory"},
    ("accepted", "in_production"): {"factory"},
    ("in_production", "shipped"): {"factory"},
    ("shipped", "delivered"): {"factory", "shopper"} | STAFF,
    ("delivered", "in_fit_review"): {"shopper"} | STAFF,        # a refit request: remake after review
    **{(state, "cancelled"): {"shopper"} | STAFF
       for state in ("placed", "in_fit_review", "awaiting_shopper")},
    ("released", "cancelled"): STAFF,
    ("accepted", "cancelled"): {"admin"},
}


def allowed_moves(order: Order, actor: str) -> list[str]:
    return [to for (frm, to), actors in TRANSITIONS.items() if frm == order.status and actor in actors]


def transition(session: DbSession, order: Order, to_status: str, *, actor: str, actor_name: str = "", note: str = "",
               kind: str = "transition") -> OrderEvent:
    """Move ``order`` to ``to_status`` and record who did it.

    The move is a compare-and-set on the current status, so two clients making
    the same move at the same moment cannot both succeed: the second gets a 409.
    The caller commits.
    """
    from_status = order.status
    if to_status not in STATES:
        raise ShopError(f"{to_status!r} is not an order status; use one of {', '.join(STATES)}.",
                        code="UNKNOWN_STATUS", status=422, field="status")
    if actor not in TRANSITIONS.get((from_status, to_status), ()):
        raise ShopError(f"An order that is {LABELS[from_status].lower()} cannot be moved to "
                        f"{LABELS[to_status].lower()} by the {actor}.", code="ILLEGAL_TRANSITION", status=409)
    moved = cast(CursorResult[Any], session.execute(
        update(Order).where(Order.id == order.id, Order.status == from_status)
        .values(status=to_status).execution_options(synchronize_session=False)))
    if moved.rowcount != 1:
        raise ShopError("Someone else changed this order at the same moment; reload it and try again.",
                        code="CONFLICT", status=409)
    session.refresh(order, ["status"])
    event = OrderEvent(from_status=from_status, to_status=to_status, actor=actor, actor_name=actor_name,
                       note=note, kind=kind, created_at=utcnow())
    order.events.append(event)
    session.flush()
    notices.after_event(session, order, event)      # the shopper's mail, sent when the caller commits
    return event


def add_message(session: DbSession, order: Order, *, actor: str, actor_name: str = "", note: str,
                kind: str = "message") -> OrderEvent:
    """A timeline entry that does not change the status (a question, a note, a rebuilt last)."""
    event = OrderEvent(from_status=order.status, to_status=order.status, actor=actor, actor_name=actor_name,
                       note=note, kind=kind, created_at=utcnow())
    order.events.append(event)
    session.flush()
    notices.after_event(session, order, event)      # the shopper's mail, sent when the caller commits
    return event
