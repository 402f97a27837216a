"""Candidate sheets from the image's straight edges, each scored by how well a sheet explains it.

The sheet need not be the brightest thing in the photo (light tiles, a tinted or shadowed
sheet, a floor nearly as light as the paper): straight edge segments of the lightness image
are merged into lines; every four lines that close a convex quadrilateral which an A4 or Letter
rectangle, seen by a camera 15-150 cm above the floor and tilted at most 45 degrees, maps onto
are scored by how much of each side is a consistent colour step (a side hidden by the foot or
the leg keeps the others' support) and how smooth the inside is, and by how much of the floor
next to it differs from the inside. A sheet whose fourth side shows no line (the heel and the leg
over it, white checks beside the rest) is completed from three: the fourth side is drawn where a
rectangle of the paper under the camera has it, and such a quad is kept only when it looks like a
sheet with a foot on it.

Works on the reduced BGR detection image ``(H, W, 3) uint8`` ``[row, col]``; points are ``(x, y)``
= ``(col, row)`` px of that image.
"""

import warnings
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any, cast

import cv2
import numpy as np
import numpy.typing as npt

from .paper import PAPERS_MM, _signed_area, camera_pose

Floats = npt.NDArray[np.float64]
Floats32 = npt.NDArray[np.float32]
#: A straight line of the image: a point on it, its unit direction, its support (px) and its segments (m, 4).
ImageLine = tuple[Floats, Floats, float, Floats]

_MIN_SEGMENT_PX = 12.0
_LSD_QUANT = 1.0  # the line segment detector's bound on the gradient's quantisation error (``_lines``)
_MAX_LINES = 60
#: Candidate quads scored in full after the quick pre-sorting (``_best_shown``), from each of its two
#: rankings: a sheet on light tiles, its edges fainter than the grout round a tile, ranked 132nd among
#: 1,800 (development scenes); 200 cost 0.08 s more than 80 on such a photo.
_MAX_SCORED = 200
_MAX_HELD = 100  # and at most this many more that look like a sheet with a foot on it (``_best_held``)
#: Of the quads completed from three lines (``_completed``) that hold a foot, scored from each of the two
#: rankings: the true sheet's ranked at best 13th (development checker and light-tile scenes, 6-422 held).
_MAX_COMPLETED = 30
_MAX_ASPECT_ERROR = 0.12
_HEIGHT_RANGE_MM = (150.0, 1500.0)
_MAX_TILT_DEG = 50.0
_MIN_SEEN = 0.4  # of a side counted as seen, however much of it shows no step (``_shown``)


@dataclass(frozen=True)
class Quad:
    """A candidate sheet on the detection image.

    Attributes
    ----------
    corners : (4, 2) float
        ``(x, y)`` px, clockwise on screen, the first side a short edge.
    paper : str
    score : float
        0 (nothing supports it) to about 1.
    side_support : (4,) float
        Fraction of each side (corners[j] -> corners[j+1]) that shows the paper's edge.
    completed : bool
        Three of its sides are lines of the image, the fourth is drawn where they put it (``_completed``).
    """

    corners: Floats
    paper: str
    score: float
    side_support: Floats
    completed: bool = False


def edge_quads(small: npt.NDArray[np.uint8], K: Floats, paper: str = "auto", keep: int = 5) -> list[Quad]:
    """The best-scored candidate sheets of a reduced image, best first.

    Parameters
    ----------
    small : (H, W, 3) uint8
        BGR detection image.
    K : (3, 3) float
        Its intrinsics.
    paper : str
        ``"auto"``, ``"a4"`` or ``"letter"``.
    keep : int

    Returns
    -------
    list of Quad
    """
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (0, 0), 0.8), cv2.COLOR_BGR2LAB).astype(np.float32)
    lines = _lines(lab[..., 0])
    h, w = small.shape[:2]
    names = ("a4", "letter") if paper == "auto" else (paper,)
    texture = _texture(lab)
    four = _worth_scoring(lab, _candidates(lines, (w, h), K, names), _MAX_SCORED, _MAX_HELD)
    three = _completed(lines, (w, h), K, names)
    if len(three):
        three = _worth_scoring(lab, three[_holding_foot(lab, three, n_rim=16, n_grid=8)], _MAX_COMPLETED, 0)
    fitted = [(fit, completed) for corners, completed in [(c, False) for c in four] + [(c, True) for c in three]
              if (fit := _rectangle_fit(corners, K, names)) is not None]
    if not fitted:
        return []
    scores, supports = _scores(lab, texture, np.array([fit[0] for fit, _ in fitted]))
    found = [Quad(corners=fit[0], paper=fit[1], score=float(score), side_support=support, completed=completed)
             for (fit, completed), score, support in zip(fitted, scores, supports) if np.isfinite(score)]
    # best first; on a tie (within a hundredth) a quad of four lines before a completed one, whose drawn
    # side is less evidence
    found.sort(key=lambda q: (-round(q.score, 2), q.completed))
    out: list[Quad] = []
    for q in found:
        # a quad of four lines and a completed one over it are both kept: either may place the sheet
        if all(overlap(q.corners, o.corners) < 0.9 for o in out if o.completed == q.completed):
            out.append(q)
        if len(out) == keep:
            break
    return out


def _worth_scoring(lab: Floats32, cands: Floats, n_shown: int, n_held: int) -> Floats:
    """The candidate quads ``(m, 4, 2)`` worth scoring in full: all when there are at most ``n_shown``,
    else those the quick pre-sortings rank best (``_best_shown``, ``_best_held``)."""
    if len(cands) <= n_shown:
        return cands
    support, flat = _supports(lab, cands)
    picked = _best_shown(support, flat, n_shown)
    return cands[np.union1d(picked, _best_held(lab, cands, support, n_held)) if n_held else picked]


def quad_score(small: npt.NDArray[np.uint8], corners: npt.ArrayLike) -> float:
    """The score ``edge_quads`` gives a quad ``(4, 2)`` (clockwise on screen) of ``small``; 0 when
    more than one side is mostly hidden."""
    half = cv2.resize(small, (small.shape[1] // 2, small.shape[0] // 2), interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(half, cv2.COLOR_BGR2LAB).astype(np.float32)  # half size: a judgement, not a fit
    scores, _ = _scores(lab, _texture(lab), np.asarray(corners, dtype=np.float64)[None] / 2)
    return float(np.nan_to_num(scores[0]))


def outlined_by_lines(small: npt.NDArray[np.uint8], corners: npt.ArrayLike, reach: float = 8.0) -> bool:
    """Whether a quad ``(4, 2)`` of ``small`` is outlined by thin lines with one floor on both sides
    (grout round a tile), not by steps from one surface to another as a sheet's edges are: two or more
    of its sides have the same colour ``reach`` px either side along most of their length (development
    light-tile scenes: tiles 0.7-1.0 of three sides, sheets 0-0.1 but a heel edge the foot crosses)."""
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (0, 0), 0.8), cv2.COLOR_BGR2LAB).astype(np.float32)
    c = np.asarray(corners, dtype=np.float64)
    centre = c.mean(0)
    alike = []
    for a, b in zip(c, np.roll(c, -1, 0)):
        n = _inward_normal(a, b, centre)
        base = a + np.linspace(0.1, 0.9, 30)[:, None] * (b - a)
        inner, outer = _sample(lab, base + reach * n), _sample(lab, base - reach * n)
        alike.append(float(np.mean(np.linalg.norm(inner - outer, axis=1) < _SAME_COLOUR)))
    return sum(f > 0.6 for f in alike) >= 2


_SAME_COLOUR = 6.0  # Lab distance (OpenCV's 8-bit scale) under which two floor samples are one colour


def holds_foot(small: npt.NDArray[np.uint8], quads: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Which quads ``(m, 4, 2)`` of ``small`` look like a sheet with a foot on it (``_holding_foot``),
    ``(m,)`` bool; the image is converted once for all of them."""
    q = np.asarray(quads, dtype=np.float64).reshape(-1, 4, 2)
    if not len(q):
        return np.zeros(0, bool)
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (0, 0), 0.8), cv2.COLOR_BGR2LAB).astype(np.float32)
    return _holding_foot(lab, q)


#: Fraction of a sheet's rim of one colour, and the range of the fraction of its inside a foot covers
#: (Cordwain assumption: the foot and the leg cross the rim at the heel edge at most; a foot on the
#: sheet covers from about a sixth of its inside, the leg over it up to three quarters).
_RIM_ALIKE = 0.75
_FOOT_COVER = (0.15, 0.75)


def _holding_foot(lab: Floats32, quads: Floats, n_rim: int = 40, n_grid: int = 20,
                  reach: float = 4.0) -> npt.NDArray[np.bool_]:
    """Which quads ``(m, 4, 2)`` of a Lab image look like a sheet with a foot on it, ``(m,)`` bool: one
    colour just inside all four sides (paper, ``_RIM_ALIKE`` of the rim or more), and something else
    over part of the inside (``_FOOT_COVER``), sampled at ``n_rim`` points a side and ``n_grid`` squared
    inside.

    Blocks of floor tiles that pass for a sheet fail it: a block of black and white checks has two
    colours round its rim or inside it, a single check or tile none but its own (development checker
    scenes: true sheets 0.79-0.94 of the rim alike and 0.28-0.58 of the inside covered; the quads that
    out-scored them either under 0.75 alike or under 0.15 or over 0.95 covered).
    """
    m = len(quads)
    a, b = quads, np.roll(quads, -1, 1)
    n = _inward_normals(quads)
    centre = quads.mean(1, keepdims=True)
    t = np.linspace(0.06, 0.94, n_rim)[None, None, :, None]
    rim = _sample(lab, (a[:, :, None] + t * (b - a)[:, :, None] + reach * n[:, :, None]).reshape(-1, 2))
    rim = rim.reshape(m, 4 * n_rim, 3)
    paper = np.median(rim, axis=1).astype(np.float64)  # (m, 3)
    inset = centre + 0.85 * (quads - centre)
    u, v = (g.ravel()[None, :, None] for g in np.meshgrid(np.linspace(0, 1, n_grid), np.linspace(0, 1, n_grid)))
    c0, c1, c2, c3 = (inset[:, None, k] for k in range(4))
    grid = (1 - u) * (1 - v) * c0 + u * (1 - v) * c1 + u * v * c2 + (1 - u) * v * c3  # (m, n_grid², 2)
    inside = _sample(lab, grid.reshape(-1, 2)).reshape(m, -1, 3)
    alike = _like_paper(rim, paper, (0.8, 1.25), 8.0)
    covered = 1.0 - _like_paper(inside, paper, (0.7, 1.3), 10.0)
    return (alike >= _RIM_ALIKE) & (covered >= _FOOT_COVER[0]) & (covered <= _FOOT_COVER[1])


def _like_paper(colours: Floats32, paper: Floats, lightness: tuple[float, float], chroma: float) -> Floats:
    """Fraction of Lab ``colours`` ``(m, n, 3)`` within ``lightness`` (a range of ratios) and ``chroma`` of
    each row's ``paper`` ``(m, 3)``: ``(m,)``."""
    ratio = colours[..., 0] / np.maximum(paper[:, None, 0], 1.0)
    off = np.hypot(colours[..., 1] - paper[:, None, 1], colours[..., 2] - paper[:, None, 2])
    return cast(Floats, np.mean((ratio > lightness[0]) & (ratio < lightness[1]) & (off < chroma), axis=1))




def _scores(lab: Floats32, texture: Floats32, quads: Floats) -> tuple[Floats, Floats]:
    """Scores ``(m,)`` of quads ``(m, 4, 2)``: edges supported along the sides and stopping at the corners,
    a smooth inside; NaN where more than one side is mostly hidden. And the sides' support ``(m, 4)``."""
    support, colours, flat = _side_supports(lab, quads)
    shown = support >= 0.2
    # one sheet lies inside all four sides: a side whose inner colour is another (a grout line or a
    # floorboard beyond the sheet's edge, with floor inside it) does not count
    ref = _masked_median(colours[:, None], shown[:, None])[:, 0]  # (m, 1, 3)
    chroma = np.hypot(colours[..., 1] - ref[..., 1], colours[..., 2] - ref[..., 2])
    ratio = colours[..., 0] / np.maximum(ref[..., 0], 1.0)
    other = (shown.sum(1) >= 2)[:, None] & ((chroma > 8.0) | (ratio < 0.55) | (ratio > 1.8))
    support = np.where(other, -0.6 * support, support)  # an edge with floor inside is evidence against
    hidden = np.sort(_shown(support, flat), axis=1)[:, 1] < 0.35  # at most one side may be mostly hidden
    ext = _ext_supports(lab, quads)
    smooth = np.array([_inside_smoothness(texture, c) for c in quads])
    score = 0.6 * np.mean(np.minimum(support, 0.9) / 0.9 - 0.7 * ext, axis=1) + 0.4 * smooth
    return cast(Floats, np.where(hidden, np.nan, score)), support


def _best_shown(support: Floats, flat: Floats, n: int) -> npt.NDArray[np.intp]:
    """Indices of the quads worth scoring, from their sides' ``support`` and ``flat`` fractions ``(m, 4)``:
    the ``n`` whose three best sides show the most edge, and the ``n`` whose three best sides show the
    most where anything can show (``_shown``, as ``_scores`` judges them: white checks beside a side
    leave no step there, no evidence against it; many quads reach its cap of 1, so it alone cannot
    rank them)."""
    raw = np.sort(support, axis=1)[:, 1:].mean(1)
    shown = np.sort(_shown(support, flat), axis=1)[:, 1:].mean(1)
    return np.union1d(np.argsort(-raw)[:n], np.argsort(-shown)[:n])


def _best_held(lab: Floats32, quads: Floats, support: Floats, n: int) -> npt.NDArray[np.intp]:
    """Indices of the ``n`` quads ``(m, 4, 2)`` with the most ``support`` ``(m, 4)`` along their four sides
    among those that look like a sheet with a foot on it (``_holding_foot``, sampled coarsely).

    A floor of light tiles makes thousands of quads whose grout lines step more than a sheet's faint
    edges (a development scene's true sheet, scoring 0.91 once scored, was not among the 348 the
    other two sortings kept of 5465); few tiles hold a foot."""
    held = np.flatnonzero(_holding_foot(lab, quads, n_rim=16, n_grid=8))
    return held[np.argsort(-support[held].mean(1))[:n]]


def _shown(support: Floats, flat: Floats) -> Floats:
    """How well each side shows the paper's edge where anything can be seen: ``support`` over the
    fraction of the side with a colour step at all. Where the floor beyond is the paper's own
    colour (white checks or tiles) or the foot covers both sides, no edge can show; that part is
    no evidence either way, as for a side hidden by the foot, but at least ``_MIN_SEEN`` of a side
    is counted so that a few steps on an otherwise blank line do not make an edge."""
    return cast(Floats, np.minimum(support / np.maximum(1.0 - flat, _MIN_SEEN), 1.0))


def _lines(L: Floats32) -> list[ImageLine]:
    """Straight lines of ``L`` as ``(point (2,), unit direction (2,), support px, segments (m, 4))``."""
    # OpenCV's defaults but a gradient quantisation of 1 instead of 2 (scale 0.8, sigma 0.6): with 2, a
    # sheet 10-15 grey levels darker than the light tiles round it gave no segment on any edge
    lsd = cv2.createLineSegmentDetector(cv2.LSD_REFINE_STD, 0.8, 0.6, _LSD_QUANT)
    segs = lsd.detect(np.clip(L * (255.0 / 255.0), 0, 255).astype(np.uint8))[0]
    if segs is None:
        return []
    segs = segs.reshape(-1, 4).astype(np.float64)
    length = np.hypot(segs[:, 2] - segs[:, 0], segs[:, 3] - segs[:, 1])
    segs, length = segs[length >= _MIN_SEGMENT_PX], length[length >= _MIN_SEGMENT_PX]
    order = np.argsort(-length)
    lines: list[list[Any]] = []  # [p0, d, support, [segments]]
    for i in order[:400]:
        s = segs[i]
        d = (s[2:] - s[:2]) / length[i]
        mid = (s[:2] + s[2:]) / 2
        for line in lines:
            p0, e = line[0], line[1]
            n = np.array([-e[1], e[0]])
            if abs(np.dot(d, e)) > np.cos(np.radians(2.5)) and max(abs(np.dot(s[:2] - p0, n)),
                                                                     abs(np.dot(s[2:] - p0, n))) < 2.5:
                line[2] += length[i]
                line[3].append(s)
                pts = np.vstack([np.array(line[3])[:, :2], np.array(line[3])[:, 2:]])
                wts = np.repeat(np.hypot(*(np.array(line[3])[:, 2:] - np.array(line[3])[:, :2]).T), 1)
                wts = np.r_[wts, wts]
                c = np.average(pts, axis=0, weights=wts)
                cov = np.cov((pts - c).T, aweights=wts)
                vals, vecs = np.linalg.eigh(cov)
                line[0], line[1] = c, vecs[:, -1]
                break
        else:
            lines.append([mid, d, length[i], [s]])
    lines.sort(key=lambda l: -l[2])
    return [(l[0], l[1], l[2], np.array(l[3])) for l in lines[:_MAX_LINES]]


def _line_arrays(lines: list[ImageLine]) -> tuple[Floats, Floats, Floats, Floats]:
    """The lines' points and unit directions ``(n, 2)``, homogeneous forms ``(a, b, c)`` of
    ``a x + b y + c = 0`` ``(n, 3)`` and angles in [0, pi) ``(n,)``."""
    p0 = np.array([l[0] for l in lines]).reshape(-1, 2)
    d = np.array([l[1] for l in lines]).reshape(-1, 2)
    hom = np.column_stack([-d[:, 1], d[:, 0], d[:, 1] * p0[:, 0] - d[:, 0] * p0[:, 1]])
    return p0, d, hom, np.arctan2(d[:, 1], d[:, 0]) % np.pi


def _parallel_pairs(lines: list[ImageLine], size: tuple[int, int]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp],
                                                                           Floats]:
    """The pairs of lines that could be opposite sides of a sheet: indices ``i, j`` ``(m,)``, within 30
    degrees of parallel and apart by more than a small sheet's width, and their mean angle ``(m,)``."""
    w, h = size
    p0, d, _, ang = _line_arrays(lines)
    i, j = np.triu_indices(len(lines), 1)
    da = np.abs(ang[i] - ang[j])
    da = np.minimum(da, np.pi - da)
    sep = np.abs(np.einsum("ij,ij->i", p0[j] - p0[i], np.column_stack([-d[i, 1], d[i, 0]])))
    keep = (da < np.radians(30)) & (sep > 0.08 * min(w, h))
    i, j = i[keep], j[keep]
    mean_dir = d[i] + np.sign(np.einsum("ij,ij->i", d[i], d[j]))[:, None] * d[j]
    return i, j, np.arctan2(mean_dir[:, 1], mean_dir[:, 0]) % np.pi


def _candidates(lines: list[ImageLine], size: tuple[int, int], K: Floats, names: Sequence[str]) -> Floats:
    """Corner sets ``(n, 4, 2)`` of the line quadruples that make a quad an A4 or Letter sheet could
    be: two roughly parallel pairs of lines crossing at a large angle, convex, and (checked for all
    at once) mapped from a rectangle of the paper's aspect under ``K`` within the tolerance."""
    w, h = size
    if len(lines) < 4:
        return np.zeros((0, 4, 2))
    p0, d, hom, _ = _line_arrays(lines)
    i, j, t = _parallel_pairs(lines, size)
    P, Q = np.triu_indices(len(i), 1)
    dt = np.abs(t[P] - t[Q])
    dt = np.minimum(dt, np.pi - dt)
    quads = np.column_stack([i[P], i[Q], j[P], j[Q]])  # sides a, c, b, d around the quad
    ok = (dt > np.radians(45)) & (quads[:, 0] != quads[:, 1]) & (quads[:, 0] != quads[:, 3]) \
        & (quads[:, 2] != quads[:, 1]) & (quads[:, 2] != quads[:, 3])
    quads = quads[ok]
    if not len(quads):
        return np.zeros((0, 4, 2))
    corners = []
    for k in range(4):
        x = np.cross(hom[quads[:, k - 1]], hom[quads[:, k]])
        corners.append(x[:, :2] / np.where(np.abs(x[:, 2:]) > 1e-12, x[:, 2:], 1e-12))
    c = np.stack(corners, 1)  # (m, 4, 2)
    x, y = c[..., 0], c[..., 1]
    area = 0.5 * np.sum(x * np.roll(y, -1, 1) - np.roll(x, -1, 1) * y, 1)
    c = np.where((area < 0)[:, None, None], c[:, ::-1], c)
    e = np.roll(c, -1, 1) - c
    turn = e[..., 0] * np.roll(e, -1, 1)[..., 1] - e[..., 1] * np.roll(e, -1, 1)[..., 0]
    ok = np.all(turn > 0, 1) & (np.abs(area) > 0.02 * w * h) & (np.abs(area) < 0.9 * w * h)
    ok &= np.all((c > -0.5 * max(w, h)) & (c < 1.5 * max(w, h)), (1, 2))
    c = c[ok]
    if not len(c):
        return cast(Floats, c)
    # square -> quad homographies (Heckbert), then the rectangle's aspect and squareness under K
    x, y = c[..., 0], c[..., 1]
    dx1, dx2, dx3 = x[:, 1] - x[:, 2], x[:, 3] - x[:, 2], x[:, 0] - x[:, 1] + x[:, 2] - x[:, 3]
    dy1, dy2, dy3 = y[:, 1] - y[:, 2], y[:, 3] - y[:, 2], y[:, 0] - y[:, 1] + y[:, 2] - y[:, 3]
    den = dx1 * dy2 - dx2 * dy1
    den = np.where(np.abs(den) > 1e-12, den, 1e-12)
    g, hh = (dx3 * dy2 - dx2 * dy3) / den, (dx1 * dy3 - dx3 * dy1) / den
    col1 = np.stack([x[:, 1] - x[:, 0] + g * x[:, 1], y[:, 1] - y[:, 0] + g * y[:, 1], g], 1)
    col2 = np.stack([x[:, 3] - x[:, 0] + hh * x[:, 3], y[:, 3] - y[:, 0] + hh * y[:, 3], hh], 1)
    Kinv = np.linalg.inv(K)
    m1, m2 = col1 @ Kinv.T, col2 @ Kinv.T
    n1, n2 = np.linalg.norm(m1, axis=1), np.linalg.norm(m2, axis=1)
    cos = np.abs(np.einsum("ij,ij->i", m1, m2)) / (n1 * n2)
    ratio = n2 / n1
    ok = np.zeros(len(c), bool)
    for name in names:
        wp, lp = PAPERS_MM[name]
        r = lp / wp
        err = np.minimum(np.abs(ratio / r - 1), np.abs(ratio * r - 1)) + cos
        ok |= err < _MAX_ASPECT_ERROR
    return cast(Floats, c[ok])


def _completed(lines: list[ImageLine], size: tuple[int, int], K: Floats, names: Sequence[str]) -> Floats:
    """Corner sets ``(n, 4, 2)`` of the sheets three of whose sides are among ``lines``: two roughly
    parallel lines and one crossing both at a large angle; the fourth side is where a rectangle of the
    paper (either of its sides along the crossing line) under ``K`` has it, on the side of the crossing
    line where the parallel lines lie.

    A sheet's heel edge may show no line at all: the heel and the leg cover its middle and white
    checks or tiles lie beside the rest of it. Under a known camera three sides fix a rectangle of
    known size: the parallel lines' vanishing point is the direction of their sides, the crossing
    line's is the direction on it square to that one, and the two corners on the crossing line give
    the scale. Only a fourth side that then shows where it is drawn makes the quad a sheet
    (``paper._placed_sheet``).
    """
    w, h = size
    n = len(lines)
    if n < 3:
        return np.zeros((0, 4, 2))
    p0, d, hom, ang = _line_arrays(lines)
    i, j, t = _parallel_pairs(lines, size)
    pair, c = (g.ravel() for g in np.meshgrid(np.arange(len(i)), np.arange(n), indexing="ij"))  # every pair, every line
    dt = np.abs(t[pair] - ang[c])
    dt = np.minimum(dt, np.pi - dt)
    ok = (dt > np.radians(45)) & (c != i[pair]) & (c != j[pair])
    a, b, c = i[pair[ok]], j[pair[ok]], c[ok]  # two parallel sides a, b and the side c crossing them
    if not len(c):
        return np.zeros((0, 4, 2))
    Kinv = np.linalg.inv(K)
    # in the camera's frame: corners on the crossing line as rays (z = 1), the parallel sides' direction
    # u, the crossing side's direction v (in the plane through the camera and its line, square to u)
    c0 = np.cross(hom[c], hom[a]) @ Kinv.T
    c1 = np.cross(hom[c], hom[b]) @ Kinv.T
    u = np.cross(hom[a], hom[b]) @ Kinv.T
    v = np.cross(hom[c] @ K, u)
    with np.errstate(all="ignore"):
        c0, c1 = c0 / c0[:, 2:], c1 / c1[:, 2:]
        u = u / np.linalg.norm(u, axis=1, keepdims=True)
        v = v / np.linalg.norm(v, axis=1, keepdims=True)
    # each direction pointing the way it runs in the image at the first corner: v to the second corner,
    # u to where the parallel lines were seen
    seen = np.column_stack([(p0[a] + p0[b]) / 2, np.ones(len(c))]) @ Kinv.T
    u *= np.sign(np.einsum("ij,ij->i", u[:, :2] - c0[:, :2] * u[:, 2:], seen[:, :2] / seen[:, 2:] - c0[:, :2]))[:, None]
    v *= np.sign(np.einsum("ij,ij->i", v[:, :2] - c0[:, :2] * v[:, 2:], c1[:, :2] - c0[:, :2]))[:, None]
    across = np.cross(c0, c1)
    span = _spans(lines)
    out = []
    for name in names:
        for s, length in (PAPERS_MM[name], PAPERS_MM[name][::-1]):
            with np.errstate(all="ignore"):
                depth = -s * np.einsum("ij,ij->i", across, np.cross(v, c1)) / np.einsum("ij,ij->i", across, across)
            x0 = depth[:, None] * c0
            rays = np.stack([x0, x0 + s * v, x0 + s * v + length * u, x0 + length * u], 1) @ K.T
            with np.errstate(all="ignore"):
                corners = rays[..., :2] / rays[..., 2:]
            # a camera at a plausible height and tilt, as ``_rectangle_fit`` asks of the others
            height = np.abs(np.einsum("ij,ij->i", np.cross(u, v), x0))
            tilt = np.degrees(np.arccos(np.clip(np.abs(np.cross(u, v)[:, 2]), 0.0, 1.0)))
            ok = np.all(rays[..., 2] > 0, 1) & (depth > 0) & np.all(np.isfinite(corners), (1, 2))
            ok &= (height > _HEIGHT_RANGE_MM[0]) & (height < _HEIGHT_RANGE_MM[1]) & (tilt <= _MAX_TILT_DEG)
            # each line seen lies along its side: a floor line runs on past the corners
            for line, (start, end) in ((c, (0, 1)), (a, (0, 3)), (b, (1, 2))):
                ok &= _within(span[line], np.einsum("ij,ij->i", corners[:, start] - p0[line], d[line]),
                              np.einsum("ij,ij->i", corners[:, end] - p0[line], d[line]))
            out.append(corners[ok])
    q = np.concatenate(out)
    x, y = q[..., 0], q[..., 1]
    area = 0.5 * np.sum(x * np.roll(y, -1, 1) - np.roll(x, -1, 1) * y, 1)
    q = np.where((area < 0)[:, None, None], q[:, ::-1], q)
    ok = (np.abs(area) > 0.02 * w * h) & (np.abs(area) < 0.9 * w * h)
    ok &= np.all((q > -0.5 * max(w, h)) & (q < 1.5 * max(w, h)), (1, 2))
    return cast(Floats, q[ok])


def _spans(lines: list[ImageLine]) -> Floats:
    """Where each line is seen, ``(n, 2)``: the stretch along its direction from its point, px, that holds
    the middle nine tenths of its segments' length."""
    out = []
    for p0, d, _, segs in lines:
        ends = np.sort((segs.reshape(-1, 2, 2) - p0) @ d, axis=1)  # (m, 2) along the line
        cuts = np.unique(ends)
        pieces = (cuts[:-1] + cuts[1:]) / 2
        cover = np.sum((pieces[:, None] > ends[None, :, 0]) & (pieces[:, None] < ends[None, :, 1]), 1) > 0
        mass = np.r_[0.0, np.cumsum(np.diff(cuts) * cover)]
        out.append(np.interp([0.05 * mass[-1], 0.95 * mass[-1]], mass, cuts))
    return np.array(out).reshape(-1, 2)


#: Least part of a line's span within the side it is taken for (``_completed``).
_WITHIN = 0.7


def _within(span: Floats, t0: Floats, t1: Floats) -> npt.NDArray[np.bool_]:
    """Whether at least ``_WITHIN`` of each ``span`` ``(m, 2)`` lies between ``t0`` and ``t1`` ``(m,)``."""
    lo, hi = np.minimum(t0, t1), np.maximum(t0, t1)
    inside = np.clip(np.minimum(hi, span[:, 1]) - np.maximum(lo, span[:, 0]), 0, None)
    return cast(npt.NDArray[np.bool_], inside >= _WITHIN * np.maximum(span[:, 1] - span[:, 0], 1e-9))


def _supports(lab: Floats32, quads: Floats, n_samples: int = 16) -> tuple[Floats, Floats]:
    """A quick ``_side_supports`` of every side of many quads ``(m, 4, 2)``: the support and the
    fraction of the side with no colour step across it, each ``(m, 4)``."""
    a, b = quads, np.roll(quads, -1, 1)
    vi, step, seen = _steps_across(lab, a, b, _inward_normals(quads), np.linspace(0.08, 0.92, n_samples))
    mag = np.linalg.norm(step, axis=3)
    strong = seen & (mag > 10.0)
    # the steps' common direction among the strong ones (a side mostly against floor of the paper's own
    # colour has few); a side with none keeps a zero reference and no support
    ref = np.nan_to_num(_masked_median(step, strong))
    agree = strong & (np.einsum("mksc,mksc->mks", step, np.broadcast_to(ref, step.shape))
                      > 0.5 * np.linalg.norm(ref, axis=3) * mag)
    return cast(Floats, agree.mean(2)), cast(Floats, (seen & ~strong).mean(2))


def _steps_across(lab: Floats32, a: Floats, b: Floats, n: Floats, t: Floats, reach: float = 3.0,
                  both_sides_seen: bool = False) -> tuple[Floats32, Floats32, npt.NDArray[np.bool_]]:
    """Colour steps across segments ``a -> b`` ``(m, k, 2)`` (``n``: their unit normals, into the quad),
    at the fractions ``t`` ``(s,)`` along them, ``reach`` px either side: the inner colours and the steps
    (inner minus outer), each ``(m, k, s, 3)``, and which points lie on the image ``(m, k, s)`` (the
    points on the segments, or with ``both_sides_seen`` the two sampled either side of them)."""
    m, k = a.shape[:2]
    base = a[:, :, None, :] + t[None, None, :, None] * (b - a)[:, :, None, :]
    inner = base + reach * n[:, :, None, :]
    outer = base - reach * n[:, :, None, :]
    vi, vo = _sample(lab, inner.reshape(-1, 2)), _sample(lab, outer.reshape(-1, 2))
    h, w = lab.shape[:2]
    seen = np.all([np.all((p >= 0) & (p < [w - 1, h - 1]), 3)  # a side off the photo shows nothing
                   for p in ((inner, outer) if both_sides_seen else (base,))], 0)
    shape = (m, k, len(t), 3)
    return vi.reshape(shape), (vi - vo).reshape(shape), seen


def _masked_median(values: Floats32, keep: npt.NDArray[np.bool_]) -> Floats32:
    """Median over axis 2 of ``values`` ``(m, k, s, c)`` where ``keep`` ``(m, k, s)``, ``(m, k, 1, c)``;
    NaN where nothing is kept."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN sides
        return cast(Floats32, np.nanmedian(np.where(keep[..., None], values, np.nan), axis=2, keepdims=True))


def _side_supports(lab: Floats32, quads: Floats, n_samples: int = 40) -> tuple[Floats, Floats32, Floats]:
    """Of every side of many quads ``(m, 4, 2)``: the fraction along which the colour steps consistently
    across it (the paper's side of the step has one colour along the edge), the median Lab colour just
    inside it where it does ``(m, 4, 3)``, and the fraction of the side (on the image) with no colour
    step across it; support and fraction ``(m, 4)``."""
    a, b = quads, np.roll(quads, -1, 1)
    vi, step, seen = _steps_across(lab, a, b, _inward_normals(quads), np.linspace(0.06, 0.94, n_samples))
    mag = np.linalg.norm(step, axis=3)
    strong = seen & (mag > 10.0)
    flat = (seen & ~strong).sum(2) / n_samples
    few = strong.sum(2) < 3  # too few steps to have a direction: no support
    ref = _masked_median(step, strong)
    agree = strong & ~few[..., None] & (np.einsum("mksc,mksc->mks", step, np.broadcast_to(ref, step.shape))
                                        > 0.5 * np.linalg.norm(ref, axis=3) * mag)
    colour = np.where(agree.any(2)[..., None], _masked_median(vi, agree)[:, :, 0], np.median(vi, axis=2))
    return agree.sum(2) / n_samples, cast(Floats32, colour), flat


def _ext_supports(lab: Floats32, quads: Floats, frac: float = 0.2, n_samples: int = 12) -> Floats:
    """How much of each side's line ``(m, 4)`` continues as an edge (a colour step of any direction)
    beyond its two ends, over ``frac`` of its length each way (a sheet's edge stops at its corners; a
    grout line or a floorboard runs on)."""
    a, b = quads, np.roll(quads, -1, 1)
    n = _inward_normals(quads)
    shown = []
    for start, end in ((b, b + frac * (b - a)), (a - frac * (b - a), a)):
        _, step, seen = _steps_across(lab, start, end, n, np.linspace(0.06, 0.94, n_samples), both_sides_seen=True)
        long_enough = np.linalg.norm(end - start, axis=2) >= 1.0
        shown.append(long_enough * (seen & (np.linalg.norm(step, axis=3) > 10.0)).sum(2) / n_samples)
    return cast(Floats, 0.5 * (shown[0] + shown[1]))


def _sample(image: Floats32, points: npt.ArrayLike, cols: int = 4096) -> Floats32:
    """Bilinear samples of ``image`` at ``points (n, 2)`` ``(x, y)``: ``(n, channels)`` (rows of a map
    OpenCV accepts)."""
    pts = np.asarray(points, dtype=np.float32)
    n = len(pts)
    rows = -(-n // cols)
    p = np.zeros((rows * cols, 2), np.float32)
    p[:n] = pts
    grid = p.reshape(rows, cols, 2)
    out = cv2.remap(image, grid[..., 0], grid[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return cast(Floats32, out.reshape(rows * cols, -1)[:n])


def _convex(c: Floats) -> bool:
    """Whether the polygon ``c`` turns the same way at every corner."""
    d = np.roll(c, -1, 0) - c
    cross = d[:, 0] * np.roll(d, -1, 0)[:, 1] - d[:, 1] * np.roll(d, -1, 0)[:, 0]
    return bool(np.all(cross > 0) or np.all(cross < 0))


def _rectangle_fit(corners: Floats, K: Floats, names: Sequence[str]) -> tuple[Floats, str] | None:
    """``(corners starting at a short edge, paper)`` when a sheet under a plausible camera makes
    this quad, else None. Corners clockwise on screen (positive area with y down)."""
    best = None
    for start in (0, 1):
        c = np.roll(corners, -start, 0)
        for name in names:
            w, l = PAPERS_MM[name]
            # clockwise on screen = counter-clockwise from above: (0,0), (0,l), (w,l), (w,0) ... as paper.py orders
            src = np.array([[0, 0], [w, 0], [w, l], [0, l]], np.float64)
            dst = c[::-1].astype(np.float64)
            H = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32)).astype(np.float64)
            pose, err = camera_pose(H, K)
            if err > _MAX_ASPECT_ERROR or pose.tilt_deg > _MAX_TILT_DEG:
                continue
            if not _HEIGHT_RANGE_MM[0] < pose.center_mm[2] < _HEIGHT_RANGE_MM[1]:
                continue
            if best is None or err < best[0]:
                best = (err, c, name)
    return None if best is None else (best[1], best[2])






def _inward_normals(quads: Floats) -> Floats:
    """Unit normals ``(m, 4, 2)`` of the sides of quads ``(m, 4, 2)`` (side j: corner j -> j + 1), pointing
    into each quad (to the side its corners' mean is on)."""
    d = np.roll(quads, -1, 1) - quads
    d = d / np.maximum(np.linalg.norm(d, axis=2, keepdims=True), 1e-9)
    n = np.stack([-d[..., 1], d[..., 0]], -1)
    inward = np.einsum("mkj,mkj->mk", quads.mean(1, keepdims=True) - quads, n) >= 0
    return cast(Floats, np.where(inward[..., None], n, -n))


def _inward_normal(a: Floats, b: Floats, centre: Floats) -> Floats:
    """Unit normal ``(2,)`` of the side a -> b pointing to the side ``centre`` is on (into the quad)."""
    d = (b - a) / max(float(np.linalg.norm(b - a)), 1e-9)
    n = np.array([-d[1], d[0]])
    return n if np.dot(centre - a, n) >= 0 else -n


def _texture(lab: Floats32) -> Floats32:
    """Local colour variation, ``(H, W) float32`` (paper is smooth; carpet, wood and concrete are not)."""
    g = np.zeros(lab.shape[:2], np.float32)
    for ch in range(3):
        gx = cv2.Sobel(lab[..., ch], cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(lab[..., ch], cv2.CV_32F, 0, 1, ksize=3)
        g += gx * gx + gy * gy
    return cast(Floats32, cv2.blur(np.sqrt(g), (5, 5)))


def _inside_smoothness(texture: Floats32, corners: Floats, n: int = 14) -> float:
    """Fraction of points inside the quad (inset a little) where the image is smooth."""
    c = corners.mean(0)
    inset = c + 0.88 * (corners - c)
    src = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float32)
    H = cv2.getPerspectiveTransform(src, inset.astype(np.float32))
    u, v = np.meshgrid(np.linspace(0, 1, n), np.linspace(0, 1, n))
    p = np.column_stack([u.ravel(), v.ravel(), np.ones(n * n)]) @ H.T
    p = p[:, :2] / p[:, 2:3]
    h, w = texture.shape
    inside = (p[:, 0] >= 0) & (p[:, 0] < w - 1) & (p[:, 1] >= 0) & (p[:, 1] < h - 1)
    if np.count_nonzero(inside) < 0.5 * len(p):
        return 0.0
    vals = texture[p[inside, 1].astype(int), p[inside, 0].astype(int)]
    return float(np.mean(vals < 40.0) * np.count_nonzero(inside) / len(p))


def overlap(c1: Floats, c2: Floats) -> float:
    """Intersection over union of two convex quads."""
    a = cv2.intersectConvexConvex(c1.astype(np.float32), c2.astype(np.float32))[0]
    u = abs(_signed_area(c1)) + abs(_signed_area(c2)) - a
    return float(a / max(u, 1e-9))
