"""shop.capture: the QR code's phone link uploads photos for its one design, and nothing else, until it expires."""

import io
import re
from datetime import timedelta

import pytest
from PIL import Image

from configurator.db import db
from configurator.models import CaptureToken, Design, Photo
from configurator.shop.capture import design_for_capture, issue_capture_token
from configurator.errors import ShopError


def _design(client):
    return client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]


def _capture_path(client, design_id):
    page = client.get(f"/designs/{design_id}/photos").get_data(as_text=True)
    return re.search(r'id="capture-url">http://localhost(/capture/[^<]+)<', page).group(1)


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (1280, 960), (200, 190, 180)).save(buffer, "JPEG")
    return buffer.getvalue()


def _upload(client, path):
    return client.post(path, data={"left_photo": (io.BytesIO(_jpeg()), "left.jpg")},
                       content_type="multipart/form-data")


def _photo_count(app, design_id):
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        return len(db.session.scalars(db.select(Photo).where(Photo.design_id == design.id)).all())


def test_the_qr_link_uploads_photos_for_its_design_only(client, app):
    mine, other = _design(client), _design(client)
    path = _capture_path(client, mine)
    token = path.removeprefix("/capture/")
    assert len(token) >= 22                                  # 128 random bits, URL-safe base64
    assert client.get(path).status_code == 200
    assert _upload(client, path).status_code == 302
    assert _photo_count(app, mine) == 1 and _photo_count(app, other) == 0
    status = client.get(path + "/status").get_json()["photos"]
    assert set(status) == {"left"}
    # The token is no design id: it opens neither the design's pages nor its API.
    for refused in (f"/designs/{token}/photos", f"/designs/{token}/feet", f"/designs/{token}/review",
                    f"/designs/{token}/order", f"/api/v1/designs/{token}"):
        assert client.get(refused).status_code == 404, refused
    with app.app_context():
        stored = db.session.scalars(db.select(CaptureToken.token_sha256)).all()
        assert token not in stored                           # kept as a hash only


def test_an_expired_or_stopped_link_is_refused(client, app):
    design_id = _design(client)
    path = _capture_path(client, design_id)
    with app.app_context():
        for row in db.session.scalars(db.select(CaptureToken)):
            row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
    expired = _upload(client, path)
    assert expired.status_code == 403 and "expired" in expired.get_data(as_text=True)
    path = _capture_path(client, design_id)
    assert client.get(path).status_code == 200
    assert client.post(f"/designs/{design_id}/photos/capture/stop").status_code == 302
    stopped = client.get(path, headers={"Accept": "application/json"})
    assert stopped.status_code == 403 and stopped.get_json()["error"]["code"] == "CAPTURE_TOKEN_INVALID"
    assert _upload(client, path).status_code == 403 and _photo_count(app, design_id) == 0


def test_an_unknown_token_is_refused(app):
    with app.app_context():
        with pytest.raises(ShopError) as refused:
            design_for_capture(db.session, "not-a-token")
        assert refused.value.code == "CAPTURE_TOKEN_INVALID" and refused.value.status == 403
        design = db.session.scalar(db.select(Design).limit(1))
        assert design is None or issue_capture_token(db.session, design, 5) != issue_capture_token(db.session,
                                                                                                   design, 5)
