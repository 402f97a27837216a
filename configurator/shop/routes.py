"""The shopper's pages: styles, options with a live price, typed feet, foot photos (from a phone too),
the fit review and the order form."""

import hashlib
import io
import json
import secrets
from collections.abc import Mapping
from typing import Any

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request, send_file,
                   send_from_directory, url_for)
from markupsafe import Markup

from fit.foot import SIDES

from .. import storage
from ..db import db
from ..errors import FormErrors, ShopError
from ..mail import public_url
from ..clock import utcnow
from ..orders.customer import check_customer, countries
from ..orders.moves import FIT_REVIEW_DAYS, PRODUCTION_CALENDAR_DAYS, SHIPPING_DAYS, delivery_window
from ..jobs import latest_job
from ..orders.placing import place_and_build
from . import catalog
from .capture import design_for_capture, issue_capture_token, qr_svg, revoke_capture_tokens
from .designs import delete_design_data, get_design, order_awaiting_shopper
from .feet import (FORM_FIELDS, MM_PER_INCH, entered_units, entered_values, feet_from_form, form_values,
                   has_both_feet, save_feet)
from .lasts import build_lasts_later, lasts_are_current
from .shoes import design_shoe_glb, style_choices, style_picture_png, style_shoe_glb
from .captures import capture_of, is_uncertain
from .photos import accept_photo, delete_photo, get_photo, latest_photos, measure_later, store_photo

bp = Blueprint("shop", __name__, template_folder="templates")

_MEDIA_TYPES = {"glb": "model/gltf-binary", "stl": "model/stl", "3mf": "model/3mf"}

bp.add_app_template_test(is_uncertain, "uncertain")


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder or "static", "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=86400)


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
            save_feet(design, feet_from_form(request.form), entered_values(request.form))
            db.session.commit()
            build_lasts_later(db.session, design)
            return redirect(url_for("shop.review", design_id=design.public_id))
        except FormErrors as exc:
            db.session.rollback()
            error = exc
    return render_template("shop/feet.html", design=design, values=values, error=error,
                           errors=error.errors if error else {}, fields=FORM_FIELDS, sides=SIDES,
                           mm_per_inch=MM_PER_INCH), (422 if error else 200)


@bp.get("/designs/<design_id>/review")
def review(design_id):
    design = get_design(design_id)
    if not has_both_feet(design):
        return redirect(url_for("shop.feet", design_id=design.public_id))
    if not lasts_are_current(design):       # the build job has not finished (a worker may be on it) or failed
        job = latest_job(db.session, "build_lasts", design)
        return render_template("shop/building.html", design=design, job=job), 202
    captures = {side: capture_of(design.captures, design.feet, side) for side in SIDES}
    return render_template("shop/review.html", design=design, sides=SIDES, captures=captures,
                           returned_order=order_awaiting_shopper(db.session, design), units=entered_units(design))


@bp.get("/designs/<design_id>/lasts/job")
def lasts_job(design_id):
    """Polled by the building page: the build's state, until it is done or failed."""
    design = get_design(design_id)
    job = latest_job(db.session, "build_lasts", design)
    state = "done" if lasts_are_current(design) else (job.state if job else "queued")
    return {"state": state, "attempts": job.attempts if job else 0,
            "error": job.error_message if job is not None and job.state == "failed" else None}


@bp.post("/designs/<design_id>/lasts/retry")
def retry_lasts(design_id):
    """The shopper asks for another try after a failed build."""
    design = get_design(design_id)
    build_lasts_later(db.session, design)
    return redirect(url_for("shop.review", design_id=design.public_id))


@bp.get("/designs/<design_id>/lasts/<side>.<fmt>")
def last_file(design_id, side, fmt):
    last = get_design(design_id).last(side)
    if last is None or fmt not in last.files or fmt not in _MEDIA_TYPES:
        abort(404, "This last has not been built yet.")
    return send_file(storage.path(last.files[fmt]), mimetype=_MEDIA_TYPES[fmt],
                     download_name=f"{side}.{fmt}", max_age=0)


@bp.get("/styles/<key>/shoe.glb")
def style_shoe(key):
    """The style's shoe on the default last in the options of the query string (a cached build)."""
    style = catalog.style_by_key(db.session, key)
    try:
        choices = style_choices(style, request.args)
    except ShopError as exc:
        return exc.to_dict(), exc.status
    return _glb_response(style_shoe_glb(style, choices), f"{key}.glb")


@bp.get("/styles/<key>/picture.png")
def style_picture(key):
    style = catalog.style_by_key(db.session, key)
    return send_file(io.BytesIO(style_picture_png(style)), mimetype="image/png", max_age=3600)


@bp.get("/designs/<design_id>/shoes/<side>.glb")
def design_shoe(design_id, side):
    """The design's shoe on the shopper's own last for ``side``."""
    if side not in SIDES:
        abort(404)
    data = design_shoe_glb(get_design(design_id), side)
    if data is None:
        abort(404, "This last has not been built yet.")
    return _glb_response(data, f"{side}-shoe.glb")


def _glb_response(data, name):
    return send_file(io.BytesIO(data), mimetype=_MEDIA_TYPES["glb"], download_name=name, max_age=0,
                     etag=hashlib.sha256(data).hexdigest()[:32])


@bp.route("/designs/<design_id>/order", methods=["GET", "POST"])
def order(design_id):
    """The order form; it carries a one-time key, so a double submit places one order."""
    design = get_design(design_id)
    if not has_both_feet(design):
        flash("First give both feet's measurements (or photos): your shoes are made on lasts built from them.")
        return redirect(url_for("shop.feet", design_id=design.public_id))
    error = None
    if request.method == "POST":
        try:
            key = request.form.get("order_key", "")[:200] or None
            customer = check_customer(request.form)
            digest = hashlib.sha256(json.dumps([request.path, customer], sort_keys=True).encode()).hexdigest()
            placed, placed_now = place_and_build(db.session, design, customer, key=key, request_sha256=digest)
            if not placed_now and placed.idempotency_key != key:
                flash(f"This design is already ordered as {placed.reference}: here is that order.")
            return redirect(url_for("orders.show", order_id=placed.shopper_token))
        except ShopError as exc:
            db.session.rollback()
            error = exc
    return render_template("shop/order.html", design=design, values=request.form, error=error,
                           errors=getattr(error, "errors", {}), countries=countries(),
                           options=catalog.describe_choices(design.style, design.choices),
                           delivery=delivery_window(utcnow().date()), fit_review_days=FIT_REVIEW_DAYS,
                           production_days=PRODUCTION_CALENDAR_DAYS, shipping_days=SHIPPING_DAYS,
                           order_key=secrets.token_urlsafe(16)), \
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
        _store_uploads(design)
        return redirect(url_for("shop.photos", design_id=design.public_id))
    # A fresh capture link for the QR code each time the page is shown (a phone already on one keeps it).
    token = issue_capture_token(db.session, design, current_app.config["CAPTURE_TOKEN_MINUTES"])
    db.session.commit()
    capture_url = public_url("shop.capture", token=token)
    return render_template("shop/photos.html", design=design, latest=latest_photos(design), sides=SIDES,
                           capture_url=capture_url, qr=Markup(qr_svg(capture_url)),
                           capture_minutes=current_app.config["CAPTURE_TOKEN_MINUTES"])


def _store_uploads(design):
    """Store and queue the measurement of each foot photo in the request."""
    uploaded = [(side, file) for side in SIDES
                if (file := request.files.get(f"{side}_photo")) is not None and file.filename]
    if not uploaded:
        raise ShopError("Choose a photo of at least one foot.", code="NO_PHOTO", field="left_photo")
    for side, file in uploaded:
        photo = store_photo(db.session, design, side, file.read())
        db.session.commit()
        measure_later(photo)


@bp.route("/capture/<token>", methods=["GET", "POST"])
def capture(token):
    """The phone's page from the QR code: it can upload photos for its one design, and see them measured."""
    design = design_for_capture(db.session, token)
    if request.method == "POST":
        _store_uploads(design)
        return redirect(url_for("shop.capture", token=token))
    return render_template("shop/capture.html", design=design, latest=latest_photos(design), sides=SIDES,
                           token=token)


@bp.get("/capture/<token>/status")
def capture_status(token):
    return _photo_states(design_for_capture(db.session, token))


@bp.post("/designs/<design_id>/photos/capture/stop")
def stop_capture(design_id):
    design = get_design(design_id)
    revoke_capture_tokens(db.session, design)
    db.session.commit()
    flash("Phone links for this design are stopped; reload this page for a new QR code.")
    return redirect(url_for("shop.photos", design_id=design.public_id))


@bp.get("/designs/<design_id>/photos/<photo_id>/overlay.jpg")
def overlay(design_id, photo_id):
    photo = get_photo(get_design(design_id), photo_id)
    if not storage.exists(photo.overlay_key):
        abort(404, "This photo has no measured outline to show.")
    return send_file(storage.path(photo.overlay_key), mimetype="image/jpeg", max_age=0)


@bp.get("/designs/<design_id>/photos/status")
def status(design_id):
    """Polled by the page (and a desktop waiting for a phone): each side's latest photo state."""
    return _photo_states(get_design(design_id))


def _photo_states(design):
    latest = {side: {"id": photo.public_id, "status": photo.status, "error_code": photo.error_code}
              for side, photo in latest_photos(design).items() if photo is not None}
    return {"photos": latest}


@bp.post("/designs/<design_id>/photos/<photo_id>/accept")
def accept(design_id, photo_id):
    photo = get_photo(get_design(design_id), photo_id)
    both_feet = accept_photo(photo)
    db.session.commit()
    flash(f"The {photo.side} foot's photo measurements are saved.")
    if both_feet:
        build_lasts_later(db.session, photo.design)
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
