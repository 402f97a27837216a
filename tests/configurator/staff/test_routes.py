"""staff.routes and staff.access: sign-in, sign-out, and the guard on staff pages."""

from tests.configurator.conftest import sign_in


def test_staff_pages_send_strangers_to_sign_in(client):
    response = client.get("/fitter/")
    assert response.status_code == 302 and "/staff/login?next=" in response.headers["Location"]


def test_wrong_password_is_refused_without_saying_which_part(client, fitter):
    response = client.post("/staff/login", data={"email": fitter[0], "password": "nope"})
    assert response.status_code == 401
    assert "do not match an account" in response.get_data(as_text=True)


def test_sign_in_goes_only_to_same_site_pages(client, fitter):
    email, password, _ = fitter
    response = client.post("/staff/login?next=//evil.example/", data={"email": email, "password": password})
    assert response.headers["Location"] == "/fitter/"
    assert client.get("/fitter/").status_code == 200
    client.post("/staff/logout")
    assert client.get("/fitter/").status_code == 302


def test_signed_in_fitter_sees_the_queue(client, fitter):
    sign_in(client, fitter)
    assert "queue" in client.get("/fitter/").get_data(as_text=True).lower()
