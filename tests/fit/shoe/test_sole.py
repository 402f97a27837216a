"""The bottom: a sole that follows the bottom pattern plus the margin, a heel block at the last's
heel height on its top-lift, the welt on a welted sole, a cupsole that rises up the last."""

import numpy as np
import pytest
import trimesh
from shapely.geometry import LinearRing, Point, Polygon

from fit.shoe.sole import (CUP_WALL_MM, DEFAULT_SOLE_THICKNESS_MM, EDGE_MARGIN_MM, HEEL_BREAST_FRACTION,
                           SOLE_THICKNESS_MM, TOP_LIFT_MM, WELT_MM, bottom_edge_xy, sole_outline, sole_plan)

from shoe_cases import ALL


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


def test_sole_margin_follows_the_construction():
    assert sole_plan("goodyear", "leather").margin_mm == EDGE_MARGIN_MM["goodyear"]
    assert sole_plan("blake", "commando").thickness_mm > sole_plan("blake", "leather").thickness_mm
    assert sole_plan("cemented", "rubber-cup").cupsole and not sole_plan("goodyear", "dainite").cupsole


@pytest.mark.parametrize("style", ["oxford", "derby", "chelsea"])
def test_a_flat_sole_is_its_outline_times_its_thickness(shoes, style):
    shoe = shoes[style]
    outline = Polygon(shoe.form.featherline_xy).buffer(shoe.sole.margin_mm, quad_segs=32)
    assert sole_outline(shoe.form, shoe.sole).area() == pytest.approx(outline.area, rel=2e-3)
    # its top follows the last's bottom and its floor lies the thickness below: the same everywhere
    volume = sum(part.mesh.volume for part in shoe.parts if part.name in ("sole", "welt"))
    assert volume == pytest.approx(outline.area * shoe.sole.thickness_mm, rel=5e-3)


@pytest.mark.parametrize("style", ["oxford", "derby", "chelsea"])
def test_heel_block_stands_behind_the_breast_within_the_sole(shoes, style):
    shoe = shoes[style]
    breast_y = shoe.form.profile_y[0] + HEEL_BREAST_FRACTION * shoe.form.length_mm
    sole_plan_xy = Polygon(shoe.form.featherline_xy).buffer(shoe.sole.margin_mm + 0.1)
    for name in ("heel", "top_lift"):
        mesh = shoe.part(name).mesh
        assert mesh.bounds[1, 1] == pytest.approx(breast_y, abs=0.5), name
        assert all(sole_plan_xy.contains(Point(p)) for p in mesh.vertices[:, :2]), name


def test_sneaker_cupsole_holds_the_last_without_entering_it(fits, shoes):
    shoe = shoes["sneaker"]
    sole = shoe.part("sole").mesh
    sample = sole.vertices[np.random.default_rng(5).choice(len(sole.vertices), 300, replace=False)]
    inside = trimesh.proximity.signed_distance(fits["sneaker"].mesh, sample)      # > 0 inside the last
    assert inside.max() < 0.5
    rim = shoe.form.bottom_at(shoe.form.profile_y) + CUP_WALL_MM
    assert sole.bounds[1, 2] == pytest.approx(rim.max(), abs=0.5)


def test_sole_plan_reads_the_thickness_of_its_sole_and_the_kind_of_its_construction():
    for code, thickness in SOLE_THICKNESS_MM.items():
        assert sole_plan("blake", code).thickness_mm == thickness
    assert sole_plan("blake", "a-new-sole").thickness_mm == DEFAULT_SOLE_THICKNESS_MM
    assert sole_plan("vulcanised", "gum-cup").cupsole
    assert not sole_plan("cemented", "leather").cupsole         # a leather sole is never a cup
    for construction, margin in EDGE_MARGIN_MM.items():
        assert sole_plan(construction, None).margin_mm == margin
