"""``fit.mat.quality`` on rendered mat photos (``mat_scenes``): exposure, blur in mm and the print scale."""

from functools import cache

import cv2
import numpy as np
import pytest

import mat_scenes
from fit.mat.camera import View
from fit.mat.contract import load_mat
from fit.mat.markers import detect_markers
from fit.mat.quality import MAX_BLUR_SIGMA_MM, MAX_SCALE_ERROR, blur_sigma_mm, print_scale, too_dark

MAT = load_mat()


@cache
def photo(scale: float = 1.0):
    """``(gray upright top photo, its true View)`` of the mat printed at ``scale``."""
    scene = mat_scenes.make_scene(7, n_views=1, size=(1000, 750), floor="wood", mesh="procedural", print_scale=scale)
    cam = scene.cameras[0]
    gray = cv2.cvtColor(mat_scenes.render(scene, cam), cv2.COLOR_BGR2GRAY)
    return gray, View(K=cam.K, R=cam.R, t=cam.t, rms_px=0.0)


def _px_per_mm(found) -> float:
    quad = next(iter(found.values()))
    return float(np.mean(np.linalg.norm(quad - np.roll(quad, 1, axis=0), axis=1)) / MAT.marker_size_mm)


def test_a_lit_photo_is_not_too_dark_and_the_same_photo_underexposed_is():
    gray, _ = photo()
    assert not too_dark(gray)
    assert too_dark((gray * 0.15).astype(np.uint8))


def test_a_sharp_photo_is_sharp_and_a_known_blur_is_measured_in_mm():
    gray, _ = photo()
    found = detect_markers(gray, MAT)
    sharp = blur_sigma_mm(gray, found, MAT.marker_size_mm)
    assert sharp < MAX_BLUR_SIGMA_MM
    added_mm = 2.0
    blurred = cv2.GaussianBlur(gray, (0, 0), added_mm * _px_per_mm(found))
    measured = blur_sigma_mm(blurred, found, MAT.marker_size_mm)
    assert measured == pytest.approx(np.hypot(sharp, added_mm), rel=0.25)  # blurs add in quadrature
    assert measured > MAX_BLUR_SIGMA_MM
    assert blur_sigma_mm(gray, {}, MAT.marker_size_mm) == float("inf")


@pytest.mark.parametrize("scale", [1.0, 0.94])
def test_the_print_scale_is_read_from_the_sheet_edges(scale):
    gray, view = photo(scale)
    # the markers' own frame of a print at ``scale`` is the true frame scaled about the page's centre
    centre = np.array([MAT.paper_mm[0] / 2, MAT.paper_mm[1] / 2, 0.0])
    shrink = np.diag([scale, scale, 1.0])
    R, t = view.R @ shrink, view.t + view.R @ (centre - shrink @ centre)
    seen = print_scale(gray, View(K=view.K, R=R, t=t, rms_px=0.0), MAT)
    assert seen == pytest.approx(scale, abs=MAX_SCALE_ERROR / 3)


def test_no_print_scale_where_no_sheet_edge_is_seen():
    gray, view = photo()
    assert print_scale(np.full_like(gray, 180), view, MAT) is None
