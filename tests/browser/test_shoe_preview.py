"""The style page shows the shoe in WebGL and recolours it when the leather changes (desktop and phone).

Screenshots are kept in instance/test-artifacts/browser/ (git-ignored)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import canvas_pixels

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "instance" / "test-artifacts" / "browser"
VIEWPORTS = {"desktop": dict(viewport={"width": 1200, "height": 900}),
             "phone": dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                           device_scale_factor=2)}


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_style_page_shoe_changes_colour_with_the_leather(browser, live_server, device):
    context = browser.new_context(**VIEWPORTS[device])
    page = context.new_page()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(live_server + "/")
        expect(page.locator("img.card-picture").first).to_be_visible()
        # each picture loaded (read as properties: the page's CSP forbids the eval a predicate string needs)
        pictures = page.locator("img.card-picture[data-src]")
        for index in range(pictures.count()):
            expect(pictures.nth(index)).to_have_js_property("complete", True, timeout=120_000)
            expect(pictures.nth(index)).not_to_have_js_property("naturalWidth", 0, timeout=120_000)
        page.screenshot(path=str(ARTIFACTS / f"catalog-{device}.png"), full_page=True)
        page.get_by_role("link", name="Oxford").click()
        preview = ".shoe-preview"
        expect(page.locator(preview)).to_have_attribute("data-rendered", "true", timeout=60_000)
        black = canvas_pixels(page, preview)
        assert black["share"] > 0.08
        page.screenshot(path=str(ARTIFACTS / f"style-black-{device}.png"), full_page=True)

        page.get_by_label("Snuff suede").check()
        expect(page.locator(preview)).to_have_attribute("data-loaded-url", "/styles/oxford/shoe.glb?"
                                                        "leather=suede-snuff&sole=leather&toe=almond&heel=25mm",
                                                        timeout=60_000)
        suede = canvas_pixels(page, preview)
        page.screenshot(path=str(ARTIFACTS / f"style-suede-{device}.png"), full_page=True)
        assert suede["share"] > 0.08
        assert sum(suede["rgb"]) > sum(black["rgb"]) + 60       # snuff suede is far lighter than black calf
        assert suede["rgb"][0] > suede["rgb"][2] + 15           # and warm

        # a heel height is another last: new geometry, loaded in place of the old
        vertices = page.locator(preview).get_attribute("data-vertex-count")
        page.get_by_label("35 mm heel").check()
        expect(page.locator(preview)).to_have_attribute("data-loaded-url", "/styles/oxford/shoe.glb?"
                                                        "leather=suede-snuff&sole=leather&toe=almond&heel=35mm",
                                                        timeout=60_000)
        assert page.locator(preview).get_attribute("data-vertex-count") != vertices
        assert canvas_pixels(page, preview)["share"] > 0.08

        canvas = page.locator(preview + " canvas")
        if device == "phone":
            assert canvas.evaluate("c => c.style.touchAction") == "pan-y"        # one finger scrolls the page
            expect(page.locator(".preview-hint")).to_contain_text("two fingers")
            canvas.tap()
            assert canvas.evaluate("c => c.style.touchAction") == "none"         # tapped: one finger turns it
        else:
            expect(page.locator(".preview-hint")).to_have_text("Drag to turn")
    finally:
        context.close()
