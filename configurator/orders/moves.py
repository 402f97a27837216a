"""The named moves of an order, one function each, used alike by the HTML views, the APIs and the CLI.

Each takes the session, records who did it on the timeline (``lifecycle.transition``)
and leaves the commit to the caller.
"""

from datetime import date, timedelta


from ..db import DbSession
from ..errors import ShopError
from ..clock import utcnow
from ..models import Factory, Order, OrderEvent, User
from .lifecycle import LABELS, TRANSITIONS, add_message, transition

#: States that mean the pair has been made (or is being made): a shopper cannot cancel from then on.
MADE = ("in_production", "shipped", "delivered")

#: Calendar days (weekends included) from release to the factory's due date: the demo factory's promise of
#: three weeks (Cordwain assumption, to be replaced by each factory's own lead time).
PRODUCTION_CALENDAR_DAYS = 21


def due_date_from(released_on: date) -> date:
    return released_on + timedelta(days=PRODUCTION_CALENDAR_DAYS)


#: Cordwain assumptions for the delivery estimate shown before ordering: a fitter checks a pair within
#: 3 days of ordering, and a tracked parcel arrives 2 to 7 days after the factory ships it.
FIT_REVIEW_DAYS = 3
SHIPPING_DAYS = (2, 7)


def delivery_window(ordered_on: date) -> tuple[date, date]:
    """When a pair ordered on ``ordered_on`` should arrive (earliest, latest), if the fit needs no changes."""
    shipped = due_date_from(ordered_on + timedelta(days=FIT_REVIEW_DAYS))
    return shipped + timedelta(days=SHIPPING_DAYS[0]), shipped + timedelta(days=SHIPPING_DAYS[1])


def release(session: DbSession, order: Order, factory: Factory, fitter: User, note: str = "") -> OrderEvent:
    """A fitter approves the fit and releases the order to ``factory``, with its due date."""
    event = transition(session, order, "released", actor=fitter.role, actor_name=fitter.name,
                       note=note or f"Fit approved; released to {factory.name}.")
    now = utcnow()
    order.factory, order.approved_by, order.approved_at = factory, fitter, now
    order.due_date = due_date_from(now.date())
    order.help_requested = False
    return event


def return_to_shopper(session: DbSession, order: Order, fitter: User, message: str) -> OrderEvent:
    """A fitter asks the shopper for new photos or values."""
    event = transition(session, order, "awaiting_shopper", actor=fitter.role, actor_name=fitter.name, note=message)
    order.help_requested = False
    return event


def cancel(session: DbSession, order: Order, *, actor: str, actor_name: str, note: str) -> OrderEvent:
    """Cancel the order (who may, and until when, is in ``lifecycle.TRANSITIONS``)."""
    return transition(session, order, "cancelled", actor=actor, actor_name=actor_name, note=note)


def cancel_by_shopper(session: DbSession, order: Order) -> OrderEvent:
    """The shopper cancels: only before production, and never a pair that was made once (a refit)."""
    if "cancelled" not in shopper_moves(order):
        raise ShopError(f"An order that is {LABELS[order.status].lower()}, or that was made once, can no longer "
                        "be cancelled here; ask a fitter below.", code="CANCEL_NOT_ALLOWED", status=409)
    return cancel(session, order, actor="shopper", actor_name="", note="Cancelled by the shopper.")


def shopper_moves(order: Order) -> list[str]:
    """The moves the order's page offers the shopper now (the same rules ``cancel_by_shopper`` enforces)."""
    offered = []
    if "shopper" in TRANSITIONS.get((order.status, "cancelled"), ()) and \
            not any(event.to_status in MADE for event in order.events):
        offered.append("cancelled")
    if order.status == "delivered":
        offered.append("refit")
    return offered


def request_refit(session: DbSession, order: Order, problem: str) -> OrderEvent:
    """After delivery the shopper says what is wrong; a fitter reviews the lasts again for a remake."""
    if "refit" not in shopper_moves(order):
        raise ShopError("A refit can be asked for once the pair is delivered.", code="REFIT_NOT_ALLOWED",
                        status=409)
    return transition(session, order, "in_fit_review", actor="shopper", note=f"Refit requested: {problem}",
                      kind="refit")


def ask_for_help(session: DbSession, order: Order, message: str) -> OrderEvent:
    """"Talk to a person": the order goes to the top of the fitters' queue."""
    event = add_message(session, order, actor="shopper", note=message, kind="help")
    order.help_requested = True
    return event


def answer_shopper(session: DbSession, order: Order, fitter: User, message: str) -> OrderEvent:
    event = add_message(session, order, actor=fitter.role, actor_name=fitter.name, note=message)
    order.help_requested = False
    return event


def require_awaiting_shopper(order: Order) -> None:
    if order.status != "awaiting_shopper":
        raise ShopError("This order is not waiting for new measurements.", code="ILLEGAL_TRANSITION", status=409)
