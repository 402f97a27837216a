"""A live server of the test app on a free local port, and Debian's Chromium driven by Playwright."""

import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# WebGL in headless Chromium comes from SwiftShader; the network flags keep Chromium off the closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """Browser tests run on the embedded default, SQLite (the other tests cover PostgreSQL)."""
    import flask_migrate

    from configurator import create_app
    from configurator.db import db
    from tests.conftest import base_config

    url = f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'test.sqlite3'}"
    with create_app(base_config(url, tmp_path_factory.mktemp("files"))).app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def config_overrides():
    """The browser posts real forms: CSRF protection is on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium") and not shutil.os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()
