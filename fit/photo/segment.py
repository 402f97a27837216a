"""Foot segmentation in a rectified (top-view) image of the floor around the sheet.

Input images are ``(H, W, 3) uint8`` BGR indexed ``[row, col]``; the rectified grid has
``px_per_mm`` pixels per floor millimetre with the sheet at a known pixel box. No learning:
the paper is modelled as bright and neutral under smooth illumination, the floor by its own
colours around the sheet, the foot as what is neither (skin has chroma, socks are dark).
"""

import functools
from typing import NamedTuple, cast

import cv2
import numpy as np
import numpy.typing as npt
from scipy.ndimage import median_filter

Image = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Floats32 = npt.NDArray[np.float32]


def segment_foot(rect: Image, valid: Mask, sheet_box: tuple[int, int, int, int],
                 faint: bool = False) -> tuple[Mask, float]:
    """Foot mask of a rectified photo.

    Parameters
    ----------
    rect : (H, W, 3) uint8
        Rectified BGR image, ``[row, col]``.
    valid : (H, W) bool
        Pixels that came from inside the photo.
    sheet_box : (x0, y0, x1, y1) int
        The sheet's pixel box in ``rect`` (``x`` = col, ``y`` = row).
    faint : bool
        Take a foot nearly the paper's colour (a light sock): anything on the sheet a little darker
        or lighter than the paper, not only what is much darker or coloured. Its border takes the
        sock's soft shadow too (``to_crisp_edge``).

    Returns
    -------
    mask : (H, W) bool
        Foot (and anything standing on the sheet with it, e.g. a leg).
    paper_level : float
        Median paper lightness (Lab L, 0-255), for exposure checks.
    """
    paper = _paper_ratio(rect, valid, sheet_box, faint)
    foot_in = _in_image(_foot_on_sheet(paper, faint), paper.window, valid.shape)
    in_sheet = _in_image(paper.in_sheet, paper.window, valid.shape)
    mask = _with_overhang(paper.lab, valid, in_sheet, foot_in)
    return _fill_holes(_largest_component(mask)), paper.paper_level


def _foot_on_sheet(paper: "_PaperContrast", faint: bool) -> Mask:
    """The foot's pixels on the sheet, ``(h, w)`` bool over ``paper.window``: darker than the paper
    or coloured, and fainter toes joined to them (``_grown_toes``)."""
    ratio, chroma, in_sheet = paper.ratio, paper.chroma, paper.in_sheet
    # coloured and no lighter than the paper, or coloured as skin whatever its lightness: lit toes are
    # lighter than paper in a shadow's edge, where the paper's smooth lightness model runs low
    coloured = (chroma > 8) & ((ratio < 1.08) | (chroma > _SKIN_CHROMA))
    if faint:
        unlike = (ratio < _FAINT_FOOT_RATIO) | (ratio > 1 / _FAINT_FOOT_RATIO)
    else:
        unlike = ratio < _DARK_FOOT_RATIO
    foot_in = _clean(in_sheet & (unlike | coloured), 5)
    grown = _grown_toes(paper, foot_in)
    # at most a toe's worth (a big toe is 3-4 % of a footprint); more is a foot nearly the paper's
    # colour all over (a light sock), left to the low-contrast checks
    if grown is not None and np.count_nonzero(grown) <= _MAX_GROWN * np.count_nonzero(foot_in):
        foot_in |= grown
    return foot_in


def _grown_toes(paper: "_PaperContrast", foot_in: Mask) -> Mask | None:
    """Faintly coloured pixels of the skin's hue joined to surely coloured foot, outside ``foot_in``
    (``(h, w)`` bool over ``paper.window``); None without enough surely coloured foot to take a hue from.

    Hysteresis: skin in warm light on ivory paper is barely more coloured than the paper; a toe whose
    chroma falls just short is kept where it joins the skin-coloured foot and has its hue.
    """
    ratio, chroma, in_sheet = paper.ratio, paper.chroma, paper.in_sheet
    sure = foot_in & (chroma > 8)
    if np.count_nonzero(sure) <= 200:
        return None
    off_a, off_b = paper.a - paper.chroma_ref[0], paper.b - paper.chroma_ref[1]
    hue = np.array([np.median(off_a[sure]), np.median(off_b[sure])])
    hue /= max(float(np.hypot(*hue)), 1e-6)
    along = (off_a * hue[0] + off_b * hue[1]) / np.maximum(chroma, 1e-6)
    weak = _clean(in_sheet & (chroma > _WEAK_CHROMA) & (along > 0.9) & (ratio < 1.08), 5)
    n, weak_labels = cv2.connectedComponents(weak.astype(np.uint8))
    return _touching(np.asarray(weak_labels, dtype=np.int32), n, sure & weak) & ~foot_in


def _with_overhang(lab: Image, valid: Mask, in_sheet: Mask, foot_in: Mask) -> Mask:
    """``foot_in`` (``(H, W)`` bool) and what joins it off the sheet (overhanging toes, a leg): pixels
    whose colour is closer to the foot's than to the floor's around the sheet.

    The colour models (foot, and up to three floor clusters) are Gaussians in ``_features`` space;
    ``lab`` is the whole blurred ``(H, W, 3) uint8`` Lab image.
    """
    seed = cv2.erode(foot_in.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    outside = valid & ~in_sheet
    if np.count_nonzero(seed) <= 200 or np.count_nonzero(outside) <= 500:
        return foot_in
    foot_model = _gauss(_features(lab[seed]))
    ring = outside & (cv2.dilate(in_sheet.astype(np.uint8), np.ones((61, 61), np.uint8)) > 0)
    far = cv2.dilate(foot_in.astype(np.uint8), np.ones((121, 121), np.uint8)) == 0
    floor_px = _features(lab[ring & far])
    if len(floor_px) <= 200:
        return foot_in
    # only off-sheet pixels need the floor-or-foot decision, but scoring the whole image in OpenCV's
    # passes and dropping the sheet after costs less than gathering them
    off = _clean(outside & _closer_to_foot(lab.astype(np.float32), foot_model, _kmeans_gauss(floor_px, 3)), 5)
    # a toe or a leg is centimetres wide, a dark grout line or floorboard gap a few mm: keep
    # what survives an opening of about 4 mm, and the rest only next to it or to the foot
    # on the sheet (the sliver of a toe tip just past the sheet's edge)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (13, 13))
    core = cv2.morphologyEx(off.astype(np.uint8), cv2.MORPH_OPEN, disc).astype(bool)
    off &= cv2.dilate((core | foot_in).astype(np.uint8), disc).astype(bool)
    n, labels = cv2.connectedComponents((foot_in | off).astype(np.uint8))
    return _touching(np.asarray(labels, dtype=np.int32), n, foot_in)


def _closer_to_foot(lab: Floats32, foot: tuple[Floats, Floats], floors: list[tuple[Floats, Floats]]) -> Mask:
    """Which pixels of a Lab image (``(H, W, 3)`` float32) have the foot's colour rather than the floor's:
    ``(H, W)`` bool. Foot where the foot model's score (``_mahal``) is under 25 and beats every floor
    model's by 2."""
    d_foot = _mahal(lab, *foot)
    d_floor = functools.reduce(np.minimum, [_mahal(lab, mu, cov) for mu, cov in floors])
    return (d_foot + 2.0 < d_floor) & (d_foot < 25)


def _touching(labels: npt.NDArray[np.int32], n: int, seeds: Mask) -> Mask:
    """Pixels of the labelled components (``labels`` from ``cv2.connectedComponents``, ``n`` labels,
    0 the background) that hold a pixel of ``seeds``; same shape as ``labels``."""
    keep = np.zeros(n, bool)
    keep[labels[seeds]] = True
    keep[0] = False
    return cast(Mask, keep[labels])


def _largest_component(mask: Mask) -> Mask:
    """The largest 8-connected component of ``mask`` (``(H, W)`` bool); only its bounding box, a
    fraction of the image, is labelled."""
    x, y, w, h = cv2.boundingRect(mask.astype(np.uint8))
    if w == 0 or h == 0:
        return mask
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask[y:y + h, x:x + w].astype(np.uint8))
    if n <= 2:
        return mask
    out = np.zeros(mask.shape, bool)
    out[y:y + h, x:x + w] = labels == 1 + np.argmax(stats[1:, cv2.CC_STAT_AREA])
    return out


def _in_image(part: Mask, window: tuple[slice, slice], shape: tuple[int, ...]) -> Mask:
    """A window's ``(h, w)`` mask placed in an all-False ``shape`` ``(H, W)`` mask."""
    out = np.zeros(shape[:2], bool)
    out[window] = part
    return out


#: Colour features of the foot and floor models: Lab lightness at half weight, a and b centred on 0.
_FEATURE_SCALE = np.array([0.5, 1.0, 1.0], np.float32)
_FEATURE_SHIFT = np.array([0.0, 128.0, 128.0], np.float32)


def _features(lab_px: Image) -> Floats32:
    """``(n, 3) uint8`` Lab pixels -> ``(n, 3) float32`` features ``(L / 2, a - 128, b - 128)``.

    Taken from the pixels picked out of the uint8 image rather than from a float copy of all of it.
    """
    return cast(Floats32, lab_px.astype(np.float32) * _FEATURE_SCALE - _FEATURE_SHIFT)


#: Zero pixels kept around the sheet's box in the window its pixels are compared with the paper in:
#: more than the reach of the morphology on the sheet's masks (5 x 5 opening then closing, 7 x 7
#: erosion), so the window's masks are those of the whole image.
_WINDOW_PAD = 8


class _PaperContrast(NamedTuple):
    """How each pixel of the sheet's window differs from the paper (``_paper_ratio``).

    The ``(h, w)`` arrays cover ``window``, the sheet's box and ``_WINDOW_PAD`` px around it: only
    the sheet's pixels are compared with the paper.
    """

    window: tuple[slice, slice]  # (rows, cols) of the rectified image
    a: Floats32            # (h, w) Lab a - 128
    b: Floats32            # (h, w) Lab b - 128
    ratio: Floats32        # (h, w) lightness over the paper's lightness there
    chroma: Floats32       # (h, w) distance from the paper's (a, b) chroma, Lab units
    chroma_ref: Floats     # (2,) the paper's (a, b) chroma
    in_sheet: Mask         # (h, w) the sheet's pixels
    paper_level: float     # median paper lightness (Lab L, 0-255)
    lab: Image             # (H, W, 3) uint8 the blurred Lab image, whole


def _sheet_window(sheet_box: tuple[int, int, int, int], shape: tuple[int, ...]) -> tuple[slice, slice]:
    """``(rows, cols)`` of the sheet's box and ``_WINDOW_PAD`` px around it, within an image of ``shape``."""
    x0, y0, x1, y1 = sheet_box
    pad = _WINDOW_PAD
    return slice(max(y0 - pad, 0), min(y1 + pad, shape[0])), slice(max(x0 - pad, 0), min(x1 + pad, shape[1]))


def _paper_ratio(rect: Image, valid: Mask, sheet_box: tuple[int, int, int, int],
                 faint: bool = False) -> _PaperContrast:
    """Each sheet pixel's lightness and chroma against the paper's (``segment_foot``, ``faint_area_px``).

    With ``faint`` (a light sock), pixels much lighter than the paper are left out of the paper's
    fitted lightness: a sock's lit side may be lighter than the paper, and neutral as it is.
    """
    lab = np.asarray(cv2.cvtColor(cv2.GaussianBlur(rect, (0, 0), 1.2), cv2.COLOR_BGR2LAB), dtype=np.uint8)
    window = _sheet_window(sheet_box, valid.shape)
    win = lab[window].astype(np.float32)
    L, a, b = win[..., 0], win[..., 1] - 128, win[..., 2] - 128
    x0, y0, x1, y1 = sheet_box
    in_sheet = np.zeros(valid.shape, bool)
    in_sheet[y0:y1, x0:x1] = True
    in_sheet = in_sheet[window] & valid[window]
    # paper: the brightest, neutral part of the sheet (a big foot may cover most of it), under
    # smooth illumination (quadratic in x, y); shadows are darker paper of the same chroma
    chroma_ref = _paper_chroma(a, b, L, in_sheet)
    chroma = np.hypot(a - chroma_ref[0], b - chroma_ref[1])
    top = float(np.percentile(L[in_sheet], 92))
    guess = in_sheet & (chroma < 6) & (L > 0.8 * top)
    origin = (window[0].start, window[1].start)
    level = _fit_level(lab, L, guess, origin)
    for _ in range(2):
        ratio = L / np.maximum(level, 1)
        guess = in_sheet & (chroma < 7) & (ratio > 0.9) & (ratio < (1.08 if faint else np.inf))
        level = _fit_level(lab, L, guess, origin)
    ratio = L / np.maximum(level, 1)
    paper_level = float(np.median(L[guess])) if np.any(guess) else 0.0
    return _PaperContrast(window, a, b, cast(Floats32, ratio.astype(np.float32)),
                          cast(Floats32, chroma.astype(np.float32)), chroma_ref, cast(Mask, in_sheet), paper_level,
                          lab)


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
    paper = _paper_ratio(rect, valid, sheet_box)
    faint = _in_image(paper.in_sheet & (paper.ratio > 0.5) & (paper.ratio < 0.9) & (paper.chroma < 8),
                      paper.window, valid.shape) & ~mask
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))
    return int(np.count_nonzero(cv2.morphologyEx(faint.astype(np.uint8), cv2.MORPH_OPEN, disc)))


def unlike_paper_beside_px(rect: Image, valid: Mask, sheet_box: tuple[int, int, int, int], mask: Mask) -> int:
    """Pixels of the sheet just beside ``mask`` (1 to 5 mm out) whose lightness is more than
    ``_PLAIN_PAPER`` off the paper's, in patches that survive a 3 x 3 opening.

    Beside a foot the mask holds whole there is plain paper. A light sock has a side lit as
    brightly as the paper, which its mask (``faint``) loses, and what is left beside that mask is
    the rest of the sock, a little lighter or darker than the paper.
    """
    paper = _paper_ratio(rect, valid, sheet_box, faint=True)
    on_foot = mask[paper.window].astype(np.uint8)
    within = cv2.erode(paper.in_sheet.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    beside = within & (cv2.dilate(on_foot, np.ones((31, 31), np.uint8)) > 0) & (
        cv2.dilate(on_foot, np.ones((7, 7), np.uint8)) == 0)
    unlike = (beside & (np.abs(paper.ratio - 1) > _PLAIN_PAPER)).astype(np.uint8)
    return int(np.count_nonzero(cv2.morphologyEx(unlike, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))))


#: Paper under smooth light is within this fraction of its fitted lightness, pixel by pixel, once the
#: rectified image is blurred (development scenes: 1st to 99th percentile 0.94-1.05 across a sheet).
_PLAIN_PAPER = 0.06


def to_crisp_edge(rect: Image, mask: Mask, reach_px: float = 27.0) -> Mask:
    """``mask`` (``(H, W)`` bool) with its border moved in, up to ``reach_px``, to the outermost sharp
    step of lightness along each border point's normal.

    A light sock's mask (``segment_foot(..., faint=True)``) takes the soft shadow the sock casts on the
    paper beside it, a little darker than the paper as the sock is. Walking in from the paper, the
    shadow darkens slowly and the sock's own edge is the first sharp step (over ``_CRISP_STEP`` of
    the paper's lightness within a pixel); where the border has no such step within reach, or it is
    the border itself, the border stays. The moves are median-filtered along the border, so a toe's
    gap or a fold does not cut a notch.
    """
    contour, normal = _outward_normals(mask)
    offs = np.arange(-reach_px, 2.5, 0.5)
    pts = contour[:, None, :] + offs[None, :, None] * normal[:, None, :]
    lab = np.asarray(cv2.cvtColor(rect, cv2.COLOR_BGR2LAB), dtype=np.uint8)
    prof = _sample_linear(lab, pts[..., 0].astype(np.float32), pts[..., 1].astype(np.float32))[..., 0]  # lightness
    step = np.abs(prof[:, 2:] - prof[:, :-2])  # over 1 px, centred on offs[1:-1]
    sharp = step > _CRISP_STEP * prof[:, -1:]
    outermost = sharp.shape[1] - 1 - np.argmax(sharp[:, ::-1], axis=1)
    shift = np.where(sharp.any(1), np.minimum(offs[1:-1][outermost], 0.0), 0.0)
    shift = median_filter(shift, size=15, mode="wrap")
    out = np.zeros(mask.shape, np.uint8)
    cv2.fillPoly(out, [np.round(contour + shift[:, None] * normal).astype(np.int32)], 1)
    return out.astype(bool)


#: A step of lightness within a pixel, as a fraction of the paper's, that is an object's edge: a soft
#: shadow's edge on development scenes changes by about 0.025 of it per pixel, a light sock's rim by 0.07-0.17.
_CRISP_STEP = 0.06


#: Lightness, over the paper's there, under which a neutral pixel of the sheet is foot: a shadow on the
#: paper is lighter, a dark sock or skin in shade darker.
_DARK_FOOT_RATIO = 0.58
#: The same taking a light sock (``faint``), which is also taken where it is this much lighter than the
#: paper (a lit side); development light socks are 0.6-0.9 of the paper in shade.
_FAINT_FOOT_RATIO = 0.92
#: Chroma distance from the paper's (Lab units) that counts as foot where it joins surer foot pixels.
_WEAK_CHROMA = 6.5
#: Chroma off the paper's, Lab units, that is the foot's whatever its lightness (skin is 19-26 off a
#: neutral sheet in daylight; Cordwain assumption: nothing else that colourful lies on the sheet).
_SKIN_CHROMA = 16.0
#: Largest faint part added that way, as a fraction of the surely-foot area (Cordwain assumption).
_MAX_GROWN = 0.05


def _fit_level(lab: Image, L: Floats32, sel: Mask, origin: tuple[int, int], step: int = 4) -> Floats32:
    """Smooth (quadratic in x, y) lightness of the pixels ``sel``, over a window of the image.

    Parameters
    ----------
    lab : (H, W, 3) uint8
        The whole Lab image (its median lightness stands in when ``sel`` has too few pixels).
    L : (h, w) float32
        Lightness in the window whose first pixel is image ``origin`` ``(row, col)``.
    sel : (h, w) bool
        The pixels fitted; none outside the window.
    step : int
        Every ``step``-th row and column of the whole image is sampled, positions taken as fractions
        of its height and width: the fit does not depend on the window.

    Returns
    -------
    (h, w) float32
    """
    H, W = lab.shape[:2]
    r0, c0 = origin
    first_row, first_col = -r0 % step, -c0 % step  # the window's first row and column on the grid
    ys, xs = np.nonzero(sel[first_row::step, first_col::step])
    if len(xs) < 50:
        return np.full(L.shape, np.median(lab[..., 0]), np.float32)
    vals = L[first_row::step, first_col::step][ys, xs]
    ys, xs = (r0 + first_row + ys * step) / H, (c0 + first_col + xs * step) / W
    A = np.column_stack([np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys])
    coef = np.linalg.lstsq(A, vals, rcond=None)[0]
    yy = (np.arange(r0, r0 + L.shape[0], dtype=np.float32) / H)[:, None]
    xx = (np.arange(c0, c0 + L.shape[1], dtype=np.float32) / W)[None, :]
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
    """Mean ``(d,)`` and (regularised) covariance ``(d, d)`` of feature rows ``x`` ``(n, d)``.

    OpenCV sums in double precision in one pass (numpy's float32 mean of a few hundred thousand
    rows is off by about 0.01, and its covariance takes a float64 copy first); the covariance is
    the unbiased one (over n - 1) plus 4 on the diagonal.
    """
    n = len(x)
    # OpenCV's stubs want a mean array where None (the mean computed and returned) is what its docs allow
    cov, mean = cv2.calcCovarMatrix(  # type: ignore[call-overload, unused-ignore]
        x, None, cv2.COVAR_NORMAL | cv2.COVAR_ROWS | cv2.COVAR_SCALE, cv2.CV_64F)
    return np.asarray(mean, dtype=np.float64).ravel(), cov * (n / (n - 1)) + np.eye(x.shape[1]) * 4.0


def _mahal(lab: Floats32, mu: Floats, cov: Floats) -> Floats32:
    """Squared Mahalanobis distance plus log-determinant of a Gaussian in ``_features`` space, per pixel.

    Parameters
    ----------
    lab : (H, W, 3) float32
        Lab pixels as OpenCV's 8-bit conversion gives them (0-255 each).
    mu : (3,) float
    cov : (3, 3) float
        The Gaussian's mean and covariance of ``_features``.

    Returns
    -------
    (H, W) float32
    """
    white = np.linalg.cholesky(np.linalg.inv(cov))  # inv = W W^T, so the distance is |W^T (f - mu)|^2
    # the features (scale * lab - shift) and the whitening as one affine map, applied to the whole
    # image by OpenCV in a pass (a fraction of the time of gathering the pixels that need it)
    affine = np.column_stack([white.T * _FEATURE_SCALE, white.T @ (-_FEATURE_SHIFT - mu)])
    z = np.asarray(cv2.transform(lab, affine), dtype=np.float32)
    np.multiply(z, z, out=z)
    score = np.asarray(cv2.transform(z, np.ones((1, 3))), dtype=np.float32)
    score += np.float32(np.log(np.linalg.det(cov)))
    return score


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
    c, normal = _outward_normals(mask, smooth)
    offs = np.arange(-plateau[1], plateau[1] + 0.25, 0.5)
    pts = c[:, None, :] + offs[None, :, None] * normal[:, None, :]
    prof = _sample_linear(rect, pts[..., 0].astype(np.float32), pts[..., 1].astype(np.float32))  # (n, m, 3)
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


def _outward_normals(mask: Mask, smooth: int = 2) -> tuple[Floats, Floats]:
    """The mask's largest outer contour, ``(n, 2)`` float ``(x, y)`` px smoothed over ``2 * smooth + 1``
    points, and its unit normals pointing out of the mask, ``(n, 2)``."""
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
    return c, normal


def _sample_linear(image: Image, x: Floats32, y: Floats32) -> Floats32:
    """``image`` (``(H, W, 3)`` uint8) sampled as float32 at points ``x``, ``y`` (px, any same shape ``S``):
    ``S + (3,)``, bilinear, the border replicated (``cv2.remap``).

    Only the patch the points reach is made float: the same samples as remapping the whole image
    (shifting float32 coordinates by whole pixels is exact, and the patch keeps the image's border
    where the points reach past it) without a float copy of a whole rectified photo.
    """
    h, w = image.shape[:2]
    x0, x1 = max(int(np.floor(x.min())) - 1, 0), min(int(np.ceil(x.max())) + 2, w)
    y0, y1 = max(int(np.floor(y.min())) - 1, 0), min(int(np.ceil(y.max())) + 2, h)
    patch = image[y0:y1, x0:x1].astype(np.float32)
    return np.asarray(cv2.remap(patch, x - np.float32(x0), y - np.float32(y0), cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_REPLICATE), dtype=np.float32)
