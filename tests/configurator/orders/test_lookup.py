"""orders.lookup: staff find an order by its public id, the shopper only by their own token, the command line
by reference or id; anything else is a 404; a last's preview only once there is one."""

from configurator.db import db
from configurator.models import Order
from configurator.orders.lookup import find_order
from tests.configurator.conftest import place_order_via_api, released_order, shopper_token, sign_in, token_of


def test_the_factorys_order_id_does_not_open_the_shoppers_page(client, app, fitter, factory):
    public_id = released_order(client, fitter, factory)
    shopper = token_of(app, public_id)
    assert shopper != public_id
    for path in (f"/orders/{public_id}", f"/api/v1/orders/{public_id}", f"/orders/{public_id}/lasts/left.glb"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/orders/{public_id}/cancel").status_code == 404
    page = client.get(f"/orders/{shopper}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"


def test_staff_open_an_order_by_public_id_the_command_line_by_reference_and_previews_need_a_last(client, app,
                                                                                                  fitter):
    order = place_order_via_api(client)
    sign_in(client, fitter)
    assert client.get(f"/fitter/orders/{order['id']}").status_code == 200
    for unknown in ("no-such-order", shopper_token(order), order["reference"]):
        missing = client.get(f"/fitter/orders/{unknown}")
        assert missing.status_code == 404 and "There is no such order." in missing.get_data(as_text=True), unknown
    unknown_shopper = client.get("/orders/no-such-token")
    assert unknown_shopper.status_code == 404
    assert "Check the link in your confirmation email." in unknown_shopper.get_data(as_text=True)
    with app.app_context():
        by_reference = find_order(db.session, order["reference"].lower())
        assert by_reference is not None and by_reference.public_id == order["id"]
        assert find_order(db.session, order["id"]).reference == order["reference"]
        assert find_order(db.session, "CW-NONE") is None and find_order(db.session, shopper_token(order)) is None

    # A last's preview: the order's own glb, to the shopper (by token) and to staff (by id) alike.
    token = shopper_token(order)
    preview = client.get(f"/orders/{token}/lasts/left.glb")
    assert preview.status_code == 200 and preview.mimetype == "model/gltf-binary" and preview.data[:4] == b"glTF"
    assert client.get(f"/fitter/orders/{order['id']}/lasts/left.glb").data == preview.data
    assert client.get(f"/orders/{token}/lasts/middle.glb").status_code == 404
    with app.app_context():                           # an order placed before its lasts were built
        row = db.session.scalar(db.select(Order).where(Order.public_id == order["id"]))
        row.snapshot = {key: value for key, value in row.snapshot.items() if key != "lasts"}
        db.session.commit()
    waiting = client.get(f"/orders/{token}/lasts/left.glb")
    assert waiting.status_code == 404 and "This last has no preview." in waiting.get_data(as_text=True)
