"""``fit.procedural_foot``: closed feet standing on the floor, as long as asked, mirrored, reproducible."""

from functools import cache

import numpy as np
import pytest
import trimesh

from fit.foot_mesh import measure_foot_mesh
from fit.procedural_foot import procedural_foot


@cache
def foot(seed: int, side: str = "left", length_mm: float | None = None) -> trimesh.Trimesh:
    return procedural_foot(seed, side, length_mm)


@pytest.mark.parametrize("seed", [3, 4])
def test_a_foot_is_watertight_on_the_floor_heel_at_the_origin_toes_along_y(seed):
    mesh = foot(seed)
    assert mesh.is_watertight and mesh.is_volume and mesh.volume > 0
    lo, hi = mesh.bounds
    assert lo[2] == pytest.approx(0.0, abs=1e-6)
    assert abs(lo[1]) < 2.0  # the heel sphere touches y = 0, the sole's sink moves it a little
    assert hi[1] > 200.0 and hi[2] <= 100.0 + 1e-6  # toes ahead, cut at the ankle (100 mm at most)


@pytest.mark.parametrize("length_mm", [230.0, 285.0])
def test_foot_length_is_as_asked_and_ball_width_in_the_published_range(length_mm):
    measured = measure_foot_mesh(foot(5, "left", length_mm), side="left")
    assert measured.foot_length_mm == pytest.approx(length_mm, rel=0.03)
    assert 0.33 < measured.ball_width_mm / measured.foot_length_mm < 0.45  # drawn 0.35-0.42 (ANSUR II: 0.39)
    assert measured.heel_width_mm < measured.ball_width_mm


def test_drawn_length_lies_in_the_documented_range():
    for seed in (6, 7):
        length = measure_foot_mesh(foot(seed), side="left").foot_length_mm
        assert 215.0 < length < 305.0


def test_the_right_foot_is_the_mirror_of_the_left():
    left, right = foot(8, "left"), foot(8, "right")
    mirrored = left.vertices * [-1.0, 1.0, 1.0]
    assert right.volume == pytest.approx(left.volume, rel=1e-6)
    assert np.array_equal(np.unique(mirrored.round(4), axis=0), np.unique(right.vertices.round(4), axis=0))
    assert measure_foot_mesh(left).side == "left" and measure_foot_mesh(right).side == "right"


def test_the_same_seed_gives_the_same_foot_and_another_seed_another():
    again = procedural_foot(3)
    assert np.array_equal(again.vertices, foot(3).vertices) and np.array_equal(again.faces, foot(3).faces)
    assert foot(3).volume != pytest.approx(foot(4).volume, rel=1e-3)
