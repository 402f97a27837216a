"""Fixtures: an app on a real database (SQLite always; PostgreSQL too when TEST_DATABASE_URL is set)."""

import os

import pytest
import sqlalchemy as sa

from configurator import create_app
from configurator.shop.catalog import seed_demo_catalog
from configurator.db import db
from configurator.shop.demo_catalog import DEMO_CATALOG

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def _worker_postgres_url():
    """A database of this xdist worker's own on the TEST_DATABASE_URL server, created if missing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = sa.make_url(POSTGRES_URL)
    name = f"{url.database}_{worker}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL is not reachable: {error}", returncode=3)
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def base_config(database_url, tmp_path):
    return {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
            "STORAGE_DIR": str(tmp_path / "files"), "WTF_CSRF_ENABLED": False, "JOB_BACKEND": "inline",
            "MAIL_DIR": str(tmp_path / "mail")}


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """A migrated, empty database for the session; one per backend."""
    import flask_migrate

    if request.param == "postgresql":
        url = _worker_postgres_url()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app(base_config(url, tmp_path_factory.mktemp("files")))
    with app.app_context():
        leftovers = sa.MetaData()        # whatever an earlier run left, alembic_version included
        leftovers.reflect(db.engine)
        leftovers.drop_all(db.engine)
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def config_overrides():
    """Extra settings for the ``app`` fixture; override this fixture to change them."""
    return {}


@pytest.fixture
def app(database_url, tmp_path, config_overrides):
    app = create_app({**base_config(database_url, tmp_path), **config_overrides})
    with app.app_context():
        seed_demo_catalog(db.session, DEMO_CATALOG)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


SAMPLE_MEASUREMENTS = {
    "units": "mm",
    "left": {"foot_length_mm": 262.0, "ball_width_mm": 101.5, "ball_girth_mm": 247.0},
    "right": {"foot_length_mm": 265.5, "ball_width_mm": 102.0},
}
