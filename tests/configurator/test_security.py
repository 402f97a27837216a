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
