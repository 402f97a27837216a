import pytest

from fit.errors import InvalidSpec
from fit.style import STYLES, TOE_SHAPES, StyleRules, rules_applied, rules_for


@pytest.mark.parametrize("style", STYLES)
def test_every_style_has_valid_defaults(style):
    rules = rules_for(style)
    assert isinstance(rules, StyleRules)
    assert rules.toe_shape in TOE_SHAPES
    assert 0 <= rules.heel_height_mm <= rules.max_heel_height_mm


def test_dress_sits_below_foot_and_athletic_adds_sock():
    oxford, sneaker = rules_for("oxford"), rules_for("sneaker")
    assert oxford.ball_girth_allowance_mm == -3.0 and oxford.instep_girth_allowance_mm == -6.0
    assert 4.0 <= sneaker.ball_girth_allowance_mm <= 6.0


def test_toe_spring_falls_as_heel_rises():
    springs = [rules_for("chelsea", heel_height_mm=h).toe_spring_mm for h in (0, 20, 40, 60, 80)]
    assert springs == sorted(springs, reverse=True)
    assert springs[-1] == pytest.approx(0.0)
    assert rules_for("chelsea", heel_height_mm=0).ball_shift_mm() < rules_for("chelsea", heel_height_mm=60).ball_shift_mm()


def test_pointed_toe_needs_more_allowance():
    assert rules_for("oxford", toe_shape="pointed").toe_allowance_mm > rules_for("oxford", toe_shape="round").toe_allowance_mm


def test_options_and_fitter_overrides():
    rules = rules_for("derby", toe_shape="square", heel_height_mm=30, ball_girth_allowance_mm=-1.0)
    assert (rules.toe_shape, rules.heel_height_mm, rules.ball_girth_allowance_mm) == ("square", 30.0, -1.0)


@pytest.mark.parametrize("kwargs, field", [
    (dict(style="oxford", heel_height_mm=70), "heel_height_mm"),
    (dict(style="oxford", heel_height_mm=-5), "heel_height_mm"),
    (dict(style="oxford", toe_shape="hexagonal"), "toe_shape"),
    (dict(style="clog"), "style"),
    (dict(style="oxford", ball_girth_allowance_mm=40.0), "ball_girth_allowance_mm"),
    (dict(style="oxford", wingtip=True), "wingtip"),
])
def test_invalid_rules_name_the_field(kwargs, field):
    style = kwargs.pop("style")
    with pytest.raises(InvalidSpec) as info:
        rules_for(style, **kwargs)
    assert info.value.field == field
    assert info.value.code == "INVALID_SPEC"
    assert info.value.message


def test_rules_applied_have_sources():
    rows = rules_applied(rules_for("oxford"))
    names = {row["name"] for row in rows}
    assert {"toe_allowance_mm", "ball_girth_allowance_mm", "toe_spring_mm", "back_tolerance_fraction"} <= names
    for row in rows:
        assert set(row) == {"name", "value", "unit", "source"}
        assert row["source"]
