import os
from pathlib import Path

import numpy as np
import pytest
import shapely
import trimesh
from shapely.geometry import LineString, Polygon, box

from fit.errors import InvalidSpec
from fit.foot import Foot
from fit.foot_mesh import measure_foot_mesh
from fit.last import MEDIAL_BALL_SHARE
from fit.pipeline import fit_foot
from fit.style import rules_for

#: Foot scans for the real-data check (shared/data/feet/SOURCES.md); absent on a fresh clone.
FEET = Path(os.environ.get("CORDWAIN_FEET_DIR", "/work/shared/data/feet"))

HEIGHT_MM = 40.0


def left_outline(length=260.0, ball=100.0, heel=66.0, n=120):
    """An asymmetric left footprint (x medial-positive, heel at y = 0), mm: a straight medial
    side widest at 73 %, a fuller lateral side widest at 64 %, the toe tip medial."""
    t = np.linspace(0.0, 1.0, n)
    y = length * (1 - np.cos(np.pi * t)) / 2
    f = y / length
    cap = np.sqrt(np.clip(1 - (1 - np.clip(y / (0.5 * heel), 0, 1)) ** 2, 0, 1))
    toe = np.sqrt(np.clip(1 - (np.clip((f - 0.8) / 0.2, 0, 1)) ** 2, 0, 1))
    medial = np.interp(f, [0, 0.2, 0.45, 0.73, 0.85, 1.0], [0.5 * heel, 0.5 * heel, 0.36 * ball, 0.42 * ball,
                                                           0.40 * ball, 0.12 * ball])
    lateral = np.interp(f, [0, 0.2, 0.45, 0.64, 0.8, 1.0], [0.5 * heel, 0.5 * heel, 0.50 * ball, 0.58 * ball,
                                                           0.45 * ball, -0.12 * ball])
    tip_x = 0.12 * ball
    m = tip_x + (medial * cap - tip_x) * toe
    lat = tip_x - (lateral * cap + tip_x) * toe
    m[0] = lat[0] = 0.0
    return Polygon(np.concatenate([np.column_stack([m, y]), np.column_stack([lat, y])[::-1][1:-1]]))


def principal_frame(polygon):
    """The polygon turned so its principal axis (by grid moments, 0.25 mm) is +y, heel at y = 0."""
    x0, y0, x1, y1 = polygon.bounds
    gx, gy = np.meshgrid(np.arange(x0, x1, 0.25), np.arange(y0, y1, 0.25))
    inside = shapely.contains_xy(polygon, gx.ravel(), gy.ravel())
    pts = np.column_stack([gx.ravel()[inside], gy.ravel()[inside]])
    axis = np.linalg.eigh(np.cov((pts - pts.mean(0)).T))[1][:, 1]
    axis = axis if axis[1] > 0 else -axis
    xy = np.asarray(polygon.exterior.coords) - pts.mean(0)
    turned = Polygon(np.column_stack([xy @ [axis[1], -axis[0]], xy @ axis]))
    return shapely.affinity.translate(turned, 0.0, -turned.bounds[1])


def expected(polygon):
    """The contract's values for a prism of ``polygon`` (principal frame) and height HEIGHT_MM."""
    length = polygon.bounds[3]

    def band(lo, hi):
        part = np.asarray(polygon.intersection(box(-500, lo * length, 500, hi * length)).exterior.coords)
        return part[np.argmin(part[:, 0])], part[np.argmax(part[:, 0])]

    lateral, medial = band(0.55, 0.85)
    heel = band(0.05, 0.25)
    chord = polygon.intersection(LineString([(-500, 0.5 * length), (500, 0.5 * length)])).length
    return {"foot_length_mm": length, "ball_width_mm": medial[0] - lateral[0], "heel_width_mm": heel[1][0] - heel[0][0],
            # a vertical section of a prism is a rectangle: chord x height
            "ball_girth_mm": 2 * (np.hypot(*(medial - lateral)) + HEIGHT_MM),
            "instep_girth_mm": 2 * (chord + HEIGHT_MM), "instep_height_mm": HEIGHT_MM}


def scan_of(polygon, angle_deg=17.0, shift=(40.0, -25.0), mirror=False, scale=1.0):
    """A prism foot standing on the floor, turned, moved (and mirrored), in units of ``scale`` mm."""
    if mirror:
        polygon = shapely.affinity.scale(polygon, -1.0, 1.0, origin=(0, 0))
    placed = shapely.affinity.translate(shapely.affinity.rotate(polygon, angle_deg, origin=(0, 0)), *shift)
    mesh = trimesh.creation.extrude_polygon(placed, HEIGHT_MM)
    return trimesh.Trimesh(mesh.vertices / scale, mesh.faces)


@pytest.fixture(scope="module")
def outline():
    return principal_frame(left_outline())


def test_prism_foot_measures_as_the_contract_says(outline):
    foot = measure_foot_mesh(scan_of(outline, scale=1000.0), units="m")
    want = expected(outline)
    assert foot.side == "left"
    assert foot.foot_length_mm == pytest.approx(want["foot_length_mm"], abs=0.3)
    assert foot.ball_width_mm == pytest.approx(want["ball_width_mm"], abs=0.3)
    assert foot.heel_width_mm == pytest.approx(want["heel_width_mm"], abs=0.3)
    for name in ("ball_girth_mm", "instep_girth_mm"):
        assert foot.value(name) == pytest.approx(want[name], rel=0.003), name
    assert foot.instep_height_mm == pytest.approx(HEIGHT_MM, abs=0.01)
    assert all(foot.source(n) == "scan" for n in foot.known())
    got = Polygon(foot.outline_mm)
    assert got.symmetric_difference(outline).area < 0.01 * outline.area  # the footprint, in the foot frame


def test_side_comes_from_the_footprint_or_the_caller(outline):
    assert measure_foot_mesh(scan_of(outline, angle_deg=-120.0, mirror=True)).side == "right"
    assert measure_foot_mesh(scan_of(outline, angle_deg=200.0)).side == "left"
    assert measure_foot_mesh(scan_of(outline), side="right").side == "right"


def test_scanned_foot_round_trips_and_builds_a_last(outline):
    foot = measure_foot_mesh(scan_of(outline))
    again = Foot.from_dict(foot.side, foot.to_dict())
    assert again.source("ball_girth_mm") == "scan" and again.outline_mm is not None
    fit = fit_foot(foot, rules_for("derby"))
    assert fit.mesh.is_watertight and fit.mesh.volume > 0
    assert all(abs(v) < 1.0 for v in fit.differences().values())


def test_units_are_checked(outline):
    with pytest.raises(InvalidSpec) as info:
        measure_foot_mesh(scan_of(outline), units="furlong")
    assert info.value.field == "units"
    with pytest.raises(InvalidSpec) as info:  # a scan in metres read as millimetres is not a foot
        measure_foot_mesh(scan_of(outline, scale=1000.0))
    assert info.value.field == "foot_length_mm"


@pytest.fixture(scope="module")
def dupontgu():
    paths = {side: FEET / f"dupontgu_{side}_foot.stl" for side in ("left", "right")}
    if not all(p.exists() for p in paths.values()):
        reason = f"dupontgu foot scans not found in {FEET} (shared data; set CORDWAIN_FEET_DIR)"
        print(reason)
        pytest.skip(reason)
    return {side: measure_foot_mesh(trimesh.load(p), units="m") for side, p in paths.items()}


def test_dupontgu_scans(dupontgu):
    # SOURCES.md: footprint PCA length 275.4 mm for both feet, breadth 108.6 / 109.6 mm;
    # the right scan is turned about 17 degrees.
    for side, foot in dupontgu.items():
        assert foot.side == side
        assert foot.foot_length_mm == pytest.approx(275.4, abs=1.0)
        assert 100.0 < foot.ball_width_mm <= 110.0
        assert 2.2 * foot.ball_width_mm < foot.ball_girth_mm < 2.8 * foot.ball_width_mm
        assert 0.6 * foot.ball_width_mm < foot.heel_width_mm < foot.ball_width_mm
    fit = fit_foot(dupontgu["right"], rules_for("derby"))
    assert fit.mesh.is_watertight
    assert all(abs(v) < 1.0 for v in fit.differences().values())


def test_dupontgu_ball_split_is_the_default_patterns(dupontgu):
    # fit.last's default bottom pattern takes its medial/lateral split of the ball width from these scans
    for foot in dupontgu.values():
        outline, length = Polygon(foot.outline_mm), foot.foot_length_mm
        medial = 1.0 if foot.side == "left" else -1.0
        heel = outline.intersection(LineString([(-500, 0.12 * length), (500, 0.12 * length)])).bounds
        centre = medial * 0.5 * (heel[0] + heel[2])
        band = np.asarray(outline.intersection(box(-500, 0.55 * length, 500, 0.85 * length)).exterior.coords)
        across = medial * band[:, 0]
        share = (across.max() - centre) / (across.max() - across.min())
        assert share == pytest.approx(MEDIAL_BALL_SHARE, abs=0.015)
        # the first metatarsal head lies ahead of the fifth
        assert band[np.argmax(across), 1] - band[np.argmin(across), 1] > 0.09 * length
