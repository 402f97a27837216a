"""A design: found by its public id, and the shopper's data on it deleted on request."""

from flask import abort

from .. import storage
from ..db import db, DbSession
from ..models import Design, MatCapture, Order
from .mat import delete_capture
from .photos import delete_photo


def get_design(design_id: str) -> Design:
    """The design with public id ``design_id``; 404 when there is none."""
    design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
    if design is None:
        abort(404, "There is no such design. Check the link, or start again from the catalog.")
    return design


def order_awaiting_shopper(session: DbSession, design: Design) -> Order | None:
    """The design's order that a fitter returned for new measurements, if there is one."""
    return session.scalar(db.select(Order).where(Order.design_id == design.id, Order.status == "awaiting_shopper")
                          .order_by(Order.id.desc()).limit(1))


def delete_design_data(session: DbSession, design: Design) -> bool:
    """Delete the shopper's photos and mat captures, and, unless ordered, the measurements and lasts. The caller
    commits.

    Once ordered, the order keeps its own copy for making the shoes (lasts and 3D foot); the photos go anyway.
    Returns whether the design was ordered.
    """
    for photo in list(design.photos):
        delete_photo(session, photo)
    for capture in session.scalars(db.select(MatCapture).where(MatCapture.design_id == design.id)).all():
        delete_capture(session, capture)
    ordered = session.scalar(db.select(Order.id).where(Order.design_id == design.id)) is not None
    if not ordered:
        for last in design.lasts:
            for key in last.files.values():
                storage.delete(key)
        design.lasts.clear()
        design.feet = design.feet_entered = design.captures = None
    return ordered
