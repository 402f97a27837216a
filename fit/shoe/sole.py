"""The bottom of the shoe: sole (welted, close-trimmed or a cupsole) and the heel block.

The sole's plan is the last's featherline (the bottom pattern) grown by the construction's
edge margin; its top follows the last's bottom, so the heel block below it reaches the floor
at exactly the last's heel height.
"""

from dataclasses import dataclass

import numpy as np
import manifold3d as mf
import shapely
import trimesh

from . import solids
from .form import LastForm

#: Sole edge beyond the featherline, mm, per construction. Cordwain assumption, from the look
#: of finished shoes rather than a standard: a Goodyear welt shows about 4-5 mm beyond the
#: upper, a Blake sole is trimmed close (1-2 mm), a cemented cupsole stands about 3 mm proud.
EDGE_MARGIN_MM = {"goodyear": 4.5, "blake": 1.5, "cemented": 3.0, "vulcanised": 3.0}

#: Sole thickness under the tread, mm, per sole option (Cordwain assumption: typical
#: finished thicknesses — leather 5 mm, studded rubber 6 mm, lug rubber 9 mm, cupsole 10 mm).
SOLE_THICKNESS_MM = {"leather": 5.0, "leather-rubber-insert": 5.5, "dainite": 6.0, "commando": 9.0,
                     "rubber-cup": 10.0, "gum-cup": 10.0}
DEFAULT_SOLE_THICKNESS_MM = 6.0

#: A cupsole's wall rises this far up the side of the last, mm (Cordwain assumption: a court
#: sneaker's cupsole sidewall is 15-20 mm).
CUP_WALL_MM = 17.0

#: The cupsole wall stands this far off the last where the last bulges over its bottom, mm:
#: the upper's leather (1.6 mm, ``fit.shoe.upper.LEATHER_MM``) plus 1.4 mm of rubber.
CUP_CLEARANCE_MM = 3.0

#: The heel block's front (the heel breast) as a fraction of the last's length from its back.
#: Cordwain assumption: the breast stands just ahead of the heel seat, about 27 % of the length.
HEEL_BREAST_FRACTION = 0.27

#: Thinnest heel block, mm (a flat shoe still gets a heel lift).
MIN_HEEL_MM = 2.0

#: The welt of a Goodyear-welted shoe: the sole's top layer, this thick, mm (Cordwain assumption:
#: welting is cut from 3-4 mm shoulder leather).
WELT_MM = 3.0

#: The heel's top-lift: its lowest layer, the one that wears and is replaced, mm (Cordwain
#: assumption: rubber or leather top-pieces are 5-6 mm thick).
TOP_LIFT_MM = 5.0


@dataclass(frozen=True)
class SolePlan:
    """Dimensions of the bottom of one shoe, mm."""

    construction: str
    margin_mm: float
    thickness_mm: float
    cupsole: bool


def sole_plan(construction: str, sole_code: str | None) -> SolePlan:
    """The sole's margin, thickness and kind for a construction and a sole option code."""
    cupsole = construction in ("cemented", "vulcanised") and sole_code != "leather"
    return SolePlan(construction=construction, margin_mm=EDGE_MARGIN_MM.get(construction, 3.0),
                    thickness_mm=SOLE_THICKNESS_MM.get(sole_code or "", DEFAULT_SOLE_THICKNESS_MM), cupsole=cupsole)


def sole_outline(form: LastForm, plan: SolePlan) -> mf.CrossSection:
    """The sole's plan outline: the featherline grown by the margin (``CrossSection``)."""
    return solids.cross_section(form.featherline_xy).offset(plan.margin_mm)


def bottom_parts(form: LastForm, plan: SolePlan, last_solid: mf.Manifold) -> dict[str, mf.Manifold]:
    """Sole (and heel block unless a cupsole), as ``{name: manifold3d.Manifold}``.

    The floor is ``z = -thickness``; the last's tread stands on the sole at ``z = 0``. Every
    height here changes along the last only, so each part is a ``solids.prism``.
    """
    outline = sole_outline(form, plan)
    t = plan.thickness_mm
    ys = form.profile_y
    tread_y = float(ys[np.argmin(form.bottom_z[: max(2, int(0.9 * len(ys)))])])
    under_last = form.bottom_at(ys)
    if plan.cupsole:
        # flat under the heel, rising with the toe spring ahead of the tread
        floor = np.where(ys > tread_y, under_last, 0.0) - t
        rim = under_last + CUP_WALL_MM
        # above the bottom the wall flares to clear the lasted upper wherever the last bulges
        below_rim = last_solid ^ solids.band(ys, np.full_like(ys, -100.0), rim)
        flare = below_rim.project().offset(CUP_CLEARANCE_MM) + outline
        base = solids.prism(outline, ys, floor, under_last + 0.5)
        wall = solids.prism(flare, ys, under_last, rim)
        return {"sole": (base + wall) - last_solid}
    sole = solids.prism(outline, ys, under_last - t, under_last)
    breast_y = float(ys[0] + HEEL_BREAST_FRACTION * form.length_mm)
    rear = solids.cross_section([[-1e3, -1e3], [1e3, -1e3], [1e3, breast_y], [-1e3, breast_y]])
    heel_top = under_last - t
    heel = solids.prism(outline ^ rear, ys, np.minimum(-t, heel_top - MIN_HEEL_MM), heel_top)
    top_lift, heel = heel.split(solids.box([-1e3, -1e3, -1e3], [1e3, 1e3, -t + TOP_LIFT_MM]))
    parts = {"sole": sole, "heel": heel, "top_lift": top_lift}
    if plan.construction == "goodyear":
        # the sole's top layer is the welt, stitched round the upper's edge
        parts["welt"], parts["sole"] = sole.split(solids.band(ys, under_last - WELT_MM, under_last + 1.0))
    return parts


def bottom_edge_xy(mesh: trimesh.Trimesh, form: LastForm, spacing_mm: float = 0.5) -> np.ndarray:
    """Points along the outer edge of a sole's bottom (its floor), plan (x, y) mm.

    The floor is every face looking down (within about 37 degrees) below the last's bottom;
    its edge is the outline of those faces seen from below. Measured on the outline rather
    than on where floor faces meet wall faces: a floor warped along the toe spring can hold
    near-vertical slivers of zero width in plan, which are no edge.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        A sole part, as built.
    form : LastForm
        The last it was built on: faces inside a cupsole's cavity lie above the last's bottom.
    spacing_mm : float
        Distance between the returned points along the edge.

    Returns
    -------
    (k, 2) float
    """
    centroid = mesh.triangles_center
    floor = (mesh.face_normals[:, 2] < -0.8) & (centroid[:, 2] < form.bottom_at(centroid[:, 1]) - 1.0)
    triangles = shapely.polygons(mesh.triangles[floor][:, :, :2])
    plan = shapely.union_all(triangles[shapely.area(triangles) > 1e-9])
    body = max(getattr(plan, "geoms", [plan]), key=lambda p: p.area)
    ring = shapely.segmentize(body.exterior, spacing_mm)
    return np.asarray(ring.coords)[:-1]
