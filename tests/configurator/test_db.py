"""db: every datetime column round-trips as timezone-aware UTC, on SQLite and PostgreSQL alike."""

from datetime import datetime, timedelta, timezone

from configurator.db import db
from configurator.models import Factory


def test_aware_datetimes_round_trip_as_utc(app):
    tokyo = timezone(timedelta(hours=9))
    moment = datetime(2026, 11, 30, 9, 15, 30, 123456, tzinfo=tokyo)
    with app.app_context():
        db.session.add(Factory(code="PT-TZ", name="Time zone works", created_at=moment))
        db.session.commit()
        db.session.expire_all()
        stored = db.session.scalar(db.select(Factory).where(Factory.code == "PT-TZ")).created_at
        assert stored.utcoffset() == timedelta(0)
        assert stored == moment
        assert stored.hour == 0          # 09:15 in Tokyo is 00:15 UTC


def test_comparisons_with_aware_values_use_utc(app):
    moment = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    with app.app_context():
        db.session.add(Factory(code="PT-CMP", name="Compared", created_at=moment))
        db.session.commit()
        just_after = moment.astimezone(timezone(timedelta(hours=-5))) + timedelta(seconds=1)
        found = db.session.scalars(db.select(Factory.code).where(Factory.created_at < just_after)).all()
        assert found == ["PT-CMP"]
