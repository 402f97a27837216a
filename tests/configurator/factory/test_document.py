"""A released order's document and package, made from the real lasts of the order."""

import io
import json
import zipfile

import trimesh

from configurator.db import db
from configurator.factory.document import order_document, order_package
from configurator.models import Order
from configurator.factory.package import validate_order_document
from tests.configurator.conftest import place_order_via_api, released_order


def the_order():
    return db.session.scalar(db.select(Order))


def test_the_document_of_a_released_order_is_valid_and_holds_no_personal_data(client, app, fitter, factory):
    released_order(client, fitter, factory)
    with app.app_context():
        doc = order_document(the_order())
    validate_order_document(doc)
    text = json.dumps(doc)
    for personal in ("Ada", "ada@example.org", "Last Lane"):
        assert personal not in text
    left = doc["feet"]["left"]
    assert left["measurements"]["foot_length_mm"] == {"value_mm": 262.0, "source": "typed", "uncertainty_mm": None}
    assert doc["feet"]["right"]["measurements"]["ball_girth_mm"]["source"] == "estimated"
    assert doc["approval"]["approved_by"] == "Ana Ferreira" and doc["factory"] == factory
    ys = [y for _, y in left["last"]["bottom_outline_mm"]]
    assert abs((max(ys) - min(ys)) - left["last"]["measured"]["length_mm"]) < 3.0


def test_the_package_is_byte_identical_twice_and_holds_the_real_lasts(client, app, fitter, factory):
    released_order(client, fitter, factory)
    with app.app_context():
        first, second = order_package(the_order()), order_package(the_order())
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {"order.json", "left.stl", "right.3mf", "work-ticket.pdf", "manifest.json"} <= set(archive.namelist())
    left = trimesh.load(io.BytesIO(archive.read("left.stl")), file_type="stl")
    assert left.is_watertight
    doc = json.loads(archive.read("order.json"))
    assert abs(left.extents[1] - doc["feet"]["left"]["last"]["measured"]["length_mm"]) < 3.0


def test_an_unreleased_order_has_no_package(client, app):
    place_order_via_api(client)
    with app.app_context():
        try:
            order_package(the_order())
        except Exception as error:          # noqa: BLE001 - the code is what matters
            assert error.code == "NOT_RELEASED"
        else:
            raise AssertionError("an order in fit review must not have a package")


def test_orders_export_command_writes_the_package(client, app, runner, fitter, factory, tmp_path):
    released_order(client, fitter, factory)
    with app.app_context():
        reference = the_order().reference
        expected = order_package(the_order())
    result = runner.invoke(args=["orders", "export", reference, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{reference}-package.zip").read_bytes() == expected
    missing = runner.invoke(args=["orders", "export", "CW-NOPE99", "--out", str(tmp_path)])
    assert missing.exit_code == 2 and "NOT_FOUND" in missing.output


def test_planning_command_prints_one_line_per_pair(client, runner, fitter, factory):
    released_order(client, fitter, factory)
    released_order(client, fitter, factory, style="derby")
    lines = runner.invoke(args=["orders", "planning"]).output.strip().splitlines()
    assert len(lines) == 3
