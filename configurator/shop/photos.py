"""Foot photos: stored without metadata, measured by a job, accepted into the design's feet, deleted."""

from dataclasses import replace
from datetime import timedelta

from flask import abort, current_app

from fit.errors import PhotoError
from fit.foot import SIDES, Foot
from fit.photo import measure_foot_photo, overlay_jpeg
from fit.photo.imageio import ImageLimits, strip_metadata

from .. import storage
from ..db import db, DbSession
from ..errors import ShopError
from ..jobs import enqueue, job
from ..clock import utcnow
from ..models import Design, Photo
from .captures import keep_capture
from .feet import save_feet


def image_limits() -> ImageLimits:
    config = current_app.config
    return ImageLimits(max_bytes=config["MAX_PHOTO_BYTES"], max_pixels=config["MAX_PHOTO_PIXELS"])


def store_photo(session: DbSession, design: Design, side: str, data: bytes) -> Photo:
    """Keep the photo without its metadata (no GPS), for the retention period only. The caller commits."""
    try:
        clean = strip_metadata(data, image_limits())
    except PhotoError as error:
        raise ShopError.from_fit_error(error, field=f"{side}_photo") from None
    photo = Photo(design=design, side=side,
                  delete_after=utcnow() + timedelta(days=current_app.config["PHOTO_RETENTION_DAYS"]))
    session.add(photo)
    session.flush()
    photo.storage_key = storage.save(f"photos/{photo.public_id}.jpg", clean)
    return photo


def measure_later(photo: Photo) -> None:
    """Queue the measurement of ``photo``; call it after the photo is committed."""
    enqueue("measure_photo_job", photo_id=photo.id)


@job
def measure_photo_job(photo_id: int) -> None:
    """Measure one stored photo; rerunning it for the same photo gives the same result."""
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.storage_key is None:     # deleted (or its file expired) since it was queued
        return
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


def accept_photo(photo: Photo) -> bool:
    """Take a measured photo's foot into its design; returns whether both feet are now given.

    With both feet the design's lasts are out of date (``save_feet``); the caller
    commits, then queues the build.
    """
    if photo.status != "measured":
        raise ShopError("Only a measured photo can be accepted; retake it or type the values.",
                        code="PHOTO_NOT_MEASURED", status=409)
    assert photo.result is not None             # a measured photo has its result
    feet = dict(photo.design.feet or {})
    feet[photo.side] = photo.result["foot"]
    photo.status = "accepted"
    keep_capture(photo.design, photo.side, photo_evidence(photo))
    if set(feet) != set(SIDES):
        photo.design.feet = feet
        return False
    save_feet(photo.design, {side: Foot.from_dict(side, feet[side]) for side in SIDES})
    return True


def photo_evidence(photo: Photo) -> dict:
    """What the fitter must see of an accepted photo: its outline picture, warnings and uncertainties."""
    result = photo.result or {}
    return {"method": "photo", "id": photo.public_id, "overlay_key": photo.overlay_key,
            "warnings": list(result.get("warnings", [])), "warning_codes": list(result.get("warning_codes", [])),
            "uncertain": list(result.get("uncertain", [])), "uncertainty_mm": dict(result.get("uncertainty_mm", {})),
            "heel_visible": result.get("heel_visible", True), "paper": result.get("paper")}


def latest_photos(design: Design) -> dict[str, Photo | None]:
    """Each side's most recent photo, or None."""
    return {side: next((p for p in reversed(design.photos) if p.side == side), None) for side in SIDES}


def get_photo(design: Design, photo_id: str) -> Photo:
    photo = next((p for p in design.photos if p.public_id == photo_id), None)
    if photo is None:
        abort(404, "There is no such photo; it may have been deleted.")
    return photo


def delete_photo(session: DbSession, photo: Photo) -> None:
    """Delete the photo's files and row. The caller commits."""
    storage.delete(photo.storage_key)
    storage.delete(photo.overlay_key)
    session.delete(photo)


def delete_expired_photos(session: DbSession) -> int:
    """Delete raw photos whose retention period has passed; returns how many. The caller commits."""
    expired = session.scalars(db.select(Photo).where(Photo.delete_after < utcnow())).all()
    for photo in expired:
        delete_photo(session, photo)
    return len(expired)
