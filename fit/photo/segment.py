"""Foot segmentation in a rectified (top-view) image of the floor around the sheet.

Input images are ``(H, W, 3) uint8`` BGR indexed ``[row, col]``; the rectified grid has
``px_per_mm`` pixels per floor millimetre with the sheet at a known pixel box. No learning:
the paper is modelled as bright and neutral under smooth illumination, the floor by its own
colours around the sheet, the foot as what is neither (skin has chroma, socks are dark).
"""

import cv2
import numpy as np


def segment_foot(rect, valid, sheet_box):
    """Foot mask of a rectified photo.

    Parameters
    ----------
    rect : (H, W, 3) uint8
        Rectified BGR image, ``[row, col]``.
    valid : (H, W) bool
        Pixels that came from inside the photo.
    sheet_box : (x0, y0, x1, y1) int
        The sheet's pixel box in ``rect`` (``x`` = col, ``y`` = row).

    Returns
    -------
    mask : (H, W) bool
        Foot (and anything standing on the sheet with it, e.g. a leg).
    paper_level : float
        Median paper lightness (Lab L, 0-255), for exposure checks.
    """
    lab = cv2.cvtColor(cv2.GaussianBlur(rect, (0, 0), 1.2), cv2.COLOR_BGR2LAB).astype(np.float32)
    L, a, b = lab[..., 0], lab[..., 1] - 128, lab[..., 2] - 128
    x0, y0, x1, y1 = sheet_box
    in_sheet = np.zeros(L.shape, bool)
    in_sheet[y0:y1, x0:x1] = True
    in_sheet &= valid
    # paper: bright and neutral; fit smooth illumination to it (quadratic in x, y)
    chroma_ref = np.array([np.median(a[in_sheet]), np.median(b[in_sheet])])
    chroma = np.hypot(a - chroma_ref[0], b - chroma_ref[1])
    guess = in_sheet & (chroma < 6) & (L > np.percentile(L[in_sheet], 40))
    level = _fit_level(L, guess)
    for _ in range(2):
        ratio = L / np.maximum(level, 1)
        guess = in_sheet & (chroma < 7) & (ratio > 0.88)
        level = _fit_level(L, guess)
    ratio = L / np.maximum(level, 1)
    paper_level = float(np.median(L[guess])) if np.any(guess) else 0.0
    foot_in = in_sheet & ((ratio < 0.62) | ((chroma > 9) & (ratio < 1.05)))
    foot_in = _clean(foot_in, 5)
    mask = foot_in.copy()
    # off the sheet (overhang, leg): colours closer to the foot's than to the floor's
    seed = cv2.erode(foot_in.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    outside = valid & ~in_sheet
    if np.count_nonzero(seed) > 200 and np.count_nonzero(outside) > 500:
        feats = np.stack([L * 0.5, a, b], -1)
        foot_mu, foot_cov = _gauss(feats[seed])
        ring = outside & (cv2.dilate(in_sheet.astype(np.uint8), np.ones((61, 61), np.uint8)) > 0)
        far = cv2.dilate(foot_in.astype(np.uint8), np.ones((121, 121), np.uint8)) == 0
        floor_px = feats[ring & far]
        if len(floor_px) > 200:
            floor_models = _kmeans_gauss(floor_px, 3)
            d_foot = _mahal(feats, foot_mu, foot_cov)
            d_floor = np.min([_mahal(feats, m, c) for m, c in floor_models], axis=0)
            off = outside & (d_foot + 2.0 < d_floor) & (d_foot < 25)
            off = _clean(off, 5)
            both = (mask | off).astype(np.uint8)
            n, labels = cv2.connectedComponents(both)
            keep = np.unique(labels[foot_in])
            mask = np.isin(labels, keep[keep > 0])
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8))
    if n > 1:
        biggest = 1 + np.argmax(stats[1:, cv2.CC_STAT_AREA])
        mask = labels == biggest
    return _fill_holes(mask), paper_level


def _fit_level(L, sel, step=4):
    ys, xs = np.nonzero(sel[::step, ::step])
    if len(xs) < 50:
        return np.full(L.shape, np.median(L), np.float32)
    vals = L[::step, ::step][ys, xs]
    ys, xs = ys * step / L.shape[0], xs * step / L.shape[1]
    A = np.column_stack([np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys])
    coef = np.linalg.lstsq(A, vals, rcond=None)[0]
    yy, xx = np.mgrid[0:L.shape[0], 0:L.shape[1]].astype(np.float32)
    yy /= L.shape[0]
    xx /= L.shape[1]
    return (coef[0] + coef[1] * xx + coef[2] * yy + coef[3] * xx * xx + coef[4] * xx * yy + coef[5] * yy * yy)


def _clean(mask, k):
    m = mask.astype(np.uint8)
    m = cv2.morphologyEx(m, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    return m.astype(bool)


def _fill_holes(mask):
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = np.zeros(mask.shape, np.uint8)
    cv2.drawContours(out, contours, -1, 1, thickness=cv2.FILLED)
    return out.astype(bool)


def _gauss(x):
    mu = x.mean(0)
    cov = np.cov(x.T) + np.eye(x.shape[1]) * 4.0
    return mu, cov


def _mahal(feats, mu, cov):
    inv = np.linalg.inv(cov)
    d = feats - mu
    return np.einsum("...i,ij,...j->...", d, inv, d) + np.log(np.linalg.det(cov))


def _kmeans_gauss(x, k):
    x = x[:: max(1, len(x) // 20000)].astype(np.float32)
    _, lab, _ = cv2.kmeans(x, k, None, (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5), 2,
                           cv2.KMEANS_PP_CENTERS)
    out = []
    for i in range(k):
        xi = x[lab.ravel() == i]
        if len(xi) > 20:
            out.append(_gauss(xi))
    return out
