"""The shopper's order page: status, timeline, asking for a person, cancelling, a refit after delivery."""

import json

from configurator.db import db
from configurator.orders.lifecycle import transition
from configurator.models import Order
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER, place_order_via_api, shopper_token


def test_order_page_shows_machine_values_and_that_no_person_checked_yet(client):
    order = place_order_via_api(client)
    page = client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)
    assert "not yet checked by a person" in page
    assert "estimated" in page and page.count('class="last-preview"') == 2


def test_asking_for_a_person_lands_on_the_timeline_and_in_the_queue(client, app):
    order = place_order_via_api(client)
    client.post(f"/orders/{shopper_token(order)}/help", data={"message": "Can I talk to someone about my wide feet?"})
    page = client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)
    assert "Asked for a person" in page and "wide feet" in page
    with app.app_context():
        assert db.session.scalar(db.select(Order)).help_requested is True


def test_cancel_asks_first_then_cancels_and_not_twice(client):
    order = place_order_via_api(client)
    token = shopper_token(order)
    page = client.get(f"/orders/{token}").get_data(as_text=True)
    assert f'href="/orders/{token}/cancel"' in page         # a link to the question, not a button that acts
    question = client.get(f"/orders/{token}/cancel").get_data(as_text=True)
    assert "nothing is charged" in question and 'name="confirm" value="yes"' in question
    unconfirmed = client.post(f"/orders/{token}/cancel")
    assert unconfirmed.status_code == 200 and "Yes, cancel this order" in unconfirmed.get_data(as_text=True)
    assert 'data-status="in_fit_review"' in client.get(f"/orders/{token}").get_data(as_text=True)
    assert client.post(f"/orders/{token}/cancel", data={"confirm": "yes"}).status_code == 302
    assert 'data-status="cancelled"' in client.get(f"/orders/{token}").get_data(as_text=True)
    again = client.post(f"/orders/{token}/cancel", data={"confirm": "yes"})
    assert again.status_code == 409 and "data-code=\"CANCEL_NOT_ALLOWED\"" in again.get_data(as_text=True)


def test_refit_after_delivery_reopens_fit_review(client, app):
    order = place_order_via_api(client)
    _deliver(app)
    assert client.post(f"/orders/{shopper_token(order)}/refit", data={"problem": ""}).status_code == 422
    client.post(f"/orders/{shopper_token(order)}/refit", data={"problem": "heel slips"})
    page = client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)
    assert 'data-status="in_fit_review"' in page and "Refit requested: heel slips" in page


def test_resubmitting_when_not_asked_is_refused(client):
    order = place_order_via_api(client)
    assert client.post(f"/orders/{shopper_token(order)}/resubmit").status_code == 409


def test_later_catalog_changes_never_alter_a_placed_order(client, app):
    from configurator.models import Option, Style

    order = place_order_via_api(client)
    before = client.get(f"/api/v1/orders/{shopper_token(order)}").get_json()
    with app.app_context():
        db.session.scalar(db.select(Style).where(Style.key == "oxford")).base_price_cents = 99900
        for option in db.session.scalars(db.select(Option)):
            option.label = option.label.upper()
        db.session.commit()
    after = client.get(f"/api/v1/orders/{shopper_token(order)}").get_json()
    assert after["design"] == before["design"] and after["design"]["price_cents"] == 24900
    assert "Black box calf" in client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)


def test_a_rotated_shopper_link_revokes_the_old_one(client, app):
    order = place_order_via_api(client)
    old = shopper_token(order)
    with app.app_context():
        new = db.session.scalar(db.select(Order)).rotate_shopper_token()
        db.session.commit()
    assert client.get(f"/orders/{old}").status_code == 404 and client.get(f"/orders/{new}").status_code == 200


def test_the_api_timeline_names_no_shopper(client):
    order = place_order_via_api(client)
    client.post(f"/orders/{shopper_token(order)}/help", data={"message": "Wide feet."})
    body = client.get(f"/api/v1/orders/{shopper_token(order)}").get_json()
    assert CUSTOMER["name"] not in json.dumps(body["timeline"])
    assert {(e["actor"], e["actor_name"]) for e in body["timeline"]} == {("shopper", ""), ("system", "")}


def test_cancel_after_delivery_is_refused_even_after_a_refit(client, app):
    order = place_order_via_api(client)
    _deliver(app)
    page = client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)
    assert "Cancel this order" not in page and "Request a refit" in page
    refused = client.post(f"/orders/{shopper_token(order)}/cancel")
    assert refused.status_code == 409 and 'data-code="CANCEL_NOT_ALLOWED"' in refused.get_data(as_text=True)
    client.post(f"/orders/{shopper_token(order)}/refit", data={"problem": "heel slips"})
    assert 'data-status="in_fit_review"' in client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)
    assert client.post(f"/orders/{shopper_token(order)}/cancel").status_code == 409
    refit_again = client.post(f"/orders/{shopper_token(order)}/refit", data={"problem": "still slips"})
    assert refit_again.status_code == 409 and 'data-code="REFIT_NOT_ALLOWED"' in refit_again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Order)).status == "in_fit_review"


def _deliver(app):
    with app.app_context():
        placed = db.session.scalar(db.select(Order))
        for to_status, actor in [("released", "fitter"), ("accepted", "factory"), ("in_production", "factory"),
                                 ("shipped", "factory"), ("delivered", "factory")]:
            transition(db.session, placed, to_status, actor=actor)
        db.session.commit()


def test_an_order_waiting_for_a_failed_build_says_so_and_takes_the_lasts_after_a_retry(client, app, tmp_path):
    design_id = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    storage_dir = app.config["STORAGE_DIR"]
    (tmp_path / "not-a-folder").write_text("")
    app.config["STORAGE_DIR"] = str(tmp_path / "not-a-folder")      # the build fails, as on a full disk
    client.put(f"/api/v1/designs/{design_id}/measurements", json=SAMPLE_MEASUREMENTS)
    order = client.post(f"/api/v1/designs/{design_id}/order", json=CUSTOMER).get_json()   # tries the build again
    app.config["STORAGE_DIR"] = storage_dir
    assert order["status"] == "placed"
    page = client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)
    assert 'id="build-failed"' in page and "Try again" in page
    client.post(f"/designs/{design_id}/lasts/retry")
    page = client.get(f"/orders/{shopper_token(order)}").get_data(as_text=True)
    assert 'data-status="in_fit_review"' in page and page.count('class="last-preview"') == 2
