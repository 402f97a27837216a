"""A design's pages: typed measurements, the fit review with the 3D preview, and the order form."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from fit.errors import InvalidSpec
from fit.foot import SIDES

from . import storage
from .db import db
from .errors import ShopError
from .fitting import FORM_FIELDS, feet_from_form, save_feet
from .jobs import enqueue
from .models import Design, Order
from .ordering import check_customer, place_order

bp = Blueprint("designs", __name__, url_prefix="/designs")
_MEDIA_TYPES = {"glb": "model/gltf-binary", "stl": "model/stl", "3mf": "model/3mf"}


def get_design(design_id):
    design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
    if design is None:
        abort(404, "There is no such design. Check the link, or start again from the catalog.")
    return design


@bp.route("/<design_id>/feet", methods=["GET", "POST"])
def feet(design_id):
    design = get_design(design_id)
    error, values = None, _form_values(design)
    if request.method == "POST":
        values = request.form
        try:
            save_feet(design, feet_from_form(request.form))
            db.session.commit()
            enqueue("build_lasts_job", design_id=design.id)
            return redirect(url_for("designs.review", design_id=design.public_id))
        except InvalidSpec as exc:
            db.session.rollback()
            error = exc
    return render_template("designs/feet.html", design=design, values=values, error=error,
                           fields=FORM_FIELDS, sides=SIDES), (422 if error else 200)


@bp.get("/<design_id>/review")
def review(design_id):
    design = get_design(design_id)
    if not design.feet or set(design.feet) != set(SIDES):
        return redirect(url_for("designs.feet", design_id=design.public_id))
    if len(design.lasts) != 2:       # the build job has not finished yet (a worker may be on it)
        return render_template("designs/building.html", design=design), 202
    return render_template("designs/review.html", design=design, sides=SIDES)


@bp.get("/<design_id>/lasts/<side>.<fmt>")
def last_file(design_id, side, fmt):
    last = get_design(design_id).last(side)
    if last is None or fmt not in last.files:
        abort(404, "This last has not been built yet.")
    return send_file(storage.path(last.files[fmt]), mimetype=_MEDIA_TYPES[fmt],
                     download_name=f"{side}.{fmt}", max_age=0)


@bp.route("/<design_id>/order", methods=["GET", "POST"])
def order(design_id):
    design = get_design(design_id)
    error = None
    if request.method == "POST":
        try:
            placed = place_order(db.session, design, check_customer(request.form))
            db.session.commit()
            return redirect(url_for("orders.show", order_id=placed.public_id))
        except ShopError as exc:
            db.session.rollback()
            error = exc
    return render_template("designs/order.html", design=design, values=request.form, error=error), \
        (error.status if error else 200)


@bp.post("/<design_id>/delete")
def delete(design_id):
    """Delete the shopper's data on this design: photos, measurements and lasts.

    Once ordered, the order keeps its own copy for making the shoes; the photos go anyway.
    """
    from .photos import delete_photo

    design = get_design(design_id)
    for photo in list(design.photos):
        delete_photo(photo)
    ordered = db.session.scalar(db.select(Order.id).where(Order.design_id == design.id)) is not None
    if not ordered:
        for last in design.lasts:
            for key in last.files.values():
                storage.delete(key)
        design.lasts.clear()
        design.feet = None
    db.session.commit()
    flash("Your photos are deleted; your order keeps the measurements it is made from." if ordered
          else "Your photos, measurements and lasts are deleted.")
    return redirect(url_for("designs.feet", design_id=design.public_id))


def _form_values(design):
    """Pre-fill the form with the design's stored values, in mm."""
    values = {"units": "mm"}
    for side, foot in (design.feet or {}).items():
        for name in FORM_FIELDS:
            if name in foot:
                values[f"{side}_{name}"] = foot[name]
    return values
