"""Forms carry CSRF tokens, staff pages need a role, file keys cannot escape storage."""

import pytest

from configurator import storage


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def test_a_form_post_without_its_csrf_token_is_refused_plainly(client):
    response = client.post("/styles/oxford", data={"leather": "calf-black", "sole": "leather",
                                                   "toe": "almond", "heel": "25mm"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "CSRF" in page and "Traceback" not in page


def test_forms_carry_a_csrf_token(client):
    assert 'name="csrf_token"' in client.get("/styles/oxford").get_data(as_text=True)
    assert 'name="csrf_token"' in client.get("/staff/login").get_data(as_text=True)


def test_the_json_api_needs_no_csrf_token(client):
    assert client.post("/api/v1/designs", json={"style": "oxford"}).status_code == 201


def test_storage_keys_cannot_leave_the_storage_folder(app):
    with app.app_context():
        for key in ("../secret_key", "photos/../../x", "/etc/passwd", "a b.jpg"):
            with pytest.raises(ValueError):
                storage.path(key)


def test_an_upload_over_the_request_limit_is_refused_before_reading(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    response = client.put(f"/api/v1/designs/{design}/measurements", data=b"x" * 5000,
                           content_type="application/json")
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "REQUEST_ENTITY_TOO_LARGE"


def test_a_staff_page_answers_403_to_an_account_without_a_staff_role(client, app):
    from configurator.staff.services import create_user
    from configurator.db import db

    with app.app_context():
        user = create_user(db.session, "someone@cordwain.test", "Someone", "pw-123456-abcdef", "fitter")
        user.role = "retired"             # an account that no longer has a staff role
        db.session.commit()
        user_id = user.id
    with client.session_transaction() as session:     # signed in (CSRF is on in this module)
        session["user_id"], session["user_version"] = user_id, 0
    response = client.get("/fitter/")
    assert response.status_code == 403 and "may not open" in response.get_data(as_text=True)


def _pages(client):
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    return ["/", "/styles/oxford", f"/designs/{design}/feet", "/staff/login", f"/api/v1/designs/{design}",
            "/api/v1/styles", "/no-such-page"]


def test_every_answer_carries_the_security_headers(client):
    for path in _pages(client):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp, path
        assert "frame-ancestors 'none'" in csp and headers["X-Frame-Options"] == "DENY", path
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin", path
        assert headers["Cache-Control"] == "no-store", path          # pages and API answers may hold personal data
        assert "Strict-Transport-Security" not in headers, path       # plain http: no HSTS


def test_static_files_may_be_cached(client):
    assert "no-store" not in client.get("/static/site.css").headers.get("Cache-Control", "")


def test_no_template_has_an_inline_script_or_event_handler():
    import re
    from pathlib import Path

    templates = list(Path("configurator").rglob("*.html"))
    assert templates
    for template in templates:
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or "nonce=" in tag, (template, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert "javascript:" not in text, template


def test_the_import_map_carries_the_nonce_of_its_answer(client):
    from tests.conftest import SAMPLE_MEASUREMENTS

    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    client.put(f"/api/v1/designs/{design}/measurements", json=SAMPLE_MEASUREMENTS)
    response = client.get(f"/designs/{design}/review")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script type="importmap" nonce="{nonce}">' in response.get_data(as_text=True)


def test_a_405_names_the_methods_allowed(client):
    response = client.delete("/api/v1/styles")
    assert response.status_code == 405 and set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    assert response.get_json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_https_deployments_get_hsts_and_secure_cookies(database_url, tmp_path):
    from configurator import create_app
    from tests.conftest import base_config

    app = create_app({**base_config(database_url, tmp_path), "PREFERRED_URL_SCHEME": "https"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    headers = app.test_client().get("/staff/login").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_photo_uploads_and_the_factory_api_are_throttled(database_url, tmp_path):
    from configurator import create_app
    from configurator.db import db
    from configurator.factory.tokens import create_factory, issue_token
    from tests.conftest import base_config

    app = create_app({**base_config(database_url, tmp_path), "RATELIMIT_PHOTOS": "2 per minute",
                      "RATELIMIT_FACTORY": "3 per minute"})
    with app.app_context():
        from configurator.shop.catalog import seed_demo_catalog
        from configurator.shop.demo_catalog import DEMO_CATALOG

        seed_demo_catalog(db.session, DEMO_CATALOG)
        tokens = [issue_token(db.session, create_factory(db.session, code, code)) for code in ("PT-A", "PT-B")]
        db.session.commit()
    try:
        client = app.test_client()
        design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
        uploads = [client.post(f"/designs/{design}/photos", data={"side": "left"}).status_code for _ in range(3)]
        assert 429 not in uploads[:2] and uploads[2] == 429
        factory = [client.get("/api/v1/factory/orders", headers={"Authorization": f"Bearer {tokens[0]}"})
                   for _ in range(4)]
        assert [r.status_code for r in factory] == [200, 200, 200, 429]
        assert factory[3].get_json()["error"]["code"] == "TOO_MANY_REQUESTS" and "Retry-After" in factory[3].headers
        other = client.get("/api/v1/factory/orders", headers={"Authorization": f"Bearer {tokens[1]}"})
        assert other.status_code == 200                     # counted per token: one busy factory does not block another
    finally:
        with app.app_context():
            db.session.remove()
            with db.engine.begin() as conn:
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())


def test_with_redis_storage_every_worker_counts_toward_one_limit(database_url, tmp_path):
    """Two apps (as two gunicorn workers) on one Redis: sign-in attempts spread over both are throttled together."""
    import os
    import secrets

    import redis

    from configurator import create_app
    from tests.conftest import base_config

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    redis.Redis.from_url(url).ping()                  # the suite needs Redis (make test checks it first)
    settings = {**base_config(database_url, tmp_path), "RATELIMIT_STORAGE_URI": url,
                "RATELIMIT_SIGN_IN": "4 per minute"}
    workers = [create_app(settings).test_client() for _ in range(2)]
    address = {"REMOTE_ADDR": f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"}
    answers = [workers[n % 2].post("/staff/login", data={"email": "x@cordwain.test", "password": "nope"},
                                   environ_base=address).status_code for n in range(6)]
    assert answers == [401, 401, 401, 401, 429, 429]
