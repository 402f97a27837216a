"""The height correction on exact silhouettes: 3D feet projected from cameras the fit never saw."""

import numpy as np
import pytest

import scenes
from fit.photo.footprint import measure_footprint
from fit.photo.outline import correct_silhouette, edge_heights
from fit_edge_heights import floor_silhouette


def _errors(seed, mesh):
    sc = scenes.make_scene(seed, mesh=mesh, length_mm=float(np.random.default_rng(seed).uniform(215, 315)))
    floor = floor_silhouette(sc.vertices, sc.faces, sc.camera_center)
    raw = measure_footprint(floor)
    fixed = measure_footprint(correct_silhouette(floor, sc.camera_center, heel_y=0.0))
    truth = sc.truth
    return (np.array([raw.ball_width_mm - truth.ball_width_mm, raw.heel_width_mm - truth.heel_width_mm]),
            np.array([fixed.ball_width_mm - truth.ball_width_mm, fixed.heel_width_mm - truth.heel_width_mm]))


@pytest.mark.parametrize("mesh", ["procedural",
                                  pytest.param("scan", marks=pytest.mark.skipif(
                                      not (scenes.SHARED_FEET / "dupontgu_left_foot.stl").exists(),
                                      reason="no shared meshes"))])
def test_correction_brings_widths_to_the_footprint(mesh):
    raw, fixed = zip(*(_errors(seed, mesh) for seed in range(40000, 40008)))
    raw, fixed = np.abs(raw), np.abs(fixed)
    assert np.median(fixed[:, 0]) < 1.0 and fixed[:, 0].max() < 3.0  # ball width
    assert np.median(fixed[:, 1]) < 3.0  # heel width: the ankle above it is the hard part
    assert np.median(fixed[:, 1]) < 0.5 * np.median(raw[:, 1])


def test_edge_heights_by_side_and_lean():
    t = np.array([0.3, 0.3, 0.9, 0.9])
    medial = np.array([True, False, True, False])
    h = edge_heights(t, medial, np.zeros(4), 260.0)
    assert h[0] > h[1] + 5  # the medial arch stands higher than the lateral edge
    assert np.all(h[2:] < 15) and np.all(h > 0)  # toes are low
    seen_from_inside = edge_heights(t, medial, np.full(4, 0.4), 260.0)
    assert np.all(seen_from_inside >= h - 1.0)  # looking over an edge meets the foot higher up
