"""shop.feet: the typed-measurements form read into both feet, in mm, naming every field at fault at once."""

import pytest

from configurator.errors import FormErrors
from configurator.shop.feet import feet_from_form
from tests.configurator.shop.test_designs import FEET_FORM


def test_inches_become_millimetres():
    form = {**FEET_FORM, "units": "in", "left_foot_length_mm": "10.3", "left_ball_width_mm": "4,0",
            "left_ball_girth_mm": "9.7", "right_foot_length_mm": "10.4", "right_ball_width_mm": "4"}
    feet = feet_from_form(form)
    assert feet["left"].foot_length_mm == pytest.approx(261.6)      # 10.3 in x 25.4 mm, to 0.1 mm
    assert feet["left"].ball_width_mm == pytest.approx(101.6)


@pytest.mark.parametrize("field, value", [("right_ball_width_mm", ""), ("left_foot_length_mm", "long")])
def test_a_missing_or_non_numeric_value_names_its_form_field(field, value):
    with pytest.raises(FormErrors) as caught:
        feet_from_form({**FEET_FORM, field: value})
    assert caught.value.field == field and list(caught.value.errors) == [field]


def test_every_field_at_fault_is_named_at_once():
    form = {**FEET_FORM, "left_foot_length_mm": "40", "right_ball_width_mm": "", "right_foot_length_mm": "long"}
    with pytest.raises(FormErrors) as caught:
        feet_from_form(form)
    assert set(caught.value.errors) == {"left_foot_length_mm", "right_ball_width_mm", "right_foot_length_mm"}
    assert "3 fields" in caught.value.message and "40 mm" in caught.value.errors["left_foot_length_mm"]


def test_a_large_left_right_difference_asks_for_confirmation():
    form = {**FEET_FORM, "left_foot_length_mm": "260", "right_foot_length_mm": "180", "right_ball_width_mm": "75"}
    with pytest.raises(FormErrors) as caught:
        feet_from_form(form)
    assert caught.value.code == "FEET_DIFFER" and "80 mm" in caught.value.errors["confirm_difference"]
    feet = feet_from_form({**form, "confirm_difference": "yes"})
    assert feet["right"].foot_length_mm == 180.0


def test_unknown_units_are_refused():
    with pytest.raises(FormErrors) as caught:
        feet_from_form({**FEET_FORM, "units": "cm"})
    assert caught.value.field == "units"
