"""Foot segmentation in a rectified (top-view) image of the floor around the sheet.

Input images are ``(H, W, 3) uint8`` BGR indexed ``[row, col]``; the rectified grid has
``px_per_mm`` pixels per floor millimetre with the sheet at a known pixel box. No learning:
the paper is modelled as bright and neutral under smooth illumination, the floor by its own
colours around the sheet, the foot as what is neither (skin has chroma, socks are dark).
"""

from typing import NamedTuple, cast

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Floats32 = npt.NDArray[np.float32]


def segment_foot(rect: Image, valid: Mask, sheet_box: tuple[int, int, int, int]) -> tuple[Mask, float]:
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
    ratio, chroma, chroma_ref, in_sheet, paper_level, lab = _paper_ratio(rect, valid, sheet_box)
    L, a, b = lab[..., 0], lab[..., 1] - 128, lab[..., 2] - 128
    foot_in = in_sheet & ((ratio < 0.58) | ((chroma > 8) & (ratio < 1.08)))
    foot_in = _clean(foot_in, 5)
    # hysteresis: skin in warm light on ivory paper is barely more coloured than the paper; a toe
    # whose chroma falls just short is kept where it joins the skin-coloured foot and has its hue
    sure = foot_in & (chroma > 8)
    if np.count_nonzero(sure) > 200:
        off_a, off_b = a - chroma_ref[0], b - chroma_ref[1]
        hue = np.array([np.median(off_a[sure]), np.median(off_b[sure])])
        hue /= max(float(np.hypot(*hue)), 1e-6)
        along = (off_a * hue[0] + off_b * hue[1]) / np.maximum(chroma, 1e-6)
        weak = _clean(in_sheet & (chroma > _WEAK_CHROMA) & (along > 0.9) & (ratio < 1.08), 5)
        _, weak_labels = cv2.connectedComponents(weak.astype(np.uint8))
        joined = np.unique(weak_labels[sure & weak])
        grown = np.isin(weak_labels, joined[joined > 0]) & ~foot_in
        # at most a toe's worth (a big toe is 3-4 % of a footprint); more is a foot nearly the paper's
        # colour all over (a light sock), left to the low-contrast checks
        if np.count_nonzero(grown) <= _MAX_GROWN * np.count_nonzero(foot_in):
            foot_in |= grown
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
            f_out = feats[outside]  # only off-sheet pixels need the floor-or-foot decision
            d_foot = _mahal(f_out, foot_mu, foot_cov)
            d_floor = np.min([_mahal(f_out, m, c) for m, c in floor_models], axis=0)
            off = np.zeros(outside.shape, bool)
            off[outside] = (d_foot + 2.0 < d_floor) & (d_foot < 25)
            off = _clean(off, 5)
            # a toe or a leg is centimetres wide, a dark grout line or floorboard gap a few mm: keep
            # what survives an opening of about 4 mm, and the rest only next to it or to the foot
            # on the sheet (the sliver of a toe tip just past the sheet's edge)
            disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (13, 13))
            core = cv2.morphologyEx(off.astype(np.uint8), cv2.MORPH_OPEN, disc).astype(bool)
            off &= cv2.dilate((core | foot_in).astype(np.uint8), disc).astype(bool)
            both = (mask | off).astype(np.uint8)
            n, labels = cv2.connectedComponents(both)
            keep = np.unique(labels[foot_in])
            mask = np.isin(labels, keep[keep > 0])
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8))
    if n > 1:
        biggest = 1 + np.argmax(stats[1:, cv2.CC_STAT_AREA])
        mask = labels == biggest
    return _fill_holes(mask), paper_level


class _PaperContrast(NamedTuple):
    """How each pixel of the rectified image differs from the paper (``_paper_ratio``)."""

    ratio: Floats32        # (H, W) lightness over the paper's lightness there
    chroma: Floats32       # (H, W) distance from the paper's (a, b) chroma, Lab units
    chroma_ref: Floats     # (2,) the paper's (a, b) chroma
    in_sheet: Mask         # (H, W) the sheet's pixels
    paper_level: float     # median paper lightness (Lab L, 0-255)
    lab: Floats32          # (H, W, 3) the blurred Lab image


def _paper_ratio(rect: Image, valid: Mask, sheet_box: tuple[int, int, int, int]) -> _PaperContrast:
    """Each pixel's lightness and chroma against the paper's (``segment_foot``, ``faint_area_px``)."""
    lab = cv2.cvtColor(cv2.GaussianBlur(rect, (0, 0), 1.2), cv2.COLOR_BGR2LAB).astype(np.float32)
    L, a, b = lab[..., 0], lab[..., 1] - 128, lab[..., 2] - 128
    x0, y0, x1, y1 = sheet_box
    in_sheet = np.zeros(L.shape, bool)
    in_sheet[y0:y1, x0:x1] = True
    in_sheet &= valid
    # paper: the brightest, neutral part of the sheet (a big foot may cover most of it), under
    # smooth illumination (quadratic in x, y); shadows are darker paper of the same chroma
    chroma_ref = _paper_chroma(a, b, L, in_sheet)
    chroma = np.hypot(a - chroma_ref[0], b - chroma_ref[1])
    top = float(np.percentile(L[in_sheet], 92))
    guess = in_sheet & (chroma < 6) & (L > 0.8 * top)
    level = _fit_level(L, guess)
    for _ in range(2):
        ratio = L / np.maximum(level, 1)
        guess = in_sheet & (chroma < 7) & (ratio > 0.9)
        level = _fit_level(L, guess)
    ratio = L / np.maximum(level, 1)
    paper_level = float(np.median(L[guess])) if np.any(guess) else 0.0
    return _PaperContrast(cast(Floats32, ratio.astype(np.float32)), cast(Floats32, chroma.astype(np.float32)),
                          chroma_ref, cast(Mask, in_sheet), paper_level, cast(Floats32, lab))


def _paper_chroma(a: Floats32, b: Floats32, L: Floats32, in_sheet: Mask) -> Floats:
    """The paper's (a, b) chroma: the median of the brightest 15 % of the sheet's pixels."""
    bright = in_sheet & (L >= np.percentile(L[in_sheet], 85))
    return np.array([np.median(a[bright]), np.median(b[bright])])


def faint_area_px(rect: Image, valid: Mask, sheet_box: tuple[int, int, int, int], mask: Mask) -> int:
    """Pixels of the sheet, outside ``mask``, in a large connected patch a little darker than the paper
    and of its colour: a light sock (or a white one in shade) that the foot mask could not take.

    An empty sheet under smooth light has none; the patch must survive an opening of about 5 mm, so
    the paper's grain, a crease or a thin shadow line does not count.
    """
    ratio, chroma, _, in_sheet, _, _ = _paper_ratio(rect, valid, sheet_box)
    faint = in_sheet & ~mask & (ratio > 0.5) & (ratio < 0.9) & (chroma < 8)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))
    return int(np.count_nonzero(cv2.morphologyEx(faint.astype(np.uint8), cv2.MORPH_OPEN, disc)))


#: Chroma distance from the paper's (Lab units) that counts as foot where it joins surer foot pixels.
_WEAK_CHROMA = 6.5
#: Largest faint part added that way, as a fraction of the surely-foot area (Cordwain assumption).
_MAX_GROWN = 0.05


def _fit_level(L: Floats32, sel: Mask, step: int = 4) -> Floats32:
    """Smooth (quadratic in x, y) lightness of the pixels ``sel``, over the whole image."""
    ys, xs = np.nonzero(sel[::step, ::step])
    if len(xs) < 50:
        return np.full(L.shape, np.median(L), np.float32)
    vals = L[::step, ::step][ys, xs]
    ys, xs = ys * step / L.shape[0], xs * step / L.shape[1]
    A = np.column_stack([np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys])
    coef = np.linalg.lstsq(A, vals, rcond=None)[0]
    yy = (np.arange(L.shape[0], dtype=np.float32) / L.shape[0])[:, None]
    xx = (np.arange(L.shape[1], dtype=np.float32) / L.shape[1])[None, :]
    c = coef.astype(np.float32)
    return cast(Floats32, (c[0] + c[2] * yy + c[5] * yy * yy) + xx * (c[1] + c[4] * yy + c[3] * xx))


def _clean(mask: Mask, k: int) -> Mask:
    """``mask`` opened then closed by a ``k`` x ``k`` square: specks and slits gone."""
    opened = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    return np.asarray(cv2.morphologyEx(opened, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8)), dtype=bool)


def _fill_holes(mask: Mask) -> Mask:
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = np.zeros(mask.shape, np.uint8)
    cv2.drawContours(out, contours, -1, 1, thickness=cv2.FILLED)
    return out.astype(bool)


def _gauss(x: Floats32) -> tuple[Floats, Floats]:
    """Mean and (regularised) covariance of feature rows ``x``."""
    mu = x.mean(0)
    cov = np.cov(x.T) + np.eye(x.shape[1]) * 4.0
    return mu, cov


def _mahal(feats: Floats32, mu: Floats, cov: Floats) -> Floats32:
    """Squared Mahalanobis distance plus log-determinant; ``feats`` (n, 3) float32."""
    white = np.linalg.cholesky(np.linalg.inv(cov)).astype(np.float32)  # inv = W W^T
    z = (feats - mu.astype(np.float32)) @ white
    return cast(Floats32, np.einsum("ij,ij->i", z, z) + np.float32(np.log(np.linalg.det(cov))))


def _kmeans_gauss(x: Floats32, k: int) -> list[tuple[Floats, Floats]]:
    """Up to ``k`` Gaussians (mean, covariance) of the clusters of feature rows ``x``."""
    x = x[:: max(1, len(x) // 20000)].astype(np.float32)
    cv2.setRNGSeed(12345)  # the same photo always gets the same answer
    # OpenCV's stubs want a labels array where None (no initial labels) is what its docs allow
    _, lab, _ = cv2.kmeans(  # type: ignore[call-overload, unused-ignore]
        x, k, None, (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5), 2, cv2.KMEANS_PP_CENTERS)
    out = []
    for i in range(k):
        xi = x[lab.ravel() == i]
        if len(xi) > 20:
            out.append(_gauss(xi))
    return out


def refine_contour(rect: Image, mask: Mask, reach: float = 4.0, plateau: tuple[float, float] = (3.0, 6.0),
                   smooth: int = 2) -> tuple[Floats, Mask]:
    """The mask's outer contour moved to where the image is half-way between foot and background.

    Along each contour point's normal the colour is sampled; the mean colours a few pixels
    inside (``plateau``) and outside are the foot's and the background's (paper, its shadow or
    the floor) there, and the point moves to the 50 % crossing of the colour projected on their
    difference, within ``reach`` px of the coarse contour. Soft shadows change slowly and only
    move the outer level; a low-contrast point keeps its coarse position.

    Parameters
    ----------
    rect : (H, W, 3) uint8
        BGR, ``[row, col]``.
    mask : (H, W) bool
        Coarse foot mask.

    Returns
    -------
    contour : (n, 2) float
        Counter-clockwise (in ``(x, y)`` with y down: clockwise on screen) contour ``(x, y)`` px.
    reliable : (n,) bool
        Points where foot and background differ enough to place the border finely.
    """
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    c = max(contours, key=cv2.contourArea).reshape(-1, 2).astype(np.float64)
    k = np.ones(2 * smooth + 1) / (2 * smooth + 1)
    pad = np.vstack([c[-smooth:], c, c[:smooth]])
    c = np.column_stack([np.convolve(pad[:, i], k, "valid") for i in range(2)])
    d = np.roll(c, -3, 0) - np.roll(c, 3, 0)
    normal = np.column_stack([d[:, 1], -d[:, 0]])
    normal /= np.linalg.norm(normal, axis=1, keepdims=True) + 1e-9
    # make the normals point out of the mask
    probe = np.round(c + 2.5 * normal).astype(int)
    h, w = mask.shape
    probe[:, 0] = np.clip(probe[:, 0], 0, w - 1)
    probe[:, 1] = np.clip(probe[:, 1], 0, h - 1)
    if np.mean(mask[probe[:, 1], probe[:, 0]]) > 0.5:
        normal = -normal
    offs = np.arange(-plateau[1], plateau[1] + 0.25, 0.5)
    pts = c[:, None, :] + offs[None, :, None] * normal[:, None, :]
    img = rect.astype(np.float32)
    prof = cv2.remap(img, pts[..., 0].astype(np.float32), pts[..., 1].astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)  # (n, m, 3)
    inner = prof[:, (offs <= -plateau[0])].mean(1)
    outer = prof[:, (offs >= plateau[0])].mean(1)
    diff = inner - outer
    norm2 = np.einsum("ij,ij->i", diff, diff)
    s = np.einsum("imj,ij->im", prof - outer[:, None, :], diff) / np.maximum(norm2, 1e-6)[:, None]
    window = np.abs(offs) <= reach
    o, sw = offs[window], s[:, window]
    # the crossing of 0.5 nearest the coarse contour, walking out from the inside
    above = sw >= 0.5
    cross = above[:, :-1] & ~above[:, 1:]
    shift = np.zeros(len(c))
    found = cross.any(1)
    centre = np.argmin(np.abs(o))
    idx = np.where(cross, np.abs(np.arange(cross.shape[1]) - centre), 1 << 20).argmin(1)
    s0, s1 = sw[np.arange(len(c)), idx], sw[np.arange(len(c)), idx + 1]
    frac = np.clip((s0 - 0.5) / np.maximum(s0 - s1, 1e-6), 0, 1)
    shift = np.where(found, o[idx] + frac * (o[1] - o[0]), 0.0)
    good = found & (np.sqrt(norm2) > 12.0)
    shift = np.where(good, shift, 0.0)
    shift = np.convolve(np.r_[shift[-2:], shift, shift[:2]], np.ones(5) / 5, "valid")
    return c + shift[:, None] * normal, good
