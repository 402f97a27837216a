"""Foot photos: upload (from a phone too), measurement in a background job, accept, retake or delete."""

from dataclasses import replace
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for

from fit.errors import PhotoError
from fit.foot import SIDES, Foot
from fit.photo import measure_foot_photo, overlay_jpeg
from fit.photo.imageio import ImageLimits, strip_metadata

from . import storage
from .db import db
from .designs import get_design
from .errors import ShopError
from .fitting import save_feet
from .jobs import enqueue, job
from .models import Photo, utcnow

bp = Blueprint("photos", __name__, url_prefix="/designs")


def image_limits():
    config = current_app.config
    return ImageLimits(max_bytes=config["MAX_PHOTO_BYTES"], max_pixels=config["MAX_PHOTO_PIXELS"])


@bp.route("/<design_id>/photos", methods=["GET", "POST"])
def photos(design_id):
    design = get_design(design_id)
    if request.method == "POST":
        uploaded = [(side, request.files.get(f"{side}_photo")) for side in SIDES]
        uploaded = [(side, f) for side, f in uploaded if f and f.filename]
        if not uploaded:
            raise ShopError("Choose a photo of at least one foot.", code="NO_PHOTO", field="left_photo")
        for side, file in uploaded:
            photo = store_photo(design, side, file.read())
            db.session.commit()
            enqueue("measure_photo_job", photo_id=photo.id)
        return redirect(url_for("photos.photos", design_id=design.public_id))
    latest = {side: next((p for p in reversed(design.photos) if p.side == side), None) for side in SIDES}
    return render_template("photos/photos.html", design=design, latest=latest, sides=SIDES)


def store_photo(design, side, data):
    """Keep the photo without its metadata (no GPS), for the retention period only."""
    try:
        clean = strip_metadata(data, image_limits())
    except PhotoError as error:
        raise ShopError(error.message, code=error.code, field=f"{side}_photo", status=422) from None
    photo = Photo(design=design, side=side,
                  delete_after=utcnow() + timedelta(days=current_app.config["PHOTO_RETENTION_DAYS"]))
    db.session.add(photo)
    db.session.flush()
    photo.storage_key = storage.save(f"photos/{photo.public_id}.jpg", clean)
    return photo


@job
def measure_photo_job(photo_id):
    """Measure one stored photo; rerunning it for the same photo gives the same result."""
    photo = db.session.get(Photo, photo_id)
    data = storage.load(photo.storage_key)
    try:
        result = measure_foot_photo(data, side=photo.side, limits=image_limits())
    except PhotoError as error:
        photo.status, photo.error_code, photo.error_message, photo.result = "failed", error.code, error.message, None
    else:
        # The foot goes in the side the shopper chose; a mismatch with the photo is among the warnings.
        foot = replace(result.to_foot(), side=photo.side)
        photo.status, photo.error_code, photo.error_message = "measured", None, None
        photo.result = {**result.to_dict(), "foot": foot.to_dict()}
        photo.overlay_key = storage.save(f"photos/{photo.public_id}-overlay.jpg", overlay_jpeg(data, result))
    db.session.commit()


@bp.get("/<design_id>/photos/<photo_id>/overlay.jpg")
def overlay(design_id, photo_id):
    photo = _get_photo(design_id, photo_id)
    if not storage.exists(photo.overlay_key):
        abort(404, "This photo has no measured outline to show.")
    return send_file(storage.path(photo.overlay_key), mimetype="image/jpeg", max_age=0)


@bp.get("/<design_id>/photos/qr.svg")
def qr(design_id):
    """A QR code of this design's photo page, so a phone can take the photos for a desktop."""
    import io

    import qrcode
    import qrcode.image.svg

    design = get_design(design_id)
    url = url_for("photos.photos", design_id=design.public_id, _external=True)
    buffer = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    return buffer.getvalue(), 200, {"Content-Type": "image/svg+xml", "Cache-Control": "no-store"}


@bp.get("/<design_id>/photos/status")
def status(design_id):
    """Polled by the page (and a desktop waiting for a phone): each side's latest photo state."""
    design = get_design(design_id)
    latest = {}
    for photo in design.photos:
        latest[photo.side] = {"id": photo.public_id, "status": photo.status, "error_code": photo.error_code}
    return {"photos": latest}


@bp.post("/<design_id>/photos/<photo_id>/accept")
def accept(design_id, photo_id):
    photo = _get_photo(design_id, photo_id)
    if photo.status != "measured":
        raise ShopError("Only a measured photo can be accepted; retake it or type the values.",
                        code="PHOTO_NOT_MEASURED", status=409)
    feet = dict(photo.design.feet or {})
    feet[photo.side] = photo.result["foot"]
    photo.status = "accepted"
    if set(feet) == set(SIDES):
        save_feet(photo.design, {side: Foot.from_dict(side, feet[side]) for side in SIDES})
    else:
        photo.design.feet = feet
    db.session.commit()
    flash(f"The {photo.side} foot's photo measurements are saved.")
    if set(feet) == set(SIDES):
        enqueue("build_lasts_job", design_id=photo.design.id)
        return redirect(url_for("designs.review", design_id=design_id))
    return redirect(url_for("photos.photos", design_id=design_id))


@bp.post("/<design_id>/photos/delete")
def delete_all(design_id):
    """Delete every photo of this design (files and rows); typed or accepted values stay."""
    design = get_design(design_id)
    for photo in list(design.photos):
        delete_photo(photo)
    db.session.commit()
    flash("Your foot photos are deleted.")
    return redirect(url_for("photos.photos", design_id=design_id))


def delete_photo(photo):
    storage.delete(photo.storage_key)
    storage.delete(photo.overlay_key)
    db.session.delete(photo)


def _get_photo(design_id, photo_id):
    design = get_design(design_id)
    photo = next((p for p in design.photos if p.public_id == photo_id), None)
    if photo is None:
        abort(404, "There is no such photo; it may have been deleted.")
    return photo
