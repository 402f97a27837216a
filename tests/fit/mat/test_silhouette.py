"""``fit.mat.silhouette`` on two rendered mat photos (``mat_scenes``) against the true foot-and-leg silhouette."""

from functools import cache

import cv2
import numpy as np
import pytest

import mat_scenes
from fit.mat.camera import View, mat_homography
from fit.mat.contract import load_mat
from fit.mat.printable import render_mat
from fit.mat.silhouette import (SD_CLIP_PX, background_mask, floor_agreement, floor_background, foot_colours,
                                mat_to_image, signed_distance)

MAT = load_mat()


@cache
def shots():
    """Per photo ``(image, view, true silhouette)``: the top and the medial shot of a foot in a red sock."""
    scene = mat_scenes.make_scene(11, n_views=2, size=(1000, 750), floor="wood", mesh="procedural", sock=4)
    out = []
    for cam in scene.cameras:
        view = View(K=cam.K, R=cam.R, t=cam.t, rms_px=0.0)
        out.append((mat_scenes.render(scene, cam), view, _true_silhouette(scene, view)))
    return out


def _true_silhouette(scene, view) -> np.ndarray:
    """Pixels the foot or the leg covers, filled from their exactly projected triangles."""
    v = np.vstack([scene.foot_vertices, scene.leg_vertices])
    f = np.vstack([scene.foot_faces, scene.leg_faces + len(scene.foot_vertices)])
    uv, depth = view.project(v)
    w, h = (int(round(2 * view.K[0, 2] + 1)), int(round(2 * view.K[1, 2] + 1)))
    mask = np.zeros((h, w), np.uint8)
    front = depth[f].min(1) > 30.0
    for tri in np.round(uv[f[front]] * 16).astype(np.int32):
        cv2.fillConvexPoly(mask, tri, 1, lineType=cv2.LINE_8, shift=4)
    return mask.astype(bool)


def _grow(mask: np.ndarray, px: int) -> np.ndarray:
    return cv2.dilate(mask.astype(np.uint8), np.ones((2 * px + 1,) * 2, np.uint8)).astype(bool)


def _clean_paper(view, shape) -> np.ndarray:
    """Pixels of the photo whose floor point is on the sheet, 3 mm or more from any printed mark."""
    ppm = 2.0
    page = render_mat(ppm, MAT) > 127
    clean = cv2.erode(page.astype(np.uint8), np.ones((2 * int(3 * ppm) + 1,) * 2, np.uint8))
    H = mat_to_image(view, ppm, MAT.paper_mm[1])
    return cv2.warpPerspective(clean, H, shape[::-1], flags=cv2.INTER_NEAREST, borderValue=0).astype(bool)


def test_the_background_is_the_clean_page_around_the_true_silhouette_and_never_the_foot():
    for image, view, truth in shots():
        background, white, on_sheet = background_mask(image, view, MAT)
        assert white > 150.0
        foot = ~_grow(~truth, 3)  # 3 px inside the true edge
        assert np.mean(background[foot]) < 0.01
        page = _clean_paper(view, truth.shape) & ~_grow(truth, 3)
        assert page.sum() > 20_000 and np.mean(background[page]) > 0.99
        assert np.mean(on_sheet[page]) > 0.99 and not background[~on_sheet].any()


def test_mat_image_pixels_map_to_their_centres_on_the_photo():
    _, view, _ = shots()[0]
    ppm, length = 4.0, MAT.paper_mm[1]
    H = mat_to_image(view, ppm, length)
    cols_rows = np.array([[0.0, 0.0], [839.0, 1187.0]])
    mm = np.column_stack([(cols_rows[:, 0] + 0.5) / ppm, length - (cols_rows[:, 1] + 0.5) / ppm, np.zeros(2)])
    uv, _ = view.project(mm)
    p = np.column_stack([cols_rows, np.ones(2)]) @ H.T
    assert p[:, :2] / p[:, 2:] == pytest.approx(uv, abs=1e-2)


def test_the_foot_colours_are_the_socks_not_the_pages():
    images, backgrounds, papers = [], [], []
    for image, view, _ in shots():
        background, _, on_sheet = background_mask(image, view, MAT)
        images.append(image), backgrounds.append(background), papers.append(on_sheet)
    bins = foot_colours(images, backgrounds, papers)
    image, _, truth = shots()[0]
    q = np.median(image[~_grow(~truth, 3)], axis=0).astype(int) // (256 // bins.shape[0])
    assert bins[tuple(q)]
    page = np.median(image[papers[0] & backgrounds[0]], axis=0).astype(int) // (256 // bins.shape[0])
    assert not bins[tuple(page)]


def test_the_floor_off_the_sheet_is_told_from_the_leg():
    images, views, truths = zip(*shots())
    backgrounds = [background_mask(im, v, MAT) for im, v in zip(images, views)]
    agreeing = floor_agreement(list(images), [mat_homography(v) for v in views], [b[1] for b in backgrounds])
    bins = foot_colours(images, [b[0] for b in backgrounds], [b[2] for b in backgrounds])
    image, truth, on_sheet = images[1], truths[1], backgrounds[1][2]
    leg = ~on_sheet & ~_grow(~truth, 4)
    off = ~on_sheet & ~_grow(truth, 6) & (image.max(axis=2) > 60)  # the lit floor (the render's far edge is black)
    assert leg.sum() > 1000 and off.sum() > 100_000
    # the other photo sees the floor, not the leg, where this one sees the leg
    assert np.mean(agreeing[1][off] > 0) > 2 * np.mean(agreeing[1][leg] > 0)
    q = image // (256 // bins.shape[0])
    foot_like = bins[q[..., 0], q[..., 1], q[..., 2]]
    floor = floor_background(image, on_sheet, bins, agreeing[1])  # one other photo: colour alone decides
    assert np.mean(floor[leg]) < 0.02
    assert np.mean(floor[off & ~_grow(foot_like, 3)]) > 0.98
    assert not floor[on_sheet].any()
    agreed = floor_background(image, on_sheet, bins, np.full_like(agreeing[1], 2))
    assert np.mean(agreed[off]) > 0.98  # enough agreeing photos make even foot-coloured floor floor


def test_signed_distance_of_a_disc_of_background():
    background = np.zeros((200, 200), bool)
    cv2.circle(background.view(np.uint8), (100, 100), 30, 1, -1)
    sd = signed_distance(background)
    assert sd[100, 100] == pytest.approx(-30.0, abs=1.5)
    assert sd[100, 145] == pytest.approx(15.0, abs=1.5)
    assert sd[0, 0] == SD_CLIP_PX and sd.dtype == np.float32
    assert np.all(sd[background] < 0) and np.all(sd[~background] > 0)


def test_a_black_sock_over_the_markers_is_not_taken_for_their_ink():
    """A black sock is as dark and grey as the ink: where it covers a marker or the heel line it
    must stay foot, while the page around it stays background."""
    from fit.mat.silhouette import clean_paper, without_foot_coloured_ink

    scene = mat_scenes.make_scene(11, n_views=3, size=(1000, 750), floor="wood", mesh="procedural", sock=0)
    images, views, truths, masks, cleans = [], [], [], [], []
    for cam in scene.cameras:
        view = View(K=cam.K, R=cam.R, t=cam.t, rms_px=0.0)
        image = mat_scenes.render(scene, cam)
        images.append(image), views.append(view), truths.append(_true_silhouette(scene, view))
        masks.append(background_mask(image, view, MAT)), cleans.append(clean_paper(view, MAT, image.shape))
    bins = foot_colours(images, [m[0] for m in masks], cleans)
    for image, view, truth, (background, _, on_sheet), clean in zip(images, views, truths, masks, cleans):
        kept = without_foot_coloured_ink(image, background, on_sheet, clean, bins)
        foot = ~_grow(~truth, 3)
        assert np.mean(kept[foot]) < 0.002
        page = _clean_paper(view, truth.shape) & ~_grow(truth, 3)
        assert np.mean(kept[page]) > 0.99
