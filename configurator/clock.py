"""Time in the web shell: timezone-aware UTC everywhere, written as ISO 8601 by one helper.

The database keeps UTC (``db.UTCDateTime`` gives aware values back on SQLite and PostgreSQL alike).
"""

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def iso_utc(moment: datetime, timespec: str = "auto") -> str:
    """``moment`` as ISO 8601 / RFC 3339 in UTC with the ``Z`` designator, e.g. ``2026-11-20T10:15:00Z``.

    ``timespec`` is ``datetime.isoformat``'s (``"seconds"`` drops the microseconds).
    A naive ``moment`` is refused: it could be any zone.
    """
    if moment.tzinfo is None:
        raise ValueError("iso_utc needs a timezone-aware datetime")
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec=timespec) + "Z"
