"""staff.access: ``g.user`` is the signed-in account only while the session's version is the account's, and
``staff_required`` sends strangers to sign in (coming back to the same page) and refuses other roles."""

import pytest
from flask import g

from configurator.db import db
from configurator.models import User
from configurator.staff.access import staff_required
from configurator.staff.services import create_user
from tests.configurator.conftest import sign_in

ADMIN = ("root@cordwain.test", "correct horse battery staple", "Rosa Admin")


@pytest.fixture
def guarded(app):
    """Two staff pages of this test's own, guarded the way every staff view is: any role, admins only."""
    app.add_url_rule("/test-staff-page", "staff_page", staff_required()(lambda: f"hello {g.user.role}"))
    app.add_url_rule("/test-admin-page", "admin_page", staff_required("admin")(lambda: "admins only"))
    return app


def test_staff_pages_send_strangers_to_sign_in(client):
    response = client.get("/fitter/")
    assert response.status_code == 302 and "/staff/login?next=" in response.headers["Location"]


def test_a_stranger_comes_back_to_the_page_asked_for(guarded, client, fitter):
    response = client.get("/test-staff-page?tab=2")
    assert response.status_code == 302
    email, password, _ = fitter
    signed_in = client.post(response.headers["Location"], data={"email": email, "password": password})
    assert signed_in.headers["Location"] == "/test-staff-page?tab=2"
    assert client.get("/test-staff-page").get_data(as_text=True) == "hello fitter"


def test_a_role_page_refuses_the_other_roles_and_opens_for_its_own(guarded, client, fitter):
    sign_in(client, fitter)
    refused = client.get("/test-admin-page", headers={"Accept": "application/json"})
    assert refused.status_code == 403 and "may not open this page" in refused.get_json()["error"]["message"]
    client.post("/staff/logout")
    with guarded.app_context():
        create_user(db.session, ADMIN[0], ADMIN[2], ADMIN[1], "admin")
        db.session.commit()
    sign_in(client, ADMIN)
    assert client.get("/test-admin-page").get_data(as_text=True) == "admins only"
    assert client.get("/test-staff-page").get_data(as_text=True) == "hello admin"


def test_signing_out_ends_the_session_on_the_server(client, fitter):
    sign_in(client, fitter)
    with client.session_transaction() as session:
        stolen = dict(session)                       # a copy of the cookie's contents, kept by an attacker
    client.post("/staff/logout")
    with client.session_transaction() as session:
        session.update(stolen)                       # the old cookie presented again
    assert client.get("/fitter/").status_code == 302


def test_a_session_naming_no_live_account_is_a_stranger(app, client, fitter):
    sign_in(client, fitter)
    with client.session_transaction() as session:
        user_id = session["user_id"]
        session["user_id"] = str(user_id)            # not the integer the app wrote
    assert client.get("/fitter/").status_code == 302
    with client.session_transaction() as session:
        session["user_id"] = user_id
    assert client.get("/fitter/").status_code == 200
    with app.app_context():                          # the account is removed while its session lives on
        db.session.delete(db.session.get(User, user_id))
        db.session.commit()
    assert client.get("/fitter/").status_code == 302
