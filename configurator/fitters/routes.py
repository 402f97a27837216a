"""The fitters' pages: queue, one order, regenerate its lasts, approve (release), return, answer."""

from flask import Blueprint, flash, g, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from .. import storage
from ..db import db
from fit.errors import FitError

from ..errors import ShopError, required_text
from ..orders import moves
from ..orders.lifecycle import LABELS
from ..orders.lookup import get_order, send_last_preview
from ..staff.access import staff_required
from . import services
from .services import FITTER_ALLOWANCES

bp = Blueprint("fitters", __name__, url_prefix="/fitter", template_folder="templates")

@bp.get("/")
@staff_required()
def queue():
    waiting, returned = services.queue(db.session)
    return render_template("fitters/queue.html", waiting=waiting, returned=returned,
                           warnings={order.id: services.capture_warnings(order) for order in waiting})


@bp.get("/orders/<order_id>")
@staff_required()
def order(order_id):
    return _order_page(get_order(order_id))


def _order_page(order, error=None, typed=None):
    """The fit review page; after a refused adjustment, the form again with the fitter's values and the error."""
    rules = services.order_rules(order)
    values = {name: (typed or {}).get(name, getattr(rules, name)) for name in FITTER_ALLOWANCES}
    errors = {error.field or FITTER_ALLOWANCES[0]: error.message} if error else {}
    return render_template("fitters/order.html", order=order, factories=services.factories(db.session),
                           labels=LABELS, rules=rules, allowances=FITTER_ALLOWANCES, values=values, error=error,
                           errors=errors, captures=services.order_captures(order)), (error.status if error else 200)


@bp.get("/orders/<order_id>/lasts/<side>.glb")
@staff_required()
def last_preview(order_id, side):
    """The order's last for the 3D preview (the shopper's page has its own, under the shopper's link)."""
    return send_last_preview(get_order(order_id), side)


_DRAWING_TYPES = {"svg": "image/svg+xml", "dxf": "image/vnd.dxf"}


@bp.get("/orders/<order_id>/drawings/<side>/<name>")
@staff_required()
def drawing(order_id, side, name):
    """One of the last's drawings (bottom pattern, curves, sections) as the factory gets it."""
    key = services.drawing(get_order(order_id), side, name)
    return send_file(storage.path(key), mimetype=_DRAWING_TYPES[name.rsplit(".", 1)[-1]],
                     download_name=f"{side}_{name}", max_age=0)


@bp.get("/orders/<order_id>/captures/<side>/<kind>")
@staff_required()
def capture_file(order_id, side, kind):
    """The photo with its measured outline (``overlay``) or the 3D foot in the last's frame (``preview``)."""
    key = services.capture_file(get_order(order_id), side, kind)
    return send_file(storage.path(key), mimetype="image/jpeg" if kind == "overlay" else "model/gltf-binary",
                     max_age=0)


@bp.post("/orders/<order_id>/regenerate")
@staff_required()
def regenerate(order_id):
    order = get_order(order_id)
    try:
        services.rebuild_order_lasts(db.session, order, services.allowances_from_form(request.form), g.user)
    except (ShopError, FitError) as refused:
        db.session.rollback()
        error = refused if isinstance(refused, ShopError) else ShopError.from_fit_error(refused)
        return _order_page(order, error, request.form)
    db.session.commit()
    flash("Lasts regenerated with your allowances.")
    return redirect(url_for("fitters.order", order_id=order.public_id))


@bp.post("/orders/<order_id>/approve")
@staff_required()
def approve(order_id):
    order = get_order(order_id)
    factory = services.factory_by_form_code(db.session, request.form.get("factory", ""))
    moves.release(db.session, order, factory, g.user, note=request.form.get("note", "").strip())
    return _back_to_queue(f"Order {order.reference} released to {factory.name}.")


@bp.post("/orders/<order_id>/return")
@staff_required()
def return_to_shopper(order_id):
    order = get_order(order_id)
    message = required_text(request.form, "message", "Write the shopper a message: what to retake or which value "
                                                     "to check.")
    moves.return_to_shopper(db.session, order, g.user, message)
    return _back_to_queue(f"Order {order.reference} returned to the shopper.")


def _back_to_queue(message: str) -> Response:
    """After a move that takes the order off the fitter's desk: commit it, say so, show the queue."""
    db.session.commit()
    flash(message)
    return redirect(url_for("fitters.queue"))


@bp.post("/orders/<order_id>/answer")
@staff_required()
def answer(order_id):
    order = get_order(order_id)
    moves.answer_shopper(db.session, order, g.user, required_text(request.form, "message",
                                                                  "Write the answer the shopper will read."))
    db.session.commit()
    return redirect(url_for("fitters.order", order_id=order.public_id))
