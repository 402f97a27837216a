"""errors: the shell's one error shape, and the library's errors mapped to it (JSON for APIs, a page for people)."""

from fit.errors import FitError, InvalidSpec

from configurator.errors import ShopError


def test_shop_errors_are_not_library_errors():
    assert not issubclass(ShopError, FitError)


def test_a_library_error_becomes_bad_input_with_its_code_and_message():
    error = ShopError.from_fit_error(InvalidSpec("Ball width is too small.", field="ball_width_mm"))
    assert (error.code, error.status, error.field) == ("INVALID_SPEC", 422, "ball_width_mm")
    assert error.to_dict() == {"code": "INVALID_SPEC", "message": "Ball width is too small.",
                               "field": "ball_width_mm"}


def test_library_errors_reach_api_clients_as_json(client):
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()
    response = client.put(f"/api/v1/designs/{design['id']}/measurements",
                          json={"units": "mm", "left": {"foot_length_mm": 260, "ball_width_mm": 200},
                                "right": {"foot_length_mm": 260, "ball_width_mm": 100}})
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "INVALID_SPEC"


def test_people_get_a_page_and_machines_get_json_for_the_same_error(client):
    page = client.get("/orders/no-such-order")
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "Check the link in your confirmation email." in page.get_data(as_text=True)
    data = client.get("/orders/no-such-order", headers={"Accept": "application/json"})
    assert data.status_code == 404 and data.get_json()["error"]["code"] == "NOT_FOUND"


def test_an_unexpected_error_shows_no_traceback(app, client):
    def broken():
        raise RuntimeError("secret internals")

    app.add_url_rule("/broken-for-test", view_func=broken)
    response = client.get("/broken-for-test", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "INTERNAL_ERROR"
    assert "secret internals" not in response.get_data(as_text=True)
