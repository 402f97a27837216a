"""Foot photos through the storefront: upload, measure, show, accept, delete; real rendered photos."""

import dataclasses
import io
import json

import pytest
from PIL import Image

from configurator import storage
from configurator.db import db
from configurator.models import Design, Photo
from tests.fit.photo.scenes import make_scene, photo_bytes


@pytest.fixture(scope="module")
def foot_photos():
    """One rendered photo per side: 3D foot meshes on A4, from above, with known ground truth."""
    photos = {}
    for side, seed in (("left", 13), ("right", 12)):
        scene = make_scene(seed, side=side, paper="a4", floor="wood", tilt_deg=6, leg=False, orientation=6,
                           length_mm=258.0 if side == "left" else 262.0)
        photos[side] = (photo_bytes(scene), scene.truth)
    return photos


def new_design(client):
    return client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]


def upload(client, design_id, **files):
    data = {f"{side}_photo": (io.BytesIO(content), f"{side}.jpg") for side, content in files.items()}
    return client.post(f"/designs/{design_id}/photos", data=data, content_type="multipart/form-data")


def test_photo_page_works_from_a_phone_and_shows_a_qr_code_for_one(client):
    page = client.get(f"/designs/{new_design(client)}/photos").get_data(as_text=True)
    assert 'accept="image/*" capture="environment"' in page
    assert 'class="qr-code"' in page and "<svg" in page and "http://localhost/capture/" in page


def test_photos_are_measured_shown_and_accepted_into_the_lasts(client, app, foot_photos):
    design_id = new_design(client)
    response = upload(client, design_id, left=foot_photos["left"][0], right=foot_photos["right"][0])
    assert response.status_code == 302
    status = client.get(f"/designs/{design_id}/photos/status").get_json()["photos"]
    assert {s["status"] for s in status.values()} == {"measured"}, status
    page = client.get(f"/designs/{design_id}/photos").get_data(as_text=True)
    assert page.count('class="overlay"') == 2
    overlay = client.get(f"/designs/{design_id}/photos/{status['left']['id']}/overlay.jpg")
    assert overlay.mimetype == "image/jpeg" and Image.open(io.BytesIO(overlay.data)).size[0] > 200
    for side in ("left", "right"):
        response = client.post(f"/designs/{design_id}/photos/{status[side]['id']}/accept")
        assert response.status_code == 302
    assert response.headers["Location"].endswith("/review")
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        left = design.feet["left"]
        truth = foot_photos["left"][1]
        assert abs(left["foot_length_mm"] - truth.foot_length_mm) < 4.0
        assert left["sources"]["foot_length_mm"] == "photo" and len(left["outline_mm"]) >= 8
        assert design.last("left").report["spec"]["has_outline"] is True
    page = client.get(f"/designs/{design_id}/review").get_data(as_text=True)
    assert "from photo" in page


def test_stored_photo_has_no_metadata(client, app, foot_photos):
    design_id = new_design(client)
    image = Image.open(io.BytesIO(foot_photos["left"][0]))
    exif = image.getexif()
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}          # GPS
    tagged = io.BytesIO()
    image.save(tagged, format="JPEG", exif=exif.tobytes())
    upload(client, design_id, left=tagged.getvalue())
    with app.app_context():
        photo = db.session.scalar(db.select(Photo))
        exif = Image.open(io.BytesIO(storage.load(photo.storage_key))).getexif()
        assert not exif.get_ifd(0x8825)                                  # no GPS
        assert set(exif.get_ifd(0x8769)) <= {0xA405, 0x920A, 0xA002, 0xA003}   # only lens and pixel size
        assert photo.delete_after is not None


def test_a_file_that_is_not_an_image_is_refused_with_a_code(client):
    response = upload(client, new_design(client), left=b"%PDF-1.4 not a photo")
    assert response.status_code == 422
    assert 'data-code="NOT_AN_IMAGE"' in response.get_data(as_text=True)


def test_a_photo_without_a_foot_says_what_to_do(client):
    design_id = new_design(client)
    scene = make_scene(12, paper="a4", tilt_deg=5, orientation=1)
    no_foot = dataclasses.replace(scene, vertices=scene.vertices + [4000.0, 0, 0])     # the foot is elsewhere
    upload(client, design_id, left=photo_bytes(no_foot))
    page = client.get(f"/designs/{design_id}/photos").get_data(as_text=True)
    assert 'data-code="FOOT_NOT_FOUND"' in page and "type the values instead" in page


def test_no_photo_chosen_is_explained(client):
    response = client.post(f"/designs/{new_design(client)}/photos", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "at least one foot" in response.get_data(as_text=True)


def test_shopper_can_delete_their_photos(client, app, foot_photos):
    design_id = new_design(client)
    upload(client, design_id, left=foot_photos["left"][0])
    with app.app_context():
        key = db.session.scalar(db.select(Photo)).storage_key
        assert storage.exists(key)
    client.post(f"/designs/{design_id}/photos/delete")
    with app.app_context():
        assert db.session.scalar(db.select(Photo)) is None
        assert not storage.exists(key)


def test_purge_deletes_photos_past_retention(client, app, runner, foot_photos):
    design_id = new_design(client)
    upload(client, design_id, left=foot_photos["left"][0])
    with app.app_context():
        photo = db.session.scalar(db.select(Photo))
        photo.delete_after = photo.created_at
        db.session.commit()
    assert "Deleted 1 photos" in runner.invoke(args=["photos", "purge"]).output


@pytest.fixture(scope="module")
def unsure_photo():
    """A photo without a focal length in its EXIF: the measurement must say what it assumed."""
    scene = make_scene(13, side="left", paper="a4", floor="wood", tilt_deg=6, leg=False, orientation=6,
                       length_mm=258.0, focal_35mm=None)
    return photo_bytes(scene)


def test_accepted_photo_keeps_its_warnings_and_uncertainty_for_shopper_and_fitter(client, app, foot_photos,
                                                                                  unsure_photo):
    design_id = new_design(client)
    upload(client, design_id, left=unsure_photo, right=foot_photos["right"][0])
    status = client.get(f"/designs/{design_id}/photos/status").get_json()["photos"]
    assert {s["status"] for s in status.values()} == {"measured"}, status
    for side in ("left", "right"):
        client.post(f"/designs/{design_id}/photos/{status[side]['id']}/accept")
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        left = design.captures["left"]
        photo = db.session.scalar(db.select(Photo).where(Photo.public_id == status["left"]["id"]))
        assert left["warning_codes"] == photo.result["warning_codes"]
        assert {"FOCAL_FROM_SHEET", "FOCAL_ASSUMED"} & set(left["warning_codes"])
        assert left["uncertainty_mm"] == photo.result["uncertainty_mm"] and left["overlay_key"]
    review = client.get(f"/designs/{design_id}/review").get_data(as_text=True)
    for code in left["warning_codes"]:
        assert f'data-code="{code}"' in review
    assert review.count('alt="The left foot\'s photo with its measured outline"') == 1


def test_the_command_line_and_the_storefront_upload_give_the_same_answer(client, app, runner, tmp_path,
                                                                         foot_photos):
    """The upload stores a copy without GPS; it must measure exactly as the file the phone made."""
    image = Image.open(io.BytesIO(foot_photos["left"][0]))
    exif = image.getexif()
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}          # GPS, which the stored copy drops
    tagged = io.BytesIO()
    image.save(tagged, format="JPEG", exif=exif.tobytes(), quality=90)
    path = tmp_path / "left.jpg"
    path.write_bytes(tagged.getvalue())
    cli = json.loads(runner.invoke(args=["fit", "measure", str(path), "--side", "left", "--json"]).output)
    design_id = new_design(client)
    upload(client, design_id, left=tagged.getvalue())
    with app.app_context():
        stored = db.session.scalar(db.select(Photo)).result
    for key in ("foot_length_mm", "ball_width_mm", "heel_width_mm", "side", "uncertainty_mm", "warning_codes",
                "outline_mm"):
        assert stored[key] == cli[key], key
