"""Mat capture: 6-8 photos of one foot standing on the printed mat, each checked as it arrives,
measured in 3D by a job, shown, and accepted into the design's feet (source ``photo 3D``)."""

import functools
import math
from typing import Any, cast
from dataclasses import dataclass, replace
from datetime import timedelta

from flask import abort

from fit.errors import FitError, PhotoError
from fit.export import export_mesh
from fit.foot import SIDES, Foot
from fit.foot_mesh import foot_frame
from fit.mat import check_mat_photo, measure_mat_photos
from fit.mat.printable import mat_pdf, mat_png
from fit.photo.imageio import strip_metadata

from .. import storage
from ..clock import utcnow
from ..db import db, DbSession
from ..errors import ShopError
from ..jobs import enqueue, job
from ..models import Design, MatCapture
from .captures import is_uncertain, keep_capture
from .feet import save_feet
from .photos import image_limits


@dataclass(frozen=True)
class Shot:
    """One photo of the sequence: where the phone stands (azimuth round the foot, degrees, 0 = the foot's
    inner side for a left foot, 90 = ahead of the toes) and how high."""

    name: str
    title: str
    how: str
    azimuth_deg: float
    from_above: bool = False
    optional: bool = False

    def phone_xy(self, radius: float = 38.0, centre: tuple[float, float] = (50.0, 50.0)) -> tuple[float, float]:
        """The phone's spot in the 100 x 100 diagram (toes up), for the page's small drawing."""
        angle = math.radians(self.azimuth_deg)
        return round(centre[0] + radius * math.cos(angle), 1), round(centre[1] - radius * math.sin(angle), 1)


#: The sequence the phone page asks for (fit.mat's capture guidance: one from above ahead of the toes,
#: then sides, toe, heel and diagonals with the phone at knee height, 35-50 cm away).
SHOTS = (
    Shot("top", "From above", "Stand the phone ahead of the toes at chest height, tilted down: the whole mat in view.",
         90.0, from_above=True),
    Shot("medial", "Inner side", "Phone at knee height, 35-50 cm from the inner side of the foot.", 0.0),
    Shot("lateral", "Outer side", "Phone at knee height, 35-50 cm from the outer side of the foot.", 180.0),
    Shot("toe", "Toes", "Phone at knee height in front of the toes.", 90.0),
    Shot("heel", "Heel", "Phone at knee height behind the heel.", 270.0),
    Shot("toe-medial", "Toes, inner side", "Halfway between the toes and the inner side, knee height.", 45.0),
    Shot("toe-lateral", "Toes, outer side", "Halfway between the toes and the outer side, knee height.", 135.0,
         optional=True),
    Shot("heel-lateral", "Heel, outer side", "Halfway between the heel and the outer side, knee height.", 225.0,
         optional=True),
)
SHOT_NAMES = tuple(shot.name for shot in SHOTS)
MIN_SHOTS = sum(not shot.optional for shot in SHOTS)


@functools.cache
def printable_mat(fmt: str) -> bytes:
    """The mat to print, as ``pdf`` or ``png`` (drawn from the mat contract by ``fit.mat.printable``)."""
    return {"pdf": mat_pdf, "png": mat_png}[fmt]()


def latest_captures(design: Design, session: DbSession) -> dict[str, MatCapture | None]:
    """Each side's most recent mat capture, or None."""
    rows = session.scalars(db.select(MatCapture).where(MatCapture.design_id == design.id)
                           .order_by(MatCapture.id)).all()
    return {side: next((c for c in reversed(rows) if c.side == side), None) for side in SIDES}


def get_capture(session: DbSession, design: Design, capture_id: str) -> MatCapture:
    capture = session.scalar(db.select(MatCapture).where(MatCapture.design_id == design.id,
                                                         MatCapture.public_id == capture_id))
    if capture is None:
        abort(404, "There is no such mat capture; it may have been deleted.")
    return capture


def open_capture(session: DbSession, design: Design, side: str, retention_days: int) -> MatCapture:
    """The side's capture still taking photos, or a new one (after an accepted one). The caller commits."""
    if side not in SIDES:
        abort(404, "Choose the left or the right foot.")
    capture = latest_captures(design, session)[side]
    if capture is None or capture.status == "accepted":
        capture = MatCapture(design_id=design.id, side=side, shots={},
                             delete_after=utcnow() + timedelta(days=retention_days))
        session.add(capture)
        session.flush()
    return capture


def add_shot(capture: MatCapture, shot: str, data: bytes) -> dict:
    """Keep one photo (a retake replaces that shot) and check it at once; returns its verdict.

    The verdict (``fit.mat.check_mat_photo``): ``used`` or a code and a sentence (markers not found, too
    dark, too blurry; a foot cut off shows only when the set is measured). A new photo makes an earlier
    3D result out of date. The caller commits.
    """
    if shot not in SHOT_NAMES:
        raise ShopError(f"Unknown shot {shot!r}; the shots are {', '.join(SHOT_NAMES)}.", code="UNKNOWN_SHOT",
                        field="shot", status=404)
    try:
        clean = strip_metadata(data, image_limits())
    except PhotoError as error:
        raise ShopError.from_fit_error(error, field="photo") from None
    report = check_mat_photo(clean, index=SHOT_NAMES.index(shot), limits=image_limits()).to_dict()
    old = (capture.shots or {}).get(shot)
    if old:
        storage.delete(old["key"])
    key = storage.save(f"mat/{capture.public_id}/{shot}-{utcnow().strftime('%H%M%S%f')}.jpg", clean)
    capture.shots = {**(capture.shots or {}), shot: {"key": key, "report": {**report, "shot": shot}}}
    capture.status, capture.result, capture.error_code, capture.error_message = "collecting", None, None, None
    return capture.shots[shot]["report"]


def measure_later(capture: MatCapture) -> None:
    """Queue the 3D measurement; call it after the capture is committed (its status then says "queued")."""
    usable = [name for name, shot in (capture.shots or {}).items() if shot["report"]["used"]]
    if len(usable) < MIN_SHOTS:
        raise ShopError(f"Take at least {MIN_SHOTS} usable photos ({len(usable)} so far): the ones marked with a "
                        "problem need a retake.", code="TOO_FEW_PHOTOS", status=409)
    enqueue("measure_mat_job", capture_id=capture.id)


@job
def measure_mat_job(capture_id: int) -> None:
    """Reconstruct and measure the foot from the capture's photos; rerun safely for the same photos."""
    capture = db.session.get(MatCapture, capture_id)
    if capture is None:
        return
    capture.status = "reconstructing"       # shown by the page's poller while a worker is on it
    db.session.commit()
    names = [name for name in SHOT_NAMES if name in (capture.shots or {})]
    try:
        result = measure_mat_photos([storage.load(capture.shots[n]["key"]) for n in names], side=capture.side,
                                    limits=image_limits())
        files = _store_meshes(capture, result.mesh)
    except FitError as error:
        capture.status, capture.error_code, capture.error_message = "failed", error.code, error.message
        db.session.commit()
        return
    body = result.to_dict()
    for photo in body["photos"]:
        photo["shot"] = names[photo["index"]]
    foot = replace(result.foot, side=capture.side)
    capture.result = {**body, "foot": foot.to_dict()}
    capture.mesh_key, capture.foot_mesh_key, capture.preview_key = files["mesh"], files["foot_frame"], files["preview"]
    capture.status, capture.error_code, capture.error_message = "measured", None, None
    db.session.commit()


def _store_meshes(capture: MatCapture, mesh: Any) -> dict[str, str]:
    """The foot as measured (PLY, mat frame), in the contract's foot frame (PLY, for the last) and as the
    preview (GLB in the foot frame: floor z = 0, heel at y = 0, like the last's own frame)."""
    in_foot_frame, _ = foot_frame(mesh)
    prefix = f"mat/{capture.public_id}"
    return {"mesh": storage.save(f"{prefix}/foot.ply", cast(bytes, mesh.export(file_type="ply"))),
            "foot_frame": storage.save(f"{prefix}/foot-frame.ply", cast(bytes, in_foot_frame.export(file_type="ply"))),
            "preview": storage.save(f"{prefix}/foot.glb", export_mesh(in_foot_frame, "glb", {"side": capture.side}))}


def accept_capture(capture: MatCapture) -> bool:
    """Take a measured capture's foot into its design; returns whether both feet are now given.

    Its values (source ``photo 3D``) replace typed or estimated ones for that foot, girths included, and its
    3D foot shapes the last. The caller commits, then queues the build when both feet are given.
    """
    if capture.status != "measured" or not capture.result:
        raise ShopError("Only a capture measured in 3D can be accepted; take the photos and measure first.",
                        code="CAPTURE_NOT_MEASURED", status=409)
    design = capture.design
    feet = dict(design.feet or {})
    feet[capture.side] = capture.result["foot"]
    capture.status = "accepted"
    keep_capture(design, capture.side, capture_evidence(capture))
    if set(feet) != set(SIDES):
        design.feet = feet
        return False
    save_feet(design, {side: Foot.from_dict(side, feet[side]) for side in SIDES})
    return True


def capture_evidence(capture: MatCapture) -> dict:
    """What the fitter must see of an accepted mat capture: photos used or dropped, uncertainties, the 3D foot."""
    result = capture.result or {}
    sigma = result.get("foot", {}).get("uncertainty_mm", {})
    return {"method": "mat", "id": capture.public_id, "photos": result.get("photos", []),
            "warnings": list(result.get("warnings", [])), "warning_codes": [],
            "uncertain": [name for name, s in sigma.items() if is_uncertain(s)],
            "uncertainty_mm": sigma, "print_scale": result.get("print_scale"),
            "mesh_key": capture.mesh_key, "preview_key": capture.preview_key,
            "foot_mesh_key": capture.foot_mesh_key}


def delete_capture(session: DbSession, capture: MatCapture) -> None:
    """Delete a capture's photos and meshes. The caller commits."""
    for shot in (capture.shots or {}).values():
        storage.delete(shot["key"])
    for key in (capture.mesh_key, capture.foot_mesh_key, capture.preview_key):
        storage.delete(key)
    session.delete(capture)


def delete_expired_mat_photos(session: DbSession) -> int:
    """Delete the raw photos of mat captures past their retention period; the measured 3D foot stays (the
    lasts are made from it). Returns how many photos. The caller commits."""
    expired = session.scalars(db.select(MatCapture).where(MatCapture.delete_after < utcnow())).all()
    count = 0
    for capture in expired:
        for shot in (capture.shots or {}).values():
            storage.delete(shot["key"])
            count += 1
        capture.shots = {}
    return count
