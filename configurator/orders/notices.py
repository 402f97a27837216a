"""Which moves of an order the shopper hears about by mail, and what each message says.

``after_event`` is called by the lifecycle for every timeline entry; the message leaves when the
caller commits (``mail.queue_mail``).
"""

from email.message import EmailMessage

from ..db import DbSession
from ..mail import compose, public_url, queue_mail
from ..models import Order, OrderEvent

STAFF_ACTORS = ("fitter", "admin")


def after_event(session: DbSession, order: Order, event: OrderEvent) -> None:
    """Queue the shopper's mail for ``event``, if this kind of event has one."""
    template = _template_for(event)
    if template is not None:
        queue_mail(session, lambda: order_mail(order, template, event))


def _template_for(event: OrderEvent) -> str | None:
    moved = (event.from_status, event.to_status)
    if event.kind == "transition" and moved == ("placed", "in_fit_review"):
        return "order_placed"
    if event.kind == "transition" and event.to_status in ("awaiting_shopper", "released", "shipped", "cancelled"):
        return f"order_{event.to_status}"
    if event.kind == "message" and event.actor in STAFF_ACTORS:
        return "fitter_answer"
    return None


SUBJECTS = {
    "order_placed": "Your Cordwain order {ref}: keep this link",
    "order_awaiting_shopper": "Order {ref}: our fitter needs something from you",
    "order_released": "Order {ref}: your lasts are approved",
    "order_shipped": "Order {ref} has shipped",
    "order_cancelled": "Order {ref} is cancelled",
    "fitter_answer": "Order {ref}: a fitter answered you",
    "order_link": "The link to your Cordwain order {ref}",
    "order_new_link": "A new link to your Cordwain order {ref}",
}


def order_mail(order: Order, template: str, event: OrderEvent | None = None) -> EmailMessage:
    """The shopper's message ``template`` about ``order`` (and the ``event`` that caused it)."""
    return compose(order.email, SUBJECTS[template].format(ref=order.reference), template, order=order, event=event,
                   order_url=public_url("orders.show", order_id=order.shopper_token))


def send_order_link(session: DbSession, order: Order) -> None:
    """The shopper asked for their order's link by mail (sent when the caller commits)."""
    queue_mail(session, lambda: order_mail(order, "order_link"))


def replace_order_link(session: DbSession, order: Order) -> str:
    """Revoke the order's link (anyone holding it sees 404 from now on) and mail the new one to the address the
    order was placed with, when the caller commits. Returns the new link's token."""
    token = order.rotate_shopper_token()
    queue_mail(session, lambda: order_mail(order, "order_new_link"))
    return token
