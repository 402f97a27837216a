"""The Alembic migrations build the schema the models describe, on an empty database."""

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from configurator import create_app
from configurator.db import db
from tests.conftest import base_config


def test_migrations_on_an_empty_database_match_the_models(tmp_path):
    app = create_app(base_config(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path))
    with app.app_context():
        flask_migrate.upgrade()
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"style", "design", "last", "photo", "order", "order_event"} <= tables
        with db.engine.connect() as conn:
            drift = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert drift == []
        flask_migrate.downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}


def test_the_session_database_is_migrated_to_head(app):
    with app.app_context(), db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None
