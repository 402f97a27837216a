"""orders.notices: the shopper's mail for each move, with the order link, written as .eml files."""

from configurator.db import db
from configurator.models import Order, User
from configurator.orders import moves
from tests.configurator.conftest import CUSTOMER, place_order_via_api, sent_mail, shopper_token, sign_in


def test_placing_sends_the_confirmation_with_the_order_link(client, app):
    order = place_order_via_api(client)
    [message] = sent_mail(app, CUSTOMER["email"])
    text = message.get_content()
    assert message["Subject"] == f"Your Cordwain order {order['reference']}: keep this link"
    assert f"http://localhost/orders/{shopper_token(order)}" in text and "Keep this link" in text
    assert "Oxford" in text and "to be invoiced" in text


def test_a_fitters_return_and_answer_reach_the_shopper(client, app, fitter):
    order = place_order_via_api(client)
    sign_in(client, fitter)
    client.post(f"/fitter/orders/{order['id']}/answer", data={"message": "Your girth looks right."})
    client.post(f"/fitter/orders/{order['id']}/return", data={"message": "Please retake the left photo."})
    placed, answered, returned = sent_mail(app, CUSTOMER["email"])
    assert "a fitter answered you" in answered["Subject"] and "Your girth looks right." in answered.get_content()
    assert "needs something from you" in returned["Subject"]
    assert "Please retake the left photo." in returned.get_content() and shopper_token(order) in returned.get_content()


def test_cancelling_is_told(client, app):
    order_id = place_order_via_api(client)["id"]
    with app.test_request_context():
        order = db.session.scalar(db.select(Order).where(Order.public_id == order_id))
        moves.cancel_by_shopper(db.session, order)
        db.session.commit()
    assert sent_mail(app)[-1]["Subject"].endswith("is cancelled")
    assert "nothing is charged" in sent_mail(app)[-1].get_content()


def test_a_move_that_fails_sends_nothing(client, app, fitter):
    order_id = place_order_via_api(client)["id"]
    with app.test_request_context():
        order = db.session.scalar(db.select(Order).where(Order.public_id == order_id))
        user = db.session.scalar(db.select(User))
        moves.return_to_shopper(db.session, order, user, "Retake please.")
        db.session.rollback()
    assert len(sent_mail(app)) == 1          # only the confirmation


def test_the_shopper_can_have_the_link_mailed_again(client, app):
    order = place_order_via_api(client)
    response = client.post(f"/orders/{shopper_token(order)}/email-link")
    assert response.status_code == 302
    assert sent_mail(app)[-1]["Subject"] == f"The link to your Cordwain order {order['reference']}"


def test_shipping_is_told_with_the_tracking_number_set_after_the_move(client, app):
    from configurator.orders.lifecycle import transition

    order_id = place_order_via_api(client)["id"]
    with app.test_request_context():
        order = db.session.scalar(db.select(Order).where(Order.public_id == order_id))
        for to_status, actor in [("released", "fitter"), ("accepted", "factory"), ("in_production", "factory"),
                                 ("shipped", "factory")]:
            transition(db.session, order, to_status, actor=actor, actor_name="Felgueiras")
        order.tracking_number = "PT123456789"          # as the factory API sets it, after the move
        db.session.commit()
    shipped = sent_mail(app)[-1]
    assert shipped["Subject"].endswith("has shipped") and "Tracking number: PT123456789" in shipped.get_content()
    assert [m["Subject"].split(": ")[-1] for m in sent_mail(app)][1] == "your lasts are approved"
