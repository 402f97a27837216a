"""Retention of abandoned designs: a design never ordered and untouched for ``DESIGN_RETENTION_DAYS`` is deleted.

A design's last files take about 7 MB, and most designs are never ordered; keeping them would fill the disk with
data nobody will use (and GDPR art. 5(1)(e) asks that personal data be kept no longer than needed: a design may
hold a shopper's feet). "Untouched" means no newer design, last or photo row: each step of the shopper's path
(choosing, giving feet, building, uploading) writes one. Ordered designs are kept: their order refers to them.

``purge_abandoned_designs`` is safe to rerun (what it deleted is gone, what is left is not yet due) and runs from
``flask designs purge`` (daily, from cron or a Celery beat entry for the ``purge_abandoned_designs`` job).
"""

import shutil
from datetime import timedelta

from flask import current_app
from sqlalchemy import exists, select

from .. import storage
from ..clock import utcnow
from ..db import DbSession
from ..jobs import job
from ..models import Design, Last, Order, Photo
from .designs import delete_design_data


def abandoned_designs(session: DbSession, older_than_days: int) -> list[Design]:
    """Designs never ordered, with no row of theirs (design, last, photo) newer than ``older_than_days`` days."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    return list(session.scalars(
        select(Design).where(Design.created_at < cutoff,
                             ~exists().where(Order.design_id == Design.id),
                             ~exists().where(Last.design_id == Design.id, Last.created_at >= cutoff),
                             ~exists().where(Photo.design_id == Design.id, Photo.created_at >= cutoff))
        .order_by(Design.id)))


def purge_abandoned_designs(session: DbSession, older_than_days: int) -> int:
    """Delete abandoned designs: their photos, last files, folder and rows; returns how many. The caller commits."""
    if older_than_days < 1:
        raise ValueError("older_than_days must be at least 1")
    designs = abandoned_designs(session, older_than_days)
    for design in designs:
        delete_design_data(session, design)
        # Anything else under the design's folder (a build interrupted before it was recorded) goes too.
        shutil.rmtree(storage.path(f"designs/{design.public_id}"), ignore_errors=True)
        session.delete(design)
    session.flush()
    return len(designs)


@job
def purge_abandoned_designs_job() -> None:
    """The purge as a job (for a Celery beat schedule): commits its own work."""
    from ..db import db

    purge_abandoned_designs(db.session, current_app.config["DESIGN_RETENTION_DAYS"])
    db.session.commit()
