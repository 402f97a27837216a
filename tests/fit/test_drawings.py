import io

import numpy as np
import pytest
import shapely
import trimesh

from fit.drawings import featherline, last_drawings, read_dxf_polyline
from fit.estimate import complete_foot
from fit.export import export_mesh
from fit.foot import Foot
from fit.foot_mesh import foot_frame, measure_foot_mesh
from fit.last import N_AROUND, N_STATIONS, _Bottom, build_last, landmarks, last_spec
from fit.measure_last import SHEET, measure_sheet
from fit.pipeline import fit_foot
from fit.procedural_foot import procedural_foot
from fit.style import STYLES, TOE_SHAPES, rules_for


@pytest.fixture(scope="module", params=[("left", "sneaker", 0.0), ("right", "oxford", 25.0)])
def fitted(request):
    side, style, heel = request.param
    return fit_foot(Foot(side, 262.0, 101.5, ball_girth_mm=247.0), rules_for(style, heel_height_mm=heel))


def builder_featherline(fit):
    """The feather edge as the builder made it: per station, the outermost ring points on the flat bottom."""
    grid = np.asarray(fit.mesh.vertices).reshape(N_STATIONS, N_AROUND, 3)
    bottom = _Bottom(fit.spec)
    right, left = [], []
    for ring in grid[1:-1]:
        flat = ring[np.abs(ring[:, 2] - bottom.z(ring[:, 1])) < 1e-6]
        right.append(flat[np.argmax(flat[:, 0])])
        left.append(flat[np.argmin(flat[:, 0])])
    return np.concatenate([right, left[::-1]]), bottom


def test_dxf_bottom_pattern_is_the_mesh_featherline(fitted):
    files = last_drawings(fitted.mesh, landmarks(fitted.spec), "test")
    edge, bottom = builder_featherline(fitted)
    flat = np.column_stack([edge[:, 0], np.interp(edge[:, 1], bottom._y, bottom._s)])  # laid flat
    pattern = read_dxf_polyline(files["bottom.dxf"].decode(), "BOTTOM_PATTERN")
    outline = shapely.LinearRing(flat)
    assert shapely.distance(outline, shapely.points(pattern)).max() <= 0.5
    assert shapely.distance(shapely.LinearRing(pattern), shapely.points(flat)).max() <= 0.5
    curves = read_dxf_polyline(files["curves.dxf"].decode(), "FEATHERLINE")
    assert shapely.distance(shapely.LinearRing(edge[:, :2]), shapely.points(curves[:, :2])).max() <= 0.5
    centre = read_dxf_polyline(files["curves.dxf"].decode(), "CENTRE_LINE")
    assert centre[0, 1] == pytest.approx(0.0, abs=0.5) and centre[-1, 1] > 0.95 * fitted.mesh.bounds[1][1]


def test_svg_drawings_are_one_to_one(fitted):
    files = last_drawings(fitted.mesh, landmarks(fitted.spec), "CW test")
    svg = files["bottom.svg"].decode()
    assert 'width="' in svg and 'mm"' in svg and "50 mm (1:1)" in svg
    sections = files["sections.svg"].decode()
    for name in ("heel", "waist", "instep", "ball", "toe"):
        assert f">{name}<" in sections


def test_featherline_holds_the_bottom_width_at_ball_and_heel(fitted):
    sheet = fitted.sheet
    assert sheet["ball_featherline_width_mm"] >= 0.95 * sheet["ball_bottom_width_mm"]
    assert sheet["heel_seat_width_mm"] >= 0.95 * sheet["heel_bottom_width_mm"]
    edge = featherline(fitted.mesh)
    assert 0.95 * fitted.measured.ball_width_mm <= np.ptp(edge[:, 0]) <= fitted.measured.ball_width_mm + 0.01


def test_sheet_is_measured_back_from_the_mesh(fitted):
    sheet, spec = fitted.sheet, fitted.spec
    assert set(sheet) == {name for name, _, _ in SHEET}
    # the same values from the exported STL (float32, read back by trimesh)
    again = trimesh.load(io.BytesIO(export_mesh(fitted.mesh, "stl")), file_type="stl")
    remeasured = measure_sheet(again, landmarks(spec))
    for name, value in sheet.items():
        assert remeasured[name] == pytest.approx(value, abs=max(0.5, 0.005 * abs(value))), name
    # against the builder's targets and the mesh itself
    assert sheet["bottom_length_mm"] == pytest.approx(spec.last_length_mm, abs=1.0)
    for name in ("ball_girth_mm", "waist_girth_mm", "instep_girth_mm"):
        assert sheet[name] == pytest.approx(getattr(spec, name), rel=0.005), name
    assert sheet["heel_pitch_mm"] == pytest.approx(spec.heel_height_mm, abs=0.1)
    assert sheet["toe_spring_mm"] == pytest.approx(spec.toe_spring_mm, abs=0.3)
    assert sheet["stick_length_mm"] == pytest.approx(np.ptp(fitted.mesh.vertices[:, 1]), abs=0.01)
    assert sheet["back_height_mm"] >= spec.cone_height_mm - 0.5
    assert sheet["long_heel_girth_mm"] > sheet["instep_girth_mm"] > 0.8 * sheet["short_heel_girth_mm"]


def test_toe_box_clears_the_toes_with_the_allowance(fitted):
    from fit.shape_model import model_sections

    spec = fitted.spec
    toes = model_sections(spec.foot_length_mm, spec.shape_features)  # the foot the last was built for
    for f in (0.85, 0.9, 0.95):
        y = float(_Bottom(spec).y_at(f * spec.foot_length_mm - spec.back_tolerance_mm))
        seg = trimesh.intersections.mesh_plane(fitted.mesh, plane_normal=[0, 1, 0], plane_origin=[0, y, 0])
        thickness = np.ptp(seg[:, :, 2])
        assert thickness >= toes.height_at(f) + spec.toe_box_allowance_mm - 0.5, f


def _feet_and_rules():
    """Every style and toe shape once, both sides, flat and pitched, with and without an outline."""
    cases = []
    for i, (style, toe) in enumerate((s, t) for s in STYLES for t in TOE_SHAPES):
        side = ("left", "right")[i % 2]
        length = (230.0, 262.0, 290.0)[i % 3]
        heel = (0.0, 12.0, 25.0)[i % 3] if style != "sneaker" else (0.0, 12.0, 30.0)[i % 3]
        cases.append((complete_foot(Foot(side, length, 0.385 * length, ball_girth_mm=0.95 * length)),
                      rules_for(style, toe_shape=toe, heel_height_mm=heel), None))
    for seed, side in ((910, "left"), (911, "right")):  # with the footprint outline, and from the 3D foot
        mesh = procedural_foot(seed, side)
        foot = complete_foot(measure_foot_mesh(mesh, side=side))
        frame, _ = foot_frame(mesh)
        cases.append((foot, rules_for("oxford", heel_height_mm=25.0), None))
        cases.append((foot, rules_for("chelsea", toe_shape="pointed", heel_height_mm=60.0), frame))
    return cases


def test_featherline_is_a_simple_closed_curve_for_every_style():
    for foot, rules, mesh in _feet_and_rules():
        spec = last_spec(foot, rules, foot_mesh=mesh)
        edge = featherline(build_last(spec))
        plan = shapely.Polygon(edge[:, :2])
        label = (foot.side, rules.style, rules.toe_shape, rules.heel_height_mm, mesh is not None)
        assert shapely.LinearRing(edge[:, :2]).is_simple and plan.is_valid, label
        # it still spans the bottom: heel point to toe, the ball's width
        assert edge[:, 1].min() < 2.0 and edge[:, 1].max() > 0.9 * spec.last_length_mm, label
        assert np.ptp(edge[:, 0]) > 0.9 * spec.ball_width_mm, label
