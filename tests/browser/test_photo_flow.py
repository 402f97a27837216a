"""A shopper on a phone photographs both feet; the page shows what was measured and they accept it."""

import pytest
from playwright.sync_api import expect

from tests.fit.photo.scenes import make_scene, photo_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_phone_photos_to_lasts(phone, live_server, tmp_path):
    files = {}
    for side, seed in (("left", 13), ("right", 12)):
        scene = make_scene(seed, side=side, paper="a4", floor="wood", tilt_deg=6, orientation=6,
                           length_mm=258.0 if side == "left" else 262.0)
        files[side] = tmp_path / f"{side}.jpg"
        files[side].write_bytes(photo_bytes(scene))

    phone.goto(live_server + "/styles/sneaker")
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("link", name="measure with two photos instead").click()
    for side in ("left", "right"):
        phone.get_by_label(f"{side.capitalize()} foot photo").set_input_files(str(files[side]))
    phone.get_by_role("button", name="Upload and measure").click()

    overlays = phone.locator("img.overlay")
    # Both photos are measured within the upload request (inline jobs): on a loaded 2-core machine that
    # takes longer than expect's default 5 s, and the page's status poller may reload it half-way.
    expect(overlays).to_have_count(2, timeout=30_000)
    for index in range(2):
        expect(overlays.nth(index)).to_have_js_property("complete", True, timeout=15_000)   # loaded, then measured
        assert overlays.nth(index).evaluate("img => img.naturalWidth > 200")
    phone.screenshot(path=str(tmp_path / "photos.png"), full_page=True)
    phone.get_by_role("button", name="Use these measurements").first.click()
    # The first acceptance reloads the page: click the second button on the new page, not the old one.
    expect(phone.get_by_role("button", name="Use these measurements")).to_have_count(1, timeout=30_000)
    phone.get_by_role("button", name="Use these measurements").click()
    # Accepting the second foot builds both lasts within the request (inline jobs): seconds on a loaded machine.
    expect(phone.locator("h1")).to_have_text("Your lasts", timeout=30_000)
    expect(phone.locator("#foot-left .last-preview")).to_have_attribute("data-rendered", "true", timeout=20_000)
    expect(phone.locator("#foot-left .badge.machine").first).to_contain_text("from photo")


def test_desktop_page_updates_when_the_phone_uploads(browser, phone, live_server, tmp_path):
    scene = make_scene(13, side="left", paper="a4", floor="tile", tilt_deg=5, orientation=1, length_mm=258.0)
    photo = tmp_path / "left.jpg"
    photo.write_bytes(photo_bytes(scene))
    desktop = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    desktop.goto(live_server + "/styles/derby")
    desktop.get_by_role("button", name="Continue").click()
    desktop.get_by_role("link", name="measure with two photos instead").click()
    expect(desktop.locator(".qr-code svg")).to_be_visible()

    phone.goto(desktop.locator("#capture-url").inner_text())      # what scanning the QR code opens
    phone.get_by_label("Left foot photo").set_input_files(str(photo))
    phone.get_by_role("button", name="Upload and measure").click()

    expect(desktop.locator("img.overlay")).to_have_count(1, timeout=15_000)
    desktop.context.close()
