"""``fit.mat.measure`` on a true foot mesh (``fit.procedural_foot``) standing in the mat frame.

A true foot is the hull a perfect set of photos would carve, so its raw measurements must be the
contract's (``fit.foot_mesh.measure_foot_mesh``, the scenes' truth); the bias correction and the
gate are then checked against their documented tables.
"""

from functools import cache

import numpy as np
import pytest
import trimesh

from fit.contract import BALL_BAND, INSTEP_HEIGHT_BAND
from fit.foot_mesh import measure_foot_mesh
from fit.mat.errors import MatError
from fit.mat.measure import (BALL_POINT_TOLERANCE_MM, BIAS, MIN_INSTEP_CLEARANCE_MM, SOURCE, UNCERTAINTY_MM,
                              ball_point_candidates, check_plausible, hull_measurements, measure_hull)
from fit.procedural_foot import procedural_foot
from scenes import footprint_outline

NAMES = tuple(BIAS)


@cache
def foot(side: str = "left"):
    mesh = procedural_foot(21, side, 255.0)
    mesh.apply_translation([105.0, 40.0, 0.0])  # on the mat, toes toward +y
    return mesh, footprint_outline(np.asarray(mesh.vertices), np.asarray(mesh.faces))


def test_a_true_foot_measures_as_the_contract_measures_it():
    mesh, outline = foot()
    raw = hull_measurements(mesh, outline)
    truth = measure_foot_mesh(mesh, side="left")
    assert raw["side"] == "left"
    for name in ("foot_length_mm", "ball_width_mm", "heel_width_mm"):
        assert raw[name] == pytest.approx(getattr(truth, name), abs=0.5), name
    for name in ("ball_girth_mm", "instep_girth_mm"):
        assert raw[name] == pytest.approx(getattr(truth, name), rel=0.02), name
    # instep height: the top of the foot between the band's two planes, cut exactly (the scan measurer's
    # highest vertex in the band misses a surface that rises through it between vertices)
    heel_y, length = outline[:, 1].min(), raw["foot_length_mm"]
    band = mesh
    for y, normal in ((heel_y + INSTEP_HEIGHT_BAND[0] * length, [0, 1.0, 0]),
                      (heel_y + INSTEP_HEIGHT_BAND[1] * length, [0, -1.0, 0])):
        band = trimesh.intersections.slice_mesh_plane(band, normal, [0, y, 0], cap=True)
    assert raw["instep_height_mm"] == pytest.approx(band.bounds[1, 2], abs=1.5)
    assert min(y for _, y in raw["outline_mm"]) == pytest.approx(0.0, abs=0.5)  # foot frame: heel at y = 0
    assert max(y for _, y in raw["outline_mm"]) == pytest.approx(outline[:, 1].max() - heel_y, abs=1.0)


def test_the_foot_is_the_raw_values_bias_corrected_with_the_tabled_uncertainties():
    mesh, outline = foot()
    raw = hull_measurements(mesh, outline)
    measured = measure_hull(mesh, outline)
    assert measured.side == "left"
    for name in NAMES:
        scale, offset = BIAS[name]
        assert getattr(measured, name) == pytest.approx(raw[name] * scale + offset, abs=0.006), name
        assert measured.source(name) == SOURCE
        assert measured.uncertainty_mm[name] == UNCERTAINTY_MM[name]
    assert measured.outline_mm == raw["outline_mm"]


def test_the_side_given_is_kept_and_a_right_foot_is_found_right():
    mesh, outline = foot("right")
    assert measure_hull(mesh, outline).side == "right"
    assert measure_hull(*foot("left"), side="left").side == "left"


def test_the_gate_refuses_a_foot_without_its_top_or_with_impossible_values():
    mesh, outline = foot()
    values = {n: v for n, v in measure_hull(mesh, outline).to_dict().items() if n in NAMES}
    check_plausible("left", values)  # a real foot passes
    for spoiled in ({k: v for k, v in values.items() if k != "instep_girth_mm"},
                    {**values, "ball_girth_mm": float("nan")},
                    {**values, "ball_width_mm": 3 * values["ball_width_mm"]}):
        with pytest.raises(MatError) as err:
            check_plausible("left", spoiled)
        assert err.value.code == "FOOT_NOT_PLAUSIBLE" and "take the photos again" in err.value.message


def test_a_hull_whose_instep_section_reaches_the_ankle_cut_is_refused_not_measured():
    # the leg's corner kept up to the cut: the instep section's top lies just under the hull's top
    mesh, outline = foot()
    raw = hull_measurements(mesh, outline)
    assert raw["instep_clearance_mm"] >= MIN_INSTEP_CLEARANCE_MM   # the whole foot stands clear
    top = mesh.bounds[1, 2] - raw["instep_clearance_mm"]           # the instep section's top
    low = trimesh.intersections.slice_mesh_plane(mesh, [0, 0, -1.0], [0, 0, top + 0.5 * MIN_INSTEP_CLEARANCE_MM],
                                                 cap=True)
    with pytest.raises(MatError) as err:
        measure_hull(low, outline)
    assert err.value.code == "INSTEP_NOT_SEEN" and "take the photos again" in err.value.message


def _box_foot(width_mm=80.0, length_mm=250.0, height_mm=40.0):
    """A cuboid standing on the mat, toes toward +y, and its footprint: straight sides all along."""
    mesh = trimesh.creation.box(extents=[width_mm, length_mm, height_mm])
    mesh.apply_translation([105.0, 40.0 + length_mm / 2, height_mm / 2])
    return mesh, footprint_outline(np.asarray(mesh.vertices), np.asarray(mesh.faces))


def test_on_a_straight_side_every_point_of_the_ball_band_is_a_candidate_ball_point():
    length = 250.0
    y = np.arange(0.0, length + 0.5, 1.0)
    outline = np.concatenate([np.column_stack([np.full_like(y, 40.0), y]),
                              np.column_stack([np.full_like(y, -40.0), y[::-1]])])
    lo, hi = ball_point_candidates(outline, length, [-40.0, 40.0], count=3)
    for points, x in ((lo, -40.0), (hi, 40.0)):
        assert np.allclose(points[:, 0], x)
        assert np.allclose(points[:, 1], [138.0, 175.0, 212.0], atol=0.6)  # the band's ends and middle


def test_a_sharp_side_gives_candidates_only_beside_its_apex():
    # a diamond: the sides run out to the apex at y = 175 with slope 0.5 (x per y), so only points
    # within tolerance / slope of the apex lie within tolerance of the jaw
    length = 250.0
    y = np.arange(0.0, length + 0.5, 0.5)
    x = 60.0 - 0.5 * np.abs(y - 175.0)
    outline = np.concatenate([np.column_stack([x, y]), np.column_stack([-x, y])[::-1]])
    lo, hi = ball_point_candidates(outline, length, [-60.0, 60.0])
    reach = BALL_POINT_TOLERANCE_MM / 0.5
    for points in (lo, hi):
        assert np.abs(points[:, 1] - 175.0).max() <= reach + 1e-9
        assert len(points) == 3


def test_the_ball_girth_is_the_midrange_over_the_candidate_planes():
    # a box 80 wide and 40 high: the plane through side points dy apart along the foot cuts a
    # rectangle sqrt(80^2 + dy^2) wide, so its girth is 2 (sqrt(80^2 + dy^2) + 40); the candidates
    # run the whole ball band on both sides, dy from 0 (girth 240) to 0.3 of the length
    mesh, outline = _box_foot()
    raw = hull_measurements(mesh, outline)
    spread = (BALL_BAND[1] - BALL_BAND[0]) * 250.0
    expected = 0.5 * (2 * (80.0 + 40.0) + 2 * (np.hypot(80.0, spread) + 40.0))
    assert raw["ball_girth_mm"] == pytest.approx(expected, abs=1.0)
