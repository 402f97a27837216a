"""Accuracy on rendered photos of 3D feet: the issue's targets on 40 varied scenes.

Seeds 1000-1039 are the test's own; development used other seeds (5000 and up) so the test
measures what was not tuned on.
"""

import numpy as np
import pytest

import scenes
from fit.photo import measure_foot_photo

N_SCENES = 40


def run_scenes(seeds, make=scenes.varied_scene):
    """Rows of (seed, floor, leg, length error, ball width error, side ok, heel width error, tilt deg), mm."""
    rows = []
    for seed in seeds:
        sc = make(seed)
        r = measure_foot_photo(scenes.photo_bytes(sc), side=sc.side)
        rows.append((seed, sc.floor, sc.leg, r.foot_length_mm - sc.truth.foot_length_mm,
                     r.ball_width_mm - sc.truth.ball_width_mm, r.side == sc.side,
                     r.heel_width_mm - sc.truth.heel_width_mm, sc.tilt_deg))
    return rows


def test_forty_scenes_length_and_ball_width():
    rows = run_scenes(range(1000, 1000 + N_SCENES))
    length = np.abs([r[3] for r in rows])
    ball = np.abs([r[4] for r in rows])
    assert np.median(length) <= 1.0 and np.percentile(length, 95) <= 2.5, np.round(length, 2)
    assert np.median(ball) <= 1.0 and np.percentile(ball, 95) <= 2.5, np.round(ball, 2)


@pytest.mark.skipif(not (scenes.SHARED_FEET / "dupontgu_left_foot.stl").exists(), reason="no shared meshes")
def test_scanned_feet():
    rows = run_scenes(range(2000, 2006), lambda s: scenes.make_scene(s, mesh="scan", leg=(s % 3 == 0)))
    length = np.abs([r[3] for r in rows])
    assert np.median(length) <= 1.5
