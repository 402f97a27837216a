"""clock: aware UTC now, and the one ISO 8601 writer."""

from datetime import datetime, timedelta, timezone

import pytest

from configurator.clock import iso_utc, utcnow


def test_utcnow_is_aware_utc():
    now = utcnow()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)


def test_iso_utc_converts_to_utc_with_z():
    lisbon_summer = datetime(2026, 7, 1, 12, 30, 5, 250000, tzinfo=timezone(timedelta(hours=1)))
    assert iso_utc(lisbon_summer) == "2026-07-01T11:30:05.250000Z"
    assert iso_utc(lisbon_summer, "seconds") == "2026-07-01T11:30:05Z"
    assert datetime.fromisoformat(iso_utc(lisbon_summer)) == lisbon_summer


def test_iso_utc_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        iso_utc(datetime(2026, 7, 1, 12, 0))
