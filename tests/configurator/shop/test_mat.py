"""The mat capture through the storefront and the command line, on rendered photo sets with known truth:
per-photo verdicts, a retake, the 3D job, the result page, accepting it into the lasts (the printable mat and the
pages' refusals: test_mat_routes). ``shot`` is shared with test_mat_routes."""

import functools
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest
import trimesh

from configurator import storage
from configurator.db import db
from configurator.models import Design, MatCapture
from configurator.shop.mat import SHOT_NAMES
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER, sign_in

_MAT_TESTS = Path(__file__).resolve().parents[2] / "fit" / "mat"
sys.path[:0] = [str(_MAT_TESTS), str(_MAT_TESTS.parent / "photo")]   # the mat scene renderer and its parts
import mat_scenes  # noqa: E402

SEED = 7  # a test seed of fit.mat's own tests: neither held out nor used for calibration


@functools.cache
def mat_photo_set():
    """Eight photos (1200 x 900, the shot sequence of the phone page) of one foot on the mat, and its truth."""
    scene = mat_scenes.make_scene(SEED, n_views=8, size=(1200, 900), floor="tile", mesh="procedural")
    return tuple(mat_scenes.photo_set(scene)), scene.side, scene.truth


def dark(photo):
    """The same photo taken with the light off."""
    import cv2

    image = cv2.imdecode(np.frombuffer(photo, np.uint8), cv2.IMREAD_COLOR)
    return cv2.imencode(".jpg", (image * 0.08).astype(np.uint8))[1].tobytes()


def shot(client, design_id, side, name, data):
    return client.post(f"/designs/{design_id}/mat/{side}/shots/{name}", data={"photo": (io.BytesIO(data), "p.jpg")},
                       content_type="multipart/form-data", headers={"Accept": "application/json"})


def test_mat_photos_to_accepted_3d_measurements_feeding_the_lasts(client, app, fitter):
    photos, side, truth = mat_photo_set()
    design_id = client.post("/api/v1/designs", json={"style": "sneaker"}).get_json()["id"]
    client.put(f"/api/v1/designs/{design_id}/measurements", json=SAMPLE_MEASUREMENTS)   # typed first
    page = client.get(f"/designs/{design_id}/mat?side={side}").get_data(as_text=True)
    assert page.count('class="shot-diagram"') == len(SHOT_NAMES) and "100 % / actual size" in page

    verdict = shot(client, design_id, side, "top", dark(photos[0])).get_json()["report"]
    assert verdict["used"] is False and verdict["code"] == "TOO_DARK" and "light" in verdict["message"]
    too_soon = client.post(f"/designs/{design_id}/mat/{side}/measure", headers={"Accept": "application/json"})
    assert too_soon.status_code == 409 and too_soon.get_json()["error"]["code"] == "TOO_FEW_PHOTOS"
    for name, photo in zip(SHOT_NAMES, photos):                       # the top shot retaken, then the rest
        verdict = shot(client, design_id, side, name, photo).get_json()["report"]
        assert verdict["used"] is True and verdict["markers"] >= 4, (name, verdict)

    assert client.post(f"/designs/{design_id}/mat/{side}/measure").status_code == 302   # inline job
    status = client.get(f"/designs/{design_id}/mat/status").get_json()["captures"][side]
    assert status["status"] == "measured", status
    page = client.get(f"/designs/{design_id}/mat?side={side}").get_data(as_text=True)
    assert 'class="fit-table mat-values"' in page and "foot.glb" in page and page.count("photo 3D") >= 6
    with app.app_context():
        capture = db.session.scalar(db.select(MatCapture))
        result = capture.result
        assert len(capture.shots) == len(SHOT_NAMES)                  # the retake replaced the dark photo
        ply = trimesh.load(io.BytesIO(storage.load(capture.mesh_key)), file_type="ply")
        assert ply.is_watertight and 0.9 * truth.foot_length_mm < ply.extents[1] < 1.2 * truth.foot_length_mm
    assert abs(result["foot_length_mm"] - truth.foot_length_mm) < 4.0
    assert abs(result["ball_girth_mm"] - truth.ball_girth_mm) < 12.0
    assert [p["shot"] for p in result["photos"]] == list(SHOT_NAMES)

    accepted = client.post(f"/designs/{design_id}/mat/{status['id']}/accept")
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/review")
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        foot = design.feet[side]
        assert foot["sources"]["ball_girth_mm"] == "photo 3D" and foot["sources"]["instep_girth_mm"] == "photo 3D"
        assert design.captures[side]["method"] == "mat" and storage.exists(design.captures[side]["foot_mesh_key"])
        table = {row["name"]: row for row in design.last(side).table}
        assert table["ball_girth_mm"]["source"] == "photo 3D"                  # measured, not the ANSUR estimate
        assert table["ball_girth_mm"]["foot_mm"] == pytest.approx(result["ball_girth_mm"], abs=0.1)
        other = "right" if side == "left" else "left"
        assert {r["name"]: r for r in design.last(other).table}["ball_girth_mm"]["source"] != "photo 3D"
    review = client.get(f"/designs/{design_id}/review").get_data(as_text=True)
    assert "data-foot-glb-url" in review and 'data-method="mat"' in review
    assert client.get(f"/designs/{design_id}/mat/{status['id']}/foot.glb").mimetype == "model/gltf-binary"

    order = client.post(f"/api/v1/designs/{design_id}/order", json=CUSTOMER).get_json()      # the fitter's view
    sign_in(client, fitter)
    page = client.get(f"/fitter/orders/{order['id']}").get_data(as_text=True)
    assert page.count('data-method="mat"') == 1 and "data-foot-glb-url" in page
    preview = client.get(f"/fitter/orders/{order['id']}/captures/{side}/preview")
    assert preview.status_code == 200 and preview.mimetype == "model/gltf-binary"

    # The shopper deletes their data: the mat's photos and meshes go, the order keeps its own 3D foot.
    with app.app_context():
        design_files = [shot["key"] for shot in capture.shots.values()] + [capture.mesh_key, capture.preview_key]
    assert client.post(f"/designs/{design_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(MatCapture)) is None
        assert not any(storage.exists(key) for key in design_files)
    kept = client.get(f"/fitter/orders/{order['id']}/captures/{side}/preview")
    assert kept.status_code == 200 and kept.data == preview.data


def test_flask_fit_measure_mat_gives_one_json_object_and_the_mesh(runner, tmp_path):
    photos, side, truth = mat_photo_set()
    paths = []
    for name, photo in zip(SHOT_NAMES, photos):
        paths.append(tmp_path / f"{name}.jpg")
        paths[-1].write_bytes(photo)
    mesh_path = tmp_path / "foot.ply"
    result = runner.invoke(args=["fit", "measure", *map(str, paths), "--mat", "--json", "--side", side,
                                 "--mesh-out", str(mesh_path)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    paper_keys = {"foot_length_mm", "ball_width_mm", "heel_width_mm", "side", "outline_mm", "uncertainty_mm",
                  "warnings"}
    assert paper_keys | {"ball_girth_mm", "instep_girth_mm", "instep_height_mm", "photos"} <= set(body)
    assert [p["image"] for p in body["photos"]] == list(map(str, paths)) and all(p["used"] for p in body["photos"])
    assert abs(body["foot_length_mm"] - truth.foot_length_mm) < 4.0
    assert trimesh.load(mesh_path).is_watertight

    too_few = runner.invoke(args=["fit", "measure", *map(str, paths[:3]), "--mat", "--json"])
    assert too_few.exit_code == 1
    assert json.loads(too_few.output)["error"]["code"] == "TOO_FEW_PHOTOS"


def test_purge_deletes_mat_photos_past_retention_and_keeps_the_3d_foot(client, app, runner):
    photos, side, _ = mat_photo_set()
    design_id = client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]
    shot(client, design_id, side, "top", photos[0])
    with app.app_context():
        capture = db.session.scalar(db.select(MatCapture))
        key = capture.shots["top"]["key"]
        assert storage.exists(key)
        capture.delete_after = capture.created_at
        db.session.commit()
    assert "Deleted 1 photos" in runner.invoke(args=["photos", "purge"]).output
    with app.app_context():
        assert not storage.exists(key) and db.session.scalar(db.select(MatCapture)).shots == {}
