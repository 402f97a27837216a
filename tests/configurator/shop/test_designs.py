import io

import trimesh

from configurator.db import db
from configurator.models import Design, Order
from tests.configurator.conftest import CUSTOMER as SHOPPER

FEET_FORM = {"units": "mm", "left_foot_length_mm": "262", "left_ball_width_mm": "101.5",
             "left_ball_girth_mm": "247", "right_foot_length_mm": "265.5", "right_ball_width_mm": "102"}
CUSTOMER = {**SHOPPER, "country": "de"}          # lower case: the order form upper-cases it


def new_design(client, style="oxford", **choices):
    form = {"leather": "calf-black", "sole": "leather", "toe": "almond", "heel": "25mm"} if style == "oxford" else {}
    form.update(choices)
    location = client.post(f"/styles/{style}", data=form).headers["Location"]
    return location.split("/")[2]


def test_feet_form_builds_both_lasts_and_shows_the_review(client, app):
    design_id = new_design(client)
    response = client.post(f"/designs/{design_id}/feet", data=FEET_FORM)
    assert response.status_code == 302 and response.headers["Location"].endswith("/review")
    page = client.get(f"/designs/{design_id}/review").get_data(as_text=True)
    assert page.count('class="last-preview"') == 2
    assert "estimated" in page            # the right foot's ball girth was not given
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        assert design.feet["left"]["foot_length_mm"] == 262.0 and design.feet["right"]["foot_length_mm"] == 265.5
        assert "ball_girth_mm" not in design.feet["right"]           # never stored as if measured
        assert design.last("right").report["foot"]["sources"]["ball_girth_mm"] == "estimated"
        assert {last.side for last in design.lasts} == {"left", "right"}


def test_the_last_files_follow_each_foot(client):
    design_id = new_design(client)
    client.post(f"/designs/{design_id}/feet", data=FEET_FORM)
    lengths = {}
    for side in ("left", "right"):
        response = client.get(f"/designs/{design_id}/lasts/{side}.glb")
        assert response.status_code == 200 and response.mimetype == "model/gltf-binary"
        stl = client.get(f"/designs/{design_id}/lasts/{side}.stl").data
        mesh = trimesh.load(io.BytesIO(stl), file_type="stl")
        assert mesh.is_watertight
        lengths[side] = mesh.extents.max()
    assert lengths["right"] - lengths["left"] > 2.0     # 3.5 mm longer foot, longer last


def test_measurements_in_inches_are_converted(client, app):
    design_id = new_design(client)
    form = {"units": "in", "left_foot_length_mm": "10.3", "left_ball_width_mm": "4",
            "right_foot_length_mm": "10.4", "right_ball_width_mm": "4.1"}
    assert client.post(f"/designs/{design_id}/feet", data=form).status_code == 302
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        assert design.feet["left"]["foot_length_mm"] == 261.6


def test_implausible_feet_are_explained_and_the_form_keeps_the_values(client):
    design_id = new_design(client)
    tiny = dict(FEET_FORM, left_foot_length_mm="40")
    response = client.post(f"/designs/{design_id}/feet", data=tiny)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Foot length of the left foot is 40 mm" in page and 'data-field="left_foot_length_mm"' in page
    assert 'value="265.5"' in page
    wide = dict(FEET_FORM, right_ball_width_mm="200")
    page = client.post(f"/designs/{design_id}/feet", data=wide).get_data(as_text=True)
    assert "Ball width" in page and 'data-field="right_ball_width_mm"' in page
    missing = dict(FEET_FORM, right_ball_width_mm="")
    assert "Please give the right foot" in client.post(f"/designs/{design_id}/feet", data=missing).get_data(as_text=True)


def test_review_without_feet_goes_to_the_feet_form(client):
    design_id = new_design(client)
    response = client.get(f"/designs/{design_id}/review")
    assert response.status_code == 302 and response.headers["Location"].endswith("/feet")


def test_placing_an_order_shows_its_status_and_to_be_invoiced(client, app):
    design_id = new_design(client)
    client.post(f"/designs/{design_id}/feet", data=FEET_FORM)
    response = client.post(f"/designs/{design_id}/order", data=CUSTOMER)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "to be invoiced" in page and 'data-status="in_fit_review"' in page and "Black box calf" in page
    with app.app_context():
        order = db.session.scalar(db.select(Order))
        assert order.country == "DE" and order.snapshot["lasts"]["left"]["files"]["stl"].startswith("orders/")


def test_order_form_refuses_bad_details_and_keeps_them(client):
    design_id = new_design(client)
    client.post(f"/designs/{design_id}/feet", data=FEET_FORM)
    response = client.post(f"/designs/{design_id}/order", data=dict(CUSTOMER, email="not-an-email"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "email address" in page and "12 Last Lane" in page


def test_ordering_without_feet_goes_to_the_feet_step_with_a_message(client, app):
    design_id = new_design(client)
    for response in (client.get(f"/designs/{design_id}/order"), client.post(f"/designs/{design_id}/order",
                                                                          data=CUSTOMER)):
        assert response.status_code == 302 and response.headers["Location"].endswith("/feet")
    assert "First give both feet" in client.get(f"/designs/{design_id}/feet").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Order)) is None


def test_every_order_form_error_is_shown_beside_its_field_and_the_recap_is_there(client):
    design_id = new_design(client)
    client.post(f"/designs/{design_id}/feet", data=FEET_FORM)
    page = client.get(f"/designs/{design_id}/order").get_data(as_text=True)
    assert 'id="recap-price"' in page and "Black box calf" in page and 'id="recap-delivery"' in page
    assert '<option value="DE" >Germany</option>' in page.replace('  ', ' ')
    response = client.post(f"/designs/{design_id}/order", data={"name": "", "email": "x", "address": "Berlin",
                                                                "country": "XX"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "4 fields" in page
    for field in ("name", "email", "address", "country"):
        assert f'id="{field}-error"' in page and f'aria-describedby="{field}-error"' in page


def test_inches_are_shown_again_in_inches_with_millimetres_beside(client):
    design_id = new_design(client)
    form = {"units": "in", "left_foot_length_mm": "10.3", "left_ball_width_mm": "4",
            "right_foot_length_mm": "10.4", "right_ball_width_mm": "4.1"}
    client.post(f"/designs/{design_id}/feet", data=form)
    page = client.get(f"/designs/{design_id}/feet").get_data(as_text=True)
    assert 'value="10.3"' in page and "= 261.6 mm" in page and '<option value="in" selected>' in page
    review = client.get(f"/designs/{design_id}/review").get_data(as_text=True)
    assert "10.30 in (261.6 mm)" in review and "10.40 in (264.2 mm)" in review   # the fit table, as typed


def test_feet_far_apart_in_length_ask_for_confirmation(client):
    design_id = new_design(client)
    form = {**FEET_FORM, "right_foot_length_mm": "180", "right_ball_width_mm": "75"}
    response = client.post(f"/designs/{design_id}/feet", data=form)
    assert response.status_code == 422 and 'name="confirm_difference"' in response.get_data(as_text=True)
    assert client.post(f"/designs/{design_id}/feet", data={**form, "confirm_difference": "yes"}).status_code == 302


def test_step_bar_marks_the_current_step_and_links_only_reachable_ones(client):
    design_id = new_design(client)
    page = client.get(f"/designs/{design_id}/feet").get_data(as_text=True)
    assert 'aria-current="step">2 · Feet' in page
    assert f'href="/designs/{design_id}/order"' not in page and '<span aria-disabled="true">4 · Order' in page


def test_unknown_design_and_order_are_404_pages(client):
    assert client.get("/designs/nope/feet").status_code == 404
    assert client.get("/orders/nope").status_code == 404


def test_shopper_can_delete_their_measurements_and_lasts(client, app):
    design_id = new_design(client)
    client.post(f"/designs/{design_id}/feet", data=FEET_FORM)
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        files = [key for last in design.lasts for key in last.files.values()]
    assert "Delete my data" in client.get(f"/designs/{design_id}/feet").get_data(as_text=True)
    client.post(f"/designs/{design_id}/delete")
    with app.app_context():
        from configurator import storage

        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        assert design.feet is None and design.lasts == []
        assert not any(storage.exists(key) for key in files)
    assert client.get(f"/designs/{design_id}/review").status_code == 302


def test_a_returned_orders_new_measurements_go_back_to_that_order(client, app):
    from configurator.orders import moves
    from configurator.staff.services import create_user

    design_id = new_design(client)
    client.post(f"/designs/{design_id}/feet", data=FEET_FORM)
    order_url = client.post(f"/designs/{design_id}/order", data=CUSTOMER).headers["Location"]
    with app.test_request_context():
        fitter = create_user(db.session, "ana@cordwain.test", "Ana", "correct horse battery", "fitter")
        moves.return_to_shopper(db.session, db.session.scalar(db.select(Order)), fitter, "Check the left length.")
        db.session.commit()
    client.post(f"/designs/{design_id}/feet", data={**FEET_FORM, "left_foot_length_mm": "264"})
    page = client.get(f"/designs/{design_id}/review").get_data(as_text=True)
    assert "Send them to the fitter" in page and "Order this pair" not in page
    response = client.post(order_url + "/resubmit")
    assert response.headers["Location"] == order_url
    with app.app_context():
        [order] = db.session.scalars(db.select(Order)).all()
        assert order.status == "in_fit_review" and order.snapshot["feet"]["left"]["foot_length_mm"] == 264.0
