import numpy as np
import pytest
import trimesh

from fit.estimate import complete_foot
from fit.foot import Foot
from fit.last import N_AROUND, N_STATIONS, build_last, last_spec
from fit.sections import self_intersections
from fit.style import rules_for


def test_crossing_boxes_are_found():
    a = trimesh.creation.box(extents=(10, 10, 10))
    move = trimesh.transformations.translation_matrix((3.1, 4.3, 2.7))
    b = trimesh.creation.box(extents=(10, 10, 10), transform=move)
    both = trimesh.util.concatenate([a, b])
    pairs = self_intersections(both.vertices, both.faces)
    assert len(pairs) > 0
    assert np.all((pairs[:, 0] < 12) & (pairs[:, 1] >= 12))  # only box a against box b


def test_closed_convex_mesh_has_none():
    sphere = trimesh.creation.icosphere(subdivisions=4, radius=40.0)
    assert len(self_intersections(sphere.vertices, sphere.faces)) == 0


def test_a_last_folded_through_itself_is_caught():
    mesh = build_last(last_spec(complete_foot(Foot("left", 262.0, 101.5)), rules_for("derby")))
    assert len(self_intersections(mesh.vertices, mesh.faces)) == 0
    grid = mesh.vertices.reshape(N_STATIONS, N_AROUND, 3).copy()
    top = grid[90, :, 2] > grid[90, :, 2].min() + 20.0
    grid[90, top, 2] = grid[90, :, 2].min() - 10.0  # the instep pushed down through the sole
    folded = grid.reshape(-1, 3)
    assert len(self_intersections(folded, mesh.faces)) > 0


def test_shapes_are_checked():
    with pytest.raises(ValueError):
        self_intersections(np.zeros((4, 2)), np.zeros((1, 3), dtype=int))
