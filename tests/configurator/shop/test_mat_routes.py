"""shop.mat_routes: the printable mat, the phone page per side, a photo's verdict at once, the progress polled
by the phone, and the refusals (no photo, unknown shot or side, too few photos, nothing measured yet) with codes.

The whole path with rendered photo sets (the 3D job, the result, accepting it) is in test_mat."""

import io

import cv2
import numpy as np

from configurator.shop.mat import MIN_SHOTS, SHOT_NAMES, SHOTS
from tests.configurator.shop.test_mat import shot


def a_photo_without_the_mat():
    """A real JPEG of an empty grey floor: readable, but no marker in it."""
    return cv2.imencode(".jpg", np.full((900, 1200, 3), 180, np.uint8))[1].tobytes()


def error_of(response):
    return response.status_code, response.get_json()["error"]["code"]


def test_the_mat_prints_from_the_storefront(client):
    pdf, png = client.get("/mat/cordwain-mat-a4.pdf"), client.get("/mat/cordwain-mat-a4.png")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
    assert client.get("/mat/cordwain-mat-a4.docx").status_code == 404
    assert pdf.headers["Content-Disposition"] == 'inline; filename="cordwain-mat-a4.pdf"'
    assert "max-age=86400" in png.headers["Cache-Control"]


def test_the_phone_page_is_per_side_and_falls_back_to_the_left(client):
    design_id = client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]
    for asked, shown in (("right", "right"), ("left", "left"), ("middle", "left"), (None, "left")):
        page = client.get(f"/designs/{design_id}/mat", query_string={"side": asked} if asked else {})
        text = page.get_data(as_text=True)
        assert page.status_code == 200 and f'data-side="{shown}"' in text, asked
        assert f"{len(SHOTS)} photos ({MIN_SHOTS} needed)" in text
    assert client.get("/designs/no-such-design/mat").status_code == 404
    assert client.get(f"/designs/{design_id}/mat/status").get_json() == {"captures": {}}


def test_a_photo_gets_its_verdict_at_once_and_bad_uploads_are_refused_with_codes(client):
    design_id = client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]
    base = f"/designs/{design_id}/mat"
    no_photo = client.post(f"{base}/left/shots/top", data={}, headers={"Accept": "application/json"})
    assert error_of(no_photo) == (400, "NO_PHOTO") and no_photo.get_json()["error"]["field"] == "photo"
    assert error_of(shot(client, design_id, "left", "top", b"not a photo")) == (422, "NOT_AN_IMAGE")
    assert error_of(shot(client, design_id, "left", "sole", a_photo_without_the_mat())) == (404, "UNKNOWN_SHOT")
    assert shot(client, design_id, "middle", SHOT_NAMES[0], a_photo_without_the_mat()).status_code == 404
    assert client.get(f"{base}/status").get_json() == {"captures": {}}          # nothing kept of the refusals

    answer = shot(client, design_id, "left", SHOT_NAMES[0], a_photo_without_the_mat()).get_json()
    assert answer["shot"] == SHOT_NAMES[0] and answer["report"]["used"] is False
    assert answer["report"]["code"] == "MARKERS_NOT_FOUND" and answer["report"]["message"]
    status = client.get(f"{base}/status").get_json()["captures"]
    assert set(status) == {"left"} and status["left"]["id"] == answer["capture"]
    assert status["left"]["status"] == "collecting" and status["left"]["shots"] == {SHOT_NAMES[0]: answer["report"]}
    page = client.post(f"{base}/left/shots/{SHOT_NAMES[0]}", data={"photo": (io.BytesIO(a_photo_without_the_mat()),
                                                                            "p.jpg")})
    assert page.status_code == 302 and page.headers["Location"].endswith(f"{base}?side=left")   # without JS


def test_nothing_is_measured_or_accepted_before_enough_photos(client):
    design_id = client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]
    base, json_please = f"/designs/{design_id}/mat", {"Accept": "application/json"}
    assert error_of(client.post(f"{base}/left/measure", headers=json_please)) == (409, "TOO_FEW_PHOTOS")
    capture_id = shot(client, design_id, "left", SHOT_NAMES[0], a_photo_without_the_mat()).get_json()["capture"]
    too_few = client.post(f"{base}/left/measure", headers=json_please)
    assert error_of(too_few) == (409, "TOO_FEW_PHOTOS") and f"at least {MIN_SHOTS}" in too_few.get_json()[
        "error"]["message"]
    assert client.get(f"{base}/status").get_json()["captures"]["left"]["status"] == "collecting"   # not stuck queued
    refused = client.post(f"{base}/{capture_id}/accept", headers=json_please)
    assert error_of(refused) == (409, "CAPTURE_NOT_MEASURED")
    for mesh in ("foot.glb", "foot.ply"):
        assert error_of(client.get(f"{base}/{capture_id}/{mesh}", headers=json_please)) == (404, "NO_FOOT_MESH")
        assert client.get(f"{base}/no-such-capture/{mesh}").status_code == 404
