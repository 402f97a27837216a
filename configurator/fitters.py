"""The fitters' desk: a queue of machine-made fits, and approving, adjusting or returning each one."""

from datetime import timedelta

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from .auth import staff_required
from .db import db
from .errors import ShopError, required_text
from .lifecycle import LABELS, add_message, transition
from .models import Factory, Order, utcnow
from .orders import get_order
from .ordering import FITTER_ALLOWANCES, order_rules, rebuild_order_lasts

bp = Blueprint("fitters", __name__, url_prefix="/fitter")
#: Working days from release to the factory's due date (the demo factory's promise).
PRODUCTION_DAYS = 21


@bp.get("/")
@staff_required()
def queue():
    waiting = db.session.scalars(
        db.select(Order).where(db.or_(Order.status == "in_fit_review", Order.help_requested.is_(True)))
        .order_by(Order.help_requested.desc(), Order.placed_at)).all()
    returned = db.session.scalars(db.select(Order).where(Order.status == "awaiting_shopper")
                                  .order_by(Order.placed_at)).all()
    return render_template("fitters/queue.html", waiting=waiting, returned=returned)


@bp.get("/orders/<order_id>")
@staff_required()
def order(order_id):
    order = get_order(order_id)
    factories = db.session.scalars(db.select(Factory).order_by(Factory.code)).all()
    return render_template("fitters/order.html", order=order, factories=factories, labels=LABELS,
                           rules=order_rules(order), allowances=FITTER_ALLOWANCES)


@bp.post("/orders/<order_id>/regenerate")
@staff_required()
def regenerate(order_id):
    order = get_order(order_id)
    overrides = {}
    for name in FITTER_ALLOWANCES:
        raw = request.form.get(name, "").strip()
        if raw:
            try:
                overrides[name] = float(raw)
            except ValueError:
                raise ShopError(f"{name.removesuffix('_mm').replace('_', ' ').capitalize()} must be a number of mm.",
                                code="INVALID_ALLOWANCE", field=name, status=422) from None
    rebuild_order_lasts(db.session, order, overrides, g.user)      # an impossible allowance is a FitError: 422
    db.session.commit()
    flash("Lasts regenerated with your allowances.")
    return redirect(url_for("fitters.order", order_id=order.public_id))


@bp.post("/orders/<order_id>/approve")
@staff_required()
def approve(order_id):
    order = get_order(order_id)
    factory = db.session.scalar(db.select(Factory).where(Factory.code == request.form.get("factory", "")))
    if factory is None:
        raise ShopError("Choose the factory that will make this order.", code="NO_FACTORY", field="factory",
                        status=422)
    transition(db.session, order, "released", actor=g.user.role, actor_name=g.user.name,
               note=request.form.get("note", "").strip() or f"Fit approved; released to {factory.name}.")
    order.factory, order.approved_by, order.approved_at = factory, g.user, utcnow()
    order.due_date = (utcnow() + timedelta(days=PRODUCTION_DAYS)).date()
    order.help_requested = False
    db.session.commit()
    flash(f"Order {order.reference} released to {factory.name}.")
    return redirect(url_for("fitters.queue"))


@bp.post("/orders/<order_id>/return")
@staff_required()
def return_to_shopper(order_id):
    order = get_order(order_id)
    message = required_text(request.form, "message", "Write the shopper a message: what to retake or which value "
                                                     "to check.")
    transition(db.session, order, "awaiting_shopper", actor=g.user.role, actor_name=g.user.name, note=message)
    order.help_requested = False
    db.session.commit()
    flash(f"Order {order.reference} returned to the shopper.")
    return redirect(url_for("fitters.queue"))


@bp.post("/orders/<order_id>/answer")
@staff_required()
def answer(order_id):
    order = get_order(order_id)
    message = required_text(request.form, "message", "Write the answer the shopper will read.")
    add_message(db.session, order, actor=g.user.role, actor_name=g.user.name, note=message)
    order.help_requested = False
    db.session.commit()
    return redirect(url_for("fitters.order", order_id=order.public_id))
