"""Contract measurements of a footprint outline (``docs/capture.md``).

The footprint is the foot's orthographic top-view silhouette on the floor. These functions
take its outline as an ``(n, 2)`` polygon of floor points ``(x, y)`` in mm (any floor frame
with +z up, so that ``(x, y)`` is counter-clockwise positive) and return the foot frame and
the measurements. The same code gives the ground truth of the test scenes.
"""

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon, box

#: Bands along the foot axis, as fractions of foot length from the heel (the contract).
BALL_BAND = (0.55, 0.85)
HEEL_BAND = (0.05, 0.25)


@dataclass(frozen=True)
class Footprint:
    """A footprint measured in its foot frame.

    Attributes
    ----------
    foot_length_mm, ball_width_mm, heel_width_mm : float
    side : str
        ``"left"`` or ``"right"`` from the outline (the big toe's side).
    side_confidence : float
        0 (cannot tell) to 1 (clear).
    outline_mm : (n, 2) float
        Closed outline in the foot frame, ``(x, y)`` mm, heel at y = 0, axis at x = 0.
    origin : (2,) float
        Foot-frame origin (heel end of the axis) in the input floor frame, mm.
    axis : (2,) float
        Unit vector heel -> toe in the input floor frame.
    ball_x_mm, heel_x_mm : (2,) float
        Foot-frame ``x`` of the caliper jaws (min, max) in the ball and heel bands.
    """

    foot_length_mm: float
    ball_width_mm: float
    heel_width_mm: float
    side: str
    side_confidence: float
    outline_mm: np.ndarray
    origin: np.ndarray
    axis: np.ndarray
    ball_x_mm: np.ndarray
    heel_x_mm: np.ndarray

    def to_floor(self, points_mm):
        """Foot-frame points ``(n, 2)`` ``(x, y)`` mm -> the input floor frame."""
        p = np.asarray(points_mm, dtype=np.float64).reshape(-1, 2)
        across = np.array([self.axis[1], -self.axis[0]])
        return self.origin + p[:, :1] * across + p[:, 1:] * self.axis


def principal_axis(outline):
    """Area centroid and long axis of a polygon.

    Parameters
    ----------
    outline : (n, 2) float
        Polygon ``(x, y)``, mm.

    Returns
    -------
    centroid : (2,) float
    axis : (2,) float
        Unit vector of the largest second moment of area (sign arbitrary).
    """
    p = np.asarray(outline, dtype=np.float64)
    x, y = p[:, 0], p[:, 1]
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    cross = x * yn - xn * y
    area = cross.sum() / 2.0
    cx = ((x + xn) * cross).sum() / (6 * area)
    cy = ((y + yn) * cross).sum() / (6 * area)
    x, y, xn, yn = x - cx, y - cy, xn - cx, yn - cy
    ixx = ((y * y + y * yn + yn * yn) * cross).sum() / 12.0  # integral of y^2
    iyy = ((x * x + x * xn + xn * xn) * cross).sum() / 12.0  # integral of x^2
    ixy = ((x * yn + 2 * x * y + 2 * xn * yn + xn * y) * cross).sum() / 24.0
    cov = np.array([[iyy, ixy], [ixy, ixx]]) / area
    values, vectors = np.linalg.eigh(cov)
    return np.array([cx, cy]), vectors[:, np.argmax(values)]


def measure_footprint(outline, toe_direction=(0.0, 1.0), axis=None):
    """Foot length, ball and heel width, side and foot-frame outline of a footprint.

    Parameters
    ----------
    outline : (n, 2) float
        Footprint polygon ``(x, y)`` in a floor frame with +z up, mm.
    toe_direction : (2,) float
        Rough heel -> toe direction in that frame; picks the sign of the axis.
    axis : (2,) float or None
        Use this foot axis instead of the footprint's principal axis.

    Returns
    -------
    Footprint
    """
    p = np.asarray(outline, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2 or len(p) < 3:
        raise ValueError("outline must be an (n, 2) polygon")
    centroid, principal = principal_axis(p)
    if axis is not None:
        principal = np.asarray(axis, dtype=np.float64) / np.linalg.norm(axis)
    if np.dot(principal, toe_direction) < 0:
        principal = -principal
    across = np.array([principal[1], -principal[0]])
    rel = p - centroid
    local = np.column_stack([rel @ across, rel @ principal])
    heel_y = local[:, 1].min()
    local[:, 1] -= heel_y
    length = float(local[:, 1].max())
    poly = Polygon(local)
    if not poly.is_valid:
        poly = shapely.make_valid(poly).buffer(0)
    ball = _caliper(poly, length, BALL_BAND)
    heel = _caliper(poly, length, HEEL_BAND)
    side, confidence = _side(local, length, ball)
    return Footprint(
        foot_length_mm=length,
        ball_width_mm=float(ball[1] - ball[0]),
        heel_width_mm=float(heel[1] - heel[0]),
        side=side,
        side_confidence=confidence,
        outline_mm=local,
        origin=centroid + principal * heel_y,
        axis=principal,
        ball_x_mm=ball,
        heel_x_mm=heel,
    )


def _caliper(poly, length, band):
    """(min x, max x) of the polygon within ``band`` (fractions of length along y)."""
    minx, _, maxx, _ = poly.bounds
    part = poly.intersection(box(minx - 1, band[0] * length, maxx + 1, band[1] * length))
    if part.is_empty:
        return np.array([0.0, 0.0])
    bx0, _, bx1, _ = part.bounds
    return np.array([bx0, bx1])


def _side(local, length, ball):
    """Big-toe side from the toe tip's offset from the middle of the ball.

    In the foot frame (+y to the toes, +x to the right seen from above) a left foot's big toe is on
    the right (+x), a right foot's on the left.
    """
    tip = local[local[:, 1] >= 0.93 * length]
    if len(tip) == 0:
        return "left", 0.0
    weights = tip[:, 1] - 0.93 * length + 1e-3
    tip_x = float(np.average(tip[:, 0], weights=weights))
    offset = (tip_x - (ball[0] + ball[1]) / 2) / max(ball[1] - ball[0], 1e-6)
    confidence = float(np.clip(abs(offset) / 0.15, 0.0, 1.0))
    return ("left" if offset > 0 else "right"), confidence
