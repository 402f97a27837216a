"""What the shoe needs from a last: its mesh, its featherline in plan, and its bottom profile.

Frame: the last frame of ``fit.last`` (millimetres; origin on the floor below the heel point,
+y toward the toe, +z up). The adapter reads any last that keeps a watertight mesh: it takes
the featherline (the edge of the last's flat bottom, i.e. the bottom pattern) from the last
when the last carries one (an attribute ``featherline`` or ``mesh.metadata["featherline"]``,
(k, 2) or (k, 3) mm), and otherwise measures it from the mesh with ``fit.drawings.featherline``.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
import trimesh
from shapely.geometry import Polygon

from ..drawings import featherline
from ..errors import InvalidSpec

#: A face belongs to the bottom when its normal points this far down (cosine with -z).
#: Cordwain assumption: past about 50 degrees from the floor the surface is the last's side.
BOTTOM_NORMAL_COS = 0.65

#: Bin width of the bottom and top profiles along the last, mm.
PROFILE_BIN_MM = 2.0

#: A measured featherline point standing higher than this above the last's bottom at its y is
#: not on the bottom (a vertex of the heel curve picked up in the heel's sections), mm. The
#: featherline itself lies within 0.5 mm of a section's lowest point; a 2 mm profile bin on a
#: toe spring rising up to 0.3 mm per mm adds another 0.6 mm.
FEATHER_HEIGHT_TOLERANCE_MM = 1.5


@dataclass(frozen=True)
class LastForm:
    """A last as the shoe sees it.

    Attributes
    ----------
    mesh : trimesh.Trimesh
        Watertight, outward-wound, mm, last frame.
    featherline_xy : (k, 2) float, mm
        The bottom pattern's edge in plan, a closed polygon (first point not repeated),
        counter-clockwise seen from above.
    profile_y, bottom_z, top_z : (m,) float, mm
        Along the last (y): the lowest and highest z of the last.
    side : str or None
        ``"left"`` or ``"right"`` when known.
    """

    mesh: trimesh.Trimesh
    featherline_xy: np.ndarray
    profile_y: np.ndarray
    bottom_z: np.ndarray
    top_z: np.ndarray
    side: str | None = None

    @property
    def length_mm(self) -> float:
        """Extent of the last along y, mm."""
        return float(self.profile_y[-1] - self.profile_y[0])

    def bottom_at(self, y: Any) -> np.ndarray:
        """Height of the last's bottom at ``y`` (mm, any shape), mm.

        Taken within the bottom pattern's length: behind the heel point the lowest point of
        the overhanging heel curve is not a bottom.
        """
        lo, hi = self.featherline_xy[:, 1].min(), self.featherline_xy[:, 1].max()
        return np.asarray(np.interp(np.clip(y, lo, hi), self.profile_y, self.bottom_z))

    def top_at(self, y: Any) -> np.ndarray:
        """Height of the last's top at ``y`` (mm, any shape), mm."""
        return np.asarray(np.interp(y, self.profile_y, self.top_z))

    def centre_x_at(self, y: Any) -> np.ndarray:
        """Middle of the featherline's width at ``y``, mm (its y range clamps ``y``)."""
        ring = np.vstack([self.featherline_xy, self.featherline_xy[:1]])
        ys = np.clip(np.atleast_1d(np.asarray(y, dtype=np.float64)), ring[:, 1].min() + 0.5, ring[:, 1].max() - 0.5)
        out = []
        for yq in ys:
            a, b = ring[:-1], ring[1:]
            hit = (np.minimum(a[:, 1], b[:, 1]) <= yq) & (np.maximum(a[:, 1], b[:, 1]) > yq)
            t = (yq - a[hit, 1]) / (b[hit, 1] - a[hit, 1])
            x = a[hit, 0] + t * (b[hit, 0] - a[hit, 0])
            out.append(0.5 * (x.min() + x.max()))
        return np.asarray(out)


def last_form(last: Any, side: str | None = None) -> LastForm:
    """Adapt ``last`` (a mesh, or an object with ``.mesh``, e.g. ``fit.pipeline.FootFit``).

    Parameters
    ----------
    last : trimesh.Trimesh or object
        When it has ``featherline`` (or its mesh has ``metadata["featherline"]``), that
        polyline is the bottom pattern; otherwise the pattern is measured from the mesh.
    side : str or None
        Overrides the side read from ``last.spec.side``.

    Returns
    -------
    LastForm
    """
    mesh = getattr(last, "mesh", last)
    if not isinstance(mesh, trimesh.Trimesh) or len(mesh.faces) == 0:
        raise InvalidSpec("The shoe needs a last mesh.", field="last")
    if side is None:
        side = getattr(getattr(last, "spec", None), "side", None)
    given = getattr(last, "featherline", None)
    if given is None:
        given = mesh.metadata.get("featherline")
    vertices = np.asarray(mesh.vertices, dtype=np.float64)
    if np.ptp(vertices[:, 1]) < 4 * PROFILE_BIN_MM or np.ptp(vertices[:, 2]) <= 0:
        raise InvalidSpec("The last mesh is flat or has no length along y; a last is toe toward +y, "
                          "standing on z = 0.", field="last")
    y, bottom, top = _profiles(vertices)
    # the bottom's own height where it has one: the nose and heel curve are not bottom
    down = vertices[np.unique(mesh.faces[mesh.face_normals[:, 2] < -BOTTOM_NORMAL_COS])]
    if len(down):
        bottom = np.interp(y, *_profiles(down)[:2])
    if given is None:
        edge = featherline(mesh)  # a simple closed curve, the bottom's edge only
    else:
        edge = np.asarray(given, dtype=np.float64)
        if edge.ndim != 2 or edge.shape[1] not in (2, 3):
            raise InvalidSpec("The last's featherline must be (k, 2) or (k, 3) points, mm.", field="featherline")
        if edge.shape[1] == 3:
            edge = edge[edge[:, 2] <= np.interp(edge[:, 1], y, bottom) + FEATHER_HEIGHT_TOLERANCE_MM]
    plan = _plan_polygon(edge[:, :2])
    # measured again within the pattern's length, in bins starting at its heel end: a bin
    # straddling the heel point would give the seat the height of the heel curve behind it
    down = down[(down[:, 1] >= plan[:, 1].min()) & (down[:, 1] <= plan[:, 1].max())]
    if len(down):
        bottom = np.interp(y, *_profiles(down)[:2])
    return LastForm(mesh=mesh, featherline_xy=plan, profile_y=y, bottom_z=bottom, top_z=top, side=side)


def _plan_polygon(points: np.ndarray) -> np.ndarray:
    """A valid counter-clockwise polygon through ``points`` (k, 2), first point not repeated."""
    if len(points) < 8:
        raise InvalidSpec("The last's featherline has too few points.", field="featherline")
    # a self-crossing line falls apart into pieces: the body is the largest one
    polygon = shapely.make_valid(Polygon(points))
    pieces = [p for p in getattr(polygon, "geoms", [polygon]) if isinstance(p, Polygon) and not p.is_empty]
    if not pieces:
        raise InvalidSpec("The last's featherline encloses no area.", field="featherline")
    body = max(pieces, key=lambda p: p.area)
    ring = np.asarray(shapely.geometry.polygon.orient(body, 1.0).exterior.coords)[:-1]
    if len(ring) < 8:
        raise InvalidSpec("The last's featherline has too few points.", field="featherline")
    return ring


def _profiles(v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lowest and highest z of points ``v`` (n, 3) per y bin from the lowest y, empty bins left out."""
    edges = np.arange(v[:, 1].min(), v[:, 1].max() + PROFILE_BIN_MM, PROFILE_BIN_MM)
    idx = np.clip(np.digitize(v[:, 1], edges) - 1, 0, len(edges) - 2)
    low = np.full(len(edges) - 1, np.inf)
    high = np.full(len(edges) - 1, -np.inf)
    np.minimum.at(low, idx, v[:, 2])
    np.maximum.at(high, idx, v[:, 2])
    y = 0.5 * (edges[:-1] + edges[1:])
    ok = np.isfinite(low)
    return y[ok], low[ok], high[ok]
