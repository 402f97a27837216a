import json
from pathlib import Path

import pytest

from fit.estimate import ESTIMATED_NAMES, coefficients, complete_foot, estimate
from fit.foot import Foot

ANSUR = Path(__file__).resolve().parents[3] / "shared" / "data" / "ansur"


def test_missing_values_are_estimated_and_marked():
    foot = complete_foot(Foot("left", 262.0, 101.5))
    for name in ESTIMATED_NAMES:
        assert foot.value(name) is not None
        assert foot.source(name) == "estimated"
        assert foot.uncertainty_mm[name] > 0
    # ANSUR-typical foot: ball girth near the survey's mean relation
    assert 235 < foot.ball_girth_mm < 260
    assert foot.uncertainty_mm["instep_girth_mm"] > foot.uncertainty_mm["ball_girth_mm"]


def test_measured_values_win():
    foot = Foot("right", 262.0, 101.5, ball_girth_mm=240.0, heel_width_mm=70.0, sources={"ball_girth_mm": "photo"})
    done = complete_foot(foot)
    assert done.ball_girth_mm == 240.0 and done.source("ball_girth_mm") == "photo"
    assert done.heel_width_mm == 70.0 and done.source("heel_width_mm") == "typed"
    assert done.source("instep_girth_mm") == "estimated"
    assert done.instep_girth_mm == pytest.approx(240.0 * coefficients()["instep_girth_mm"]["ratio_to_ball_girth"], abs=0.1)


def test_complete_foot_is_identity_when_all_known():
    foot = Foot("left", 262, 101.5, ball_girth_mm=247, instep_girth_mm=250, heel_width_mm=70, instep_height_mm=66)
    assert complete_foot(foot) is foot


def test_estimates_grow_with_width():
    narrow, wide = estimate(262, 92)["ball_girth_mm"][0], estimate(262, 110)["ball_girth_mm"][0]
    assert wide - narrow == pytest.approx(18 * coefficients()["models"]["ball_girth_mm"]["ball_width"])


def test_coefficients_have_residual_sd():
    models = coefficients()["models"]
    assert 3 < models["ball_girth_mm"]["residual_sd_mm"] < 10
    assert models["ball_girth_mm"]["r2"] > 0.8


@pytest.mark.skipif(not ANSUR.exists(), reason="ANSUR II CSVs are not in this checkout")
def test_committed_coefficients_match_derivation(tmp_path):
    import importlib.util
    path = Path(__file__).resolve().parents[2] / "scripts" / "derive_girth_regression.py"
    spec = importlib.util.spec_from_file_location("derive", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    derived = module.derive(ANSUR)
    committed = json.loads((Path(__file__).resolve().parents[2] / "fit" / "data" / "girth_regression.json").read_text())
    assert derived == committed
