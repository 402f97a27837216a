"""The mat capture's pages: the printable mat, the phone page guiding the photos, per-photo feedback,
the 3D measurement (a job) with its progress, the result and accepting it."""

from flask import (Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for)

from fit.foot import SIDES, label

from .. import storage
from ..db import db
from ..errors import ShopError
from . import mat
from .designs import get_design
from .lasts import build_lasts_later

bp = Blueprint("mat", __name__, template_folder="templates")

_PRINT_TYPES = {"pdf": "application/pdf", "png": "image/png"}


@bp.get("/mat/cordwain-mat-a4.<fmt>")
def printable(fmt):
    """The mat to print at 100 % (actual size): markers, heel line, 100 mm bar and the ruler check."""
    if fmt not in _PRINT_TYPES:
        raise ShopError("The mat comes as a PDF or a PNG.", code="UNKNOWN_FORMAT", status=404)
    return mat.printable_mat(fmt), 200, {"Content-Type": _PRINT_TYPES[fmt], "Cache-Control": "max-age=86400",
                                        "Content-Disposition": f'inline; filename="cordwain-mat-a4.{fmt}"'}


@bp.get("/designs/<design_id>/mat")
def capture_page(design_id):
    design = get_design(design_id)
    side = request.args.get("side", "left") if request.args.get("side") in SIDES else "left"
    captures = mat.latest_captures(design, db.session)
    return render_template("shop/mat.html", design=design, side=side, capture=captures[side], captures=captures,
                           shots=mat.SHOTS, min_shots=mat.MIN_SHOTS, sides=SIDES, label=label)


@bp.post("/designs/<design_id>/mat/<side>/shots/<shot>")
def upload_shot(design_id, side, shot):
    """One photo of the sequence (a retake replaces it): checked at once, its verdict returned."""
    design = get_design(design_id)
    file = request.files.get("photo")
    if file is None or not file.filename:
        raise ShopError("Choose or take a photo.", code="NO_PHOTO", field="photo")
    capture = mat.open_capture(db.session, design, side, current_app.config["PHOTO_RETENTION_DAYS"])
    report = mat.add_shot(capture, shot, file.read())
    db.session.commit()
    if request.accept_mimetypes.best == "application/json":
        return {"capture": capture.public_id, "shot": shot, "report": report}
    return redirect(url_for("mat.capture_page", design_id=design_id, side=side))


@bp.post("/designs/<design_id>/mat/<side>/measure")
def measure(design_id, side):
    design = get_design(design_id)
    capture = mat.latest_captures(design, db.session).get(side)
    if capture is None or capture.status == "accepted":
        raise ShopError("Take the photos first.", code="TOO_FEW_PHOTOS", status=409)
    if capture.status in ("queued", "reconstructing", "measured"):     # a repeated submit: one job is enough
        return redirect(url_for("mat.capture_page", design_id=design_id, side=side) + "#result")
    capture.status = "queued"
    db.session.commit()
    try:
        mat.measure_later(capture)
    except ShopError:
        capture.status = "collecting"
        db.session.commit()
        raise
    return redirect(url_for("mat.capture_page", design_id=design_id, side=side) + "#result")


@bp.get("/designs/<design_id>/mat/status")
def status(design_id):
    """Polled by the phone page: each side's capture, its photos' verdicts and the 3D job's progress."""
    design = get_design(design_id)
    body = {}
    for side, capture in mat.latest_captures(design, db.session).items():
        if capture is not None:
            body[side] = {"id": capture.public_id, "status": capture.status, "error_code": capture.error_code,
                          "shots": {name: shot["report"] for name, shot in (capture.shots or {}).items()}}
    return {"captures": body}


@bp.get("/designs/<design_id>/mat/<capture_id>/foot.glb")
def foot_preview(design_id, capture_id):
    capture = mat.get_capture(db.session, get_design(design_id), capture_id)
    if not storage.exists(capture.preview_key):
        raise ShopError("This capture has no 3D foot.", code="NO_FOOT_MESH", status=404)
    return send_file(storage.path(capture.preview_key), mimetype="model/gltf-binary", max_age=0)


@bp.get("/designs/<design_id>/mat/<capture_id>/foot.ply")
def foot_mesh(design_id, capture_id):
    """The 3D foot as measured (PLY, mm, mat frame)."""
    capture = mat.get_capture(db.session, get_design(design_id), capture_id)
    if not storage.exists(capture.mesh_key):
        raise ShopError("This capture has no 3D foot.", code="NO_FOOT_MESH", status=404)
    return send_file(storage.path(capture.mesh_key), mimetype="application/octet-stream",
                     download_name=f"{capture.side}-foot.ply", max_age=0)


@bp.post("/designs/<design_id>/mat/<capture_id>/accept")
def accept(design_id, capture_id):
    capture = mat.get_capture(db.session, get_design(design_id), capture_id)
    both_feet = mat.accept_capture(capture)
    db.session.commit()
    flash(f"The {capture.side} foot's 3D measurements are saved.")
    if both_feet:
        build_lasts_later(db.session, capture.design)
        return redirect(url_for("shop.review", design_id=design_id))
    other = next(side for side in SIDES if side != capture.side)
    return redirect(url_for("mat.capture_page", design_id=design_id, side=other))
