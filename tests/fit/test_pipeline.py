import json

import pytest

from fit.errors import InvalidSpec
from fit.foot import Foot, read_measurements
from fit.pipeline import DRAWINGS, FootFit, fit_foot, fit_pair, make_pair, pair_output, write_pair
from fit.style import rules_for

MEASUREMENTS = {"units": "mm",
                "left": {"foot_length_mm": 262.0, "ball_width_mm": 101.5, "ball_girth_mm": 247.0},
                "right": {"foot_length_mm": 265.5, "ball_width_mm": 102.0}}
ROW_KEYS = {"name", "label", "foot_mm", "source", "uncertainty_mm", "allowance_mm", "last_target_mm",
            "last_measured_mm"}


@pytest.fixture(scope="module")
def fits():
    return fit_pair(read_measurements(MEASUREMENTS), rules_for("oxford"))


def test_each_side_from_its_own_numbers(fits):
    left, right = fits["left"], fits["right"]
    assert isinstance(left, FootFit)
    assert left.foot.side == "left" and right.foot.side == "right"
    assert left.foot.ball_girth_mm == 247.0 and left.foot.source("ball_girth_mm") == "typed"
    assert right.foot.source("ball_girth_mm") == "estimated"
    assert right.spec.last_length_mm > left.spec.last_length_mm


def test_table_marks_estimates(fits):
    rows = {row["name"]: row for row in fits["right"].table()}
    for row in rows.values():
        assert set(row) == ROW_KEYS
    assert rows["ball_girth_mm"]["source"] == "estimated" and rows["ball_girth_mm"]["uncertainty_mm"] > 0
    assert rows["ball_girth_mm"]["allowance_mm"] == -3.0
    assert rows["ball_girth_mm"]["last_target_mm"] == pytest.approx(rows["ball_girth_mm"]["foot_mm"] - 3.0, abs=0.11)
    assert abs(rows["ball_girth_mm"]["last_measured_mm"] - rows["ball_girth_mm"]["last_target_mm"]) <= 0.2
    left_rows = {row["name"]: row for row in fits["left"].table()}
    assert left_rows["ball_girth_mm"]["source"] == "typed"


def test_to_dict_is_json(fits):
    body = json.loads(json.dumps(fits["left"].to_dict()))
    assert {"foot", "rules", "spec", "measured", "differences", "sizes", "table"} <= set(body)
    assert all(abs(v) < 1.0 for v in body["differences"].values())
    assert body["sizes"]["eu"] > 30


def test_report_is_the_fits_typed_record(fits):
    report = fits["right"].report()
    assert report.side == "right" and report.to_dict() == fits["right"].to_dict()
    assert {m.name for m in report.measurements} >= {"foot_length_mm", "ball_girth_mm"}


def test_pair_output_holds_bytes_per_requested_format(fits):
    pair = pair_output(fits, reference="CW-2026-0001", formats=("glb", "stl"))
    assert set(pair.files) == {"left", "right"}
    assert set(pair.files["left"]) == {"glb", "stl", *DRAWINGS}
    assert pair.files["left"]["glb"][:4] == b"glTF" and pair.files["left"]["bottom.svg"].startswith(b"<svg")
    assert pair.reports["left"] == fits["left"].report()
    outline = pair.plan_outline_mm["left"]
    assert outline[0] == outline[-1] and max(y for _, y in outline) > 250
    with pytest.raises(InvalidSpec) as info:
        pair_output(fits, formats=("step",))
    assert info.value.field == "formats"


def test_write_pair(fits, tmp_path):
    paths = write_pair(pair_output(fits, reference="CW-2026-0001"), tmp_path)
    names = sorted(p.name for p in paths)
    assert names == sorted([f"{s}.{f}" for s in ("left", "right") for f in ("stl", "3mf", "glb", "obj")]
                           + [f"{s}_{d}" for s in ("left", "right") for d in DRAWINGS] + ["spec.json"])
    spec = json.loads((tmp_path / "spec.json").read_text())
    assert spec["reference"] == "CW-2026-0001" and spec["left"]["side"] == "left"
    assert spec["left"] == fits["left"].to_dict()
    sheet = {row["name"]: row for row in spec["left"]["sheet"]}
    assert sheet["long_heel_girth_mm"]["value_mm"] > sheet["short_heel_girth_mm"]["value_mm"] > 0
    assert all(row["definition"] for row in sheet.values())
    assert (tmp_path / "left_bottom.svg").read_text().startswith("<svg")


def test_write_pair_with_factory_bodies(fits, tmp_path):
    pair = pair_output({"left": fits["left"]}, formats=(), drawings=False, factory={"thimble": True, "cut": "hinge"})
    names = {p.name for p in write_pair(pair, tmp_path)}
    assert names == {"left_factory_fore.stl", "left_factory_block.stl", "spec.json"}


def test_make_pair_is_fit_pair_then_its_output():
    pair = make_pair(read_measurements(MEASUREMENTS), rules_for("derby"), formats=("stl",), drawings=False)
    assert set(pair.files["right"]) == {"stl"} and pair.reports["right"].rules[0].text == "derby"


def test_pair_needs_both_matching_sides():
    rules = rules_for("derby")
    with pytest.raises(InvalidSpec) as info:
        fit_pair({"left": Foot("left", 262.0, 101.5)}, rules)
    assert info.value.field == "right"
    with pytest.raises(InvalidSpec):
        fit_pair({"left": Foot("right", 262.0, 101.5), "right": Foot("right", 262.0, 101.5)}, rules)


def test_heel_too_high_for_style_is_refused():
    with pytest.raises(InvalidSpec) as info:
        fit_foot(Foot("left", 262.0, 101.5), rules_for("sneaker", heel_height_mm=60))
    assert info.value.field == "heel_height_mm"
