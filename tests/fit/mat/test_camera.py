"""``fit.mat.camera``: poses and the shared focal length from exactly projected marker corners.

The cameras are ``mat_scenes``' (6 shots around the foot, known intrinsics and poses); the marker
corners are projected through them exactly, so every recovered quantity has a true value.
"""

from functools import cache

import numpy as np
import pytest

import mat_scenes
from fit.mat.camera import View, calibrate_views, mat_homography, solve_pose
from fit.mat.contract import load_mat

MAT = load_mat()


@cache
def cameras():
    return mat_scenes.make_scene(7, n_views=6, size=(1000, 750), mesh="procedural").cameras


def _true_f35(cam) -> float:
    return float(cam.K[0, 0] / np.hypot(*cam.size) * 43.27)


def _observation(cam, noise_px: float = 0.0, seed: int = 0):
    world = np.concatenate([MAT.marker_corners_mm(i) for i in sorted(MAT.markers)])
    view = View(K=cam.K, R=cam.R, t=cam.t, rms_px=0.0)
    image, _ = view.project(world)
    image = image.astype(np.float64) + np.random.default_rng(seed).normal(0, noise_px, image.shape)
    return cam.size, world, image


def test_solve_pose_recovers_the_true_camera_from_exact_points():
    for cam in cameras()[:3]:
        view = solve_pose(*_observation(cam)[1:], cam.K)
        assert view.rms_px < 0.05
        assert np.allclose(view.R, cam.R, atol=1e-4)
        assert view.centre_mm == pytest.approx(cam.centre, abs=0.5)


def test_a_pose_from_noisy_corners_reports_the_noise_as_its_rms():
    cam = cameras()[0]
    view = solve_pose(*_observation(cam, noise_px=0.5)[1:], cam.K)
    assert 0.3 < view.rms_px < 0.7
    assert np.linalg.norm(view.centre_mm - cam.centre) < 10.0  # mm, camera 40-70 cm away


def test_calibrate_views_finds_the_shared_focal_length_without_exif():
    cams = cameras()
    views, f35 = calibrate_views([_observation(c, noise_px=0.2, seed=i) for i, c in enumerate(cams)])
    assert f35 == pytest.approx(_true_f35(cams[0]), rel=0.02)
    assert len(views) == len(cams)
    for view, cam in zip(views, cams):
        assert np.linalg.norm(view.centre_mm - cam.centre) < 15.0


def test_the_exif_lens_wins_only_when_the_markers_cannot_tell():
    cams = cameras()
    observations = [_observation(c, noise_px=0.2, seed=i) for i, c in enumerate(cams)]
    true = _true_f35(cams[0])
    assert calibrate_views(observations, exif_focal_35mm=round(true, 2))[1] == pytest.approx(round(true, 2))
    wrong = calibrate_views(observations, exif_focal_35mm=true * 1.5)[1]
    assert wrong == pytest.approx(true, rel=0.02)  # a wrong record is overruled by the markers


def test_the_homography_and_projection_agree_on_the_floor_and_scale_with_the_image():
    cam = cameras()[1]
    view = View(K=cam.K, R=cam.R, t=cam.t, rms_px=0.1)
    floor = np.array([[0.0, 0.0, 0.0], [210.0, 297.0, 0.0], [105.0, 150.0, 0.0]])
    uv, depth = view.project(floor)
    h = np.column_stack([floor[:, :2], np.ones(3)]) @ mat_homography(view).T
    assert h[:, :2] / h[:, 2:] == pytest.approx(uv, abs=1e-3)
    assert np.all(depth > 0)
    half, _ = view.scaled(0.5).project(floor)
    assert half == pytest.approx((uv + 0.5) * 0.5 - 0.5, abs=1e-3)  # pixel centres, not corners, scale
    assert view.scaled(0.5).rms_px == pytest.approx(0.05)
