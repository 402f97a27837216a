"""Ways to make designs, orders and signed-in staff through the app itself."""

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from configurator.staff.services import create_user
from configurator.db import db
from configurator.models import Factory
from tests.conftest import SAMPLE_MEASUREMENTS

CUSTOMER = {"name": "Ada Shoemaker", "email": "ada@example.org", "address": "12 Last Lane, 10115 Berlin",
            "country": "DE"}


def place_order_via_api(client, style="oxford", measurements=SAMPLE_MEASUREMENTS):
    """A placed order (now in fit review), made through the JSON API; returns its JSON."""
    design = client.post("/api/v1/designs", json={"style": style}).get_json()
    client.put(f"/api/v1/designs/{design['id']}/measurements", json=measurements)
    response = client.post(f"/api/v1/designs/{design['id']}/order", json=CUSTOMER)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def shopper_token(order):
    """The shopper's own link token of an order JSON (the last part of its page link)."""
    return order["links"]["page"].rsplit("/", 1)[1]


def token_of(app, public_id):
    """The shopper token of the order with ``public_id`` (what the shopper's confirmation link carries)."""
    from configurator.models import Order

    with app.app_context():
        return db.session.scalar(db.select(Order.shopper_token).where(Order.public_id == public_id))


@pytest.fixture
def config_overrides(tmp_path):
    """Mail goes to this test's own folder (the embedded default, no SMTP server)."""
    return {"MAIL_DIR": str(tmp_path / "mail")}


def sent_mail(app, to: str | None = None) -> list[EmailMessage]:
    """The messages the app wrote into its ``MAIL_DIR`` (oldest first), optionally only those to ``to``."""
    folder = Path(app.config["MAIL_DIR"])
    paths = sorted(folder.glob("*.eml")) if folder.exists() else []
    policy = email.policy.default
    messages = [email.message_from_bytes(path.read_bytes(), _class=EmailMessage, policy=policy) for path in paths]
    return [m for m in messages if to is None or m["To"] == to]


def mail_text(message: EmailMessage) -> str:
    return message.get_content()


@pytest.fixture
def factory(app):
    with app.app_context():
        db.session.add(Factory(code="PT-FELG", name="Felgueiras Lasts & Shoes"))
        db.session.commit()
    return "PT-FELG"


@pytest.fixture
def fitter(app):
    """A fitter account: (email, password, name)."""
    with app.app_context():
        create_user(db.session, "ana@cordwain.test", "Ana Ferreira", "correct horse battery", "fitter")
        db.session.commit()
    return "ana@cordwain.test", "correct horse battery", "Ana Ferreira"


def sign_in(client, fitter):
    email, password, _ = fitter
    response = client.post("/staff/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)


def released_order(client, fitter, factory, style="oxford"):
    """An order approved by a fitter and released to ``factory``; returns its public id."""
    order = place_order_via_api(client, style)
    sign_in(client, fitter)
    response = client.post(f"/fitter/orders/{order['id']}/approve", data={"factory": factory})
    assert response.status_code == 302, response.get_data(as_text=True)
    client.post("/staff/logout")
    return order["id"]
