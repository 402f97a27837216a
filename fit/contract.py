"""The capture contract in code: its bands, sides, foot frame and the geometry its measurements use.

``docs/capture.md`` is the contract's text; this module is its one home in code. Every capture
method (typed values, one photo, the printed mat's photos, a 3D scan) and the last's measurement
back (``fit.last``, ``fit.measure_last``) take their bands and their measuring geometry from here,
so that "ball width" means the same thing wherever it is measured.

(The printed mat's own layout, the file ``mat-a4-v1.json``, is read by ``fit.mat.contract``: that
is the mat's contract, a different thing from the measurement contract here.)

Foot frame (millimetres): the floor is ``z = 0``, ``+z`` up; ``+y`` runs along the foot axis, the
principal (long) axis of the footprint (the foot's orthographic top-view silhouette), from the heel
toward the toes; the heel's rearmost point is at ``y = 0``; ``+x`` is ``+y`` turned clockwise seen
from above, so ``(x, y)`` is counter-clockwise positive and ``+x`` is the medial side of a left
foot. The footprint's outline is a closed polygon ``(n, 2)`` ``(x, y)`` in this frame.

Bands are fractions of foot length from the heel along the axis.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
import trimesh
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from .sections import Floats, plane_points, tape_girth

__all__ = ["SIDES", "BALL_BAND", "HEEL_BAND", "INSTEP_PLANE", "INSTEP_HEIGHT_BAND", "FootFrame", "principal_axis",
           "foot_frame", "band_extremes", "caliper", "caliper_of_points", "tape_girth", "section_segments", "section_girth",
           "band_top_height",
           "side_of", "vertical_plane", "ball_plane"]


#: The two sides a foot can be, in the order every pair is listed.
SIDES = ("left", "right")

#: Band of the ball width (and the ball points of the ball girth), fractions of foot length.
BALL_BAND = (0.55, 0.85)
#: Band of the heel width, fractions of foot length.
HEEL_BAND = (0.05, 0.25)
#: The instep girth's plane (perpendicular to the axis), fraction of foot length.
INSTEP_PLANE = 0.50
#: Band of the instep height (greatest height of the foot's top), fractions of foot length.
INSTEP_HEIGHT_BAND = (0.45, 0.55)

#: A toe tip this far toward the big toe's side of the ball's middle, as a fraction of the ball
#: width, makes the side certain (``side_of``'s confidence 1).
_SIDE_CLEAR_OFFSET = 0.15
#: The toe tip: the outline's points within this fraction of foot length of the toes' end.
_TOE_TIP = 0.93


@dataclass(frozen=True)
class FootFrame:
    """The foot frame placed on a floor frame (both +z up, mm).

    Attributes
    ----------
    origin : (2,) float
        Foot-frame origin (heel end of the axis) in the floor frame, mm.
    axis : (2,) float
        Unit vector heel -> toe (foot-frame +y) in the floor frame.
    """

    origin: Floats
    axis: Floats

    @property
    def across(self) -> Floats:
        """Unit vector of foot-frame +x in the floor frame: ``axis`` turned clockwise, shape (2,)."""
        return np.array([self.axis[1], -self.axis[0]])

    def to_floor(self, points_mm: npt.ArrayLike) -> Floats:
        """Foot-frame points ``(n, 2)`` ``(x, y)`` mm -> the floor frame, ``(n, 2)`` mm."""
        p = np.asarray(points_mm, dtype=np.float64).reshape(-1, 2)
        return np.asarray(self.origin + p[:, :1] * self.across + p[:, 1:] * self.axis, dtype=np.float64)

    def to_local(self, points_mm: npt.ArrayLike) -> Floats:
        """Floor-frame points ``(n, 2)`` ``(x, y)`` mm -> the foot frame, ``(n, 2)`` mm."""
        rel = np.asarray(points_mm, dtype=np.float64).reshape(-1, 2) - self.origin
        return np.column_stack([rel @ self.across, rel @ self.axis])


def principal_axis(outline: npt.ArrayLike) -> tuple[Floats, Floats]:
    """Area centroid and long axis of a polygon.

    Parameters
    ----------
    outline : (n, 2) float
        Polygon ``(x, y)``, mm, either winding; a repeated closing point is harmless.

    Returns
    -------
    centroid : (2,) float
        Area centroid, mm.
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
    # second moments of area about the centroid (shoelace form)
    ixx = ((y * y + y * yn + yn * yn) * cross).sum() / 12.0  # integral of y^2
    iyy = ((x * x + x * xn + xn * xn) * cross).sum() / 12.0  # integral of x^2
    ixy = ((x * yn + 2 * x * y + 2 * xn * yn + xn * y) * cross).sum() / 24.0
    cov = np.array([[iyy, ixy], [ixy, ixx]]) / area
    values, vectors = np.linalg.eigh(cov)
    return np.array([cx, cy]), np.asarray(vectors[:, np.argmax(values)], dtype=np.float64)


def foot_frame(outline: npt.ArrayLike, toe_direction: npt.ArrayLike | None = (0.0, 1.0),
               axis: npt.ArrayLike | None = None) -> tuple[FootFrame, Floats]:
    """The foot frame of a footprint, and the footprint's outline in it.

    Parameters
    ----------
    outline : (n, 2) float
        Footprint polygon ``(x, y)`` in a floor frame with +z up, mm.
    toe_direction : (2,) float or None
        Rough heel -> toe direction in that frame; picks the sign of the axis. None: the toes are
        at the wider end (the forefoot, ``HEEL_BAND`` measured from each end, is wider than the heel).
    axis : (2,) float or None
        Use this foot axis instead of the footprint's principal axis.

    Returns
    -------
    frame : FootFrame
    local : (n, 2) float
        The outline in the foot frame, mm: heel at ``y = 0`` exactly.
    """
    p = np.asarray(outline, dtype=np.float64)
    centroid, principal = principal_axis(p)
    if axis is not None:
        principal = np.asarray(axis, dtype=np.float64) / np.linalg.norm(axis)
    if toe_direction is not None and np.dot(principal, toe_direction) < 0:
        principal = -principal
    local = _along(p, centroid, principal)
    if toe_direction is None:
        turned = local * -1.0  # a half turn: the same outline with the other end as the heel
        heel_end = _shifted(local)
        toe_end = _shifted(turned)
        wide_heel = np.ptp(caliper(Polygon(heel_end), float(heel_end[:, 1].max()), HEEL_BAND))
        wide_toe = np.ptp(caliper(Polygon(toe_end), float(toe_end[:, 1].max()), HEEL_BAND))
        if wide_heel > wide_toe:
            principal = -principal
            local = _along(p, centroid, principal)
    heel_y = local[:, 1].min()
    local[:, 1] -= heel_y
    return FootFrame(origin=centroid + principal * heel_y, axis=principal), local


def _along(p: Floats, centre: Floats, axis: Floats) -> Floats:
    """Points ``(n, 2)`` relative to ``centre`` as ``(across, along)`` ``axis``."""
    rel = p - centre
    return np.column_stack([rel @ np.array([axis[1], -axis[0]]), rel @ axis])


def _shifted(local: Floats) -> Floats:
    """The points moved along y so that their least y is 0."""
    return np.asarray(local - [0.0, local[:, 1].min()], dtype=np.float64)


def _polygon(outline: npt.ArrayLike | BaseGeometry) -> BaseGeometry:
    """``outline`` as a valid shapely geometry (a twisted ring mended)."""
    if isinstance(outline, BaseGeometry):
        return outline
    poly = Polygon(np.asarray(outline, dtype=np.float64))
    return poly if poly.is_valid else shapely.make_valid(poly).buffer(0)


def band_extremes(outline: npt.ArrayLike | BaseGeometry, length_mm: float,
                  band: tuple[float, float]) -> tuple[Floats, Floats]:
    """Where the caliper's jaws touch the footprint within a band: its outermost points toward -x and +x.

    The jaws are parallel to the axis; the two points need not lie on one cross-line.

    Parameters
    ----------
    outline : (n, 2) float or shapely geometry
        Footprint in the foot frame, mm.
    length_mm : float
        Foot length, mm.
    band : (float, float)
        Fractions of foot length from the heel (``BALL_BAND``, ``HEEL_BAND``).

    Returns
    -------
    lo, hi : (2,) float
        Foot-frame points ``(x, y)`` of least and greatest ``x`` within the band, mm
        (both ``(0, 0)`` when the band holds nothing).
    """
    poly = _polygon(outline)
    minx, _, maxx, _ = poly.bounds
    part = poly.intersection(box(minx - 1, band[0] * length_mm, maxx + 1, band[1] * length_mm))
    if part.is_empty:
        return np.zeros(2), np.zeros(2)
    pts = shapely.get_coordinates(part)
    return pts[np.argmin(pts[:, 0])], pts[np.argmax(pts[:, 0])]


def caliper(outline: npt.ArrayLike | BaseGeometry, length_mm: float, band: tuple[float, float]) -> Floats:
    """Foot-frame ``x`` of the caliper jaws closed on the footprint within a band, ``(min x, max x)`` mm.

    Takes what ``band_extremes`` takes; the caliper width is the difference of the two (``(0, 0)``
    for an empty band).
    """
    lo, hi = band_extremes(outline, length_mm, band)
    return np.array([lo[0], hi[0]])


def caliper_of_points(points: npt.ArrayLike, length_mm: float, band: tuple[float, float]) -> float:
    """Caliper width of a point set (a mesh's vertices) within a band: its ``x`` extent there, mm.

    Parameters
    ----------
    points : (n, 2) or (n, 3) float
        Foot- or last-frame points, mm (``y`` along the axis from the heel).
    length_mm : float
        The length the band's fractions are of, mm.
    band : (float, float)
        Fractions of ``length_mm``.
    """
    p = np.asarray(points, dtype=np.float64)
    x = p[(p[:, 1] >= band[0] * length_mm) & (p[:, 1] <= band[1] * length_mm), 0]
    return float(x.max() - x.min())


def section_segments(mesh: trimesh.Trimesh, origin: npt.ArrayLike, normal: npt.ArrayLike) -> Floats:
    """The section of ``mesh`` by a plane, as line segments (trimesh's ``mesh_plane``).

    Parameters
    ----------
    mesh : trimesh.Trimesh
        Foot or last, mm.
    origin, normal : (3,) float
        A point of the plane and its normal.

    Returns
    -------
    (m, 2, 3) float
        Segment end points, mm (none when the plane misses the mesh).
    """
    segments = trimesh.intersections.mesh_plane(  # type: ignore[no-untyped-call, unused-ignore]
        mesh, plane_normal=normal, plane_origin=origin)
    return np.asarray(segments, dtype=np.float64).reshape(-1, 2, 3)


def section_girth(mesh: trimesh.Trimesh, origin: npt.ArrayLike, normal: npt.ArrayLike) -> float | None:
    """Tape girth (``tape_girth``: convex hull perimeter) of ``section_segments(mesh, origin, normal)``, mm.

    None when the plane misses the mesh.
    """
    segments = section_segments(mesh, origin, normal)
    if len(segments) < 3:
        return None
    return float(tape_girth(segments.reshape(-1, 3), normal))


def band_top_height(mesh: trimesh.Trimesh, length_mm: float,
                    band: tuple[float, float] = INSTEP_HEIGHT_BAND) -> float | None:
    """Greatest height of a foot's surface within a band along the axis (the instep height), mm.

    The surface's highest point in the band is a vertex inside it or lies on one of the band's
    two end planes (a triangle is flat, so its top is at a corner or where the band clips it):
    both are looked at, so a coarse mesh whose top rises across the band's end (toward the ankle)
    is read as high as a fine one.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        The foot in the foot frame (``foot_frame``), mm.
    length_mm : float
        Foot length, mm.
    band : (float, float)
        Fractions of foot length from the heel.

    Returns
    -------
    float or None
        None when the mesh has nothing in the band.
    """
    lo, hi = (f * length_mm for f in band)
    vertices = np.asarray(mesh.vertices, dtype=np.float64)
    y = vertices[:, 1]
    tops = [vertices[(y >= lo) & (y <= hi), 2]]
    tops += [section_segments(mesh, [0.0, end, 0.0], [0.0, 1.0, 0.0]).reshape(-1, 3)[:, 2] for end in (lo, hi)]
    heights = np.concatenate(tops)
    return float(heights.max()) if len(heights) else None


def side_of(outline: npt.ArrayLike, length_mm: float, ball_x_mm: npt.ArrayLike) -> tuple[str, float]:
    """``"left"`` or ``"right"`` from a footprint: the big toe is on the medial side.

    In the foot frame a left foot's big toe is on the right (+x), a right foot's on the left. The
    toe tip (the outline within 7 % of foot length of its end, weighted toward the end) lies
    toward the big toe's side of the middle of the ball's caliper jaws.

    One rule for every capture. A scan used to decide by a second rule besides (the first
    metatarsal head lies ahead of the fifth); on 66 footprints (procedural feet of both sides and
    the dupontgu scans) both rules agreed everywhere, and this one also says how sure it is, which
    the photo's side warnings (``SIDE_MISMATCH``, ``SIDE_UNCLEAR``) are calibrated on.

    Parameters
    ----------
    outline : (n, 2) float
        Footprint outline in the foot frame, mm.
    length_mm : float
        Foot length, mm.
    ball_x_mm : (2,) float
        ``caliper(outline, length_mm, BALL_BAND)``.

    Returns
    -------
    side : str
    confidence : float
        0 (cannot tell) to 1 (clear).
    """
    local = np.asarray(outline, dtype=np.float64)
    ball = np.asarray(ball_x_mm, dtype=np.float64)
    tip = local[local[:, 1] >= _TOE_TIP * length_mm]
    if len(tip) == 0:
        return "left", 0.0
    weights = tip[:, 1] - _TOE_TIP * length_mm + 1e-3
    tip_x = float(np.average(tip[:, 0], weights=weights))
    offset = (tip_x - (ball[0] + ball[1]) / 2) / max(ball[1] - ball[0], 1e-6)
    confidence = float(np.clip(abs(offset) / _SIDE_CLEAR_OFFSET, 0.0, 1.0))
    return ("left" if offset > 0 else "right"), confidence


def vertical_plane(point_xy: npt.ArrayLike, other_xy: npt.ArrayLike) -> tuple[Floats, Floats]:
    """The vertical plane through two floor points (the ball girth's plane through the ball points).

    Parameters
    ----------
    point_xy, other_xy : (2,) float or longer
        Two distinct points; only ``(x, y)`` is read, mm.

    Returns
    -------
    origin : (3,) float
        ``point_xy`` on the floor, mm.
    normal : (3,) float
        Horizontal unit normal.
    """
    a = np.asarray(point_xy, dtype=np.float64)[:2]
    d = a - np.asarray(other_xy, dtype=np.float64)[:2]
    return np.array([a[0], a[1], 0.0]), np.array([d[1], -d[0], 0.0]) / np.hypot(*d)


def ball_plane(vertices: Floats, edges: npt.NDArray[np.int64] | npt.NDArray[Any], y_medial: float, y_lateral: float,
               medial_sign: float) -> tuple[Floats, Floats]:
    """Vertical plane through the medial and lateral ball points of a last (or foot) mesh.

    The ball points are the mesh's extreme medial point in the section ``y = y_medial`` and its
    extreme lateral point in ``y = y_lateral`` (the first and fifth metatarsal heads' positions).

    Parameters
    ----------
    vertices : (n, 3) float
        Last frame (``fit.last``), mm.
    edges : (m, 2) int
        The mesh's edges (each once).
    y_medial, y_lateral : float
        Positions of the ball points along the axis, mm.
    medial_sign : float
        +1 when +x is medial (a left foot), -1 otherwise.

    Returns
    -------
    origin, normal : (3,) float
        The medial ball point on the floor, and the plane's horizontal unit normal.
    """
    axis = np.array([0.0, 1.0, 0.0])
    pm = plane_points(vertices, edges, np.array([0.0, y_medial, 0.0]), axis)
    pl = plane_points(vertices, edges, np.array([0.0, y_lateral, 0.0]), axis)
    medial = pm[np.argmax(medial_sign * pm[:, 0])]
    lateral = pl[np.argmin(medial_sign * pl[:, 0])]
    return vertical_plane(medial, lateral)
