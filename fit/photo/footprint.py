"""Contract measurements of a footprint outline (``docs/capture.md``, ``fit.contract``).

The footprint is the foot's orthographic top-view silhouette on the floor. ``measure_footprint``
takes its outline as an ``(n, 2)`` polygon of floor points ``(x, y)`` in mm (any floor frame with
+z up, so that ``(x, y)`` is counter-clockwise positive) and returns the foot frame and the
measurements. Every capture measures its footprint here: the paper photo, the mat's hull, a 3D
scan, and the test scenes' ground truth.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import Polygon

from ..contract import BALL_BAND, HEEL_BAND, FootFrame, band_extremes, foot_frame, side_of

__all__ = ["Footprint", "measure_footprint"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Footprint:
    """A footprint measured in its foot frame.

    Attributes
    ----------
    foot_length_mm, ball_width_mm, heel_width_mm : float
    side : str
        ``"left"`` or ``"right"`` from the outline (the big toe's side, ``fit.contract.side_of``).
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
    ball_points_mm : (2, 2) float
        Foot-frame ``(x, y)`` where the ball caliper's jaws touch: least ``x`` first.
    """

    foot_length_mm: float
    ball_width_mm: float
    heel_width_mm: float
    side: str
    side_confidence: float
    outline_mm: Floats
    origin: Floats
    axis: Floats
    ball_x_mm: Floats
    heel_x_mm: Floats
    ball_points_mm: Floats

    @property
    def frame(self) -> FootFrame:
        """The foot frame in the input floor frame."""
        return FootFrame(origin=self.origin, axis=self.axis)

    def to_floor(self, points_mm: npt.ArrayLike) -> Floats:
        """Foot-frame points ``(n, 2)`` ``(x, y)`` mm -> the input floor frame, ``(n, 2)`` mm."""
        return self.frame.to_floor(points_mm)

    def medial_lateral_mm(self) -> tuple[Floats, Floats]:
        """The medial and lateral ball points ``(x, y)`` in the foot frame, mm (by ``side``)."""
        lo, hi = self.ball_points_mm
        return (hi, lo) if self.side == "left" else (lo, hi)


def measure_footprint(outline: npt.ArrayLike, toe_direction: npt.ArrayLike | None = (0.0, 1.0),
                      axis: npt.ArrayLike | None = None) -> Footprint:
    """Foot length, ball and heel width, side and foot-frame outline of a footprint.

    Parameters
    ----------
    outline, toe_direction, axis
        The footprint polygon ``(n, 2)`` mm in a floor frame with +z up, and how to find its axis,
        as ``fit.contract.foot_frame`` takes them.

    Returns
    -------
    Footprint
    """
    p = np.asarray(outline, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2 or len(p) < 3:
        raise ValueError("outline must be an (n, 2) polygon")
    frame, local = foot_frame(p, toe_direction, axis)
    length = float(local[:, 1].max())
    poly = Polygon(local)
    if not poly.is_valid:
        poly = shapely.make_valid(poly).buffer(0)
    ball_lo, ball_hi = band_extremes(poly, length, BALL_BAND)
    heel_lo, heel_hi = band_extremes(poly, length, HEEL_BAND)
    ball, heel = np.array([ball_lo[0], ball_hi[0]]), np.array([heel_lo[0], heel_hi[0]])
    side, confidence = side_of(local, length, ball)
    return Footprint(
        foot_length_mm=length,
        ball_width_mm=float(ball[1] - ball[0]),
        heel_width_mm=float(heel[1] - heel[0]),
        side=side,
        side_confidence=confidence,
        outline_mm=local,
        origin=frame.origin,
        axis=frame.axis,
        ball_x_mm=ball,
        heel_x_mm=heel,
        ball_points_mm=np.array([ball_lo, ball_hi]),
    )
