"""Per-photo checks before reconstruction: exposure, sharpness (at the markers), print scale."""

import cv2
import numpy as np
import numpy.typing as npt

from .camera import View
from .contract import Mat

#: Refuse a photo whose 99th brightness percentile is below this (0-255): nothing is readable.
MIN_BRIGHT_99 = 60.0
#: Refuse a photo whose clean paper is darker than this (0-255).
MIN_PAPER_WHITE = 70.0
#: Refuse a photo whose markers' edges are blurred by more than this (Gaussian sigma), mm on the mat.
MAX_BLUR_SIGMA_MM = 1.0
#: A print more than this far from 100 % is refused (the contract's tolerance).
MAX_SCALE_ERROR = 0.015


def too_dark(gray: npt.NDArray[np.uint8]) -> bool:
    """True when the photo is too dark to read the mat at all."""
    small = cv2.resize(gray, (256, 192), interpolation=cv2.INTER_AREA)
    return float(np.percentile(small, 99)) < MIN_BRIGHT_99


def blur_sigma_mm(gray: npt.NDArray[np.uint8], found: dict[int, npt.NDArray[np.float64]],
                  marker_size_mm: float) -> float:
    """Blur of the markers' outer edges (Gaussian sigma), mm, from the steepest step across each edge.

    A blurred step of contrast ``c`` has a peak slope ``c / (sigma * sqrt(2 pi))``.
    """
    g = gray.astype(np.float32)
    sigmas: list[float] = []
    for quad in found.values():
        side_px = np.mean(np.linalg.norm(quad - np.roll(quad, 1, axis=0), axis=1))
        centre = quad.mean(0)
        for j in range(4):
            a, b = quad[j], quad[(j + 1) % 4]
            d = (b - a) / np.linalg.norm(b - a)
            n = np.array([-d[1], d[0]])
            if np.dot(centre - a, n) > 0:
                n = -n  # outward
            ts = np.linspace(0.2, 0.8, 12)
            offs = np.linspace(-0.12, 0.12, 25) * side_px
            pts = (a + ts[:, None] * (b - a))[:, None, :] + offs[None, :, None] * n
            prof = cv2.remap(g, pts[..., 0].astype(np.float32), pts[..., 1].astype(np.float32), cv2.INTER_LINEAR)
            contrast = prof[:, -4:].mean(1) - prof[:, :4].mean(1)
            step = offs[1] - offs[0]
            peak = np.diff(prof, axis=1).max(1) / step
            ok = (contrast > 30) & (peak > 0)
            sigmas.extend((contrast[ok] / (peak[ok] * 2.5066)) * marker_size_mm / side_px)
    return float(np.median(sigmas)) if sigmas else float("inf")


def print_scale(gray: npt.NDArray[np.uint8], view: View, mat: Mat) -> float | None:
    """The mat's print scale from the sheet's long edges seen in one photo, or None when unclear.

    In the frame of the markers, a page printed at scale ``s`` has its edges ``paper / s`` apart:
    the sheet keeps its size while everything printed on it shrinks or grows about its centre.
    Rows between the markers are profiled across the left and right edges; the edge is where the
    brightness falls halfway from paper to floor.
    """
    w, length = mat.paper_mm
    ys = _gap_rows(mat)
    xs = np.arange(-30.0, 30.0, 0.25)
    edges: list[float] = []
    for side, sign in ((0.0, 1.0), (w, -1.0)):
        pts = np.stack(np.meshgrid(side + sign * xs, ys), -1)  # each row: outside -> inside
        world = np.concatenate([pts.reshape(-1, 2), np.zeros((pts.size // 2, 1))], 1)
        uv, depth = view.project(world)
        prof = cv2.remap(gray.astype(np.float32), uv[:, 0].reshape(pts.shape[:2]).astype(np.float32),
                         uv[:, 1].reshape(pts.shape[:2]).astype(np.float32), cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=-1)
        offsets = [_edge(row, xs) for row in prof]
        found = [side + sign * x for x in offsets if x is not None]
        if len(found) >= 6:
            edges.append(float(np.median(found)))
        else:
            return None
    return float(w / (edges[1] - edges[0]))


def _gap_rows(mat: Mat) -> npt.NDArray[np.float64]:
    """Mat y (mm) of rows that cross the sheet's long edges between markers, away from the ends."""
    half = mat.marker_size_mm / 2 + 2.0
    ys = np.arange(30.0, mat.paper_mm[1] - 30.0, 2.0)
    centres = np.array([c[1] for c in mat.markers.values()])
    rows: npt.NDArray[np.float64] = ys[np.all(np.abs(ys[:, None] - centres[None, :]) > half, axis=1)]
    return rows


def _edge(row: npt.NDArray[np.float32], xs: npt.NDArray[np.float64]) -> float | None:
    """Offset (mm, along ``xs``: + toward the page's inside) where paper falls to floor, or None."""
    if np.any(row < 0):
        return None
    inside = np.median(row[(xs > 12) & (xs < 22)])
    # the floor: what lies beyond the edge for any print scale within +-10 %
    outside = np.median(row[xs < -16])
    if inside - outside < 0.25 * inside:
        return None  # the floor is as light as the paper: no edge to see
    half = 0.5 * (inside + outside)
    k = np.nonzero(row[(xs < 22)] < half)[0]
    if len(k) == 0:
        return None
    i = k.max()  # last dark sample before the paper, searching from outside inward
    if i + 1 >= len(row) or row[i + 1] == row[i]:
        return None
    x0, x1, r0, r1 = xs[i], xs[i + 1], row[i], row[i + 1]
    return float(x0 + (half - r0) / (r1 - r0) * (x1 - x0))
