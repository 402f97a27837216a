"""The shopper's order link is a revocable secret: a new link (from the page or the command line) ends the old one."""

import re

import pytest

from configurator.db import db
from configurator.models import Order
from tests.configurator.conftest import CUSTOMER, place_order_via_api, sent_mail, shopper_token


@pytest.fixture
def config_overrides(tmp_path):
    """CSRF on, as in production (the new-link button is a form); mail into this test's folder."""
    return {"WTF_CSRF_ENABLED": True, "MAIL_DIR": str(tmp_path / "mail")}


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def test_a_new_link_from_the_page_ends_the_old_one_and_is_shown_and_mailed(client, app):
    order = place_order_via_api(client)
    old = shopper_token(order)
    page = client.get(f"/orders/{old}").get_data(as_text=True)
    assert "Make a new link" in page and "the old one" in page and "stops working" in page
    assert client.post(f"/orders/{old}/new-link").status_code == 400          # no CSRF token: refused

    response = client.post(f"/orders/{old}/new-link", data={"csrf_token": _csrf_token(page)})
    assert response.status_code == 302
    new = response.headers["Location"].rsplit("/", 1)[1]
    assert new != old and len(new) >= 20
    with app.app_context():
        assert db.session.scalar(db.select(Order.shopper_token).where(Order.public_id == order["id"])) == new
    shown = client.get(f"/orders/{new}").get_data(as_text=True)
    assert f'value="http://localhost/orders/{new}"' in shown and "the old one no longer works" in shown
    for path in (f"/orders/{old}", f"/api/v1/orders/{old}", f"/orders/{old}/lasts/left.glb"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/api/v1/orders/{new}").get_json()["links"]["page"] == f"http://localhost/orders/{new}"

    message = sent_mail(app, CUSTOMER["email"])[-1]
    assert message["Subject"] == f"A new link to your Cordwain order {order['reference']}"
    text = message.get_content()
    assert f"http://localhost/orders/{new}" in text and old not in text and "no longer opens it" in text


def test_staff_can_send_a_new_link_from_the_command_line_without_seeing_it(client, app, runner):
    order = place_order_via_api(client)
    old = shopper_token(order)
    result = runner.invoke(args=["orders", "new-link", order["reference"]])
    assert result.exit_code == 0 and f"emailed to {CUSTOMER['email']}" in result.output, result.output
    with app.app_context():
        new = db.session.scalar(db.select(Order.shopper_token).where(Order.public_id == order["id"]))
    assert new != old and new not in result.output
    assert client.get(f"/orders/{old}").status_code == 404 and client.get(f"/orders/{new}").status_code == 200
    assert f"/orders/{new}" in sent_mail(app, CUSTOMER["email"])[-1].get_content()
    unknown = runner.invoke(args=["orders", "new-link", "CW-NOPE22"])
    assert unknown.exit_code == 2 and '"NOT_FOUND"' in unknown.output
