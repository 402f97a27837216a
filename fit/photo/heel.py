"""The heel's end of a photographed footprint: a hidden heel completed, a dented heel filled, a cut heel
rounded, a gap to the edge closed.

The shopper stands with the heel against the sheet's short edge (``y = 0`` of the sheet frame);
these functions take a footprint outline in that frame, ``(n, 2)`` ``(x, y)`` mm, toes toward +y.
"""

import cv2
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import Polygon, box

from ..contract import BALL_BAND

Floats = npt.NDArray[np.float64]

#: Heel width / ball width when the heel is hidden: footprint calipers (5-25 % band) of the dupontgu
#: scans give 0.80, of the procedural feet 0.73 (anthropometric 0.68-0.72 heel breadths are narrower
#: than the footprint's band, which reaches toward the arch).
HEEL_TO_BALL = 0.75
#: A corrected heel this close to the sheet's edge touches it, mm.
HEEL_SNAP_MM = 6.0


def row_extents(outline: Floats, px_per_mm: float = 4.0) -> tuple[Floats, Floats, Floats]:
    """Per 1/px_per_mm row from y = 0: ``(y, x_left, x_right)`` of a polygon in mm (NaN where empty)."""
    x0 = outline[:, 0].min() - 2
    size = (int(np.ceil((outline[:, 0].max() - x0 + 4) * px_per_mm)), int(np.ceil((outline[:, 1].max() + 2) * px_per_mm)))
    m = np.zeros(size[::-1], np.uint8)
    pts = np.round((outline - [x0, 0.0]) * px_per_mm * 16).astype(np.int32)
    cv2.fillPoly(m, [pts], 1, shift=4)
    rows = m.astype(bool)
    any_ = rows.any(1)
    cols = np.arange(m.shape[1])
    left = np.where(any_, np.where(rows, cols, 1 << 20).min(1), np.nan)
    right = np.where(any_, np.where(rows, cols, -1).max(1), np.nan)
    y = np.arange(m.shape[0]) / px_per_mm
    return y, left / px_per_mm + x0, right / px_per_mm + x0


def complete_hidden_heel(outline: Floats) -> Floats:
    """Replace the part of the outline the leg covers by a typical heel, the heel at y = 0.

    Walking from mid-foot toward the heel, each side of the outline moves in or stays; where it
    moves out (the leg's silhouette is wider than the heel), at once or gradually (a trouser leg
    flaring toward the floor), the foot's own edge is hidden. Behind the nearer of those places, a
    heel of ``HEEL_TO_BALL`` times the ball width, round at the back and centred on the visible
    part, replaces the outline.
    """
    y, xl, xr = row_extents(outline)
    length = float(outline[:, 1].max())
    step = int(round(4.0 * 4))  # rows in 4 mm
    start = int(np.searchsorted(y, 0.55 * length))
    cut = 0
    inner_l = inner_r = None  # (x, row) of each side's innermost point so far, walking heelward
    for i in range(start, step, -1):
        j = i + step
        if np.isnan(xl[i]) or np.isnan(xl[j]):
            continue
        if xl[i] < xl[j] - 2.5 or xr[i] > xr[j] + 2.5:
            cut = i + step // 2
            break
        inner_l = max(inner_l or (xl[i], i), (xl[i], i))
        inner_r = min(inner_r or (xr[i], i), (xr[i], i))
        if xl[i] < inner_l[0] - 2.5 or xr[i] > inner_r[0] + 2.5:
            cut = inner_l[1] if xl[i] < inner_l[0] - 2.5 else inner_r[1]  # where the flare begins
            break
    if cut == 0:
        return outline
    band = (y > BALL_BAND[0] * length) & (y < BALL_BAND[1] * length)
    ball = float(np.nanmax(xr[band]) - np.nanmin(xl[band]))
    y_cut = y[cut]
    xc = (xl[cut] + xr[cut]) / 2
    hw_cut = (xr[cut] - xl[cut]) / 2
    hw_heel = min(HEEL_TO_BALL * ball / 2, hw_cut)
    ys = np.linspace(0.0, y_cut, 40)
    r = hw_heel
    hw = np.where(ys < r, hw_heel * np.sqrt(np.clip(1 - (1 - ys / r) ** 2, 0, 1)),
                  hw_heel + (hw_cut - hw_heel) * (ys - r) / max(y_cut - r, 1e-6))
    cap = np.vstack([np.column_stack([xc + hw, ys]), np.column_stack([xc - hw, ys])[::-1]])
    front = Polygon(outline).buffer(0).intersection(box(-1e4, y_cut - 0.5, 1e4, 1e4))
    joined = front.union(Polygon(cap).buffer(0.3))
    if joined.geom_type != "Polygon":
        joined = max(joined.geoms, key=lambda g: g.area)
    return np.asarray(joined.exterior.coords)[:-1]


def round_heel(outline: Floats, radius: float = 30.0, depth: float = 4.0) -> Floats:
    """Round off the corners that cutting the heel at the sheet's edge (y = 0) leaves.

    A heel meets the edge at one point; a straight cut across a leg's or an uncorrected heel's
    silhouette would instead put the rearmost point, along a foot axis turned a few degrees
    from the sheet's, at a corner of the cut. Within ``depth`` mm of the edge only a circle of
    ``radius`` (about half a heel's width) touching the edge at the heel's middle is kept.
    """
    if float(outline[:, 1].min()) > 0.5:
        return outline
    y, xl, xr = row_extents(outline)
    band = (y >= depth + 2) & (y <= depth + 6) & np.isfinite(xl)
    if not band.any():
        return outline
    xc = float(np.median((xl[band] + xr[band]) / 2))
    keep = box(-1e4, depth, 1e4, 1e4).union(shapely.Point(xc, radius).buffer(radius, 64))
    poly = Polygon(outline).buffer(0).intersection(keep)
    if poly.geom_type != "Polygon":
        poly = max(getattr(poly, "geoms", [poly]), key=lambda g: g.area)
    return np.asarray(poly.exterior.coords)[:-1]


def convex_heel(outline: Floats, reach: float = 0.15) -> Floats:
    """Fill dents in the back of the heel: the outline's rear ``reach`` of its length made convex.

    The back of a heel's footprint is convex (the calcaneus; the arch's hollow begins about a
    third of the foot from the heel). A corrected outline may instead be dented there: seen from
    the toes' side, the middle of the heel's back is the silhouette of its rounded top, lifted
    much more by the edge-height correction than the heel's sides, so the middle can come out
    10 mm in front of sides that reach the edge. The dent is the correction's error; its convex
    hull keeps the sides, which are nearer the truth.
    """
    poly = Polygon(outline).buffer(0)
    y0, y1 = float(outline[:, 1].min()), float(outline[:, 1].max())
    rear = poly.intersection(box(-1e4, y0 - 1.0, 1e4, y0 + reach * (y1 - y0)))
    if rear.is_empty:
        return outline
    filled = poly.union(rear.convex_hull)
    if filled.geom_type != "Polygon":
        filled = max(getattr(filled, "geoms", [filled]), key=lambda g: g.area)
    return np.asarray(filled.exterior.coords)[:-1]


def rear_gap(outline: Floats) -> float:
    """How far the outline's rearmost point stands in front of the sheet's edge (y = 0), mm."""
    return float(outline[:, 1].min())


def heel_middle_gap(outline: Floats, depth_mm: float = 15.0) -> float:
    """How far the back of the heel's middle half stands in front of the sheet's edge (y = 0), mm.

    The heel's back is round and its middle is its rearmost part; a corrected outline's rearmost
    point may instead be a spur at one side of the heel (where a silhouette running past the edge
    turns, the edge-height correction moves neighbouring points very differently), so the gap is
    read where the heel's middle half, across its width ``depth_mm`` in front of the rearmost
    point, meets the back.
    """
    poly = Polygon(outline).buffer(0)
    y0 = float(outline[:, 1].min())
    y, xl, xr = row_extents(outline - [0.0, y0])
    i = min(int(np.searchsorted(y, depth_mm)), len(y) - 1)
    if np.isnan(xl[i]):
        return y0
    quarter = (xr[i] - xl[i]) / 4
    middle = poly.intersection(box(xl[i] + quarter, -1e4, xr[i] - quarter, 1e4))
    return y0 if middle.is_empty else float(middle.bounds[1])


def cut_at_heel_edge(floor: Floats, width_mm: float, inset_mm: float = 0.0, run_mm: float = 15.0) -> bool:
    """True when the floor outline follows the sheet's heel edge (y = 0) for ``run_mm`` or more.

    The foot's mask may end at the edge itself or at the segmenting box ``inset_mm`` inside it, so
    any run along the band from the edge to the box counts; an outline that crosses the edge (the
    heel seen past it, told from the floor) meets the band in a few points and does not.
    """
    return run_along_edge_mm(floor, inset_mm / 2, width_mm, tol_mm=inset_mm / 2 + 1.5) >= run_mm


def uncorrect_edge_cut(floor: Floats, corrected: Floats, inset_mm: float, tol_mm: float = 1.5) -> Floats:
    """``corrected`` with the points where the floor outline ``floor`` ends at the sheet's heel edge put
    back where they were seen; both ``(n, 2)`` sheet mm, point for point (``correct_silhouette``).

    Where the foot's mask is cut along the edge (``cut_at_heel_edge``: the floor beyond it looks like
    the foot, or a leg of its colour crosses it), those points are the mask's end, not the silhouette
    of an edge standing above the floor. Lifting them by the edge-height table moves them forward by
    the heel's height (10-20 mm), unevenly across (the medial and lateral heights differ): the cut
    came out slanted, turning the foot axis and lengthening the foot (a development wood-floor scene
    with a leg crossing the edge, +2.9 mm). Across, they keep the correction's move: a cut may span
    an ankle's silhouette seen from the side, far wider than the heel, which the correction pulls
    back over it (left uncorrected, a development scene's heel end came out 60 mm wide and the foot
    8 mm long). Points within ``tol_mm`` of the segmenting box (``inset_mm`` inside the edge) or
    nearer the edge are the cut.
    """
    on_cut = floor[:, 1] < inset_mm + tol_mm
    out = np.array(corrected, dtype=np.float64)
    out[on_cut, 1] = floor[on_cut, 1]
    return out


def run_along_edge_mm(floor: Floats, edge_y_mm: float, width_mm: float, tol_mm: float = 1.5) -> float:
    """Length, mm, of the closed outline ``floor`` (sheet mm) that runs along the sheet's edge
    ``y = edge_y_mm``: segments with both ends within ``tol_mm`` of it, inside the sheet's width,
    and heading along it (within about 27 degrees), counted by their extent along it.

    An outline that crosses the edge (toes reaching over it, told from the floor beyond) meets it
    in a few points; one that the floor's likeness to the foot stopped at the edge follows it.
    """
    a, b = floor, np.roll(floor, -1, axis=0)
    dx, dy = np.abs(b[:, 0] - a[:, 0]), np.abs(b[:, 1] - a[:, 1])
    on = ((np.abs(a[:, 1] - edge_y_mm) < tol_mm) & (np.abs(b[:, 1] - edge_y_mm) < tol_mm)
          & (np.minimum(a[:, 0], b[:, 0]) > 1.0) & (np.maximum(a[:, 0], b[:, 0]) < width_mm - 1.0)
          & (dy < 0.5 * dx))  # along the edge: the sides of toes crossing it run across it
    return float(np.sum(dx[on]))


def heel_to_edge(outline: Floats, reach: float = 0.12, max_gap: float = HEEL_SNAP_MM) -> Floats:
    """Close a small gap between the corrected heel and the sheet's edge.

    The shopper stands with the heel against the edge, and the sheet's edge is known far better
    than the height of the heel's silhouette (the back of the heel seen from the toes' side is
    the rounded top of the heel, 15-25 % of foot length up); a gap below ``HEEL_SNAP_MM`` is
    taken as the correction's error and the heel's rear ``reach`` of foot length is drawn back
    to the edge, the more the nearer the edge. The gap is the heel middle's (``heel_middle_gap``):
    spurs at its sides left behind the edge are cut off there afterwards.
    """
    p = np.array(outline, dtype=np.float64)
    gap = heel_middle_gap(p)
    if 0.0 < gap <= max_gap:
        span = reach * (float(p[:, 1].max()) - gap)
        p[:, 1] -= gap * np.clip(1.0 - (p[:, 1] - gap) / span, 0.0, 1.0)
    return p
