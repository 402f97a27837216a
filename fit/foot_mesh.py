"""Measure a 3D foot scan as the capture contract defines (``docs/capture.md``, ``fit.contract``).

The scan stands on the floor (+z up, the lowest point is the floor); it is put into the foot
frame by the principal axis of its footprint (the top-view silhouette), heel at y = 0, +y to
the toes (the footprint's wider end), +x to the right seen from above (the medial side of a left
foot). The footprint is measured by ``fit.photo.footprint``, the same code as a photo's. Every
value comes out marked with source ``"scan"``.
"""

import numpy as np
import numpy.typing as npt
import shapely
import trimesh
from shapely.geometry import Polygon
from trimesh.path.polygons import projected

from .contract import INSTEP_PLANE, SIDES, band_top_height, section_girth, vertical_plane
from .errors import InvalidSpec
from .foot import Foot
from .photo.footprint import Footprint, measure_footprint

#: Unit names a scan may come in, as millimetres per unit.
UNITS_MM = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4}

#: Outline simplification tolerance, mm (the outline is a shape guide, not a measurement).
OUTLINE_TOLERANCE_MM = 0.5


def measure_foot_mesh(mesh: trimesh.Trimesh, side: str | None = None, units: str = "mm") -> Foot:
    """A ``Foot`` measured from a foot scan.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        Closed or open surface of one foot standing on the floor, +z up, any heading.
    side : str or None
        ``"left"`` or ``"right"``; ``None`` decides it from the footprint (the big toe's side,
        ``fit.contract.side_of``).
    units : str
        Unit of the mesh coordinates, one of ``UNITS_MM`` (scans often come in metres).

    Returns
    -------
    fit.foot.Foot
        Length, ball and heel width, ball and instep girth, instep height and the footprint
        outline (mm, foot frame), all with source ``"scan"``.
    """
    if side is not None and side not in SIDES:
        raise InvalidSpec(f"Side must be left or right, not {side!r}.", field="side")
    foot, fp = _in_foot_frame(mesh, units)
    length = fp.foot_length_mm
    side = side or fp.side
    medial, lateral = fp.ball_points_mm[::-1] if side == "left" else fp.ball_points_mm
    ball_girth = section_girth(foot, *vertical_plane(medial, lateral))
    instep_girth = section_girth(foot, [0.0, INSTEP_PLANE * length, 0.0], [0.0, 1.0, 0.0])
    instep_height = band_top_height(foot, length)

    ring = np.asarray(Polygon(fp.outline_mm).simplify(OUTLINE_TOLERANCE_MM).exterior.coords)[:-1]
    values = dict(foot_length_mm=length, ball_width_mm=fp.ball_width_mm, heel_width_mm=fp.heel_width_mm,
                  ball_girth_mm=ball_girth, instep_girth_mm=instep_girth, instep_height_mm=instep_height)
    kept = {k: round(float(v), 2) for k, v in values.items() if v is not None}
    return Foot(side=side, foot_length_mm=kept["foot_length_mm"], ball_width_mm=kept["ball_width_mm"],
                heel_width_mm=kept["heel_width_mm"], ball_girth_mm=kept.get("ball_girth_mm"),
                instep_girth_mm=kept.get("instep_girth_mm"), instep_height_mm=kept.get("instep_height_mm"),
                outline_mm=tuple((round(float(x), 2), round(float(y), 2)) for x, y in ring),
                sources={name: "scan" for name in kept})


def foot_frame(mesh: trimesh.Trimesh, units: str = "mm") -> tuple[trimesh.Trimesh, Polygon]:
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
        The footprint in the same frame, mm.
    """
    foot, fp = _in_foot_frame(mesh, units)
    return foot, Polygon(fp.outline_mm)


def _in_foot_frame(mesh: trimesh.Trimesh, units: str) -> tuple[trimesh.Trimesh, Footprint]:
    """The scan in the foot frame (mm) and its measured footprint."""
    if units not in UNITS_MM:
        raise InvalidSpec(f"Unknown scan unit {units!r}; use one of {', '.join(UNITS_MM)}.", field="units")
    vertices = np.asanyarray(mesh.vertices, dtype=np.float64) * UNITS_MM[units]
    faces = np.asanyarray(mesh.faces, dtype=np.int64)
    if vertices.ndim != 2 or vertices.shape[1] != 3 or len(faces) < 4:
        raise InvalidSpec("The foot scan must be a triangle mesh with (n, 3) vertices.", field="mesh")
    vertices = vertices - [0.0, 0.0, vertices[:, 2].min()]
    print_xy = _footprint(trimesh.Trimesh(vertices, faces, process=False))
    fp = measure_footprint(np.asarray(print_xy.exterior.coords)[:-1], toe_direction=None)
    local = np.column_stack([fp.frame.to_local(vertices[:, :2]), vertices[:, 2]])
    return trimesh.Trimesh(local, faces, process=False), fp


def _footprint(mesh: trimesh.Trimesh) -> Polygon:
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
