"""The feet form in the browser (desktop): a large left/right difference asks first; inches stay inches."""

import pytest
from playwright.sync_api import expect

from configurator.db import db
from configurator.models import Design
from tests.browser.conftest import DESKTOP, new_page

pytestmark = pytest.mark.browser


def _new_design(app) -> str:
    return app.test_client().post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]


def _stored_feet(app, design_id: str) -> dict | None:
    with app.app_context():
        return db.session.scalar(db.select(Design).where(Design.public_id == design_id)).feet


def _fill(page, values: dict[str, str]) -> None:
    for field, value in values.items():
        page.locator(f"[name={field}]").fill(value)


def test_a_large_length_difference_is_saved_only_once_confirmed(browser, live_server, app, audit):
    design_id = _new_design(app)
    page = new_page(browser, **DESKTOP)
    page.goto(f"{live_server}/designs/{design_id}/feet")
    _fill(page, {"left_foot_length_mm": "260", "left_ball_width_mm": "100",
                 "right_foot_length_mm": "240", "right_ball_width_mm": "98"})
    page.get_by_role("button", name="Build my lasts").click()

    # asked, with the difference named, the typed values kept, and nothing stored
    expect(page.locator("h1")).to_have_text("Your feet")
    expect(page.locator(".field.confirm .field-error")).to_contain_text("differ in length by 20 mm")
    confirm = page.get_by_label("Yes, these lengths are right")
    expect(confirm).not_to_be_checked()
    expect(page.locator("[name=left_foot_length_mm]")).to_have_value("260")
    expect(page.locator("[name=right_foot_length_mm]")).to_have_value("240")
    assert _stored_feet(app, design_id) is None
    audit(page, "feet-confirm")

    confirm.check()
    page.get_by_role("button", name="Build my lasts").click()
    expect(page.locator("h1")).to_have_text("Your lasts")
    feet = _stored_feet(app, design_id)
    assert feet["left"]["foot_length_mm"] == 260.0 and feet["right"]["foot_length_mm"] == 240.0
    expect(page.locator("#foot-left .fit-table")).to_contain_text("260.0 mm")
    expect(page.locator("#foot-right .fit-table")).to_contain_text("240.0 mm")
    audit(page, "review-after-confirm")
    page.context.close()


def test_feet_typed_in_inches_are_shown_in_inches_with_mm_beside(browser, live_server, app, audit):
    design_id = _new_design(app)
    page = new_page(browser, **DESKTOP)
    page.goto(f"{live_server}/designs/{design_id}/feet")
    page.get_by_label("Units").select_option("in")
    _fill(page, {"left_foot_length_mm": "10.3", "left_ball_width_mm": "4",
                 "right_foot_length_mm": "10.4", "right_ball_width_mm": "4.05"})
    page.get_by_role("button", name="Build my lasts").click()
    expect(page.locator("h1")).to_have_text("Your lasts")
    feet = _stored_feet(app, design_id)
    assert feet["left"]["foot_length_mm"] == pytest.approx(10.3 * 25.4, abs=0.05)

    page.get_by_role("link", name="Change measurements").click()
    expect(page.locator("h1")).to_have_text("Your feet")
    expect(page.get_by_label("Units")).to_have_value("in")
    expect(page.locator("[name=left_foot_length_mm]")).to_have_value("10.3")
    left_length = page.locator(".field", has=page.locator("[name=left_foot_length_mm]"))
    expect(left_length.locator(".unit")).to_contain_text("in")
    expect(left_length.locator(".mm-beside")).to_have_text("= 261.6 mm")
    right_width = page.locator(".field", has=page.locator("[name=right_ball_width_mm]"))
    expect(right_width.locator(".mm-beside")).to_have_text("= 102.9 mm")
    audit(page, "feet-in-inches")
    page.context.close()
