"""The shopper's whole path on a desktop and a phone, the retake path, the QR hand-off and the fitters' pages,
in a real browser: each page checked by axe-core (no serious or critical violation) and kept as a screenshot."""

import email
import email.policy
from pathlib import Path

import pytest
from playwright.sync_api import expect

from configurator.db import db
from configurator.models import Order
from configurator.orders import moves
from configurator.staff.services import create_user
from tests.browser.conftest import DESKTOP, PHONE, new_page
from tests.configurator.conftest import shopper_token
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.fit.photo.scenes import make_scene, photo_bytes

pytestmark = pytest.mark.browser

SHOPPER = {"name": "Ada Shoemaker", "email": "ada@example.org", "address": "12 Last Lane, 10115 Berlin"}


def _mail(app):
    paths = sorted(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in paths]


FITTER = ("ana@cordwain.test", "Ana Ferreira", "correct horse battery")


def _placed_order(app, style):
    """An order placed through the JSON API (as another device would); returns its JSON."""
    client = app.test_client()
    design = client.post("/api/v1/designs", json={"style": style}).get_json()
    client.put(f"/api/v1/designs/{design['id']}/measurements", json=SAMPLE_MEASUREMENTS)
    return client.post(f"/api/v1/designs/{design['id']}/order", json={**SHOPPER, "country": "DE"}).get_json()


def _orders(app):
    with app.app_context():
        return db.session.scalars(db.select(Order)).all()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_catalog_to_order_with_its_confirmation_mail(browser, live_server, app, audit, device):
    page = new_page(browser, **(DESKTOP if device == "desktop" else PHONE))
    page.goto(live_server + "/")
    audit(page, "catalog")
    page.get_by_role("link", name="Oxford").click()
    page.get_by_label("Oxblood museum calf").check()
    # the quote waits behind the style page's first shoe build on the one-threaded test server
    expect(page.locator("#price")).to_have_text("€279.00", timeout=30_000)
    audit(page, "style")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("button", name="Build my lasts").click()            # nothing typed: every field is named
    expect(page.locator(".field-error")).to_have_count(4)
    audit(page, "feet-errors")
    for field, value in (("left_foot_length_mm", "262"), ("left_ball_width_mm", "101.5"),
                         ("right_foot_length_mm", "265.5"), ("right_ball_width_mm", "102")):
        page.locator(f"[name={field}]").fill(value)
    page.get_by_role("button", name="Build my lasts").click()

    expect(page.locator("h1")).to_have_text("Your lasts")
    expect(page.locator("#foot-left .last-preview")).to_have_attribute("data-rendered", "true", timeout=30_000)
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("Fit review")
    audit(page, "review")
    page.get_by_role("link", name="Order this pair").click()

    expect(page.locator("#recap-price")).to_contain_text("€279.00")
    expect(page.locator(".recap")).to_contain_text("Oxblood museum calf")
    expect(page.locator("#recap-delivery")).to_contain_text("between")
    audit(page, "order-form")
    page.get_by_label("Name").fill(SHOPPER["name"])
    page.get_by_label("Email").fill(SHOPPER["email"])
    page.get_by_label("Shipping address").fill(SHOPPER["address"])
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Place order").click()

    expect(page.locator("#order-status")).to_have_attribute("data-status", "in_fit_review")
    expect(page.locator(".keep-link")).to_contain_text("Keep this page's link")
    audit(page, "order")
    [confirmation] = _mail(app)
    assert confirmation["To"] == SHOPPER["email"] and page.url in confirmation.get_content()

    page.get_by_role("link", name="Cancel this order…").click()
    expect(page.locator("h1")).to_contain_text("Cancel order")
    audit(page, "cancel")
    page.get_by_role("link", name="No, keep my order").click()
    expect(page.locator("#order-status")).to_have_attribute("data-status", "in_fit_review")
    page.context.close()


def test_the_retake_path_of_a_returned_order_leaves_exactly_one_order(browser, live_server, app, audit):
    order = _placed_order(app, "derby")
    with app.test_request_context():
        fitter = create_user(db.session, *FITTER, "fitter")
        placed = db.session.scalar(db.select(Order))
        moves.return_to_shopper(db.session, placed, fitter, "Please check your left foot's length.")
        db.session.commit()

    page = new_page(browser, **PHONE)
    page.goto(f"{live_server}/orders/{shopper_token(order)}")
    expect(page.locator("#order-status")).to_have_attribute("data-status", "awaiting_shopper")
    audit(page, "order-returned")
    page.get_by_role("link", name="Update your measurements").click()
    page.locator("[name=left_foot_length_mm]").fill("264")
    page.get_by_role("button", name="Build my lasts").click()
    expect(page.locator("h1")).to_have_text("Your lasts")
    expect(page.get_by_role("link", name="Order this pair")).to_have_count(0)
    audit(page, "review-returned")
    page.get_by_role("button", name="Send them to the fitter").click()

    expect(page.locator("#order-status")).to_have_attribute("data-status", "in_fit_review")
    assert page.url.endswith(f"/orders/{shopper_token(order)}")
    [only] = _orders(app)
    assert only.public_id == order["id"] and only.snapshot["feet"]["left"]["foot_length_mm"] == 264.0
    page.context.close()


def test_the_qr_code_hands_the_photos_to_a_phone(browser, live_server, app, audit, tmp_path):
    scene = make_scene(13, side="left", paper="a4", floor="tile", tilt_deg=5, orientation=1, length_mm=258.0)
    photo = tmp_path / "left.jpg"
    photo.write_bytes(photo_bytes(scene))
    desktop = new_page(browser, **DESKTOP)
    desktop.goto(live_server + "/styles/derby")
    desktop.get_by_role("button", name="Continue").click()
    design_path = desktop.url.removeprefix(live_server).removesuffix("/feet")
    desktop.get_by_role("link", name="measure with two photos instead").click()
    expect(desktop.locator(".qr-code svg")).to_be_visible()
    audit(desktop, "photos-desktop")
    capture_url = desktop.locator("#capture-url").inner_text()
    token = capture_url.rsplit("/", 1)[1]
    assert capture_url.startswith(live_server + "/capture/") and token not in design_path

    phone = new_page(browser, **PHONE)
    phone.goto(capture_url)                          # what scanning the QR code opens
    audit(phone, "capture-phone")
    phone.get_by_label("Left foot photo").set_input_files(str(photo))
    phone.get_by_role("button", name="Upload and measure").click()
    expect(desktop.locator("img.overlay")).to_have_count(1, timeout=30_000)   # the desktop updates by itself
    expect(phone.locator("#capture-left .photo-state")).to_have_attribute("data-status", "measured")

    # The token is no key to anything else: not the design's pages.
    response = phone.goto(f"{live_server}/designs/{token}/photos")
    assert response.status == 404
    phone.goto(live_server + design_path + "/photos")        # on a phone the QR block is not shown
    expect(phone.locator(".qr")).to_be_hidden()
    desktop.get_by_role("button", name="Stop phone links").click()
    assert phone.goto(capture_url).status == 403
    phone.context.close()
    desktop.context.close()


def test_fitter_pages_pass_the_accessibility_checks(browser, live_server, app, audit):
    order = _placed_order(app, "chelsea")
    with app.app_context():
        create_user(db.session, *FITTER, "fitter")
        db.session.commit()
    page = new_page(browser, **DESKTOP)
    page.goto(live_server + "/staff/login")
    audit(page, "staff-login")
    page.get_by_label("Email").fill("ana@cordwain.test")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#queue")).to_contain_text(order["reference"])
    audit(page, "fitter-queue")
    page.get_by_role("link", name=order["reference"]).click()
    audit(page, "fitter-order")
    page.get_by_label("Ball girth allowance (mm)").fill("lots")
    page.get_by_role("button", name="Regenerate lasts").click()
    expect(page.locator("#ball_girth_allowance_mm-error")).to_contain_text("must be a number")
    expect(page.get_by_label("Ball girth allowance (mm)")).to_have_value("lots")
    audit(page, "fitter-order-error")
    page.context.close()
