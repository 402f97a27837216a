"""The shopper's order page: what was ordered, who checked the fit, the timeline, and asking for help."""

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..db import db
from ..jobs import latest_job
from ..errors import required_text
from . import moves, notices
from .lifecycle import LABELS
from .lookup import get_shopper_order, send_last_preview
from .placing import resubmit

bp = Blueprint("orders", __name__, url_prefix="/orders", template_folder="templates")

@bp.get("/<order_id>")
def show(order_id):
    """The shopper's page; ``order_id`` is the shopper's own link token, never the public order id."""
    order = get_shopper_order(order_id)
    build = None if order.snapshot.get("lasts") else latest_job(db.session, "build_lasts", order.design)
    response = make_response(render_template("orders/show.html", order=order, labels=LABELS, build=build,
                                              shopper_moves=moves.shopper_moves(order)))
    response.headers["Cache-Control"] = "no-store"      # name and address: personal data
    return response


@bp.get("/<order_id>/lasts/<side>.glb")
def last_preview(order_id, side):
    return send_last_preview(get_shopper_order(order_id), side)


@bp.post("/<order_id>/help")
def ask_for_help(order_id):
    """"Talk to a person": lands at the top of the fitters' queue."""
    message = request.form.get("message", "").strip() or "Please contact me about my fit."
    moves.ask_for_help(db.session, get_shopper_order(order_id), message)
    return _back_to_order(order_id, "A fitter will answer you here and by email.")


@bp.post("/<order_id>/refit")
def request_refit(order_id):
    """After delivery: tell us what is wrong; a fitter reviews the lasts again for a remake."""
    order = get_shopper_order(order_id)
    problem = required_text(request.form, "problem",
                            "Tell us where the shoe does not fit (e.g. tight at the ball, heel slips).")
    moves.request_refit(db.session, order, problem)
    return _back_to_order(order_id, "Your refit request is with our fitters.")


@bp.route("/<order_id>/cancel", methods=["GET", "POST"])
def cancel(order_id):
    """Cancelling asks first (a page saying what happens), then cancels on the confirming post."""
    order = get_shopper_order(order_id)
    allowed = moves.shopper_moves(order)
    # An order past cancelling gets its refusal from the move itself (409 CANCEL_NOT_ALLOWED), not the question.
    if request.method == "GET" or ("cancelled" in allowed and request.form.get("confirm") != "yes"):
        return render_template("orders/cancel.html", order=order, labels=LABELS, shopper_moves=allowed)
    moves.cancel_by_shopper(db.session, order)
    return _back_to_order(order_id, "Your order is cancelled; we emailed you a confirmation.")


@bp.post("/<order_id>/email-link")
def email_link(order_id):
    """Mail the order's link to the address it was placed with (never to an address typed here)."""
    order = get_shopper_order(order_id)
    notices.send_order_link(db.session, order)
    db.session.commit()
    flash(f"We emailed the link to this page to {order.email}.")
    return redirect(url_for("orders.show", order_id=order_id))


@bp.post("/<order_id>/new-link")
def new_link(order_id: str) -> Response:
    """Revoke this page's link for a new one (when the old one reached someone it should not have)."""
    order = get_shopper_order(order_id)
    token = notices.replace_order_link(db.session, order)
    db.session.commit()
    flash(f"This is your order's new link; the old one no longer works. We emailed the new one to {order.email}.")
    return redirect(url_for("orders.show", order_id=token))


@bp.post("/<order_id>/resubmit")
def resend_measurements(order_id):
    """After a fitter asked for new values: send the design's current feet and lasts back for review."""
    order = get_shopper_order(order_id)
    resubmit(db.session, order, order.design)
    return _back_to_order(order_id, "Thank you: a fitter will check your new measurements.")


def _back_to_order(order_id: str, message: str) -> Response:
    """After a shopper's move: commit it, say what happens next, show the order page again."""
    db.session.commit()
    flash(message)
    return redirect(url_for("orders.show", order_id=order_id))
