def test_index_lists_the_styles_with_prices(client):
    page = client.get("/").get_data(as_text=True)
    for name in ("Oxford", "Derby", "Sneaker", "Chelsea boot"):
        assert name in page
    assert "€249.00" in page


def test_style_page_shows_option_groups_and_price(client):
    page = client.get("/styles/derby").get_data(as_text=True)
    assert "Toe shape" in page and "Heel height" in page and "€229.00" in page


def test_unknown_style_is_a_404_page(client):
    response = client.get("/styles/moccasin")
    assert response.status_code == 404
    assert "no style" in response.get_data(as_text=True)


def test_choosing_options_creates_a_design_and_leads_to_the_feet_form(client):
    response = client.post("/styles/oxford", data={"leather": "calf-black", "sole": "leather",
                                                   "toe": "almond", "heel": "25mm"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/feet")


def test_an_incompatible_combination_is_refused_with_its_reason(client):
    response = client.post("/styles/oxford", data={"leather": "calf-black", "sole": "commando",
                                                   "toe": "pointed", "heel": "25mm"})
    assert response.status_code == 422
    assert "toe room" in response.get_data(as_text=True)


def test_the_site_has_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"     # an ICO file


def test_the_order_form_places_one_order_however_often_it_is_sent(client, app):
    import re

    from configurator.db import db
    from configurator.models import Order
    from tests.configurator.conftest import CUSTOMER
    from tests.configurator.shop.test_designs import FEET_FORM, new_design

    design_id = new_design(client)
    client.post(f"/designs/{design_id}/feet", data=FEET_FORM)
    form = client.get(f"/designs/{design_id}/order").get_data(as_text=True)
    key = re.search(r'name="order_key" value="([^"]+)"', form).group(1)
    first = client.post(f"/designs/{design_id}/order", data={**CUSTOMER, "order_key": key})
    double = client.post(f"/designs/{design_id}/order", data={**CUSTOMER, "order_key": key})
    assert first.status_code == double.status_code == 302
    assert first.headers["Location"] == double.headers["Location"]
    other_tab = client.post(f"/designs/{design_id}/order", data={**CUSTOMER, "order_key": "another"})
    assert other_tab.headers["Location"] == first.headers["Location"]
    assert "already ordered" in client.get(other_tab.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(db.select(Order)).all()) == 1
