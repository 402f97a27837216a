"""A shopper goes from the catalog to a placed order in a real browser."""

import email
import email.policy

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import canvas_pixels

pytestmark = pytest.mark.browser


def test_catalog_to_placed_order(page, live_server, tmp_path):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Oxford").click()
    expect(page.locator("#price")).to_have_text("€249.00")
    page.get_by_label("Oxblood museum calf").check()
    expect(page.locator("#price")).to_have_text("€279.00")
    page.get_by_label("Commando rubber lug sole").check()
    page.get_by_label("Pointed toe").check()
    expect(page.locator("#price-problem")).to_contain_text("toe room")
    page.get_by_label("Round toe").check()
    expect(page.locator("#price")).to_have_text("€299.00")
    page.get_by_role("button", name="Continue").click()

    page.locator("[name=left_foot_length_mm]").fill("262")
    page.locator("[name=left_ball_width_mm]").fill("101.5")
    page.locator("[name=left_ball_girth_mm]").fill("247")
    page.locator("[name=right_foot_length_mm]").fill("265.5")
    page.locator("[name=right_ball_width_mm]").fill("102")
    page.get_by_role("button", name="Build my lasts").click()

    expect(page.locator("h1")).to_have_text("Your lasts")
    for side in ("left", "right"):
        preview = f"#foot-{side} .last-preview"
        expect(page.locator(preview)).to_have_attribute("data-rendered", "true", timeout=20_000)
        assert int(page.get_attribute(preview, "data-vertex-count")) >= 20_000
        assert canvas_pixels(page, preview)["share"] > 0.05
    expect(page.locator("#foot-right .badge.estimated").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)

    page.get_by_role("link", name="Order this pair").click()
    page.get_by_label("Name").fill("Ada Shoemaker")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Shipping address").fill("12 Last Lane, 10115 Berlin")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Place order").click()

    expect(page.locator("#order-status")).to_have_attribute("data-status", "in_fit_review")
    expect(page.locator(".invoice")).to_contain_text("to be invoiced")

    # The shopper shared the link by mistake: a new link ends the old one, is shown, and is mailed.
    old_link = page.locator(".order-link").input_value()
    expect(page.locator("#new-link-help")).to_contain_text("the old one stops working")
    page.get_by_role("button", name="Make a new link").click()
    expect(page.locator(".order-link")).not_to_have_value(old_link)
    new_link = page.locator(".order-link").input_value()
    expect(page.get_by_text("the old one no longer works")).to_be_visible()
    expect(page.locator("#order-status")).to_have_attribute("data-status", "in_fit_review")
    assert page.request.get(old_link).status == 404 and page.request.get(new_link).status == 200
    newest = sorted((tmp_path / "mail").glob("*.eml"))[-1]            # named oldest first, as tests' sent_mail reads
    mail = email.message_from_bytes(newest.read_bytes(), policy=email.policy.default)
    assert mail["Subject"].startswith("A new link to your Cordwain order")
    assert new_link in mail.get_content() and old_link not in mail.get_content()
