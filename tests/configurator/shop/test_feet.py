"""shop.feet: the typed-measurements form read into both feet, in mm, naming the field at fault."""

import pytest

from fit.errors import InvalidSpec

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
    with pytest.raises(InvalidSpec) as caught:
        feet_from_form({**FEET_FORM, field: value})
    assert caught.value.field == field


def test_unknown_units_are_refused():
    with pytest.raises(InvalidSpec) as caught:
        feet_from_form({**FEET_FORM, "units": "cm"})
    assert caught.value.field == "units"
