"""Accuracy on rendered photos of 3D feet, a few scenes of each condition.

The test's own seeds (1000 and up) are neither the development seeds nor the held-out ones
(``scenes.DEVELOPMENT_SEEDS``, ``scenes.HELD_OUT_SEEDS``); the full per-category table and the
uncertainty calibration on held-out scenes come from ``scripts/photo_accuracy.py``.
"""

import numpy as np
import pytest

import scenes
from fit.errors import PhotoError
from fit.photo import measure_foot_photo
from fit.photo.uncertainty import WARNINGS
from fit.plausibility import problems

N_SCENES = 20
#: Refusals a category scene may get: each says something true about a hard photo.
HONEST_REFUSALS = {"LOW_CONTRAST", "NO_PAPER", "FOOT_CUT_OFF", "TOO_OBLIQUE", "IMPLAUSIBLE_WIDTH",
                   "IMPLAUSIBLE_LENGTH", "OUTLINE_NOT_FOOT", "HEEL_WIDER_THAN_BALL", "FOOT_NOT_FOUND"}


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


def test_varied_scenes_length_and_ball_width():
    rows = run_scenes(range(1000, 1000 + N_SCENES))
    length = np.abs([r[3] for r in rows])
    ball = np.abs([r[4] for r in rows])
    assert np.median(length) <= 1.0 and np.percentile(length, 95) <= 2.5, np.round(length, 2)
    assert np.median(ball) <= 1.0 and np.percentile(ball, 95) <= 2.5, np.round(ball, 2)


def test_one_scene_of_each_condition_is_measured_or_honestly_refused():
    """Tinted light, shadows, light tiles, checks, a floor as light as the paper, trousers, long toes,
    light and dark socks: each is measured plausibly, or refused with a code that says why."""
    errors, refused = [], []
    for i, category in enumerate(scenes.CATEGORIES):
        sc = scenes.category_scene(1000 + i, category)
        try:
            r = measure_foot_photo(scenes.photo_bytes(sc), side=sc.side)
        except PhotoError as e:
            assert e.code in HONEST_REFUSALS and e.message, (category, e.code)
            refused.append((category, e.code))
            continue
        assert problems(r.foot_length_mm, r.ball_width_mm, r.heel_width_mm, r.outline_mm) == []
        assert set(r.warning_codes) <= set(WARNINGS)
        errors.append((category, r.foot_length_mm - sc.truth.foot_length_mm, r.ball_width_mm - sc.truth.ball_width_mm,
                       r.uncertainty_mm["foot_length_mm"], r.uncertainty_mm["ball_width_mm"]))
    print(f"\nrefused: {refused}")
    for row in errors:
        category, dl, db, sl, sb = row
        print(f"  {category}: length {dl:+.2f} (1σ {sl:.1f}), ball {db:+.2f} (1σ {sb:.1f}) mm")
    assert len(refused) <= 4
    length = np.abs([e[1] for e in errors])
    ball = np.abs([e[2] for e in errors])
    assert np.median(length) <= 1.0 and np.median(ball) <= 1.0
    within_2sigma = np.mean([abs(e[1]) <= 2 * e[3] for e in errors] + [abs(e[2]) <= 2 * e[4] for e in errors])
    print(f"  errors within 2σ: {within_2sigma:.0%}")
    assert within_2sigma >= 0.8


@pytest.mark.skipif(not (scenes.SHARED_FEET / "dupontgu_left_foot.stl").exists(), reason="no shared meshes")
def test_scanned_feet():
    rows = run_scenes(range(2000, 2004), lambda s: scenes.make_scene(s, mesh="scan", leg=(s % 3 == 0)))
    length = np.abs([r[3] for r in rows])
    assert np.median(length) <= 1.5
