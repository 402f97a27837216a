"""What the shoe reads from a last: the featherline (measured or carried) and the profiles."""

import numpy as np
import trimesh
from shapely.geometry import Polygon

from fit.shoe import build_shoe
from fit.shoe.form import last_form

from shoe_cases import OPTIONS


def silhouette(mesh):
    """Plan silhouette of ``mesh`` (a welted sole's walls are vertical: its bottom's outline)."""
    polygon = trimesh.path.polygons.projected(mesh, normal=[0, 0, 1], ignore_sign=True)
    return max(getattr(polygon, "geoms", [polygon]), key=lambda p: p.area)


def test_featherline_is_the_edge_of_the_lasts_flat_bottom(fits):
    mesh = fits["oxford"].mesh
    form = last_form(fits["oxford"])
    plan = Polygon(silhouette(mesh).exterior)          # the projection can hold specks of no area
    feather = Polygon(form.featherline_xy)
    assert plan.buffer(0.5).contains(feather)
    assert 0.75 < feather.area / plan.area < 1.0
    # the featherline runs along the bottom's rounded edge: within a few mm of the last's lowest z there
    heights = trimesh.proximity.closest_point(mesh, np.column_stack(
        [form.featherline_xy, form.bottom_at(form.featherline_xy[:, 1])]))[1]
    assert np.percentile(heights, 90) < 5.0


def test_a_featherline_carried_by_the_last_is_used(fits, shoes):
    class Last:
        mesh = fits["derby"].mesh
        featherline = np.asarray(Polygon(last_form(fits["derby"]).featherline_xy).buffer(-3.0).exterior.coords)
    shoe = build_shoe(Last(), "derby", OPTIONS["derby"])
    outline = silhouette(shoe.part("sole").mesh)
    given = Polygon(Last.featherline)
    assert abs(outline.area - given.buffer(shoe.sole.margin_mm).area) / given.area < 0.01
    assert outline.area < silhouette(shoes["derby"].part("sole").mesh).area
