"""Finding an order from a link or a reference."""

from flask import Response, abort, send_file

from .. import storage

from ..db import db, DbSession
from ..models import Order


def get_order(order_id: str) -> Order:
    """The order with public id ``order_id``, for staff pages (behind sign-in). 404 otherwise."""
    order = db.session.scalar(db.select(Order).where(Order.public_id == order_id))
    if order is None:
        abort(404, "There is no such order.")
    return order


def get_shopper_order(shopper_token: str) -> Order:
    """The order whose shopper link is ``shopper_token``: a secret of the shopper's, never the public id that
    factories and fitters use. 404 otherwise."""
    order = db.session.scalar(db.select(Order).where(Order.shopper_token == shopper_token))
    if order is None:
        abort(404, "There is no such order. Check the link in your confirmation email.")
    return order


def find_order(session: DbSession, reference_or_id: str) -> Order | None:
    """The order with this reference (CW-...) or public id, for the command line."""
    return session.scalar(db.select(Order).where(db.or_(Order.reference == reference_or_id.upper(),
                                                        Order.public_id == reference_or_id)))


def send_last_preview(order: Order, side: str) -> Response:
    """The order's own copy of a last as glb, for a 3D preview; 404 when it has none (not built yet)."""
    files = order.snapshot.get("lasts", {}).get(side, {}).get("files", {})
    if "glb" not in files:
        abort(404, "This last has no preview.")
    return send_file(storage.path(files["glb"]), mimetype="model/gltf-binary", max_age=0)
