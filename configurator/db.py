"""The database handle: Flask-SQLAlchemy (one session per request or job) and Alembic migrations."""

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeAlias

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Dialect, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.orm import DeclarativeBase, Session, registry, scoped_session
from sqlalchemy.types import TypeDecorator


#: What services take: a plain session (jobs, scripts) or the request's scoped one (``db.session``).
DbSession: TypeAlias = Session | scoped_session[Any]


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as naive UTC, returned timezone-aware (UTC) on every backend.

    ``DateTime(timezone=True)`` comes back naive from SQLite, so the shell keeps plain
    ``DateTime`` columns holding UTC and converts here, in one place. A naive value
    given to the database is taken as UTC.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    registry = registry(
        # Named constraints so Alembic migrations work the same on SQLite and PostgreSQL.
        metadata=MetaData(naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }),
        # Every Mapped[datetime] column holds UTC and gives it back timezone-aware.
        type_annotation_map={datetime: UTCDateTime},
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


#: Connections each process keeps open to a server database (PostgreSQL). At least gunicorn's threads per worker
#: (8, README "Production"): with fewer, a thread past the pool opens and closes a connection per request,
#: which costs more than the request's queries. The overflow covers a larger ``--threads`` without failing.
POOL_SIZE, POOL_OVERFLOW = 10, 10


def init_app(app: Flask) -> None:
    if not str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW})
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", _migrations_dir())), render_as_batch=True)


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection: Any, connection_record: ConnectionPoolEntry) -> None:
    """SQLite checks foreign keys (and runs ``ondelete="CASCADE"``) only when each connection asks
    for it; PostgreSQL always does. The migrations turn it off while they rebuild tables."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")


def commit_keeping_loaded(session: DbSession) -> None:
    """Commit without expiring what the session holds, so answering from the rows just written costs no reload.

    For a request that afterwards reads only what it wrote itself (anything another process may change is
    queried again explicitly); every other commit expires as usual.
    """
    real = session() if isinstance(session, scoped_session) else session
    real.expire_on_commit = False
    try:
        real.commit()
    finally:
        real.expire_on_commit = True


def _migrations_dir() -> Path:
    return Path(__file__).resolve().parent / "migrations"
