"""Measure a 3D foot scan as the capture contract defines (``docs/capture.md``).

The scan stands on the floor (+z up, the lowest point is the floor); it is put into the foot
frame by the principal axis of its footprint (the top-view silhouette), heel at y = 0, +y to
the toes, +x to the right seen from above (the medial side of a left foot). Every value comes
out marked with source ``"scan"``.
"""

import numpy as np
import shapely
import shapely.affinity
import trimesh
from shapely.geometry import Polygon, box
from trimesh.path.polygons import projected

from . import sections
from .errors import InvalidSpec
from .foot import Foot

#: Unit names a scan may come in, as millimetres per unit.
UNITS_MM = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4}

#: Bands of the contract, fractions of foot length from the heel.
BALL_BAND = (0.55, 0.85)
HEEL_BAND = (0.05, 0.25)
INSTEP_PLANE = 0.50
INSTEP_HEIGHT_BAND = (0.45, 0.55)

#: Outline simplification tolerance, mm (the outline is a shape guide, not a measurement).
OUTLINE_TOLERANCE_MM = 0.5


def measure_foot_mesh(mesh, side=None, units="mm"):
    """A ``Foot`` measured from a foot scan.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        Closed or open surface of one foot standing on the floor, +z up, any heading.
    side : str or None
        ``"left"`` or ``"right"``; ``None`` decides it from the footprint (the longest toe
        and the first metatarsal head lie on the medial side).
    units : str
        Unit of the mesh coordinates, one of ``UNITS_MM`` (scans often come in metres).

    Returns
    -------
    fit.foot.Foot
        Length, ball and heel width, ball and instep girth, instep height and the footprint
        outline, all with source ``"scan"``.
    """
    if side not in (None, "left", "right"):
        raise InvalidSpec(f"Side must be left or right, not {side!r}.", field="side")
    foot, outline = foot_frame(mesh, units)
    vertices = np.asarray(foot.vertices)
    length = outline.bounds[3]

    ball_pts, ball_width = _band_extremes(outline, length, BALL_BAND)
    _, heel_width = _band_extremes(outline, length, HEEL_BAND)
    if side is None:
        side = _side(outline, length, ball_pts)
    medial, lateral = (ball_pts[1], ball_pts[0]) if side == "left" else (ball_pts[0], ball_pts[1])
    direction = medial - lateral
    normal = np.array([direction[1], -direction[0], 0.0]) / np.hypot(*direction)
    ball_girth = _girth(foot, [medial[0], medial[1], 0.0], normal)
    instep_girth = _girth(foot, [0.0, INSTEP_PLANE * length, 0.0], [0.0, 1.0, 0.0])
    lo, hi = (f * length for f in INSTEP_HEIGHT_BAND)
    band = vertices[(vertices[:, 1] >= lo) & (vertices[:, 1] <= hi)]
    instep_height = float(band[:, 2].max()) if len(band) else None

    ring = np.asarray(outline.simplify(OUTLINE_TOLERANCE_MM).exterior.coords)[:-1]
    values = dict(foot_length_mm=float(length), ball_width_mm=ball_width, heel_width_mm=heel_width,
                  ball_girth_mm=ball_girth, instep_girth_mm=instep_girth, instep_height_mm=instep_height)
    values = {k: round(v, 2) for k, v in values.items() if v is not None}
    return Foot(side=side, outline_mm=tuple((round(float(x), 2), round(float(y), 2)) for x, y in ring),
                sources={name: "scan" for name in values}, **values)


def foot_frame(mesh, units="mm"):
    """A foot scan moved into the contract's foot frame, and its footprint there.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        One foot standing on the floor, +z up, any heading, in ``units``.
    units : str
        One of ``UNITS_MM``.

    Returns
    -------
    foot : trimesh.Trimesh
        Millimetres, floor at z = 0, heel at y = 0, +y along the footprint's principal axis.
    outline : shapely.geometry.Polygon
        The footprint in the same frame.
    """
    if units not in UNITS_MM:
        raise InvalidSpec(f"Unknown scan unit {units!r}; use one of {', '.join(UNITS_MM)}.", field="units")
    vertices = np.asanyarray(mesh.vertices, dtype=np.float64) * UNITS_MM[units]
    faces = np.asanyarray(mesh.faces, dtype=np.int64)
    if vertices.ndim != 2 or vertices.shape[1] != 3 or len(faces) < 4:
        raise InvalidSpec("The foot scan must be a triangle mesh with (n, 3) vertices.", field="mesh")
    vertices = vertices - [0.0, 0.0, vertices[:, 2].min()]
    print_xy = _footprint(trimesh.Trimesh(vertices, faces, process=False))
    rotation, origin = _foot_frame(print_xy)
    vertices = np.column_stack([(vertices[:, :2] - origin) @ rotation.T, vertices[:, 2]])
    outline = Polygon((np.asarray(print_xy.exterior.coords) - origin) @ rotation.T)
    heel_y = outline.bounds[1]
    vertices[:, 1] -= heel_y
    outline = shapely.affinity.translate(outline, 0.0, -heel_y)
    return trimesh.Trimesh(vertices, faces, process=False), outline


def _footprint(mesh):
    """The top-view silhouette of ``mesh`` as one shapely Polygon (x, y), holes filled."""
    try:
        shape = projected(mesh, normal=[0.0, 0.0, 1.0])
    except Exception:  # trimesh's fast path needs a clean mesh; fall back to a union of triangles
        shape = None
    if shape is None or shape.is_empty:
        tri = np.asarray(mesh.vertices)[np.asarray(mesh.faces)][:, :, :2]
        area = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        shape = shapely.union_all(shapely.polygons(tri[np.abs(area) > 1e-9]))
    if shape.geom_type == "MultiPolygon":
        shape = max(shape.geoms, key=lambda g: g.area)
    if shape.is_empty or shape.area <= 0:
        raise InvalidSpec("The foot scan has no footprint seen from above.", field="mesh")
    return Polygon(shape.exterior)


def _foot_frame(polygon):
    """Rotation (2, 2) and origin (2,) taking floor (x, y) into the foot frame.

    The origin is the footprint's centroid; +y is its principal (long) axis, pointing to the
    wider end (the forefoot is wider than the heel); +x is +y turned clockwise seen from above.
    """
    xy = np.asarray(polygon.exterior.coords)
    centre = np.array(polygon.centroid.coords[0])
    p = xy - centre
    x0, y0, x1, y1 = p[:-1, 0], p[:-1, 1], p[1:, 0], p[1:, 1]
    c = x0 * y1 - x1 * y0
    # second moments of area of the polygon (shoelace form)
    ixx = np.sum((y0 * y0 + y0 * y1 + y1 * y1) * c) / 12.0
    iyy = np.sum((x0 * x0 + x0 * x1 + x1 * x1) * c) / 12.0
    ixy = np.sum((x0 * y1 + 2 * x0 * y0 + 2 * x1 * y1 + x1 * y0) * c) / 24.0
    moments = np.array([[iyy, ixy], [ixy, ixx]]) * np.sign(np.sum(c))
    axis = np.linalg.eigh(moments)[1][:, 1]
    rotation = np.array([[axis[1], -axis[0]], [axis[0], axis[1]]])  # rows: +x, +y
    along = p @ axis
    lo, hi = along.min(), along.max()
    span = hi - lo
    rear = Polygon(p @ rotation.T).intersection(box(-1e4, lo + 0.05 * span, 1e4, lo + 0.25 * span))
    front = Polygon(p @ rotation.T).intersection(box(-1e4, hi - 0.25 * span, 1e4, hi - 0.05 * span))
    if _width(rear) > _width(front):
        rotation = -rotation  # a half turn: the heel was at +y
    return rotation, centre


def _width(shape):
    if shape.is_empty:
        return 0.0
    x0, _, x1, _ = shape.bounds
    return x1 - x0


def _band_extremes(outline, length, band):
    """Outermost points (x, y) toward -x and +x within a band, and the caliper width there."""
    part = outline.intersection(box(-1e4, band[0] * length, 1e4, band[1] * length))
    pts = np.concatenate([np.asarray(g.exterior.coords) for g in getattr(part, "geoms", [part])
                          if g.geom_type == "Polygon"])
    lo, hi = pts[np.argmin(pts[:, 0])], pts[np.argmax(pts[:, 0])]
    return (lo, hi), float(hi[0] - lo[0])


def _side(outline, length, ball_pts):
    """``"left"`` when +x is the medial side (big toe there), else ``"right"``.

    Two signs vote: the first metatarsal head (medial ball point, ~73 % of length) lies ahead
    of the fifth (~64 %), and the toe tip (the longest toe) lies medially of the ball band's
    middle. The ball-point sign counts double: it holds for feet whose second toe is longest.
    """
    lateral_x, medial_x = ball_pts
    ahead = (medial_x[1] - lateral_x[1]) / length  # > 0 when +x is medial
    xy = np.asarray(outline.exterior.coords)
    tip = xy[xy[:, 1] >= length - 0.01 * length]
    middle = 0.5 * (lateral_x[0] + medial_x[0])
    inward = (tip[:, 0].mean() - middle) / (medial_x[0] - lateral_x[0])  # > 0 when +x is medial
    vote = 2.0 * np.sign(ahead) * min(abs(ahead) / 0.03, 1.0) + np.sign(inward) * min(abs(inward) / 0.05, 1.0)
    return "left" if vote > 0 else "right"


def _girth(mesh, origin, normal):
    """Tape girth (convex hull perimeter) of the section of ``mesh`` by a plane, mm."""
    segments = trimesh.intersections.mesh_plane(mesh, plane_normal=normal, plane_origin=origin)
    if len(segments) < 3:
        return None
    return sections.tape_girth(segments.reshape(-1, 3), normal)
