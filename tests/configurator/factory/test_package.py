"""The manufacturing package: order.json against its schema, the zip, its manifest, determinism.

``sample_order_document`` and ``sample_lasts`` are shared with test_workticket and test_planning.
"""

import copy
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from scipy.interpolate import PchipInterpolator

from configurator.factory.package import (ORDER_SCHEMA_VERSION, PackageError, build_package, order_schema,
                                  package_filename, validate_order_document)
from fit.foot import MEASUREMENT_NAMES, SOURCES
from fit.mat.measure import SOURCE as MAT_SOURCE

ENTRY_NAMES = ["order.json", "left.3mf", "left.stl", "right.3mf", "right.stl", "work-ticket.pdf", "manifest.json"]

# (fraction of length from the heel, centre x, half width) in ball widths: a plausible last bottom, widest
# (1.0 ball width) at 70 % of length, the waist drawn in on the medial (+x for a left last) side, toe tip medial.
_STATIONS = np.array([
    (0.00, 0.00, 0.31), (0.16, -0.01, 0.32), (0.30, -0.07, 0.28), (0.45, -0.05, 0.34), (0.60, 0.00, 0.45),
    (0.70, 0.03, 0.50), (0.80, 0.04, 0.48), (0.90, 0.08, 0.38), (1.00, 0.12, 0.20),
])


def last_outline_mm(length_mm, ball_width_mm, side="left", n=80):
    """Closed bottom outline, (2n - 2, 2) float mm: heel at y = 0, toe at y = length_mm, medial +x for left."""
    fraction = (1 - np.cos(np.linspace(0, np.pi, n))) / 2          # dense at heel and toe
    centre = PchipInterpolator(_STATIONS[:, 0], _STATIONS[:, 1])(fraction)
    half = PchipInterpolator(_STATIONS[:, 0], _STATIONS[:, 2])(fraction)
    half *= np.sqrt(np.clip(fraction / 0.10, 0, 1)) * np.sqrt(np.clip((1 - fraction) / 0.12, 0, 1))  # round ends
    y = fraction * length_mm
    x = np.concatenate([centre + half, (centre - half)[::-1][1:-1]]) * ball_width_mm
    points = np.column_stack([x, np.concatenate([y, y[::-1][1:-1]])])
    if side == "right":
        points[:, 0] *= -1
    return [[round(float(px), 2), round(float(py), 2)] for px, py in points]


def _measurement(value_mm, source, uncertainty_mm):
    return {"value_mm": value_mm, "source": source, "uncertainty_mm": uncertainty_mm}


def _foot(side, foot_length_mm, last_length_mm, source, uncertainty_mm):
    ball_width = 101.5 if side == "left" else 102.0
    target = {"length_mm": last_length_mm, "ball_girth_mm": 242.1, "ball_width_mm": 99.5,
              "instep_girth_mm": 246.0, "heel_width_mm": 63.0}
    measured = {name: round(value + 0.3, 1) for name, value in target.items()}
    measured["length_mm"] = last_length_mm
    return {
        "measurements": {
            "foot_length_mm": _measurement(foot_length_mm, source, uncertainty_mm),
            "ball_width_mm": _measurement(ball_width, source, uncertainty_mm),
            "ball_girth_mm": _measurement(247.0, "estimated", 6.0),
            "instep_girth_mm": _measurement(250.0, "estimated", 7.0),
            "heel_width_mm": _measurement(66.0, "fitter", 1.0),
        },
        "sizes": {"eu": "42", "uk": "8", "us_men": "9", "us_women": "10.5",
                  "mondopoint": f"{foot_length_mm:.0f}/{ball_width:.0f}", "width": "F"},
        "rules_applied": [
            {"name": "Toe allowance", "value": 15.0, "unit": "mm", "source": "Oxford default, almond toe"},
            {"name": "Ball girth ease", "value": -2.0, "unit": "%", "source": "trade rule: welted dress shoe"},
            {"name": "Heel height", "value": 25.0, "unit": "mm", "source": "option heel=25mm"},
        ],
        "last": {
            "frame": "Heel point of the bottom at the origin, +y along the last axis toward the toe, "
                     "+z up, +x to the medial side of a left last; millimetres.",
            "heel_height_mm": 25.0,
            "toe_spring_mm": 12.0,
            "target": target,
            "measured": measured,
            "bottom_outline_mm": last_outline_mm(last_length_mm, 99.8, side),
            "files": {"3mf": f"{side}.3mf", "stl": f"{side}.stl"},
        },
    }


def sample_order_document(reference="CW-7K3P9Q", due_date="2026-12-18"):
    """A complete, valid order-v1 document for a ~265 mm pair of feet (lasts ~280 mm)."""
    return {
        "schema": "order-v1",
        "reference": reference,
        "placed_at": "2026-11-20T10:15:00Z",
        "due_date": due_date,
        "factory": "PT-FELG",
        "customer": {"reference": "c_8f3k2m9x", "ship_to_country": "DE"},
        "design": {
            "style": "oxford", "style_name": "Oxford", "construction": "goodyear_welted",
            "options": {
                "leather": {"code": "calf-black", "label": "Black box calf", "group_label": "Leather and colour"},
                "sole": {"code": "leather", "label": "Oak-bark leather sole", "group_label": "Sole"},
                "toe": {"code": "almond", "label": "Almond toe", "group_label": "Toe shape"},
                "heel": {"code": "25mm", "label": "25 mm heel", "group_label": "Heel height"},
            },
            "price_cents": 24900, "currency": "EUR",
        },
        "feet": {"left": _foot("left", 265.0, 280.0, "photo", 1.5),
                 "right": _foot("right", 266.5, 281.5, "typed", None)},
        "approval": {"approved_by": "Ana Ferreira", "approved_at": "2026-11-21T09:02:00Z",
                     "notes": "Left ball girth taken up 2 mm after the fitting shoe."},
    }


def _binary_stl(triangles):
    """Binary STL bytes of ``triangles`` ((n, 3, 3) float mm)."""
    body = b"".join(struct.pack("<12fH", 0, 0, 0, *tri.ravel(), 0) for tri in np.asarray(triangles, np.float32))
    return b"Cordwain test last".ljust(80, b"\0") + struct.pack("<I", len(triangles)) + body


def _three_mf(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("3D/3dmodel.model"), f"<model unit='millimeter'><!-- {name} --></model>")
    return buffer.getvalue()


def sample_lasts():
    """Stand-in last files: a small valid binary STL and a 3MF-shaped zip per side."""
    triangle = [[[0, 0, 0], [280, 0, 0], [0, 100, 0]]]
    return {side: {"3mf": _three_mf(side), "stl": _binary_stl(triangle * (2 if side == "left" else 3))}
            for side in ("left", "right")}


@pytest.fixture
def doc():
    return sample_order_document()


@pytest.fixture
def lasts():
    return sample_lasts()


def test_sample_document_is_valid_and_schema_is_published(doc):
    schema = order_schema()
    validate_order_document(doc)
    assert ORDER_SCHEMA_VERSION == "order-v1"
    assert schema["$id"].endswith("/api/v1/schemas/order-v1.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # every source a Foot carries, the mat capture's "photo 3D" included
    assert set(schema["$defs"]["measurement"]["properties"]["source"]["enum"]) == set(SOURCES) | {MAT_SOURCE}
    assert set(schema["$defs"]["foot"]["properties"]["measurements"]["properties"]) == set(MEASUREMENT_NAMES)
    assert set(schema["properties"]["customer"]["properties"]) == {"reference", "ship_to_country"}


def test_package_is_byte_identical_when_built_twice(doc, lasts):
    first = build_package(doc, lasts)
    second = build_package(copy.deepcopy(doc), sample_lasts())
    assert first == second
    assert doc == sample_order_document()          # the input is not changed
    assert package_filename(doc) == "CW-7K3P9Q-package.zip"


def test_package_entries_and_manifest(doc, lasts):
    archive = zipfile.ZipFile(io.BytesIO(build_package(doc, lasts)))
    assert archive.testzip() is None
    assert archive.namelist() == ENTRY_NAMES
    for info in archive.infolist():
        assert info.date_time == (2026, 11, 20, 10, 15, 0)
        assert info.external_attr >> 16 == 0o100644
        assert info.compress_type == zipfile.ZIP_STORED
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["schema"] == "order-v1" and manifest["reference"] == "CW-7K3P9Q"
    assert sorted(manifest["files"]) == sorted(ENTRY_NAMES[:-1])
    for name, entry in manifest["files"].items():
        data = archive.read(name)
        assert entry == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    order_json = archive.read("order.json").decode("utf-8")
    assert order_json.endswith("}\n") and json.loads(order_json) == doc
    assert order_json == json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert archive.read("left.stl") == lasts["left"]["stl"]
    assert archive.read("right.3mf") == lasts["right"]["3mf"]
    assert archive.read("work-ticket.pdf").startswith(b"%PDF-")


def _drop(doc, *path):
    *parents, last = path
    target = doc
    for key in parents:
        target = target[key]
    del target[last]


@pytest.mark.parametrize("change, path", [
    (lambda d: _drop(d, "due_date"), "$.due_date"),
    (lambda d: d["feet"]["left"]["sizes"].update(eu=42), "$.feet.left.sizes.eu"),
    (lambda d: d["customer"].update(email="ana@example.com"), "$.customer.email"),
    (lambda d: d["feet"]["right"]["measurements"]["foot_length_mm"].update(source="guessed"),
     "$.feet.right.measurements.foot_length_mm.source"),
    (lambda d: d["feet"]["left"]["last"]["files"].update({"3mf": "right.3mf"}), "$.feet.left.last.files.3mf"),
    (lambda d: d["feet"]["left"]["last"]["bottom_outline_mm"][3].append(0.0),
     "$.feet.left.last.bottom_outline_mm[3]"),
    (lambda d: _drop(d, "feet", "right", "last", "measured", "ball_girth_mm"),
     "$.feet.right.last.measured.ball_girth_mm"),
    (lambda d: d.update(placed_at="2026-11-20 10:15"), "$.placed_at"),
])
def test_invalid_document_is_refused_naming_the_path(doc, lasts, change, path):
    change(doc)
    with pytest.raises(PackageError) as raised:
        build_package(doc, lasts)
    assert raised.value.code == "ORDER_DOCUMENT_INVALID"
    assert raised.value.field == path
    assert f"invalid at {path}:" in raised.value.message


def test_missing_or_broken_last_file_is_refused(doc, lasts):
    del lasts["right"]["3mf"]
    with pytest.raises(PackageError) as raised:
        build_package(doc, lasts)
    assert raised.value.code == "LAST_FILE_MISSING" and "right" in raised.value.message
    lasts = sample_lasts()
    lasts["left"]["stl"] = b"solid ascii\nendsolid\n"
    with pytest.raises(PackageError) as raised:
        build_package(doc, lasts)
    assert raised.value.code == "LAST_FILE_INVALID" and raised.value.field == "left.stl"


def test_package_filename_refuses_unsafe_reference(doc):
    doc["reference"] = "../../etc/passwd"
    with pytest.raises(PackageError):
        package_filename(doc)


def test_package_is_identical_in_another_process(doc, lasts):
    """Same bytes from a fresh interpreter with another hash seed (no dict/set order or clock leaks in)."""
    script = ("import hashlib, sys; sys.path[:0] = sys.argv[1:2]\n"
              "from tests.configurator.factory.test_package import sample_order_document, sample_lasts\n"
              "from configurator.factory.package import build_package\n"
              "print(hashlib.sha256(build_package(sample_order_document(), sample_lasts())).hexdigest())")
    repo = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "-c", script, str(repo)], check=True,
                            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert result.stdout.strip() == hashlib.sha256(build_package(doc, lasts)).hexdigest()


def test_drawings_named_by_the_document_travel_in_the_package_with_their_checksums(doc, lasts):
    doc["feet"]["left"]["last"]["files"]["bottom_svg"] = "left_bottom.svg"
    with pytest.raises(PackageError) as raised:
        build_package(doc, lasts)
    assert raised.value.code == "LAST_FILE_MISSING" and raised.value.field == "left.bottom.svg"
    lasts["left"]["bottom.svg"] = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    archive = zipfile.ZipFile(io.BytesIO(build_package(doc, lasts)))
    assert archive.read("left_bottom.svg") == lasts["left"]["bottom.svg"]
    manifest = json.loads(archive.read("manifest.json"))["files"]
    assert manifest["left_bottom.svg"]["sha256"] == hashlib.sha256(lasts["left"]["bottom.svg"]).hexdigest()
