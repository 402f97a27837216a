"""What the shoe needs from a last: its mesh, its featherline in plan, and its bottom profile.

Frame: the last frame of ``fit.last`` (millimetres; origin on the floor below the heel point,
+y toward the toe, +z up). The adapter reads any last that keeps a watertight mesh: it takes
the featherline (the edge of the last's flat bottom, i.e. the bottom pattern) from the last
when the last carries one (an attribute ``featherline`` or ``mesh.metadata["featherline"]``,
(k, 2) or (k, 3) mm), and otherwise measures it from the mesh as the plan outline of its
bottom-facing faces.
"""

from dataclasses import dataclass

import numpy as np
import shapely
import trimesh
from shapely.geometry import Polygon

from ..drawings import featherline
from ..errors import InvalidSpec

#: A face belongs to the bottom when its normal points this far down (cosine with -z).
#: Cordwain assumption: past about 50 degrees from the floor the surface is the last's side.
BOTTOM_NORMAL_COS = 0.65

#: Gaps narrower than twice this between the bottom's projected faces are closed, mm.
CLOSING_MM = 1.0

#: Bin width of the bottom and top profiles along the last, mm.
PROFILE_BIN_MM = 2.0


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
    def length_mm(self):
        """Extent of the last along y, mm."""
        return float(self.profile_y[-1] - self.profile_y[0])

    def bottom_at(self, y):
        """Height of the last's bottom at ``y`` (mm, any shape), mm.

        Taken within the bottom pattern's length: behind the heel point the lowest point of
        the overhanging heel curve is not a bottom.
        """
        lo, hi = self.featherline_xy[:, 1].min(), self.featherline_xy[:, 1].max()
        return np.interp(np.clip(y, lo, hi), self.profile_y, self.bottom_z)

    def top_at(self, y):
        """Height of the last's top at ``y`` (mm, any shape), mm."""
        return np.interp(y, self.profile_y, self.top_z)

    def centre_x_at(self, y):
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


def last_form(last, side=None):
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
    plan = _plan_polygon(np.asarray(given, dtype=np.float64)[:, :2]) if given is not None else _plan_polygon(featherline(mesh)[:, :2])
    y, bottom, top = _profiles(mesh)
    down = mesh.faces[mesh.face_normals[:, 2] < -BOTTOM_NORMAL_COS]
    if len(down):       # the bottom's own height where it has one: the nose and heel curve are not bottom
        y_bottom, z_bottom, _ = _profiles(trimesh.Trimesh(mesh.vertices, down, process=False))
        bottom = np.interp(y, y_bottom, z_bottom)
    return LastForm(mesh=mesh, featherline_xy=plan, profile_y=y, bottom_z=bottom, top_z=top, side=side)


def _plan_polygon(points):
    """A valid counter-clockwise polygon through ``points`` (k, 2), first point not repeated."""
    polygon = shapely.make_valid(Polygon(points))
    pieces = getattr(polygon, "geoms", [polygon])
    body = max((p for p in pieces if isinstance(p, Polygon)), key=lambda p: p.area)
    ring = np.asarray(shapely.geometry.polygon.orient(body, 1.0).exterior.coords)[:-1]
    if len(ring) < 8:
        raise InvalidSpec("The last's featherline has too few points.", field="featherline")
    return ring


def _profiles(mesh):
    """Lowest and highest z of ``mesh`` per y bin, filled across empty bins."""
    v = np.asarray(mesh.vertices)
    edges = np.arange(v[:, 1].min(), v[:, 1].max() + PROFILE_BIN_MM, PROFILE_BIN_MM)
    idx = np.clip(np.digitize(v[:, 1], edges) - 1, 0, len(edges) - 2)
    low = np.full(len(edges) - 1, np.inf)
    high = np.full(len(edges) - 1, -np.inf)
    np.minimum.at(low, idx, v[:, 2])
    np.maximum.at(high, idx, v[:, 2])
    y = 0.5 * (edges[:-1] + edges[1:])
    ok = np.isfinite(low)
    return y[ok], low[ok], high[ok]
