"""From the foot's silhouette on the floor to its footprint: correction for the edge's height.

A silhouette point seen by the camera is a ray grazing the foot; its floor intersection lies off
the footprint whenever the grazing point is above the floor (outward when the camera looks over
the edge from inside the foot, inward when it looks at the foot's side). The footprint's outline
is where the ray crosses the vertical wall standing on that outline; the height of that crossing
depends on the foot's shape there and on how the ray leans. ``edge_heights`` looks it up in a
table (``edge_heights.py``) fitted on exactly projected 3D feet, by position along the foot
(fraction of foot length from the heel), side (medial or lateral of the axis) and the tangent of
the ray's angle from vertical toward the outward normal; the silhouette point is then moved
along its ray up to that height.

Points are floor ``(x, y)`` in mm, frame z up; the camera centre is ``(x, y, z)`` mm.
"""

from typing import cast

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import Polygon, box

from . import edge_heights as _table
from .footprint import measure_footprint

Floats = npt.NDArray[np.float64]

_Y = np.asarray(_table.Y_KNOTS)
_TAN = np.asarray(_table.TAN_KNOTS)
_H = np.array([_table.MEDIAL, _table.LATERAL])  # (side, position, tan): height / foot length


def edge_heights(t: Floats, medial: npt.NDArray[np.bool_], tan_theta: Floats, foot_length_mm: float) -> Floats:
    """Height (mm) at which each silhouette ray crosses the wall over the footprint's outline.

    Parameters
    ----------
    t : (n,) float
        Position along the foot axis, fraction of foot length from the heel.
    medial : (n,) bool
        The point lies on the big toe's side of the axis.
    tan_theta : (n,) float
        Tangent of each ray's angle from vertical toward the outward normal.
    foot_length_mm : float

    Returns
    -------
    (n,) float, mm
    """
    y = np.clip(np.asarray(t, dtype=np.float64), _Y[0], _Y[-1])
    tan = np.clip(np.asarray(tan_theta, dtype=np.float64), _TAN[0], _TAN[-1])
    iy = np.clip(np.searchsorted(_Y, y) - 1, 0, len(_Y) - 2)
    it = np.clip(np.searchsorted(_TAN, tan) - 1, 0, len(_TAN) - 2)
    fy = (y - _Y[iy]) / (_Y[iy + 1] - _Y[iy])
    ft = (tan - _TAN[it]) / (_TAN[it + 1] - _TAN[it])
    s = np.where(np.asarray(medial, bool), 0, 1)
    h = ((1 - fy) * (1 - ft) * _H[s, iy, it] + fy * (1 - ft) * _H[s, iy + 1, it]
         + (1 - fy) * ft * _H[s, iy, it + 1] + fy * ft * _H[s, iy + 1, it + 1])
    return cast(Floats, h * foot_length_mm)


def lift_to_height(points: npt.ArrayLike, heights: npt.ArrayLike, camera_center: npt.ArrayLike) -> Floats:
    """Move floor points along their camera rays up to ``heights``; returns ``(n, 2)`` mm."""
    p = np.asarray(points, dtype=np.float64)
    cam = np.asarray(camera_center, dtype=np.float64)
    k = (np.asarray(heights, dtype=np.float64) / cam[2])[:, None]
    return cast(Floats, p + (cam[:2] - p) * k)


def outward_normals(points: Floats, smooth: int = 5) -> Floats:
    """Unit outward normals of a counter-clockwise closed polygon ``(n, 2)``."""
    p = np.asarray(points, dtype=np.float64)
    d = np.roll(p, -smooth, 0) - np.roll(p, smooth, 0)
    n = np.column_stack([d[:, 1], -d[:, 0]])
    return cast(Floats, n / (np.linalg.norm(n, axis=1, keepdims=True) + 1e-12))


def correct_silhouette(floor_points: npt.ArrayLike, camera_center: npt.ArrayLike,
                       toe_direction: npt.ArrayLike = (0.0, 1.0), side: str | None = None,
                       heel_y: float | None = None, iterations: int = 4) -> Floats:
    """Footprint outline from the silhouette's floor intersections.

    Parameters
    ----------
    floor_points : (n, 2) float
        Silhouette rays' floor intersections, counter-clockwise, mm.
    camera_center : (3,) float
        Camera centre, mm, z above the floor.
    toe_direction : (2,) float
        Rough heel -> toe direction.
    side : str or None
        ``"left"`` or ``"right"``; None: read from the outline at each step.
    heel_y : float or None
        The heel's known floor ``y`` (the sheet's edge, with ``toe_direction`` (0, 1)): positions
        along the foot are then measured on the outline's part beyond it, so that a leg rising
        behind the heel does not stretch the foot.

    Returns
    -------
    (n, 2) float
        Corrected outline, mm, same frame.
    """
    p = np.asarray(floor_points, dtype=np.float64)
    cam = np.asarray(camera_center, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2 or cam.shape != (3,):
        raise ValueError("floor_points must be (n, 2) and camera_center (3,)")
    tan_theta = np.einsum("ij,ij->i", p - cam[:2], outward_normals(p)) / cam[2]
    out = p
    for _ in range(iterations):
        fp = measure_footprint(out if heel_y is None else _beyond(out, heel_y), toe_direction)
        rel = out - fp.origin
        across = np.array([fp.axis[1], -fp.axis[0]])
        medial = (rel @ across) * (1.0 if (side or fp.side) == "left" else -1.0) > 0
        heights = edge_heights((rel @ fp.axis) / fp.foot_length_mm, medial, tan_theta, fp.foot_length_mm)
        out = lift_to_height(p, heights, cam)
    return out


def _beyond(points: Floats, y: float) -> Floats:
    """The part of polygon ``points`` with floor ``y`` at least ``y`` (its largest piece)."""
    poly = Polygon(points)
    if not poly.is_valid:
        # a contour of thousands of points with a few tiny self-crossings: GEOS's "structure" repair
        # (the ring bounds the area) takes a twentieth of the default "linework" one's time here, and
        # the two differ only in specks the largest piece below leaves out
        poly = shapely.make_valid(poly, method="structure").buffer(0)
    part = poly.intersection(box(-1e5, y, 1e5, 1e5))
    if part.geom_type != "Polygon":
        part = max(getattr(part, "geoms", [part]), key=lambda g: g.area)
    return np.asarray(part.exterior.coords)[:-1] if not part.is_empty else points
