"""What the shoe reads from a last: the featherline (measured or carried) and the profiles."""

import numpy as np
import pytest
import shapely
import trimesh
from shapely.geometry import LinearRing, Polygon

from fit.errors import InvalidSpec
from fit.shoe import build_shoe
from fit.shoe.form import FEATHER_HEIGHT_TOLERANCE_MM, PROFILE_BIN_MM, LastForm, last_form

from shoe_cases import ALL, OPTIONS


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


class CarriedLast:
    """A last that carries its own featherline: a 90 x 260 x 80 mm block standing on the floor."""

    def __init__(self, featherline):
        block = trimesh.creation.box(extents=[90.0, 260.0, 80.0]).subdivide_to_size(10.0)
        self.mesh = block.apply_translation([0.0, 130.0, 40.0])      # vertices all along, as a last has
        self.featherline = np.asarray(featherline, dtype=np.float64)


def oval(count=40, clockwise=False):
    """An oval bottom pattern inside the block, (count, 2) mm."""
    t = np.linspace(0.0, 2 * np.pi, count, endpoint=False) * (-1 if clockwise else 1)
    return np.column_stack([40.0 * np.cos(t), 130.0 + 125.0 * np.sin(t)])


@pytest.mark.parametrize("key", ALL)
def test_featherline_is_a_valid_counter_clockwise_polygon_not_closed_twice(shoes, key):
    feather = shoes[key].form.featherline_xy
    assert feather.ndim == 2 and feather.shape[1] == 2 and len(feather) >= 8
    assert not np.allclose(feather[0], feather[-1])               # the first point is not repeated
    ring = LinearRing(feather)
    assert ring.is_valid and ring.is_simple and ring.is_ccw


@pytest.mark.parametrize("key", ["oxford", "big-right"])
def test_profiles_run_along_the_last_with_the_bottom_below_the_top(fits, shoes, key):
    form, mesh, spec = shoes[key].form, fits[key].mesh, fits[key].spec
    steps = np.diff(form.profile_y)
    assert np.all(steps > 0) and np.allclose(steps / PROFILE_BIN_MM, np.round(steps / PROFILE_BIN_MM))
    assert form.length_mm == pytest.approx(np.ptp(mesh.vertices[:, 1]), abs=PROFILE_BIN_MM)
    assert np.all(form.bottom_z <= form.top_z)
    # in the last frame the tread stands on the floor and the seat at the heel height
    heel_end, toe_end = form.featherline_xy[:, 1].min(), form.featherline_xy[:, 1].max()
    inside = (form.profile_y >= heel_end) & (form.profile_y <= toe_end)
    assert form.bottom_z[inside].min() == pytest.approx(0.0, abs=0.5)
    assert float(form.bottom_at(heel_end)) == pytest.approx(spec.heel_height_mm, abs=1.0)
    # behind the pattern the bottom is the seat's, not the heel curve's
    assert float(form.bottom_at(heel_end - 40.0)) == float(form.bottom_at(heel_end))
    assert float(form.top_at(form.profile_y[np.argmax(form.top_z)])) == pytest.approx(mesh.bounds[1, 2], abs=0.5)


def test_a_carried_featherline_is_turned_counter_clockwise_and_its_centre_found():
    form = last_form(CarriedLast(oval(clockwise=True)))
    assert LinearRing(form.featherline_xy).is_ccw
    assert Polygon(form.featherline_xy).area == pytest.approx(Polygon(oval()).area, rel=1e-9)
    assert np.allclose(form.centre_x_at([60.0, 130.0, 200.0]), 0.0, atol=1e-9)
    shifted = LastForm(form.mesh, form.featherline_xy + [7.0, 0.0], form.profile_y, form.bottom_z, form.top_z)
    assert np.allclose(shifted.centre_x_at([60.0, 130.0]), 7.0, atol=1e-9)


def test_carried_points_above_the_bottom_are_left_out():
    pattern = np.column_stack([oval(), np.zeros(40)])
    heel_curve = np.array([[x, 2.0, 30.0] for x in (-20.0, 0.0, 20.0)])     # standing up the back of the last
    form = last_form(CarriedLast(np.vstack([pattern[:10], heel_curve, pattern[10:]])))
    assert len(form.featherline_xy) == 40
    kept = last_form(CarriedLast(pattern + [0.0, 0.0, FEATHER_HEIGHT_TOLERANCE_MM - 0.1]))
    assert len(kept.featherline_xy) == 40


def test_a_self_crossing_featherline_keeps_its_body():
    bow_tie = [(-50.0, 0.0), (50.0, 0.0), (-10.0, 200.0), (10.0, 200.0)]    # crossing at y = 500 / 3
    ring = np.asarray(shapely.segmentize(LinearRing(bow_tie), 10.0).coords)[:-1]
    form = last_form(CarriedLast(ring))
    assert Polygon(form.featherline_xy).area == pytest.approx(100.0 * (500.0 / 3.0) / 2.0, rel=1e-9)
    assert form.featherline_xy[:, 1].max() == pytest.approx(500.0 / 3.0)


@pytest.mark.parametrize("last, field", [
    (CarriedLast(oval(6)), "featherline"),
    (CarriedLast(np.zeros((40, 4))), "featherline"),
    (CarriedLast(np.column_stack([np.zeros(40), np.linspace(0.0, 200.0, 40)])), "featherline"),
    ("not a mesh", "last"),
    (trimesh.Trimesh(), "last"),
    (trimesh.creation.box((50.0, 1.0, 50.0)), "last"),     # no length along y
    (trimesh.creation.box((50.0, 200.0, 0.0)), "last"),    # flat
])
def test_unusable_lasts_and_featherlines_are_refused_with_the_field(last, field):
    with pytest.raises(InvalidSpec) as error:
        last_form(last)
    assert error.value.field == field
