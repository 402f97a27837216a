"""The shoe measured on its own mesh: closed parts, a sole that follows the bottom pattern, a heel
at the last's heel height, leather the right thickness over the last, each style's pieces."""

import numpy as np
import pytest
import trimesh
from shapely.geometry import LinearRing, Point, Polygon

from fit.errors import InvalidSpec
from fit.shoe import build_shoe, prepare_last, shoe_upper
from fit.shoe.form import last_form
from fit.shoe.sole import EDGE_MARGIN_MM, TOP_LIFT_MM, WELT_MM, bottom_edge_xy, sole_plan
from fit.shoe.upper import LEATHER_MM

from shoe_cases import OPTIONS

ALL = list(OPTIONS) + ["big-right"]


@pytest.mark.parametrize("key", ALL)
def test_every_part_is_a_closed_outward_solid(shoes, key):
    for part in shoes[key].parts:
        assert part.mesh.is_watertight, part.name
        assert part.mesh.is_winding_consistent, part.name
        assert part.mesh.volume > 0, part.name


def silhouette(mesh):
    """Plan silhouette of ``mesh`` (a welted sole's walls are vertical: its bottom's outline)."""
    polygon = trimesh.path.polygons.projected(mesh, normal=[0, 0, 1], ignore_sign=True)
    return max(getattr(polygon, "geoms", [polygon]), key=lambda p: p.area)


@pytest.mark.parametrize("key", ALL)
def test_sole_bottom_follows_the_bottom_pattern_plus_the_margin(shoes, key):
    shoe = shoes[key]
    margin = shoe.sole.margin_mm
    feather = LinearRing(shoe.form.featherline_xy)
    points = [Point(p) for p in bottom_edge_xy(shoe.part("sole").mesh, shoe.form)]
    assert len(points) > 200
    distance = np.array([feather.distance(p) for p in points])
    assert np.all(np.abs(distance - margin) <= 1.0), (distance.min(), distance.max(), margin)
    inside = Polygon(shoe.form.featherline_xy)
    assert not any(inside.contains(p) for p in points)      # outside the pattern, not inside it


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


@pytest.mark.parametrize("style", ["oxford", "derby", "chelsea"])
def test_heel_block_stands_at_the_lasts_heel_height(fits, shoes, style):
    heel = shoes[style].part("heel").mesh
    top_lift = shoes[style].part("top_lift").mesh
    floor = -shoes[style].sole.thickness_mm
    # the top-lift stands on the floor, the block on the top-lift
    assert top_lift.bounds[0, 2] == pytest.approx(floor, abs=0.05)
    assert heel.bounds[0, 2] == pytest.approx(floor + TOP_LIFT_MM, abs=0.05)
    assert top_lift.bounds[1, 2] == pytest.approx(floor + TOP_LIFT_MM, abs=0.05)
    back = heel.vertices[heel.vertices[:, 1] < heel.bounds[0, 1] + 8.0]
    height = back[:, 2].max() + shoes[style].sole.thickness_mm       # top of the heel under the seat
    assert height == pytest.approx(fits[style].spec.heel_height_mm, abs=1.0)
    sole = shoes[style].part("sole").mesh
    assert sole.bounds[0, 2] > floor - 0.05 and sole.bounds[1, 2] < fits[style].spec.heel_height_mm + 0.5


def test_a_welted_sole_carries_its_welt_on_top(shoes):
    shoe = shoes["oxford"]
    welt, sole = shoe.part("welt").mesh, shoe.part("sole").mesh
    assert welt.bounds[0, 2] == pytest.approx(sole.bounds[0, 2] + shoe.sole.thickness_mm - WELT_MM, abs=0.3)
    # the welt is the sole's outline, on top of it: the same plan, and together as thick as the sole was
    assert np.allclose(welt.bounds[:, :2], sole.bounds[:, :2], atol=0.5)
    assert "welt" not in [p.name for p in shoes["sneaker"].parts]      # a cupsole has none


def test_sneaker_cupsole_rises_up_the_last_and_reaches_the_floor(shoes):
    shoe = shoes["sneaker"]
    sole = shoe.part("sole").mesh
    assert sole.bounds[0, 2] == pytest.approx(-shoe.sole.thickness_mm, abs=0.05)
    fore = sole.vertices[(sole.vertices[:, 1] > 0.55 * shoe.form.length_mm)]
    assert fore[:, 2].max() > 15.0
    assert "heel" not in [p.name for p in shoe.parts]


@pytest.mark.parametrize("key", ["oxford", "sneaker", "big-right"])
def test_upper_is_the_last_grown_by_the_leather(fits, shoes, key):
    last = fits[key].mesh
    for name in ("vamp", "quarters"):
        vertices = shoes[key].part(name).mesh.vertices
        sample = vertices[np.random.default_rng(3).choice(len(vertices), 300, replace=False)]
        distance = np.abs(trimesh.proximity.signed_distance(last, sample))
        assert distance.max() < LEATHER_MM + 0.4
        assert np.mean(np.abs(distance - LEATHER_MM) < 0.4) > 0.3        # the outer face
        assert np.mean(distance < 0.4) > 0.3                             # the inner face, on the last


def test_each_style_has_its_pieces(shoes):
    names = {key: {p.name for p in shoe.parts} for key, shoe in shoes.items()}
    assert {"toe_cap", "vamp", "quarters", "tongue", "laces", "sole", "heel"} <= names["oxford"]
    assert {"vamp", "quarters", "tongue", "laces", "sole", "heel"} <= names["derby"]
    assert {"front", "back", "gussets", "pull_tab", "sole", "heel"} <= names["chelsea"]
    assert {"eyestay", "heel_counter", "toe_cap", "vamp", "quarters", "tongue", "laces", "sole"} <= names["sneaker"]


def test_chelsea_shaft_stands_above_the_last_and_gussets_are_on_both_sides(fits, shoes):
    shoe = shoes["chelsea"]
    assert shoe.part("front").mesh.bounds[1, 2] > fits["chelsea"].mesh.bounds[1, 2] + 30.0
    gussets = shoe.part("gussets").mesh
    pieces = gussets.split(only_watertight=True)
    assert len(pieces) == 2
    centre = np.mean(shoe.form.featherline_xy[:, 0])
    assert sorted(np.sign(p.centroid[0] - centre) for p in pieces) == [-1.0, 1.0]


def test_oxford_laces_close_over_the_instep_and_derby_opens_wider(shoes):
    def gap_area(shoe):
        return shoe.part("tongue").mesh.area
    assert gap_area(shoes["derby"]) > gap_area(shoes["oxford"])


def test_sole_margin_follows_the_construction():
    assert sole_plan("goodyear", "leather").margin_mm == EDGE_MARGIN_MM["goodyear"]
    assert sole_plan("blake", "commando").thickness_mm > sole_plan("blake", "leather").thickness_mm
    assert sole_plan("cemented", "rubber-cup").cupsole and not sole_plan("goodyear", "dainite").cupsole


def test_refuses_unknown_styles_and_open_meshes(fits):
    with pytest.raises(InvalidSpec) as error:
        build_shoe(fits["oxford"], "sandal", {})
    assert error.value.field == "style"
    torn = trimesh.Trimesh(fits["oxford"].mesh.vertices, fits["oxford"].mesh.faces[10:], process=False)
    with pytest.raises(InvalidSpec):
        build_shoe(torn, "oxford", {})


def test_a_kept_upper_on_a_prepared_last_gives_the_shoe_a_fresh_build_gives(fits):
    prepared = prepare_last(fits["derby"])
    upper = shoe_upper(prepared, "derby")
    options = {**OPTIONS["derby"], "sole": "commando"}
    kept = build_shoe(prepared, "derby", options, upper=upper)
    fresh = build_shoe(fits["derby"], "derby", options)
    assert [p.name for p in kept.parts] == [p.name for p in fresh.parts]
    for a, b in zip(kept.parts, fresh.parts):
        assert np.allclose(a.mesh.bounds, b.mesh.bounds, atol=1e-6) and len(a.mesh.faces) == len(b.mesh.faces)
        assert a.look == b.look
    assert kept.part("vamp").mesh is upper["vamp"]                       # reused, not built again
    assert kept.sole.thickness_mm == 9.0
