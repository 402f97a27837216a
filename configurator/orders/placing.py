"""Placing an order: checks, a frozen snapshot of the design, and the order's timeline.

An order is placed once: a request carries a key (the API's ``Idempotency-Key``, the order form's one-time
key) and the same key gives the same order; a design has at most one live (not cancelled) order, which the
database enforces too (``uq_order_live_design``), so concurrent requests cannot place it twice.
"""

import secrets

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any


from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from fit.foot import SIDES

from .. import storage
from ..db import DbSession, commit_keeping_loaded
from ..errors import ShopError
from ..clock import utcnow
from ..jobs import enqueue, track
from ..models import Design, Job, OptionGroup, Order, OrderEvent, Style
from ..shop.captures import CAPTURE_FILES, capture_of
from ..shop.catalog import describe_choices, last_options
from .customer import check_customer as check_customer   # the API and the order form check details here
from ..shop.lasts import inputs_sha256, lasts_are_current
from .lifecycle import transition
from .moves import require_awaiting_shopper

# No 0/O, 1/I/L: references are read out on the phone and typed from paper tickets.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    return "CW-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


def place_and_build(session: DbSession, design: Design, customer: Mapping[str, str], *, key: str | None = None,
                    request_sha256: str = "") -> tuple[Order, bool]:
    """``place_order``, committed, with the build of the lasts the order waits for queued: what views call.

    One commit holds the order and its build's job row; the job is queued after it. Then, as
    ``complete_waiting_order`` needs, the order takes lasts that were built while it was being placed.
    """
    order, placed_now = place_order(session, design, customer, key=key, request_sha256=request_sha256)
    build, to_queue = None, False
    if placed_now and order.status == "placed":
        build, to_queue = track(session, "build_lasts", design, inputs_sha256(design))
    commit_keeping_loaded(session)          # the answer is made from the order just written: no reloads
    if build is not None and to_queue:
        enqueue("build_lasts_job", job_id=build.id)     # it completes the order when done
    elif build is not None and session.scalar(select(Job.state).where(Job.id == build.id)) == "done":
        complete_waiting_order(session, design.id)      # built before this order was committed
    return order, placed_now


def place_order(session: DbSession, design: Design, customer: Mapping[str, str], *, key: str | None = None,
                request_sha256: str = "") -> tuple[Order, bool]:
    """Place ``design`` "to be invoiced" for ``customer`` (cleaned by ``check_customer``), once.

    Returns ``(order, placed_now)``: the order placed earlier with the same ``key``, or the design's live
    order, comes back with ``placed_now`` False. ``request_sha256`` tells a retry from another request that
    reuses the key (refused). Without built lasts the order waits as "placed" and the build job completes
    it (``complete_waiting_order``). The caller commits; after a lost race the session is rolled back.
    """
    earlier = _earlier_order(session, design, key, request_sha256)
    if earlier is not None:
        return earlier, False
    if not design.feet:
        raise ShopError("Give both feet's measurements before ordering.", code="NO_MEASUREMENTS", status=409)
    set_committed_value(design, "style", _style_with_options(session, design.style_id))
    order = Order(reference=new_reference(), design=design, customer_name=customer["name"],
                  email=customer["email"], address=customer["address"], country=customer["country"],
                  status="placed", placed_at=utcnow(), idempotency_key=key, request_sha256=request_sha256 or None)
    order.snapshot = snapshot(design, files_prefix=None)
    order.events.append(OrderEvent(from_status=None, to_status="placed", actor="shopper", actor_name="",
                                   note="Placed, to be invoiced."))
    session.add(order)
    try:
        session.flush()           # the unique key and the one live order per design decide a race here
    except IntegrityError:
        session.rollback()
        earlier = _earlier_order(session, design, key, request_sha256)
        if earlier is None:
            raise
        return earlier, False
    if lasts_are_current(design):
        _take_lasts(session, order, design)
    return order, True


def _earlier_order(session: DbSession, design: Design, key: str | None, request_sha256: str) -> Order | None:
    """The order placed with ``key`` or else the design's live order: both looked up in one query."""
    live = (Order.design_id == design.id) & (Order.status != "cancelled")
    found = session.scalars(select(Order).where(or_(live, Order.idempotency_key == key) if key else live)).all()
    keyed = next((order for order in found if key and order.idempotency_key == key), None)
    if keyed is not None:
        if keyed.request_sha256 != (request_sha256 or None):
            raise ShopError("This Idempotency-Key was used for a different request; use a new key for a new "
                            "order.", code="IDEMPOTENCY_KEY_REUSED", status=422)
        return keyed
    return next(iter(found), None)


def _style_with_options(session: DbSession, style_id: int) -> Style:
    """The style with its option groups and options, in one query (the snapshot reads them all)."""
    return session.scalars(select(Style).where(Style.id == style_id)
                           .options(joinedload(Style.groups).joinedload(OptionGroup.options))).unique().one()


def live_order(session: DbSession, design_id: int) -> Order | None:
    """The design's order that is not cancelled, if any (there is at most one)."""
    return session.scalar(select(Order).where(Order.design_id == design_id, Order.status != "cancelled"))


def _take_lasts(session: DbSession, order: Order, design: Design) -> None:
    """Copy the design's lasts into the order; every machine-made fit then waits for a person."""
    order.snapshot = {**order.snapshot, **frozen_files(design, f"orders/{order.reference}")}
    transition(session, order, "in_fit_review", actor="system", note="Waiting for a fitter to check the lasts.")


def complete_waiting_order(session: DbSession, design_id: int) -> None:
    """After a build: the design's order placed before its lasts were ready takes them and goes to review.

    Commits. Runs after the lasts are committed, and the placing request checks again after its commit, so
    whichever comes second finds both; when both try, the compare-and-set move lets one win.
    """
    order = live_order(session, design_id)
    if order is None or order.status != "placed" or order.snapshot.get("lasts"):
        return
    design = order.design
    if not lasts_are_current(design) or design.feet != order.snapshot["feet"]:
        return
    try:
        _take_lasts(session, order, design)
        session.commit()
    except ShopError:
        session.rollback()        # the other side completed it at the same moment


def snapshot(design: Design, files_prefix: str | None) -> dict[str, Any]:
    """Everything about the design as it is now; later catalog or rule changes never alter it.

    The last files are copied under ``files_prefix`` so a later rebuild of the design leaves them alone;
    without a prefix the lasts are left out (taken once the order is sure to stay).
    """
    style = design.style
    return {
        "style": {"key": style.key, "name": style.name, "construction": style.construction},
        "options": describe_choices(style, design.choices),
        "last_options": last_options(style, design.choices),
        "overrides": {},
        "price_cents": design.price_cents,
        "currency": style.currency,
        "feet": design.feet,
        "lasts": lasts_snapshot(design, files_prefix) if files_prefix else {},
    }


def frozen_files(design: Design, files_prefix: str) -> dict[str, Any]:
    """The design's lasts and the capture evidence behind its feet, their files copied under ``files_prefix``.

    The order then keeps what it is made from (the lasts, the 3D foot a fitter's rebuild needs) when the
    shopper retakes the photos or deletes their data on the design.
    """
    return {"lasts": lasts_snapshot(design, files_prefix), "captures": captures_snapshot(design, files_prefix)}


def captures_snapshot(design: Design, files_prefix: str) -> dict[str, Any]:
    """Each side's capture evidence that the feet still come from, with its 3D foot files copied."""
    frozen = {}
    for side in SIDES:
        evidence = capture_of(design.captures, design.feet, side)
        if evidence is None:
            continue
        copied = dict(evidence)
        for name in CAPTURE_FILES:
            key = evidence.get(name)
            if key and storage.exists(key):
                copied[name] = storage.copy(key, f"{files_prefix}/{side}-{PurePosixPath(key).name}")
        frozen[side] = copied
    return frozen


def lasts_snapshot(design: Design, files_prefix: str) -> dict[str, Any]:
    """The design's lasts with their files copied under ``files_prefix``."""
    return {last.side: {"report": last.report, "table": last.table, "plan_outline_mm": last.plan_outline_mm,
                        "files": _copy_files(last.files, files_prefix, last.side)}
            for last in design.lasts}


def _copy_files(files: Mapping[str, str], prefix: str, side: str) -> dict[str, str]:
    return {fmt: storage.copy(key, f"{prefix}/{side}.{fmt}") for fmt, key in files.items()}


def resubmit(session: DbSession, order: Order, design: Design) -> None:
    """The shopper answered a fitter's request: take the design's new feet and lasts back to review."""
    require_awaiting_shopper(order)
    order.snapshot = {**order.snapshot, "feet": design.feet, **frozen_files(design, f"orders/{order.reference}")}
    transition(session, order, "in_fit_review", actor="shopper", note="New measurements sent.")
