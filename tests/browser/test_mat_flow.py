"""On a phone: the mat capture from the first photo to accepted 3D measurements feeding the lasts."""

import pytest
from playwright.sync_api import expect

from configurator.shop.mat import SHOT_NAMES
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.browser.test_photo_flow import phone  # noqa: F401 (the phone-sized page fixture)
from tests.configurator.shop.test_mat import dark, mat_photo_set

pytestmark = pytest.mark.browser


def jpeg(data, name):
    return {"name": f"{name}.jpg", "mimeType": "image/jpeg", "buffer": data}


def test_phone_mat_capture_to_3d_measurements_in_the_lasts(phone, live_server, tmp_path):
    photos, side, _ = mat_photo_set()
    design = phone.request.post(live_server + "/api/v1/designs", data={"style": "sneaker"}).json()["id"]
    phone.request.put(f"{live_server}/api/v1/designs/{design}/measurements", data=SAMPLE_MEASUREMENTS)

    phone.goto(f"{live_server}/designs/{design}/feet")
    phone.get_by_role("link", name="measure in 3D on a printed mat").click()
    phone.get_by_role("link", name=f"{side.capitalize()} foot").click()
    expect(phone.get_by_role("link", name="mat (PDF)")).to_be_visible()
    shots = phone.locator("li.shot")
    expect(shots).to_have_count(len(SHOT_NAMES))

    top = phone.locator('li.shot[data-shot="top"]')
    top.locator("input[type=file]").set_input_files(jpeg(dark(photos[0]), "dark"))
    expect(top).to_have_attribute("data-state", "retake", timeout=20_000)
    expect(top.locator(".feedback")).to_have_attribute("data-code", "TOO_DARK")
    for name, photo in zip(SHOT_NAMES, photos):          # the retake of the top shot, then the others
        item = phone.locator(f'li.shot[data-shot="{name}"]')
        item.locator("input[type=file]").set_input_files(jpeg(photo, name))
        expect(item).to_have_attribute("data-state", "ok", timeout=20_000)
        expect(item.locator(".feedback")).to_contain_text("markers found")
    phone.screenshot(path=str(tmp_path / "mat-shots.png"), full_page=True)

    phone.get_by_role("button", name="Measure in 3D").click()
    # The reconstruction runs within the request (inline jobs): on a loaded 2-core machine that is slow.
    values = phone.locator("table.mat-values")
    expect(values).to_be_visible(timeout=180_000)
    expect(values.locator('tr[data-name="ball_girth_mm"]')).to_contain_text("photo 3D")
    expect(phone.locator(".foot-preview")).to_have_attribute("data-rendered", "true", timeout=30_000)
    phone.screenshot(path=str(tmp_path / "mat-result.png"), full_page=True)

    phone.get_by_role("button", name="Use these 3D measurements").click()
    expect(phone.locator("h1")).to_have_text("Your lasts", timeout=60_000)
    foot = phone.locator(f"#foot-{side}")
    expect(foot.locator(".last-preview")).to_have_attribute("data-foot-rendered", "true", timeout=30_000)
    expect(foot.locator(".fit-table .badge.machine").filter(has_text="photo 3D").first).to_be_visible()
    expect(foot.locator('.capture[data-method="mat"]')).to_be_visible()
