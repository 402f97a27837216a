import pytest

from fit.errors import InvalidSpec
from fit.foot import Foot, read_measurements


def test_reads_both_feet_independently_with_sources():
    feet = read_measurements({"units": "mm",
                              "left": {"foot_length_mm": 262.0, "ball_width_mm": 101.5, "ball_girth_mm": 247.0},
                              "right": {"foot_length_mm": 265.5, "ball_width_mm": 102.0}})
    assert feet["left"].foot_length_mm == 262.0 and feet["right"].foot_length_mm == 265.5
    assert feet["left"].ball_girth_mm == 247.0 and feet["right"].ball_girth_mm is None
    assert feet["left"].source("ball_girth_mm") == "typed"


@pytest.mark.parametrize("values, field, words", [
    ({"foot_length_mm": 40, "ball_width_mm": 30}, "foot_length_mm", "outside the plausible"),
    ({"foot_length_mm": -260, "ball_width_mm": 100}, "foot_length_mm", "Foot length"),
    ({"foot_length_mm": 150, "ball_width_mm": 140}, "ball_width_mm", "Ball width"),
    ({"foot_length_mm": 260, "ball_width_mm": 100, "ball_girth_mm": 180}, "ball_girth_mm", "twice the ball width"),
    ({"foot_length_mm": 260, "ball_width_mm": 100, "heel_width_mm": 108}, "heel_width_mm", "narrower"),
])
def test_implausible_values_are_refused_naming_the_field(values, field, words):
    with pytest.raises(InvalidSpec) as caught:
        Foot(side="left", **values)
    assert caught.value.field == field
    assert caught.value.code == "INVALID_SPEC"
    assert words in caught.value.message


def test_missing_required_value_and_unknown_key_are_named():
    with pytest.raises(InvalidSpec, match="Ball width of the right foot is required") as caught:
        Foot.from_dict("right", {"foot_length_mm": 260})
    assert caught.value.field == "ball_width_mm"
    with pytest.raises(InvalidSpec) as caught:
        Foot.from_dict("left", {"foot_length_mm": 260, "ball_width_mm": 100, "shoe_size": 42})
    assert caught.value.field == "shoe_size"


def test_round_trip_through_dict_keeps_sources_and_uncertainty():
    foot = Foot(side="right", foot_length_mm=250, ball_width_mm=95).with_values(
        "estimated", {"ball_girth_mm": 6.1}, ball_girth_mm=236.0)
    again = Foot.from_dict("right", foot.to_dict())
    assert again.source("ball_girth_mm") == "estimated"
    assert again.uncertainty_mm["ball_girth_mm"] == pytest.approx(6.1)
    assert again.source("foot_length_mm") == "typed"


def test_units_other_than_mm_are_refused():
    with pytest.raises(InvalidSpec) as caught:
        read_measurements({"units": "in", "left": {}, "right": {}})
    assert caught.value.field == "units"
