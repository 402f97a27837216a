import json

import trimesh

from tests.conftest import SAMPLE_MEASUREMENTS


def test_catalog_seed_is_idempotent(runner):
    assert "4 styles" in runner.invoke(args=["catalog", "seed", "--no-shoes"]).output
    assert runner.invoke(args=["catalog", "seed", "--no-shoes"]).exit_code == 0


def test_fit_last_writes_both_lasts_and_a_spec(runner, tmp_path):
    measurements = tmp_path / "feet.json"
    measurements.write_text(json.dumps(SAMPLE_MEASUREMENTS))
    result = runner.invoke(args=["fit", "last", "--measurements", str(measurements), "--style", "derby",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"left.stl", "right.stl", "left.3mf", "right.3mf", "left.glb", "left.obj", "spec.json"} <= names
    left = trimesh.load(tmp_path / "out" / "left.stl")
    assert left.is_watertight
    spec = json.loads((tmp_path / "out" / "spec.json").read_text())
    assert set(spec) >= {"left", "right"}


def test_fit_last_explains_bad_input(runner, tmp_path):
    measurements = tmp_path / "feet.json"
    measurements.write_text(json.dumps({"units": "mm", "left": {"foot_length_mm": 260}, "right": {}}))
    result = runner.invoke(args=["fit", "last", "--measurements", str(measurements), "--style", "derby",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "INVALID_SPEC" in result.output and "Ball width of the left foot is required" in result.output
    measurements.write_text("{not json")
    result = runner.invoke(args=["fit", "last", "--measurements", str(measurements), "--style", "derby",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "INVALID_JSON" in result.output


def test_fit_measure_reports_an_error_object_for_a_non_image(runner, tmp_path):
    not_image = tmp_path / "notes.jpg"
    not_image.write_bytes(b"these are not pixels")
    result = runner.invoke(args=["fit", "measure", str(not_image), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["code"] == "NOT_AN_IMAGE"


def test_orders_release_and_cancel_use_the_same_moves_as_the_pages(runner, client, app, fitter, factory):
    from configurator.db import db
    from configurator.models import Order
    from tests.configurator.conftest import place_order_via_api

    reference = place_order_via_api(client)["reference"]
    result = runner.invoke(args=["orders", "release", reference, "--factory", factory, "--fitter", fitter[0]])
    assert result.exit_code == 0, result.output
    assert f"{reference} released to Felgueiras" in result.output
    result = runner.invoke(args=["orders", "cancel", reference, "--by", fitter[0], "--note", "Shopper phoned."])
    assert result.exit_code == 0, result.output
    with app.app_context():
        order = db.session.scalar(db.select(Order).where(Order.reference == reference))
        assert order.status == "cancelled" and order.events[-1].note == "Shopper phoned."


def test_orders_release_refuses_an_unknown_order_with_the_error_shape(runner, fitter, factory):
    result = runner.invoke(args=["orders", "release", "CW-NONE00", "--factory", factory, "--fitter", fitter[0]])
    assert result.exit_code == 2 and json.loads(result.output)["error"]["code"] == "NOT_FOUND"


def test_users_add_refuses_weak_passwords_bad_emails_and_duplicates_plainly(runner):
    def add(email, password):
        return runner.invoke(args=["users", "add", email, "--name", "Ana"], input=f"{password}\n{password}\n")

    assert add("ana@cordwain.test", "correct horse battery").exit_code == 0
    for (email, password), code in ((("bo@cordwain.test", "x"), "WEAK_PASSWORD"),
                                    (("notanemail", "correct horse battery"), "INVALID_EMAIL"),
                                    (("ANA@cordwain.test", "another long passphrase"), "EMAIL_TAKEN")):
        result = add(email, password)
        assert result.exit_code == 2 and json.loads(result.stderr)["error"]["code"] == code
        assert "Traceback" not in result.output and "scrypt" not in result.output and "pbkdf2" not in result.output
