import numpy as np
import pytest
import trimesh

from fit.estimate import complete_foot
from fit.foot import Foot
from fit.last import build_last, landmarks, last_spec
from fit.measure_last import enclosed_volume, measure_last, plan_outline_mm
from fit.sections import plane_points, tape_girth, unique_edges
from fit.style import rules_for


def test_tape_girth_of_a_cylinder():
    cyl = trimesh.creation.cylinder(radius=40.0, height=200.0, sections=256)
    pts = plane_points(cyl.vertices, unique_edges(cyl.faces), np.zeros(3), np.array([0.0, 0.0, 1.0]))
    assert tape_girth(pts, [0, 0, 1]) == pytest.approx(2 * np.pi * 40.0, rel=1e-3)


def test_tape_bridges_hollows():
    # a C-shaped section: the tape reads the hull, not the inner contour
    box = trimesh.creation.box(extents=(60, 60, 10))
    notch = trimesh.creation.box(extents=(30, 30, 20), transform=trimesh.transformations.translation_matrix((20, 0, 0)))
    shape = box.difference(notch)
    pts = plane_points(shape.vertices, unique_edges(shape.faces), np.zeros(3), np.array([0.0, 0.0, 1.0]))
    assert tape_girth(pts, [0, 0, 1]) == pytest.approx(240.0, rel=1e-6)


def test_measures_agree_with_the_builder():
    spec = last_spec(complete_foot(Foot("right", 255.0, 96.0)), rules_for("sneaker"))
    mesh = build_last(spec)
    m = measure_last(mesh, landmarks(spec))
    for name, target in spec.targets().items():
        tolerance = 0.3 if name == "toe_spring_mm" else max(0.15, 0.001 * target)
        assert getattr(m, name) == pytest.approx(target, abs=tolerance), name
    assert m.stick_length_mm > m.ball_width_mm
    # the flat bottom runs out to the featherline: the tread (on an oblique plane) spans the ball
    assert 0.95 * m.ball_width_mm < m.tread_width_mm < 1.1 * m.ball_width_mm
    assert m.volume_cm3 == pytest.approx(mesh.volume / 1000.0, rel=1e-9)


def test_any_last_without_landmarks():
    mesh = build_last(last_spec(complete_foot(Foot("left", 270.0, 104.0)), rules_for("derby")))
    m = measure_last(mesh)
    assert 200 < m.ball_girth_mm < 300 and 200 < m.instep_girth_mm < 320


def test_enclosed_volume_of_a_box():
    assert enclosed_volume(trimesh.creation.box(extents=(10, 20, 30))) == pytest.approx(6000.0)


def test_plan_outline_of_a_box_is_its_footprint():
    box = trimesh.creation.box(extents=[100.0, 280.0, 60.0])
    outline = np.array(plan_outline_mm(box))
    assert np.allclose(np.ptp(outline, axis=0), [100.0, 280.0], atol=0.1)
    assert np.allclose(outline[0], outline[-1])                     # closed


def test_plan_outline_of_a_last_spans_its_stick_length_and_width():
    spec = last_spec(complete_foot(Foot("right", 262.0, 101.5)), rules_for("derby"))
    mesh = build_last(spec)
    measured = measure_last(mesh, landmarks(spec))
    outline = np.array(plan_outline_mm(mesh))
    assert np.ptp(outline[:, 1]) == pytest.approx(measured.stick_length_mm, abs=0.5)
    assert np.ptp(outline[:, 0]) == pytest.approx(measured.ball_width_mm, abs=1.0)
    assert plan_outline_mm(mesh) == outline.tolist()                 # the same mesh, the same outline
