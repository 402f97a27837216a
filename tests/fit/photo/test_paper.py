"""The sheet finder on rendered photos: hidden corners, the leg across the heel edge, A4 vs Letter."""

import numpy as np
import pytest

import scenes
from fit.photo.imageio import read_photo
from fit.photo.paper import PAPERS_MM, find_sheet, intrinsics


def _sheet(sc):
    photo = read_photo(scenes.photo_bytes(sc))
    K = intrinsics((photo.image.shape[1], photo.image.shape[0]), photo.focal_35mm)
    return find_sheet(photo.image, K), photo


def _truth_corners(sc, photo):
    w, l = PAPERS_MM[sc.paper]
    world = np.array([[0, 0, 0], [w, 0, 0], [w, l, 0], [0, l, 0]], np.float64)
    uv, _ = scenes._project(sc, world)
    return uv


@pytest.mark.parametrize("seed, paper, leg", [(21, "a4", True), (22, "letter", True), (23, "letter", False)])
def test_corners_and_paper_with_leg_and_overhang(seed, paper, leg):
    sc = scenes.make_scene(seed, paper=paper, leg=leg, length_mm=300, orientation=1, tilt_deg=15)
    sheet, photo = _sheet(sc)
    assert sheet.paper == paper
    truth = _truth_corners(sc, photo)
    # same quadrilateral, whichever corner the finder starts from
    errors = [np.abs(np.roll(sheet.corners_px, k, 0) - truth).max() for k in range(4)]
    errors += [np.abs(np.roll(sheet.corners_px[::-1], k, 0) - truth).max() for k in range(4)]
    assert min(errors) < 2.0
    assert abs(sheet.pose.tilt_deg - sc.tilt_deg) < 1.5
    assert abs(sheet.pose.center_mm[2] - sc.camera_center[2]) < 0.02 * sc.camera_center[2]
