"""staff.routes: sign-in (same-site redirects only, throttled), sign-out (the guard on staff pages and the
session's version: test_access)."""

import pytest

from tests.configurator.conftest import sign_in


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


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\\evil.example", "//evil.example", "https://evil.example/",
                                    "/\\/evil.example", "/\n/evil.example", " /x"])
def test_next_never_leaves_the_site_however_disguised(client, fitter, target):
    email, password, _ = fitter
    response = client.post("/staff/login", query_string={"next": target}, data={"email": email, "password": password})
    assert response.status_code == 302 and response.headers["Location"] == "/fitter/"


def test_the_probed_open_redirect_is_closed(client, fitter):
    email, password, _ = fitter
    response = client.post("/staff/login?next=/%09/evil.example", data={"email": email, "password": password})
    assert response.headers["Location"] == "/fitter/"


def test_next_keeps_a_same_site_path(client, fitter):
    email, password, _ = fitter
    response = client.post("/staff/login?next=/fitter/%3Fstatus%3Dplaced", data={"email": email, "password": password})
    assert response.headers["Location"] == "/fitter/?status=placed"


def test_sign_in_is_throttled_with_a_429_and_a_code(client, fitter):
    email, _, _ = fitter
    answers = [client.post("/staff/login", data={"email": email, "password": f"guess {n}"}).status_code
               for n in range(12)]
    assert answers[:10] == [401] * 10 and answers[10:] == [429, 429]
    refused = client.post("/staff/login", data={"email": email, "password": "x"},
                          headers={"Accept": "application/json"})
    assert refused.get_json()["error"]["code"] == "TOO_MANY_REQUESTS" and "Retry-After" in refused.headers
