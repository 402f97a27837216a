"""Retention: raw foot photos past ``PHOTO_RETENTION_DAYS`` and designs never ordered and untouched for
``DESIGN_RETENTION_DAYS`` are deleted.

A design's last files take about 7 MB, and most designs are never ordered; keeping them would fill the disk with
data nobody will use (and GDPR art. 5(1)(e) asks that personal data be kept no longer than needed: a design may
hold a shopper's feet). "Untouched" means no newer design, last or photo row: each step of the shopper's path
(choosing, giving feet, building, uploading) writes one. Ordered designs are kept: their order refers to them.

Both purges are safe to rerun (what they deleted is gone, what is left is not yet due). They run daily as jobs
on Celery beat's schedule (``jobs.beat_schedule``, times ``PHOTO_PURGE_AT_UTC`` and ``DESIGN_PURGE_AT_UTC``), or
from cron with ``flask photos purge`` and ``flask designs purge``.
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
from .mat import delete_expired_mat_photos
from .photos import delete_expired_photos


def purge_expired_photos(session: DbSession) -> int:
    """Delete raw photos past their retention period, single and mat photos; returns how many. The caller commits."""
    return delete_expired_photos(session) + delete_expired_mat_photos(session)


@job
def purge_expired_photos_job() -> None:
    """The photo purge as a job (Celery beat runs it daily): commits its own work."""
    from ..db import db

    purge_expired_photos(db.session)
    db.session.commit()


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
    """The design purge as a job (Celery beat runs it daily): commits its own work."""
    from ..db import db

    purge_abandoned_designs(db.session, current_app.config["DESIGN_RETENTION_DAYS"])
    db.session.commit()
