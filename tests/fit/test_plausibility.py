"""The plausibility gate: real footprints pass, each kind of impossible answer is refused with its code."""

import numpy as np
import pytest

from fit.errors import FitError, ImplausibleFoot
from fit.photo.footprint import measure_footprint
from fit.plausibility import check_foot, problems


def _footprint(length=260.0, ratio=0.39):
    """A footprint polygon in the foot frame: rounded heel, widest at 68 % of length, tapered toes."""
    t = np.linspace(0.0, 1.0, 60)
    half = ratio * length / 2 * np.interp(t, [0, 0.04, 0.2, 0.45, 0.68, 0.85, 0.95, 1.0],
                                          [0.3, 0.62, 0.7, 0.72, 1.0, 0.92, 0.65, 0.1])
    y = t * length
    return np.vstack([np.column_stack([half, y]), np.column_stack([-half, y])[::-1]])


def _measured(outline):
    fp = measure_footprint(outline)
    return fp.foot_length_mm, fp.ball_width_mm, fp.heel_width_mm, fp.outline_mm


@pytest.mark.parametrize("length, ratio", [(160.0, 0.40), (262.0, 0.39), (330.0, 0.34), (240.0, 0.45)])
def test_real_footprints_pass(length, ratio):
    got = _measured(_footprint(length, ratio))
    assert problems(*got) == []
    check_foot(*got)


@pytest.mark.parametrize("length, width, code", [
    (103.8, 40.0, "IMPLAUSIBLE_LENGTH"),   # a sock lost on white paper: only part of the foot found
    (420.0, 120.0, "IMPLAUSIBLE_LENGTH"),  # a leg measured with the foot
    (262.0, 12.1, "IMPLAUSIBLE_WIDTH"),
    (262.0, 150.0, "IMPLAUSIBLE_WIDTH"),
])
def test_impossible_sizes_are_refused(length, width, code):
    with pytest.raises(ImplausibleFoot) as e:
        check_foot(length, width)
    assert e.value.code == code and isinstance(e.value, FitError)
    assert e.value.message.endswith(".") and "mm" in e.value.message


def test_heel_wider_than_ball_is_refused():
    with pytest.raises(ImplausibleFoot) as e:
        check_foot(262.0, 100.0, heel_width_mm=108.0)
    assert e.value.code == "HEEL_WIDER_THAN_BALL"
    check_foot(262.0, 100.0, heel_width_mm=102.0)  # within the measurement's noise


def test_foot_read_backwards_is_not_foot_shaped():
    outline = _footprint()
    backwards = np.column_stack([outline[:, 0], outline[:, 1].max() - outline[:, 1]])
    length, ball, _, local = _measured(backwards)
    codes = [p.code for p in problems(length, ball, None, local)]
    assert codes == ["OUTLINE_NOT_FOOT"]


def test_a_rectangle_is_not_foot_shaped():
    sheet = np.array([[-50.0, 0.0], [50.0, 0.0], [50.0, 280.0], [-50.0, 280.0]])
    sheet = np.vstack([np.linspace(sheet[i], sheet[(i + 1) % 4], 10, endpoint=False) for i in range(4)])
    with pytest.raises(ImplausibleFoot) as e:
        check_foot(280.0, 100.0, outline_mm=sheet)
    assert e.value.code == "OUTLINE_NOT_FOOT" and "fills" in e.value.message
