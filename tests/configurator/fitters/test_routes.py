import io

from configurator.db import db
from configurator.models import Order
from tests.configurator.conftest import place_order_via_api, shopper_token, sign_in


def test_fitter_pages_need_a_signed_in_fitter(client, app):
    order = place_order_via_api(client)
    for path in ("/fitter/", f"/fitter/orders/{order['id']}"):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert client.post(f"/fitter/orders/{order['id']}/approve", data={"factory": "x"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Order)).status == "in_fit_review"


def test_wrong_password_is_refused(client, fitter):
    response = client.post("/staff/login", data={"email": fitter[0], "password": "nope"})
    assert response.status_code == 401 and "do not match" in response.get_data(as_text=True)


def test_queue_shows_orders_awaiting_review_with_help_requests_first(client, fitter):
    first = place_order_via_api(client)
    second = place_order_via_api(client, style="derby")
    client.post(f"/orders/{shopper_token(second)}/help", data={"message": "Is my left foot really 262?"})
    sign_in(client, fitter)
    page = client.get("/fitter/").get_data(as_text=True)
    assert page.index(second["reference"]) < page.index(first["reference"])
    assert "asked for a person" in page


def test_fitter_sees_inputs_sources_rules_and_preview(client, fitter):
    order = place_order_via_api(client)
    sign_in(client, fitter)
    page = client.get(f"/fitter/orders/{order['id']}").get_data(as_text=True)
    assert page.count('class="last-preview"') == 2
    assert "estimated" in page and "Rules applied" in page
    assert client.get(f"/fitter/orders/{order['id']}/lasts/left.glb").status_code == 200


def test_regenerating_with_a_tighter_ball_changes_the_last(client, app, fitter):
    order = place_order_via_api(client)
    sign_in(client, fitter)
    with app.app_context():
        before = db.session.scalar(db.select(Order)).snapshot["lasts"]["left"]["table"]
    response = client.post(f"/fitter/orders/{order['id']}/regenerate", data={"ball_girth_allowance_mm": "-8"})
    assert response.status_code == 302
    with app.app_context():
        placed = db.session.scalar(db.select(Order))
        after = placed.snapshot["lasts"]["left"]["table"]
        assert placed.snapshot["overrides"] == {"ball_girth_allowance_mm": -8.0}
        assert placed.events[-1].kind == "lasts" and placed.events[-1].actor_name == "Ana Ferreira"
    girth = {row["name"]: row["last_measured_mm"] for row in before}["ball_girth_mm"]
    girth_after = {row["name"]: row["last_measured_mm"] for row in after}["ball_girth_mm"]
    assert girth_after < girth - 3


def test_bad_allowance_is_explained(client, fitter):
    order = place_order_via_api(client)
    sign_in(client, fitter)
    response = client.post(f"/fitter/orders/{order['id']}/regenerate", data={"ball_girth_allowance_mm": "lots"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "must be a number" in page
    # The same review page, the form again with what the fitter typed and the message beside the field.
    assert 'id="regenerate-form"' in page and 'value="lots"' in page and 'id="ball_girth_allowance_mm-error"' in page
    impossible = client.post(f"/fitter/orders/{order['id']}/regenerate", data={"toe_allowance_mm": "-300"})
    page = impossible.get_data(as_text=True)
    assert impossible.status_code == 422 and 'id="regenerate-form"' in page and 'value="-300"' in page


def test_approval_releases_and_the_shopper_sees_who_approved(client, fitter, factory):
    order = place_order_via_api(client)
    sign_in(client, fitter)
    assert client.post(f"/fitter/orders/{order['id']}/approve", data={"factory": factory}).status_code == 302
    page = client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)
    assert 'data-status="released"' in page and "approved by <strong>Ana Ferreira</strong>" in page
    again = client.post(f"/fitter/orders/{order['id']}/approve", data={"factory": factory})
    assert again.status_code == 409


def test_returning_to_the_shopper_and_the_shopper_resubmitting(client, app, fitter):
    order = place_order_via_api(client)
    sign_in(client, fitter)
    assert client.post(f"/fitter/orders/{order['id']}/return", data={"message": ""}).status_code == 422
    client.post(f"/fitter/orders/{order['id']}/return", data={"message": "Please retake the left photo."})
    page = client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)
    assert 'data-status="awaiting_shopper"' in page and "Please retake the left photo." in page
    client.post(f"/orders/{shopper_token(order)}/resubmit")
    with app.app_context():
        placed = db.session.scalar(db.select(Order))
        assert placed.status == "in_fit_review"
        assert [e.actor for e in placed.events][-2:] == ["fitter", "shopper"]


def test_logout_ends_the_session(client, fitter):
    sign_in(client, fitter)
    assert client.get("/fitter/").status_code == 200
    client.post("/staff/logout")
    assert client.get("/fitter/").status_code == 302


def test_fitter_sees_the_measurement_sheet_and_the_drawings(client, fitter):
    order = place_order_via_api(client)
    sign_in(client, fitter)
    page = client.get(f"/fitter/orders/{order['id']}").get_data(as_text=True)
    assert page.count('class="fit-table measurement-sheet"') == 2
    assert "Short heel girth" in page and "Long heel girth" in page and "Toe thickness" in page
    for name, kind in (("bottom.svg", "image/svg+xml"), ("sections.svg", "image/svg+xml"), ("bottom.dxf", "image/vnd.dxf")):
        response = client.get(f"/fitter/orders/{order['id']}/drawings/left/{name}")
        assert response.status_code == 200 and response.mimetype == kind, name
    assert client.get(f"/fitter/orders/{order['id']}/drawings/left/secret.txt").status_code == 404


def test_fitter_sees_each_photo_with_its_outline_warnings_and_uncertainty(client, fitter):
    from tests.configurator.conftest import CUSTOMER
    from tests.fit.photo.scenes import make_scene, photo_bytes

    design = client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]
    for side, seed in (("left", 13), ("right", 12)):      # no focal length in EXIF: a warning each
        scene = make_scene(seed, side=side, paper="a4", floor="wood", tilt_deg=6, orientation=1, focal_35mm=None,
                           length_mm=258.0 if side == "left" else 262.0)
        client.post(f"/designs/{design}/photos", data={f"{side}_photo": (io.BytesIO(photo_bytes(scene)), "f.jpg")},
                    content_type="multipart/form-data")
    status = client.get(f"/designs/{design}/photos/status").get_json()["photos"]
    for side in ("left", "right"):
        client.post(f"/designs/{design}/photos/{status[side]['id']}/accept")
    order = client.post(f"/api/v1/designs/{design}/order", json=CUSTOMER).get_json()
    sign_in(client, fitter)
    queue = client.get("/fitter/").get_data(as_text=True)
    assert 'class="badge estimated photo-warnings" title="FOCAL_' in queue and "photo warnings: " in queue
    page = client.get(f"/fitter/orders/{order['id']}").get_data(as_text=True)
    assert page.count('class="capture" data-method="photo"') == 2
    assert 'data-code="FOCAL_' in page and "one sigma" in page
    overlay = client.get(f"/fitter/orders/{order['id']}/captures/left/overlay")
    assert overlay.status_code == 200 and overlay.mimetype == "image/jpeg"
    assert client.get(f"/fitter/orders/{order['id']}/captures/left/preview").status_code == 404   # no 3D foot
