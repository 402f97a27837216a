"""The shopper's order page: what was ordered, its status and its timeline."""

from flask import Blueprint, abort, render_template

from .db import db
from .models import Order

bp = Blueprint("orders", __name__, url_prefix="/orders")


def get_order(order_id):
    """The order with public id ``order_id``; ids are unguessable, so the link is the key."""
    order = db.session.scalar(db.select(Order).where(Order.public_id == order_id))
    if order is None:
        abort(404, "There is no such order. Check the link in your confirmation email.")
    return order


@bp.get("/<order_id>")
def show(order_id):
    return render_template("orders/show.html", order=get_order(order_id))
