"""A fitter's work on an order: the queue, the fit rules with a fitter's allowances, and rebuilt lasts."""

from collections.abc import Mapping
from typing import Any


from flask import abort

from fit.foot import SIDES
from fit.style import StyleRules, rules_for

from .. import storage
from ..db import db, DbSession
from ..errors import ShopError
from ..models import Factory, Order, User
from ..orders.lifecycle import add_message
from ..shop.lasts import DRAWING_FILES, build_pair
from ..shop.captures import capture_of

#: Allowances a fitter may change before regenerating the lasts (mm).
FITTER_ALLOWANCES = ("toe_allowance_mm", "ball_girth_allowance_mm", "waist_girth_allowance_mm",
                     "instep_girth_allowance_mm", "heel_girth_allowance_mm")


def queue(session: DbSession) -> tuple[list[Order], list[Order]]:
    """(orders waiting for a fitter, help requests first; orders returned to their shopper)."""
    waiting = session.scalars(
        db.select(Order).where(db.or_(Order.status == "in_fit_review", Order.help_requested.is_(True)))
        .order_by(Order.help_requested.desc(), Order.placed_at)).all()
    returned = session.scalars(db.select(Order).where(Order.status == "awaiting_shopper")
                               .order_by(Order.placed_at)).all()
    return list(waiting), list(returned)


def factories(session: DbSession) -> list[Factory]:
    return list(session.scalars(db.select(Factory).order_by(Factory.code)))


def factory_by_form_code(session: DbSession, code: str) -> Factory:
    """The factory a fitter chose on the release form."""
    factory = session.scalar(db.select(Factory).where(Factory.code == code))
    if factory is None:
        raise ShopError("Choose the factory that will make this order.", code="NO_FACTORY", field="factory",
                        status=422)
    return factory


def allowances_from_form(form: Mapping[str, str]) -> dict[str, float]:
    """The allowances a fitter typed (blank fields keep the style's); ``ShopError`` naming a non-number."""
    overrides = {}
    for name in FITTER_ALLOWANCES:
        raw = form.get(name, "").strip()
        if raw:
            try:
                overrides[name] = float(raw)
            except ValueError:
                raise ShopError(f"{name.removesuffix('_mm').replace('_', ' ').capitalize()} must be a number of mm.",
                                code="INVALID_ALLOWANCE", field=name, status=422) from None
    return overrides


def order_rules(order: Order, overrides: Mapping[str, float] | None = None) -> StyleRules:
    """The fit rules of a placed order: its own style and last options, plus a fitter's overrides."""
    snap = order.snapshot
    return rules_for(snap["style"]["key"], construction=snap["style"]["construction"], **snap["last_options"],
                     **(overrides or snap.get("overrides") or {}))


def rebuild_order_lasts(session: DbSession, order: Order, overrides: Mapping[str, float], fitter: User) -> None:
    """Regenerate the order's lasts with a fitter's allowances; the timeline says who and what.

    An impossible allowance is a ``FitError`` from the library (shown as a 422).
    """
    rules = order_rules(order, overrides)
    built: dict[str, Any] = build_pair(order.snapshot["feet"], rules, f"orders/{order.reference}", order.reference,
                                       order_captures(order))
    order.snapshot = {**order.snapshot, "overrides": dict(overrides), "lasts": built}
    changes = ", ".join(f"{name.removesuffix('_mm').replace('_', ' ')} {value:+.1f} mm"
                        for name, value in overrides.items()) or "style defaults"
    add_message(session, order, actor=fitter.role, actor_name=fitter.name, kind="lasts",
                note=f"Lasts regenerated with {changes}.")


def order_captures(order: Order) -> dict[str, dict]:
    """Each side's capture evidence (photo warnings, uncertainties, 3D foot) behind the order's feet.

    The order's frozen snapshot carries it when it was placed with one; older orders read the design's.
    """
    snap = order.snapshot
    captures = snap.get("captures") or order.design.captures
    found = {side: capture_of(captures, snap.get("feet"), side) for side in SIDES}
    return {side: evidence for side, evidence in found.items() if evidence}


def capture_warnings(order: Order) -> list[str]:
    """The warning codes of the order's photo captures, both feet together (empty when none)."""
    return [code for evidence in order_captures(order).values() for code in evidence.get("warning_codes", [])]


def drawing(order: Order, side: str, name: str) -> str:
    """Storage key of one of the order's last drawings (``bottom.svg``, ``sections.svg``, ...); 404 when absent."""
    files = order.snapshot["lasts"].get(side, {}).get("files", {})
    if name not in DRAWING_FILES or name not in files:
        abort(404, "This last has no such drawing; regenerate the lasts to make it.")
    return files[name]


def capture_file(order: Order, side: str, kind: str) -> str:
    """Storage key of a capture's picture (``overlay``) or 3D foot (``preview``); 404 when gone."""
    key = order_captures(order).get(side, {}).get(f"{kind}_key")
    if kind not in ("overlay", "preview") or not key or not storage.exists(key):
        abort(404, "This capture's file is no longer kept (photos are deleted after the retention period).")
    return key
