"""Contract measurements of footprint outlines whose answers are known: drawn shapes and exactly projected feet."""

import numpy as np
import pytest

import scenes
from fit.photo.footprint import measure_footprint


def turned(points, angle_deg, shift=(0.0, 0.0)):
    c, s = np.cos(np.radians(angle_deg)), np.sin(np.radians(angle_deg))
    return np.asarray(points, dtype=np.float64) @ np.array([[c, s], [-s, c]]) + shift


def drawn_foot(toe_x=0.0):
    """A symmetric drawn footprint, mm, heel at y = 0: 60 mm wide to y = 100, widening to 100 mm at
    y = 160, 100 mm wide to y = 220, then a pointed toe at ``(toe_x, 260)``."""
    return np.array([(-30.0, 0.0), (30.0, 0.0), (30.0, 100.0), (50.0, 160.0), (50.0, 220.0), (toe_x, 260.0),
                     (-50.0, 220.0), (-50.0, 160.0), (-30.0, 100.0)])


@pytest.mark.parametrize("angle_deg, shift", [(0.0, (0.0, 0.0)), (37.0, (120.0, -40.0)), (-160.0, (5.0, 300.0))])
def test_a_drawn_footprint_measures_its_drawing_in_any_placement(angle_deg, shift):
    toe = turned([[0.0, 1.0]], angle_deg)[0]  # the toe direction, turned with it
    fp = measure_footprint(turned(drawn_foot(), angle_deg, shift), toe_direction=toe)
    assert fp.foot_length_mm == pytest.approx(260.0, abs=1e-9)
    assert fp.heel_width_mm == pytest.approx(60.0, abs=1e-9)  # the heel band, 13-65 mm, is 60 mm wide
    assert fp.ball_width_mm == pytest.approx(100.0, abs=1e-9)  # the ball band, 143-221 mm, reaches 100 mm
    assert fp.axis == pytest.approx(toe, abs=1e-9)
    assert fp.to_floor([[0.0, 0.0]])[0] == pytest.approx(turned([[0.0, 0.0]], angle_deg, shift)[0], abs=1e-9)
    assert fp.to_floor(fp.outline_mm) == pytest.approx(turned(drawn_foot(), angle_deg, shift), abs=1e-9)
    assert fp.side_confidence == pytest.approx(0.0, abs=1e-9)  # a toe on the axis says nothing of the side


def test_the_toe_direction_or_the_wider_end_picks_the_heel():
    outline = turned(drawn_foot(), 90.0)  # the toes now along -x
    assert measure_footprint(outline, toe_direction=(-1.0, 0.0)).axis == pytest.approx([-1.0, 0.0], abs=1e-9)
    assert measure_footprint(outline, toe_direction=None).axis == pytest.approx([-1.0, 0.0], abs=1e-9)
    backwards = measure_footprint(outline, toe_direction=(1.0, 0.0))  # told wrongly: measured from the toes
    assert backwards.axis == pytest.approx([1.0, 0.0], abs=1e-9)
    assert backwards.heel_width_mm > backwards.ball_width_mm


def test_a_given_axis_overrides_the_principal_one():
    fp = measure_footprint(drawn_foot(), axis=(0.1, 1.0))
    axis = np.array([0.1, 1.0]) / np.hypot(0.1, 1.0)
    assert fp.axis == pytest.approx(axis)
    assert fp.foot_length_mm == pytest.approx(float(np.ptp(drawn_foot() @ axis)))


@pytest.mark.parametrize("toe_x, side", [(25.0, "left"), (-25.0, "right")])
def test_the_toe_on_one_side_says_which_foot(toe_x, side):
    fp = measure_footprint(drawn_foot(toe_x), axis=(0.0, 1.0))
    assert fp.side == side and fp.side_confidence == 1.0
    medial, lateral = fp.medial_lateral_mm()
    assert np.sign(medial[0]) == (1.0 if side == "left" else -1.0) and np.sign(lateral[0]) == -np.sign(medial[0])


def test_a_projected_foot_and_its_mirror_image():
    v, f = scenes.procedural_foot(255.0, 0.39, "left", np.random.default_rng(11))
    left = measure_footprint(scenes.footprint_outline(v, f))
    right = measure_footprint(scenes.footprint_outline(v * [-1.0, 1.0, 1.0], f[:, ::-1]))
    assert (left.side, right.side) == ("left", "right")
    assert left.side_confidence > 0.3 and right.side_confidence > 0.3
    for name in ("foot_length_mm", "ball_width_mm", "heel_width_mm"):
        assert getattr(right, name) == pytest.approx(getattr(left, name), abs=0.2), name
    # the jaws touch the outline within the ball band, and they are the caliper's
    length = left.foot_length_mm
    jaw_y = left.ball_points_mm[:, 1] / length
    assert ((jaw_y >= 0.55 - 1e-9) & (jaw_y <= 0.85 + 1e-9)).all()
    assert left.ball_points_mm[:, 0] == pytest.approx(left.ball_x_mm)
    # the mesh's extent along the axis is the foot length (the outline is rasterised at 0.1 mm)
    along = (v[:, :2] - left.origin) @ left.axis
    assert length == pytest.approx(float(np.ptp(along)), abs=0.3)


def test_only_a_polygon_is_measured():
    for not_a_polygon in ([(0.0, 0.0), (1.0, 1.0)], np.zeros((5, 3)), np.zeros(6)):
        with pytest.raises(ValueError):
            measure_footprint(not_a_polygon)
