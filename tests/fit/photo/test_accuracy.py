"""Accuracy on rendered photos of 3D feet (procedural meshes; the shared scans when present)."""

import numpy as np
import pytest

import scenes
from fit.photo import measure_foot_photo

N_SCENES = 40


def run_scenes(seeds, mesh="procedural"):
    """Rows of (seed, condition, length error, ball width error, side ok) in mm."""
    rows = []
    for seed in seeds:
        sc = scenes.make_scene(seed, leg=(seed % 5 == 4), mesh=mesh)
        r = measure_foot_photo(scenes.photo_bytes(sc), side=sc.side)
        rows.append((seed, sc.floor, sc.leg, r.foot_length_mm - sc.truth.foot_length_mm,
                     r.ball_width_mm - sc.truth.ball_width_mm, r.side == sc.side))
    return rows


def test_forty_scenes_length_and_ball_width():
    rows = run_scenes(range(1000, 1000 + N_SCENES))
    length = np.abs([r[3] for r in rows])
    ball = np.abs([r[4] for r in rows])
    assert np.median(length) <= 1.0 and np.percentile(length, 95) <= 2.5, length
    assert np.median(ball) <= 1.0 and np.percentile(ball, 95) <= 2.5, ball


@pytest.mark.skipif(not (scenes.SHARED_FEET / "dupontgu_left_foot.stl").exists(), reason="no shared meshes")
def test_scanned_feet():
    rows = run_scenes(range(2000, 2006), mesh="scan")
    length = np.abs([r[3] for r in rows])
    assert np.median(length) <= 1.5
