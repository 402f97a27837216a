"""Finding an order from a link or a reference."""

from flask import abort

from ..db import db, DbSession
from ..models import Order


def get_order(order_id: str) -> Order:
    """The order with public id ``order_id``; ids are unguessable, so the link is the key. 404 otherwise."""
    order = db.session.scalar(db.select(Order).where(Order.public_id == order_id))
    if order is None:
        abort(404, "There is no such order. Check the link in your confirmation email.")
    return order


def find_order(session: DbSession, reference_or_id: str) -> Order | None:
    """The order with this reference (CW-...) or public id, for the command line."""
    return session.scalar(db.select(Order).where(db.or_(Order.reference == reference_or_id.upper(),
                                                        Order.public_id == reference_or_id)))
