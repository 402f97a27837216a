"""``fit.photo.uncertainty``: sigmas grow with the warnings, the tilt and a low-contrast border as documented."""

import numpy as np
import pytest

from fit.photo.uncertainty import (BASE_SIGMA_MM, EXTRA_SIGMA_MM, FOCAL_ASSUMED_PER_TAN_MM, HEEL_FROM_BALL_SIGMA,
                                   LOW_CONTRAST_SIGMA_MM, TOE_TIP_HEIGHT_SIGMA, UNCERTAIN_2SIGMA_MM, WARNINGS,
                                   one_sigma_mm, uncertain_names)

BALL_MM = 100.0


def test_a_clean_photo_has_the_base_sigmas():
    assert one_sigma_mm((), BALL_MM) == pytest.approx(BASE_SIGMA_MM)


@pytest.mark.parametrize("code", sorted(EXTRA_SIGMA_MM))
def test_each_warning_adds_its_extra_sigma_in_quadrature_to_its_values_only(code):
    base = one_sigma_mm((), BALL_MM)
    got = one_sigma_mm((code,), BALL_MM)
    for name, sigma in got.items():
        extra = EXTRA_SIGMA_MM[code].get(name, 0.0)
        assert sigma == pytest.approx(np.hypot(base[name], extra))
        assert (sigma > base[name]) == (extra > 0)


def test_warnings_add_up_and_every_code_with_a_sigma_is_a_documented_warning():
    assert set(EXTRA_SIGMA_MM) <= set(WARNINGS)
    one = one_sigma_mm(("HEEL_HIDDEN",), BALL_MM)["foot_length_mm"]
    two = one_sigma_mm(("HEEL_HIDDEN", "TOES_OVERHANG"), BALL_MM)["foot_length_mm"]
    assert two > one
    assert one_sigma_mm(("SIDE_UNCLEAR",), BALL_MM) == one_sigma_mm((), BALL_MM)  # no effect on a length


def test_tilt_grows_every_sigma_and_25_degrees_adds_half_the_variance():
    flat, some, full = (one_sigma_mm((), BALL_MM, tilt_deg=t) for t in (0.0, 12.0, 25.0))
    for name in flat:
        assert flat[name] < some[name] < full[name]
        assert full[name] ** 2 == pytest.approx(1.5 * flat[name] ** 2)


def test_an_unreliable_border_adds_its_blur_to_every_value():
    base = one_sigma_mm((), BALL_MM)
    half = one_sigma_mm((), BALL_MM, unreliable_border=0.5)
    for name in base:
        assert half[name] == pytest.approx(np.hypot(base[name], 0.5 * LOW_CONTRAST_SIGMA_MM))


def test_a_ray_leaning_at_the_toe_tip_adds_the_tip_height_spread_to_the_length_only():
    base = one_sigma_mm((), BALL_MM, foot_length_mm=280.0)
    for tan in (0.6, -0.6):
        leaning = one_sigma_mm((), BALL_MM, foot_length_mm=280.0, toe_ray_tan=tan)
        assert leaning["foot_length_mm"] == pytest.approx(np.hypot(base["foot_length_mm"],
                                                                   TOE_TIP_HEIGHT_SIGMA * 280.0 * 0.6))
        assert leaning["ball_width_mm"] == base["ball_width_mm"]
        assert leaning["heel_width_mm"] == base["heel_width_mm"]


def test_an_estimated_heel_width_is_as_uncertain_as_the_heel_to_ball_ratio():
    narrow = one_sigma_mm(("HEEL_WIDTH_ESTIMATED",), 80.0)["heel_width_mm"]
    wide = one_sigma_mm(("HEEL_WIDTH_ESTIMATED",), 110.0)["heel_width_mm"]
    assert narrow == pytest.approx(np.hypot(HEEL_FROM_BALL_SIGMA * 80.0, BASE_SIGMA_MM["heel_width_mm"]))
    assert wide > narrow


def test_uncertain_names_are_those_whose_two_sigma_exceeds_one_size_step():
    limit = UNCERTAIN_2SIGMA_MM / 2
    sigmas = {"heel_width_mm": limit + 0.01, "foot_length_mm": limit, "ball_width_mm": limit + 2.0}
    assert uncertain_names(sigmas) == ("ball_width_mm", "heel_width_mm")
    assert uncertain_names(one_sigma_mm((), BALL_MM)) == ("heel_width_mm",) * (BASE_SIGMA_MM["heel_width_mm"] > limit)
    hidden = one_sigma_mm(("HEEL_HIDDEN", "HEEL_WIDTH_ESTIMATED"), BALL_MM, tilt_deg=25.0, unreliable_border=0.6)
    assert "heel_width_mm" in uncertain_names(hidden)


def test_an_assumed_lens_costs_more_the_more_the_camera_leans():
    """Straight down the assumed focal length hardly matters; leaning, it misplaces the camera."""
    for name in ("foot_length_mm", "ball_width_mm"):
        fixed = EXTRA_SIGMA_MM["FOCAL_ASSUMED"][name]
        flat = one_sigma_mm(("FOCAL_ASSUMED",), BALL_MM)[name]
        assert flat == pytest.approx(np.hypot(BASE_SIGMA_MM[name], fixed))
        leaning = one_sigma_mm(("FOCAL_ASSUMED",), BALL_MM, tilt_deg=20.0)[name]
        known = one_sigma_mm(("FOCAL_FROM_SHEET",), BALL_MM, tilt_deg=20.0)[name]
        extra = FOCAL_ASSUMED_PER_TAN_MM[name] * np.tan(np.radians(20.0))
        factor = 1.0 + 0.5 * (20.0 / 25.0) ** 2
        assert leaning ** 2 == pytest.approx(known ** 2 + (fixed ** 2 + extra ** 2) * factor)
