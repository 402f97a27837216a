"""The shopper's pages: styles, options with a live price, typed feet, foot photos (from a phone too),
the fit review and the order form."""

import io

import qrcode
import qrcode.image.svg
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from fit.errors import InvalidSpec
from fit.foot import SIDES

from .. import storage
from ..db import db
from ..errors import ShopError
from ..orders.placing import check_customer, place_order
from . import catalog
from .captures import capture_of, is_uncertain
from .designs import delete_design_data, get_design
from .feet import FORM_FIELDS, feet_from_form, form_values, has_both_feet, save_feet
from .lasts import build_lasts_later
from .photos import accept_photo, delete_photo, get_photo, latest_photos, measure_later, store_photo

bp = Blueprint("shop", __name__, template_folder="templates")

_MEDIA_TYPES = {"glb": "model/gltf-binary", "stl": "model/stl", "3mf": "model/3mf"}

bp.add_app_template_test(is_uncertain, "uncertain")


@bp.get("/")
def index():
    return render_template("shop/index.html", styles=catalog.styles(db.session))


@bp.route("/styles/<key>", methods=["GET", "POST"])
def style(key):
    style = catalog.style_by_key(db.session, key)
    choices: Mapping[str, str | None] = catalog.default_choices(style)
    error = None
    if request.method == "POST":
        choices = {group.key: request.form.get(group.key) for group in style.groups}
        try:
            design = catalog.create_design(db.session, style, choices)
            db.session.commit()
            return redirect(url_for("shop.feet", design_id=design.public_id))
        except ShopError as exc:
            error = exc
    quote = catalog.quote_or_none(style, choices)
    return render_template("shop/style.html", style=style, choices=choices, quote=quote, error=error), \
        (error.status if error else 200)


@bp.route("/designs/<design_id>/feet", methods=["GET", "POST"])
def feet(design_id):
    design = get_design(design_id)
    values: Mapping[str, Any] = form_values(design)    # the stored values; the posted ones after a refusal
    error = None
    if request.method == "POST":
        values = request.form
        try:
            save_feet(design, feet_from_form(request.form))
            db.session.commit()
            build_lasts_later(design)
            return redirect(url_for("shop.review", design_id=design.public_id))
        except InvalidSpec as exc:
            db.session.rollback()
            error = exc
    return render_template("shop/feet.html", design=design, values=values, error=error,
                           fields=FORM_FIELDS, sides=SIDES), (422 if error else 200)


@bp.get("/designs/<design_id>/review")
def review(design_id):
    design = get_design(design_id)
    if not has_both_feet(design):
        return redirect(url_for("shop.feet", design_id=design.public_id))
    if len(design.lasts) != 2:       # the build job has not finished yet (a worker may be on it)
        return render_template("shop/building.html", design=design), 202
    captures = {side: capture_of(design.captures, design.feet, side) for side in SIDES}
    return render_template("shop/review.html", design=design, sides=SIDES, captures=captures)


@bp.get("/designs/<design_id>/lasts/<side>.<fmt>")
def last_file(design_id, side, fmt):
    last = get_design(design_id).last(side)
    if last is None or fmt not in last.files or fmt not in _MEDIA_TYPES:
        abort(404, "This last has not been built yet.")
    return send_file(storage.path(last.files[fmt]), mimetype=_MEDIA_TYPES[fmt],
                     download_name=f"{side}.{fmt}", max_age=0)


@bp.route("/designs/<design_id>/order", methods=["GET", "POST"])
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
    return render_template("shop/order.html", design=design, values=request.form, error=error), \
        (error.status if error else 200)


@bp.post("/designs/<design_id>/delete")
def delete(design_id):
    """Delete the shopper's data on this design: photos, measurements and lasts (see ``delete_design_data``)."""
    design = get_design(design_id)
    ordered = delete_design_data(db.session, design)
    db.session.commit()
    flash("Your photos are deleted; your order keeps the measurements it is made from." if ordered
          else "Your photos, measurements and lasts are deleted.")
    return redirect(url_for("shop.feet", design_id=design.public_id))


@bp.route("/designs/<design_id>/photos", methods=["GET", "POST"])
def photos(design_id):
    design = get_design(design_id)
    if request.method == "POST":
        uploaded = [(side, file) for side in SIDES
                    if (file := request.files.get(f"{side}_photo")) is not None and file.filename]
        if not uploaded:
            raise ShopError("Choose a photo of at least one foot.", code="NO_PHOTO", field="left_photo")
        for side, file in uploaded:
            photo = store_photo(db.session, design, side, file.read())
            db.session.commit()
            measure_later(photo)
        return redirect(url_for("shop.photos", design_id=design.public_id))
    return render_template("shop/photos.html", design=design, latest=latest_photos(design), sides=SIDES)


@bp.get("/designs/<design_id>/photos/<photo_id>/overlay.jpg")
def overlay(design_id, photo_id):
    photo = get_photo(get_design(design_id), photo_id)
    if not storage.exists(photo.overlay_key):
        abort(404, "This photo has no measured outline to show.")
    return send_file(storage.path(photo.overlay_key), mimetype="image/jpeg", max_age=0)


@bp.get("/designs/<design_id>/photos/qr.svg")
def qr(design_id):
    """A QR code of this design's photo page, so a phone can take the photos for a desktop."""
    design = get_design(design_id)
    url = url_for("shop.photos", design_id=design.public_id, _external=True)
    buffer = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    return buffer.getvalue(), 200, {"Content-Type": "image/svg+xml", "Cache-Control": "no-store"}


@bp.get("/designs/<design_id>/photos/status")
def status(design_id):
    """Polled by the page (and a desktop waiting for a phone): each side's latest photo state."""
    design = get_design(design_id)
    latest = {}
    for photo in design.photos:
        latest[photo.side] = {"id": photo.public_id, "status": photo.status, "error_code": photo.error_code}
    return {"photos": latest}


@bp.post("/designs/<design_id>/photos/<photo_id>/accept")
def accept(design_id, photo_id):
    photo = get_photo(get_design(design_id), photo_id)
    both_feet = accept_photo(photo)
    db.session.commit()
    flash(f"The {photo.side} foot's photo measurements are saved.")
    if both_feet:
        build_lasts_later(photo.design)
        return redirect(url_for("shop.review", design_id=design_id))
    return redirect(url_for("shop.photos", design_id=design_id))


@bp.post("/designs/<design_id>/photos/delete")
def delete_all(design_id):
    """Delete every photo of this design (files and rows); typed or accepted values stay."""
    design = get_design(design_id)
    for photo in list(design.photos):
        delete_photo(db.session, photo)
    db.session.commit()
    flash("Your foot photos are deleted.")
    return redirect(url_for("shop.photos", design_id=design_id))
