"""Foot masks and refined contours on drawn top views whose true outline is known to the pixel.

Each image is what ``fit.photo.measure`` hands ``segment``: the floor around an A4 sheet seen from
straight above at 3 px/mm, with the pipeline's margins, and a foot drawn on it from the exact
footprint of a procedural foot (``scenes``).
"""

import cv2
import numpy as np
import pytest

import scenes
from fit.photo.segment import refine_contour, segment_foot, to_crisp_edge

PX_PER_MM = 3.0
MARGIN_MM = (45.0, 80.0)
SHEET_MM = (210.0, 297.0)
SIZE = (int((SHEET_MM[0] + 2 * MARGIN_MM[0]) * PX_PER_MM), int((SHEET_MM[1] + 2 * MARGIN_MM[1]) * PX_PER_MM))
#: The sheet's pixel box, 2 mm inside its edges (as the pipeline hands it over).
SHEET_BOX = tuple(int(round(v * PX_PER_MM)) for v in (MARGIN_MM[0] + 2, MARGIN_MM[1] + 2,
                                                    MARGIN_MM[0] + SHEET_MM[0] - 2, MARGIN_MM[1] + SHEET_MM[1] - 2))
SKIN = (120, 160, 210)
DARK_SOCK = (45, 40, 40)


def foot_px(length_mm=250.0, overhang_mm=0.0, seed=5):
    """A footprint outline in rect px, heel on the sheet's near edge (``overhang_mm`` past the far one when > 0)."""
    v, f = scenes.procedural_foot(length_mm, 0.39, "left", np.random.default_rng(seed))
    outline = scenes.footprint_outline(v, f)
    outline = outline - [outline[:, 0].mean(), outline[:, 1].min()]
    if overhang_mm:
        outline = outline * ((SHEET_MM[1] + overhang_mm) / np.ptp(outline[:, 1]))
    origin = np.array([MARGIN_MM[0] + SHEET_MM[0] / 2, MARGIN_MM[1] + 1.0])
    return (outline + origin) * PX_PER_MM


def draw(foot_colour, outline, floor="wood", shadow=0.0, rng=None):
    """Rect image, its valid mask and the true foot mask (pixel centres inside the outline)."""
    rng = rng or np.random.default_rng(0)
    w, h = SIZE
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if floor == "wood":  # brown boards with grain
        grain = 18 * np.sin(xx / 7.0 + 3 * np.sin(yy / 60.0)) + 25 * ((xx // 90) % 2)
        image = np.stack([60 + grain * 0.5, 95 + grain * 0.8, 140 + grain], -1)
    else:
        image = np.full((h, w, 3), (110, 115, 120), np.float32)
    x0, y0, x1, y1 = (int(round(v * PX_PER_MM)) for v in (MARGIN_MM[0], MARGIN_MM[1], MARGIN_MM[0] + SHEET_MM[0],
                                                           MARGIN_MM[1] + SHEET_MM[1]))
    light = 0.92 + 0.08 * (xx / w) * (1 - yy / h)  # light falls off smoothly across the sheet
    if shadow:  # a soft shadow band across the sheet
        light = light * (1 - shadow * np.exp(-(((xx - 0.3 * yy) - 350) / 60.0) ** 2))
    paper = np.zeros((h, w), bool)
    paper[y0:y1, x0:x1] = True
    image[paper] = (np.array([238.0, 240.0, 242.0]) * light[paper][:, None])
    # the foot, anti-aliased at 1/16 px
    cover = np.zeros((h, w), np.uint8)
    cv2.fillPoly(cover, [np.round(outline * 16).astype(np.int32)], 255, cv2.LINE_AA, shift=4)
    alpha = (cover.astype(np.float32) / 255.0)[..., None]
    image = image * (1 - alpha) + np.array(foot_colour, np.float32) * (0.85 + 0.15 * light[..., None]) * alpha
    image += rng.normal(0, 2.0, image.shape)
    truth = np.zeros((h, w), np.uint8)
    cv2.fillPoly(truth, [np.round(outline * 16).astype(np.int32)], 1, cv2.LINE_8, shift=4)
    return np.clip(image, 0, 255).astype(np.uint8), np.ones((h, w), bool), truth.astype(bool)


def iou(a, b):
    return np.count_nonzero(a & b) / np.count_nonzero(a | b)


def border_error_px(mask, truth):
    """How far the worst wrong pixel of ``mask`` lies from the true border, px."""
    outside = cv2.distanceTransform((~truth).astype(np.uint8), cv2.DIST_L2, 5)[mask & ~truth]
    inside = cv2.distanceTransform(truth.astype(np.uint8), cv2.DIST_L2, 5)[truth & ~mask]
    return float(max(outside.max(initial=0.0), inside.max(initial=0.0)))


@pytest.mark.parametrize("colour, floor, shadow",
                         [(SKIN, "wood", 0.0), (DARK_SOCK, "plain", 0.0), (SKIN, "wood", 0.35)])
def test_the_mask_is_the_foot(colour, floor, shadow):
    rect, valid, truth = draw(colour, foot_px(), floor, shadow)
    mask, paper_level = segment_foot(rect, valid, SHEET_BOX)
    assert iou(mask, truth) > 0.98
    assert 215 < paper_level < 250  # Lab L of the bright paper
    # the border is within 1 mm (3 px) of the true one everywhere: nothing of the shadow or the floor is taken
    assert border_error_px(mask, truth) <= 3.0


def test_toes_past_the_sheet_are_kept_and_a_thing_on_the_floor_is_not():
    outline = foot_px(overhang_mm=15.0)
    rect, valid, truth = draw(SKIN, outline, "wood")
    cv2.circle(rect, (60, 200), 40, SKIN, -1)  # a skin-coloured thing on the floor beside the sheet
    mask, _ = segment_foot(rect, valid, SHEET_BOX)
    assert iou(mask, truth) > 0.97
    beyond = int(round((MARGIN_MM[1] + SHEET_MM[1]) * PX_PER_MM))  # first row past the sheet's toe edge
    assert np.count_nonzero(mask[beyond + 6:]) > 0.8 * np.count_nonzero(truth[beyond + 6:]) > 0
    assert not mask[160:240, 20:100].any()


def ring_image(radius_px, contrast, blur_px=1.0, size=200):
    """A disk of ``radius_px`` at the image centre, ``contrast`` darker than its background, blurred."""
    canvas = np.zeros((size * 16, size * 16), np.uint8)
    cv2.circle(canvas, (size * 8, size * 8), int(radius_px * 16), 255, -1)
    cover = cv2.resize(canvas, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    cover = cv2.GaussianBlur(cover, (0, 0), blur_px)
    grey = 230.0 - contrast * cover
    return np.repeat(grey[..., None], 3, -1).astype(np.uint8)


@pytest.mark.parametrize("coarse_offset_px", [-2, 2])
def test_the_refined_contour_finds_the_true_edge(coarse_offset_px):
    radius = 50.0
    rect = ring_image(radius, contrast=150.0)
    coarse = np.zeros(rect.shape[:2], np.uint8)
    cv2.circle(coarse, (100, 100), int(radius) + coarse_offset_px, 1, -1)
    contour, reliable = refine_contour(rect, coarse.astype(bool))
    r = np.hypot(contour[:, 0] - 99.5, contour[:, 1] - 99.5)  # the disk's centre in pixel-centre coordinates
    assert reliable.all()
    assert np.abs(r - radius).max() < 0.5
    assert abs(np.median(r) - radius) < 0.2


def test_a_border_without_contrast_is_marked_unreliable_and_left_in_place():
    rect = ring_image(50.0, contrast=6.0)
    coarse = np.zeros(rect.shape[:2], np.uint8)
    cv2.circle(coarse, (100, 100), 52, 1, -1)
    contour, reliable = refine_contour(rect, coarse.astype(bool))
    assert not reliable.any()
    assert np.abs(np.hypot(contour[:, 0] - 100, contour[:, 1] - 100) - 52).max() < 1.5  # the coarse contour


def test_a_light_socks_border_is_moved_in_from_its_soft_shadow_to_its_edge():
    """A grey block (a sock's stand-in) on white paper casting a soft shadow to its right (darkest at the
    block, fading to the paper over 8 mm): a mask that took the shadow ends at the block's edge on
    that side, and keeps its place on the other sides, where the border is the block's edge."""
    paper, sock, x0, x1, y0, y1 = 220.0, 150.0, 60, 140, 40, 260
    grey = np.full((300, 240), paper, np.float32)
    fade = np.clip((np.arange(240) - x1) / 24.0, 0.0, 1.0)  # 24 px = 8 mm on the rectified grid
    grey[y0:y1, x1:] = 180.0 + (paper - 180.0) * fade[x1:]
    grey[y0:y1, x0:x1] = sock
    rect = np.repeat(cv2.GaussianBlur(grey, (0, 0), 0.8)[..., None], 3, -1).astype(np.uint8)
    with_shadow = np.zeros(grey.shape, bool)
    with_shadow[y0:y1, x0:x1 + 20] = True  # the shadow darker than 0.92 of the paper, taken as sock
    crisp = to_crisp_edge(rect, with_shadow)
    rows = np.nonzero(crisp.any(1))[0]
    middle = crisp[(y0 + y1) // 2]
    cols = np.nonzero(middle)[0]
    assert abs(cols.max() + 1 - x1) <= 1  # the block's right edge, not the shadow's
    assert abs(cols.min() - x0) <= 1 and abs(rows.min() - y0) <= 1 and abs(rows.max() + 1 - y1) <= 1
