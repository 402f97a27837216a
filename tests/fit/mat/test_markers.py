"""``fit.mat.markers`` on a rendered mat photo (``mat_scenes``): every visible marker found at its true corners."""

from functools import cache

import cv2
import numpy as np

import mat_scenes
from fit.mat.camera import View
from fit.mat.contract import load_mat
from fit.mat.markers import DETECT_LONG_SIDE, correspondences, detect_markers

MAT = load_mat()


@cache
def top_photo():
    """``(gray upright photo, its true View)`` of the top shot."""
    scene = mat_scenes.make_scene(7, n_views=1, size=(1000, 750), floor="tile", mesh="procedural")
    cam = scene.cameras[0]
    gray = cv2.cvtColor(mat_scenes.render(scene, cam), cv2.COLOR_BGR2GRAY)
    return gray, View(K=cam.K, R=cam.R, t=cam.t, rms_px=0.0)


def _truth(view, marker_id, factor=1.0):
    uv, _ = view.project(MAT.marker_corners_mm(marker_id))
    return (uv + 0.5) * factor - 0.5


def test_visible_markers_are_found_at_their_true_corners():
    gray, view = top_photo()
    found = detect_markers(gray, MAT)
    assert len(found) >= 4 and set(found) <= set(MAT.markers)
    for marker_id, corners in found.items():
        assert np.abs(corners - _truth(view, marker_id)).max() < 1.0, marker_id


def test_a_photo_larger_than_the_detector_is_found_small_and_refined_at_full_size():
    gray, view = top_photo()
    factor = 2.0 * DETECT_LONG_SIDE / max(gray.shape)  # detected at half this size
    big = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    found = detect_markers(big, MAT)
    assert len(found) >= 4
    for marker_id, corners in found.items():
        assert np.abs(corners - _truth(view, marker_id, factor)).max() < 1.5 * factor, marker_id


def test_markers_seen_twice_and_photos_without_markers_give_nothing():
    gray, _ = top_photo()
    assert detect_markers(np.hstack([gray, gray]), MAT) == {}  # a second printed mat: no id is trusted
    assert detect_markers(np.full_like(gray, 200), MAT) == {}


def test_correspondences_pair_each_found_corner_with_its_mat_point():
    gray, view = top_photo()
    found = detect_markers(gray, MAT)
    world, image = correspondences(found, MAT)
    assert world.shape == (4 * len(found), 3) and image.shape == (4 * len(found), 2)
    uv, _ = view.project(world)
    assert np.abs(uv - image).max() < 1.0
