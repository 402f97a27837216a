"""fit.contract, the capture contract in code: its bands match its text; its geometry on known shapes.

(``tests/fit/mat/test_contract.py`` tests the printed mat's layout, ``fit.mat.contract``.)
"""

import re
from pathlib import Path

import numpy as np
import pytest
import trimesh
from shapely.geometry import Polygon

from fit import contract
from fit.contract import (BALL_BAND, HEEL_BAND, INSTEP_HEIGHT_BAND, INSTEP_PLANE, SIDES, ball_plane, band_extremes,
                          caliper, caliper_of_points, foot_frame, principal_axis, section_girth, side_of,
                          tape_girth, vertical_plane)
from fit.sections import unique_edges
from tests.fit.photo.scenes import footprint_outline, procedural_foot

CAPTURE_MD = Path(__file__).resolve().parents[2] / "docs" / "capture.md"


def ellipse(a, b, centre=(0.0, 0.0), turn_deg=0.0, n=2000):
    """Polygon (n, 2) of an ellipse with semi-axes ``a`` (along x) and ``b`` (along y), turned and moved."""
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    p = np.column_stack([a * np.cos(t), b * np.sin(t)])
    c, s = np.cos(np.radians(turn_deg)), np.sin(np.radians(turn_deg))
    return p @ np.array([[c, s], [-s, c]]) + centre


def test_bands_and_sides_are_the_contracts_text():
    text = CAPTURE_MD.read_text()

    def band(name):
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}`"))
        lo, hi = re.search(r"(\d+) %–(\d+) %", row).groups()
        return int(lo) / 100, int(hi) / 100

    assert band("ball_width_mm") == BALL_BAND
    assert band("heel_width_mm") == HEEL_BAND
    assert band("instep_height_mm") == INSTEP_HEIGHT_BAND
    instep = next(line for line in text.splitlines() if line.startswith("| `instep_girth_mm`"))
    assert f"{INSTEP_PLANE * 100:.0f} % of foot length" in instep
    assert SIDES == ("left", "right")


def test_principal_axis_of_a_turned_ellipse():
    centroid, axis = principal_axis(ellipse(40.0, 120.0, centre=(300.0, -50.0), turn_deg=30.0))
    assert centroid == pytest.approx([300.0, -50.0], abs=1e-9)
    long_axis = np.array([-np.sin(np.radians(30.0)), np.cos(np.radians(30.0))])
    assert abs(axis @ long_axis) == pytest.approx(1.0, abs=1e-9)
    # the winding does not matter
    _, reversed_axis = principal_axis(ellipse(40.0, 120.0, turn_deg=30.0)[::-1])
    assert abs(reversed_axis @ long_axis) == pytest.approx(1.0, abs=1e-9)


def test_foot_frame_puts_the_heel_at_zero_and_the_toes_up():
    t = np.linspace(0.0, np.pi, 500)
    heel = np.column_stack([-30.0 * np.cos(t), 60.0 - 60.0 * np.sin(t)])  # (-30, 60) round the heel to (30, 60)
    toes = np.column_stack([50.0 * np.cos(t), 60.0 + 140.0 * np.sin(t)])  # (50, 60) round the toes to (-50, 60)
    egg = np.vstack([heel, toes])  # the wide end at +y
    turned = egg @ np.array([[0.0, 1.0], [-1.0, 0.0]]) + (500.0, 20.0)  # toes now along -x
    for toe_direction, expected in ((None, (-1.0, 0.0)), ((1.0, 0.0), (1.0, 0.0))):
        frame, local = foot_frame(turned, toe_direction)
        assert frame.axis == pytest.approx(expected, abs=1e-6)
        assert local[:, 1].min() == 0.0
        assert np.ptp(local[:, 1]) == pytest.approx(200.0, abs=0.1)
        assert frame.to_floor(local) == pytest.approx(turned, abs=1e-9)
        assert frame.to_local(turned) == pytest.approx(local, abs=1e-9)


def test_caliper_of_a_rectangle_and_an_ellipse():
    rect = [(-30.0, 0.0), (40.0, 0.0), (40.0, 200.0), (-30.0, 200.0)]
    assert caliper(rect, 200.0, BALL_BAND) == pytest.approx([-30.0, 40.0])
    lo, hi = band_extremes(Polygon(rect), 200.0, HEEL_BAND)
    assert lo[0] == -30.0 and hi[0] == 40.0 and 10.0 <= lo[1] <= 50.0 and 10.0 <= hi[1] <= 50.0
    # an ellipse centred at 50 % of its length is widest at the band edge nearest its middle
    oval = ellipse(40.0, 120.0, centre=(0.0, 120.0))
    half = 40.0 * np.sqrt(1.0 - ((0.55 * 240.0 - 120.0) / 120.0) ** 2)
    assert np.ptp(caliper(oval, 240.0, BALL_BAND)) == pytest.approx(2 * half, abs=0.01)
    lo, hi = band_extremes(oval, 240.0, BALL_BAND)
    assert lo[1] == pytest.approx(132.0, abs=0.5) and hi[1] == pytest.approx(132.0, abs=0.5)
    assert (caliper(rect, 200.0, (1.5, 2.0)) == 0.0).all()  # nothing in the band


def test_caliper_of_points_reads_only_the_band():
    points = np.array([[-10.0, 5.0, 0.0], [12.0, 20.0, 3.0], [-99.0, 60.0, 0.0], [99.0, 0.0, 0.0]])
    assert caliper_of_points(points, 100.0, HEEL_BAND) == pytest.approx(22.0)


def test_tape_girth_of_a_round_and_a_square_section():
    n, r = 64, 40.0
    cylinder = trimesh.creation.cylinder(radius=r, height=300.0, sections=n,
                                         transform=trimesh.transformations.rotation_matrix(np.pi / 2, [1, 0, 0]))
    polygon_perimeter = 2 * n * r * np.sin(np.pi / n)  # the section is the inscribed 64-gon
    assert section_girth(cylinder, [0.0, 10.0, 0.0], [0.0, 1.0, 0.0]) == pytest.approx(polygon_perimeter, rel=1e-9)
    block = trimesh.creation.box(extents=(60.0, 200.0, 40.0))
    assert section_girth(block, [0.0, 30.0, 0.0], [0.0, 1.0, 0.0]) == pytest.approx(200.0, rel=1e-9)
    # an oblique plane through the block: the section is a 60/cos(30 deg) x 40 rectangle
    normal = [np.sin(np.radians(30.0)), np.cos(np.radians(30.0)), 0.0]
    assert section_girth(block, [0.0, 0.0, 0.0], normal) == pytest.approx(2 * (60.0 / np.cos(np.radians(30.0)) + 40.0))
    assert section_girth(block, [0.0, 500.0, 0.0], [0.0, 1.0, 0.0]) is None  # the plane misses
    hollow = [(0, 0, 0), (30, 0, 0), (30, 0, 30), (0, 0, 30), (15, 0, 10), (15, 0, 20)]  # a tape bridges the hollow
    assert tape_girth(hollow, [0.0, 1.0, 0.0]) == pytest.approx(120.0)


def test_left_and_right_on_a_mirrored_footprint():
    v, f = procedural_foot(262.0, 0.39, "left", np.random.default_rng(3))
    outline = footprint_outline(v, f)
    frame, local = foot_frame(outline)
    length = float(local[:, 1].max())
    side, confidence = side_of(local, length, caliper(local, length, BALL_BAND))
    mirrored = local * [-1.0, 1.0]
    other, other_confidence = side_of(mirrored, length, caliper(mirrored[::-1], length, BALL_BAND))
    assert (side, other) == ("left", "right")
    assert confidence > 0.3 and other_confidence == pytest.approx(confidence)
    # a footprint without toes (an oval) cannot tell
    oval = ellipse(40.0, 120.0, centre=(0.0, 120.0))
    assert side_of(oval, 240.0, caliper(oval, 240.0, BALL_BAND))[1] == pytest.approx(0.0, abs=0.01)


def test_vertical_plane_holds_both_points():
    a, b = np.array([40.0, 150.0]), np.array([-30.0, 130.0])
    origin, normal = vertical_plane(a, b)
    assert origin == pytest.approx([40.0, 150.0, 0.0])
    assert np.linalg.norm(normal) == pytest.approx(1.0) and normal[2] == 0.0
    assert (np.append(b, 7.0) - origin) @ normal == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("medial_sign", [1.0, -1.0])
def test_ball_plane_through_the_extreme_points(medial_sign):
    # a block whose plan is a trapezoid: 30 mm on -x, and on +x from 40 mm at the heel to 60 mm at the toe
    plan = Polygon([(-30.0, 0.0), (40.0, 0.0), (60.0, 200.0), (-30.0, 200.0)])
    last = trimesh.creation.extrude_polygon(plan, 50.0)
    vertices = np.asarray(last.vertices, dtype=np.float64)
    origin, normal = ball_plane(vertices, unique_edges(last.faces), 150.0, 130.0, medial_sign)
    medial = np.array([55.0, 150.0, 0.0]) if medial_sign > 0 else np.array([-30.0, 150.0, 0.0])
    lateral = np.array([-30.0, 130.0, 0.0]) if medial_sign > 0 else np.array([53.0, 130.0, 0.0])
    assert origin == pytest.approx(medial, abs=1e-9)
    assert (lateral - origin) @ normal == pytest.approx(0.0, abs=1e-9)
    assert normal[2] == 0.0 and np.linalg.norm(normal) == pytest.approx(1.0)


def test_the_mats_layout_contract_is_a_different_module():
    import fit.mat.contract as mat_contract

    assert "fit.contract" in (mat_contract.__doc__ or "") and "fit.mat.contract" in (contract.__doc__ or "")
