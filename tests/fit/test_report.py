"""The typed report of one last: typed fields with units, and the stored JSON record it reads back."""

import json

import pytest

from fit.foot import Foot
from fit.pipeline import fit_foot
from fit.report import (MEASURED_DIMENSIONS, TARGET_DIMENSIONS, LastReport, RuleApplied, SheetRow, Sizes,
                        foot_measurements)
from fit.style import rules_for


@pytest.fixture(scope="module")
def fitted():
    outline = ((0.0, 0.0), (30.0, 20.0), (40.0, 60.0), (50.0, 180.0), (35.0, 240.0), (0.0, 265.5),
               (-30.0, 230.0), (-45.0, 180.0), (-35.0, 60.0), (-25.0, 20.0), (0.0, 0.0))
    foot = Foot("right", 265.5, 102.0, outline_mm=outline)
    return fit_foot(foot, rules_for("oxford"))


@pytest.fixture(scope="module")
def report(fitted):
    return fitted.report()


def test_foot_measurements_carry_value_source_and_spread(report):
    measurements = {m.name: m for m in report.measurements}
    assert measurements["foot_length_mm"].value_mm == 265.5 and measurements["foot_length_mm"].source == "typed"
    assert measurements["foot_length_mm"].uncertainty_mm is None
    assert measurements["foot_length_mm"].label == "Foot length"
    girth = measurements["ball_girth_mm"]
    assert girth.source == "estimated" and girth.uncertainty_mm > 0 and 2 * 102.0 < girth.value_mm < 300
    assert report.foot_outline_mm[0] == report.foot_outline_mm[-1] == [0.0, 0.0]


def test_rules_are_a_length_a_ratio_or_a_word(report):
    rules = {rule.name: rule for rule in report.rules}
    assert rules["back_tolerance_fraction"].ratio == 0.02 and rules["back_tolerance_fraction"].unit == "of foot length"
    assert rules["ball_girth_allowance_mm"].value_mm == -3.0 and rules["ball_girth_allowance_mm"].unit == "mm"
    assert rules["style"].text == "oxford" and rules["style"].unit == ""
    for rule in report.rules:
        assert [rule.value_mm, rule.ratio, rule.text].count(None) == 2, rule
        assert RuleApplied.from_dict(rule.to_dict()) == rule


def test_dimensions_are_the_lasts_lengths_only(report, fitted):
    target = {d.name: d.value_mm for d in report.target}
    assert list(target) == [name for name in TARGET_DIMENSIONS if name in target]
    assert target["last_length_mm"] == pytest.approx(fitted.spec.last_length_mm, abs=1e-3)
    assert "foot_length_mm" not in target and not any(name.endswith("_s_mm") for name in target)
    measured = {d.name: d.value_mm for d in report.measured_dimensions}
    assert list(measured) == list(MEASURED_DIMENSIONS) and "volume_cm3" not in measured
    assert measured["ball_girth_mm"] == pytest.approx(target["ball_girth_mm"], abs=0.3)


def test_sheet_rows_say_what_they_measure(report):
    assert report.sheet and all(isinstance(row, SheetRow) and row.definition and row.value_mm > 0
                                for row in report.sheet)
    assert isinstance(report.sizes, Sizes) and report.sizes.eu > 30 and report.sizes.width


def test_the_json_record_reads_back_to_the_same_report(report, fitted):
    stored = json.loads(json.dumps(report.to_dict()))
    assert LastReport.from_dict(stored) == report
    assert stored["foot"] == fitted.foot.to_dict() and stored["spec"] == fitted.spec.to_dict()
    assert Foot.from_dict("right", stored["foot"]).known() == fitted.foot.known()


def test_a_record_stored_without_the_newer_keys_still_reads(report):
    """Lasts built before the measurement sheet and the review table were stored have neither."""
    old = report.to_dict()
    del old["sheet"], old["table"], old["differences"]
    read = LastReport.from_dict(old)
    assert read.sheet == () and read.table == [] and read.measurements == report.measurements
    assert read.target == report.target


def test_foot_measurements_default_to_typed():
    found = foot_measurements({"foot_length_mm": 250.0, "ball_width_mm": 98.0, "instep_height_mm": None})
    assert [(m.name, m.source) for m in found] == [("foot_length_mm", "typed"), ("ball_width_mm", "typed")]
