"""The shopper's order page: status, timeline, asking for a person, cancelling, a refit after delivery."""

from configurator.db import db
from configurator.orders.lifecycle import transition
from configurator.models import Order
from tests.configurator.conftest import place_order_via_api


def test_order_page_shows_machine_values_and_that_no_person_checked_yet(client):
    order = place_order_via_api(client)
    page = client.get(f"/orders/{order['id']}").get_data(as_text=True)
    assert "not yet checked by a person" in page
    assert "estimated" in page and page.count('class="last-preview"') == 2


def test_asking_for_a_person_lands_on_the_timeline_and_in_the_queue(client, app):
    order = place_order_via_api(client)
    client.post(f"/orders/{order['id']}/help", data={"message": "Can I talk to someone about my wide feet?"})
    page = client.get(f"/orders/{order['id']}").get_data(as_text=True)
    assert "Asked for a person" in page and "wide feet" in page
    with app.app_context():
        assert db.session.scalar(db.select(Order)).help_requested is True


def test_cancel_asks_first_then_cancels_and_not_twice(client):
    order = place_order_via_api(client)
    page = client.get(f"/orders/{order['id']}").get_data(as_text=True)
    assert f'href="/orders/{order["id"]}/cancel"' in page         # a link to the question, not a button that acts
    question = client.get(f"/orders/{order['id']}/cancel").get_data(as_text=True)
    assert "nothing is charged" in question and 'name="confirm" value="yes"' in question
    unconfirmed = client.post(f"/orders/{order['id']}/cancel")
    assert unconfirmed.status_code == 200 and "Yes, cancel this order" in unconfirmed.get_data(as_text=True)
    assert 'data-status="in_fit_review"' in client.get(f"/orders/{order['id']}").get_data(as_text=True)
    assert client.post(f"/orders/{order['id']}/cancel", data={"confirm": "yes"}).status_code == 302
    assert 'data-status="cancelled"' in client.get(f"/orders/{order['id']}").get_data(as_text=True)
    again = client.post(f"/orders/{order['id']}/cancel", data={"confirm": "yes"})
    assert again.status_code == 409 and "cannot be moved" in again.get_data(as_text=True)


def test_refit_after_delivery_reopens_fit_review(client, app):
    order = place_order_via_api(client)
    with app.app_context():
        placed = db.session.scalar(db.select(Order))
        for to_status, actor in [("released", "fitter"), ("accepted", "factory"), ("in_production", "factory"),
                                 ("shipped", "factory"), ("delivered", "factory")]:
            transition(db.session, placed, to_status, actor=actor)
        db.session.commit()
    assert client.post(f"/orders/{order['id']}/refit", data={"problem": ""}).status_code == 422
    client.post(f"/orders/{order['id']}/refit", data={"problem": "heel slips"})
    page = client.get(f"/orders/{order['id']}").get_data(as_text=True)
    assert 'data-status="in_fit_review"' in page and "Refit requested: heel slips" in page


def test_resubmitting_when_not_asked_is_refused(client):
    order = place_order_via_api(client)
    assert client.post(f"/orders/{order['id']}/resubmit").status_code == 409


def test_later_catalog_changes_never_alter_a_placed_order(client, app):
    from configurator.models import Option, Style

    order = place_order_via_api(client)
    before = client.get(f"/api/v1/orders/{order['id']}").get_json()
    with app.app_context():
        db.session.scalar(db.select(Style).where(Style.key == "oxford")).base_price_cents = 99900
        for option in db.session.scalars(db.select(Option)):
            option.label = option.label.upper()
        db.session.commit()
    after = client.get(f"/api/v1/orders/{order['id']}").get_json()
    assert after["design"] == before["design"] and after["design"]["price_cents"] == 24900
    assert "Black box calf" in client.get(f"/orders/{order['id']}").get_data(as_text=True)
