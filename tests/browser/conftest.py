"""A live server of the test app on a free local port, and Debian's Chromium driven by Playwright."""

import json
import re
import shutil
import threading
from pathlib import Path

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
def config_overrides(tmp_path):
    """The browser posts real forms: CSRF protection is on, as in production; mail goes to the test's folder."""
    return {"WTF_CSRF_ENABLED": True, "MAIL_DIR": str(tmp_path / "mail")}


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


def new_page(browser, **options):
    """A page in a fresh context, with axe-core injected by the browser itself (not subject to the page's CSP)."""
    context = browser.new_context(**options)
    if AXE_JS.exists():
        context.add_init_script(path=str(AXE_JS))
    return context.new_page()


@pytest.fixture
def page(browser):
    page = new_page(browser, viewport={"width": 1200, "height": 900})
    yield page
    page.context.close()


PHONE = {"viewport": {"width": 360, "height": 780}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
#: Kept after the run (git-ignored): one full-page screenshot per page a browser test checks.
SCREENSHOTS = Path(__file__).parent / "screenshots"
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture
def audit(request):
    """``audit(page, name)``: save a full-page screenshot and fail on any serious or critical axe-core violation."""
    if not AXE_JS.exists():
        pytest.fail("axe-core is not vendored: run `make setup` (scripts/vendor_js.sh copies it from npm).")
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)

    def check(page, name):
        page.wait_for_load_state("load")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{test_name}--{name}.png"), full_page=True)
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        blocking = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                     "nodes": [n["target"] for n in v["nodes"]][:5]}
                    for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"{name}: axe-core found\n" + json.dumps(blocking, indent=1)
        return results["violations"]

    return check


def canvas_pixels(page, selector):
    """What a WebGL preview's canvas shows: the share of pixels that differ from its background (a corner)
    and the mean RGB of those pixels."""
    return page.eval_on_selector(selector + " canvas", """canvas => {
        const gl = canvas.getContext('webgl2') || canvas.getContext('webgl');
        const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
        const px = new Uint8Array(w * h * 4);
        gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
        const [r0, g0, b0] = px;                     // a corner: background
        let n = 0, r = 0, g = 0, b = 0;
        for (let i = 0; i < px.length; i += 4) {
            if (Math.abs(px[i] - r0) + Math.abs(px[i + 1] - g0) + Math.abs(px[i + 2] - b0) > 30) {
                n++; r += px[i]; g += px[i + 1]; b += px[i + 2];
            }
        }
        return {share: n / (w * h), rgb: n ? [r / n, g / n, b / n] : [0, 0, 0]};
    }""")
