import os
from pathlib import Path

import manifold3d
import numpy as np
import pytest
import trimesh
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fit.errors import InvalidSpec
from fit.estimate import complete_foot
from fit.foot import Foot
from fit.foot_mesh import foot_frame, measure_foot_mesh
from fit.last import N_AROUND, N_STATIONS, build_last, landmarks, last_spec, toe_point_x
from fit.measure_last import measure_last, toe_point
from fit.procedural_foot import procedural_foot
from fit.sections import self_intersections
from fit.style import TOE_SHAPES, rules_for

GIRTHS = ("ball_girth_mm", "waist_girth_mm", "instep_girth_mm")
FEET = Path(os.environ.get("CORDWAIN_FEET_DIR", "/work/shared/data/feet"))


def footprint(length, ball_width, heel_width, bulge=0.0, shift=0.0, n=90):
    """A plausible plantar outline polygon, foot frame (heel at y = 0), mm."""
    t = np.linspace(0.0, 1.0, n)
    y = length * (1 - np.cos(np.pi * t)) / 2
    f = y / length
    half = np.interp(f, [0, 0.03, 0.15, 0.4, 0.7, 0.85, 0.95, 1.0],
                     [0.0, 0.35, 0.5, 0.42, 0.5, 0.45, 0.3, 0.0])
    half[1:-1] = np.maximum(half[1:-1], 0.05)
    w = np.where(f < 0.3, heel_width / ball_width, 1.0) * ball_width
    medial = half * w * (1 + bulge * np.exp(-((f - 0.45) / 0.08) ** 2)) + shift * f
    lateral = -half * w + shift * f
    pts = np.concatenate([np.column_stack([medial, y]), np.column_stack([lateral, y])[::-1][1:-1]])
    return tuple(map(tuple, pts))


@st.composite
def feet_and_rules(draw):
    length = draw(st.floats(210.0, 320.0))
    ratio = draw(st.floats(0.33, 0.43))  # narrow to very wide
    width = length * ratio
    girth_ratio = draw(st.floats(2.3, 2.7))
    side = draw(st.sampled_from(("left", "right")))
    toe = draw(st.sampled_from(TOE_SHAPES))
    style = draw(st.sampled_from(("oxford", "derby", "sneaker", "chelsea")))
    max_heel = {"oxford": 50, "derby": 50, "sneaker": 40, "chelsea": 80}[style]
    heel = draw(st.floats(0.0, float(max_heel)))
    values = {}
    if draw(st.booleans()):
        values["ball_girth_mm"] = width * girth_ratio
    if draw(st.booleans()):
        values["instep_girth_mm"] = width * girth_ratio * draw(st.floats(0.95, 1.1))
    heel_width = width * draw(st.floats(0.62, 0.8))
    if draw(st.booleans()):
        values["heel_width_mm"] = heel_width
    outline = None
    if draw(st.booleans()):
        outline = footprint(length, width, heel_width, draw(st.floats(0.0, 0.15)), draw(st.floats(-8.0, 8.0)))
    foot = Foot(side, length, width, outline_mm=outline, **values)
    return complete_foot(foot), rules_for(style, toe_shape=toe, heel_height_mm=heel)


def check(spec):
    mesh = build_last(spec)
    measured = measure_last(mesh, landmarks(spec))
    assert abs(measured.last_length_mm - spec.last_length_mm) <= 1.0
    for name in GIRTHS:
        assert abs(getattr(measured, name) / getattr(spec, name) - 1.0) <= 0.005, name
    assert mesh.is_watertight
    assert mesh.volume > 0
    return mesh, measured


def assert_solid(mesh):
    """A closed 2-manifold of genus 0 (manifold3d refuses anything else) with no crossing triangles."""
    solid = manifold3d.Manifold(manifold3d.Mesh(vert_properties=np.asarray(mesh.vertices, dtype=np.float32),
                                                tri_verts=np.asarray(mesh.faces, dtype=np.uint32)))
    assert solid.status() == manifold3d.Error.NoError
    assert solid.genus() == 0
    assert solid.volume() == pytest.approx(mesh.volume, rel=1e-4)
    assert len(self_intersections(mesh.vertices, mesh.faces)) == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feet_and_rules())
def test_measured_last_matches_spec(case):
    foot, rules = case
    check(last_spec(foot, rules))


@pytest.mark.parametrize("length, width, toe, style, heel", [
    (210.0, 70.0, "pointed", "chelsea", 80.0),
    (210.0, 90.0, "square", "sneaker", 0.0),
    (320.0, 105.6, "almond", "oxford", 0.0),
    (320.0, 137.0, "square", "chelsea", 80.0),
    (262.0, 101.5, "round", "derby", 50.0),
])
def test_extremes(length, width, toe, style, heel):
    foot = complete_foot(Foot("left", length, width, ball_girth_mm=width * 2.3))
    spec = last_spec(foot, rules_for(style, toe_shape=toe, heel_height_mm=heel))
    mesh, measured = check(spec)
    assert mesh.is_winding_consistent and mesh.is_volume
    assert_solid(mesh)
    assert len(mesh.vertices) >= 20000
    assert measured.heel_height_mm == pytest.approx(heel, abs=0.1)
    assert measured.toe_spring_mm == pytest.approx(spec.toe_spring_mm, abs=0.3)
    assert measured.ball_width_mm == pytest.approx(spec.ball_width_mm, abs=0.1)
    assert measured.heel_width_mm == pytest.approx(spec.heel_width_mm, abs=0.1)


@pytest.mark.parametrize("side, outline", [("right", False), ("left", True)])
def test_single_body_without_self_intersections(side, outline):
    shape = footprint(262.0, 101.5, 70.0, 0.15, -8.0) if outline else None
    spec = last_spec(complete_foot(Foot(side, 262.0, 101.5, outline_mm=shape)),
                     rules_for("chelsea", toe_shape="pointed", heel_height_mm=80))
    mesh = build_last(spec)
    assert mesh.body_count == 1
    assert mesh.euler_number == 2
    assert_solid(mesh)


def last_from_3d_foot(mesh, side, style, heel):
    """The last built on a 3D foot (its own sections), as the mat capture gives it."""
    frame, _ = foot_frame(mesh)
    foot = complete_foot(measure_foot_mesh(mesh, side=side))
    return build_last(last_spec(foot, rules_for(style, heel_height_mm=heel), foot_mesh=frame))


# procedural feet whose crest rises steeply into the leg right behind the heel's back curve
@pytest.mark.parametrize("seed, side, style, heel", [(608, "left", "sneaker", 0.0), (611, "right", "chelsea", 80.0)])
def test_last_from_a_3d_foot_is_a_solid(seed, side, style, heel):
    mesh = last_from_3d_foot(procedural_foot(seed, side), side, style, heel)
    assert mesh.body_count == 1
    assert_solid(mesh)


def test_lasts_from_the_scanned_feet_are_solids():
    paths = [FEET / f"dupontgu_{side}_foot.stl" for side in ("left", "right")]
    if not all(p.exists() for p in paths):
        pytest.skip(f"dupontgu foot scans not found in {FEET} (shared data; set CORDWAIN_FEET_DIR)")
    for path, side in zip(paths, ("left", "right")):
        scan, _ = foot_frame(trimesh.load(path), "m")
        scaled = trimesh.Trimesh(scan.vertices * 270.0 / np.ptp(scan.vertices[:, 1]), scan.faces)
        assert_solid(last_from_3d_foot(scaled, side, "sneaker", 0.0))


def test_frame():
    spec = last_spec(complete_foot(Foot("left", 262.0, 101.5)), rules_for("oxford", heel_height_mm=25))
    mesh = build_last(spec)
    lo, hi = mesh.bounds
    assert lo[2] == pytest.approx(0.0, abs=0.05)           # the tread on the floor
    assert -spec.back_tolerance_mm - 0.5 < lo[1] < 0.0      # heel curve overhangs the heel point
    heel = mesh.vertices[np.abs(mesh.vertices[:, 1] - 0.15 * hi[1]) < 3.0]
    assert heel[:, 0].max() == pytest.approx(-heel[:, 0].min(), abs=0.5)  # the axis runs through the heel centre
    assert toe_point(mesh.vertices)[0] == pytest.approx(toe_point_x(spec), abs=0.5)


def _plan_edges(mesh):
    """Per station: y, the medial-most x and the lateral-most x of a left last's grid."""
    grid = mesh.vertices.reshape(N_STATIONS, N_AROUND, 3)
    return grid[:, :, 1].min(axis=1), grid[:, :, 0].max(axis=1), grid[:, :, 0].min(axis=1)


def test_default_last_is_asymmetric():
    spec = last_spec(complete_foot(Foot("left", 262.0, 101.5)), rules_for("derby"))
    mesh = build_last(spec)
    y, medial, lateral = _plan_edges(mesh)  # left foot: medial is +x
    marks = landmarks(spec)
    # the lateral half is fuller than the medial one, measurably
    assert -lateral.min() - medial.max() > 0.1 * spec.ball_width_mm
    # the medial edge is straighter from the heel to the ball than the lateral one
    rear = (y > 0.25 * y.max()) & (y < marks["ball_lateral_y"])
    assert np.ptp(medial[rear]) < 0.5 * np.ptp(lateral[rear])
    # each side is widest at its own ball point: medial ~73 %, lateral ~64 % of foot length
    y_med = y[np.argmax(medial >= medial.max() - 0.01)]
    y_lat = y[np.argmax(lateral <= lateral.min() + 0.01)]
    assert y_med == pytest.approx(marks["ball_medial_y"], abs=3.0)
    assert y_lat == pytest.approx(marks["ball_lateral_y"], abs=3.0)
    assert y_med - y_lat > 0.07 * spec.foot_length_mm
    # inflare: the toe point sits medially
    assert toe_point(mesh.vertices)[0] > 5.0


def test_left_and_right_mirror_each_other_for_equal_numbers():
    rules = rules_for("oxford")
    left = build_last(last_spec(complete_foot(Foot("left", 262.0, 101.5, ball_girth_mm=247.0)), rules))
    right = build_last(last_spec(complete_foot(Foot("right", 262.0, 101.5, ball_girth_mm=247.0)), rules))
    gl = left.vertices.reshape(N_STATIONS, N_AROUND, 3)
    gr = right.vertices.reshape(N_STATIONS, N_AROUND, 3) * np.array([-1.0, 1.0, 1.0])
    assert np.allclose(gl, gr, atol=0.02)
    assert np.array_equal(right.faces, left.faces[:, ::-1])  # the mirror image, wound outward
    assert right.volume == pytest.approx(left.volume, rel=1e-6)
    assert not np.allclose(left.vertices[:, 0].max(), -left.vertices[:, 0].min(), atol=5.0)


def test_toe_shape_changes_the_forepart():
    foot = complete_foot(Foot("left", 262.0, 101.5))
    widths = {}
    for toe in TOE_SHAPES:
        spec = last_spec(foot, rules_for("oxford", toe_shape=toe))
        v = build_last(spec).vertices
        y_tip = v[:, 1].max()
        near = v[v[:, 1] > y_tip - 15.0]
        widths[toe] = np.ptp(near[:, 0])
    assert widths["square"] > widths["round"] > widths["pointed"]


def test_outline_shapes_the_bottom():
    plain = complete_foot(Foot("left", 262.0, 101.5))
    shaped = complete_foot(Foot("left", 262.0, 101.5, outline_mm=footprint(262.0, 101.5, 70.0, 0.2, 8.0)))
    rules = rules_for("derby")
    a, b = build_last(last_spec(plain, rules)), build_last(last_spec(shaped, rules))
    assert not np.allclose(a.vertices, b.vertices)
    band = b.vertices[(b.vertices[:, 1] > 120) & (b.vertices[:, 1] < 160)]
    assert band[:, 0].mean() > 1.0  # the outline's medial bulge moves the waist medially


def test_left_and_right_from_their_own_numbers():
    rules = rules_for("derby")
    left = last_spec(complete_foot(Foot("left", 262.0, 101.5, ball_girth_mm=247.0)), rules)
    right = last_spec(complete_foot(Foot("right", 266.0, 103.0, ball_girth_mm=251.0)), rules)
    assert right.last_length_mm - left.last_length_mm == pytest.approx(4.0 * 0.98)
    assert right.ball_girth_mm - left.ball_girth_mm == pytest.approx(4.0)


@pytest.mark.parametrize("kwargs, field", [
    (dict(foot_length_mm=-262.0), "foot_length_mm"),
    (dict(ball_girth_mm=150.0), "ball_girth_mm"),
])
def test_invalid_foot_is_refused_naming_the_field(kwargs, field):
    values = dict(side="left", foot_length_mm=262.0, ball_width_mm=101.5) | kwargs
    with pytest.raises(InvalidSpec) as info:
        last_spec(complete_foot(Foot(**values)), rules_for("oxford"))
    assert info.value.field == field


def test_girth_too_small_for_width_is_refused():
    foot = complete_foot(Foot("left", 262.0, 101.5, ball_girth_mm=205.0))
    with pytest.raises(InvalidSpec) as info:
        last_spec(foot, rules_for("oxford"))
    assert info.value.field == "ball_girth_mm"
    assert "width" in info.value.message
