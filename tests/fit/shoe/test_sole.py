"""The bottom: a sole that follows the bottom pattern plus the margin, a heel block at the last's
heel height on its top-lift, the welt on a welted sole, a cupsole that rises up the last."""

import numpy as np
import pytest
from shapely.geometry import LinearRing, Point, Polygon

from fit.shoe.sole import EDGE_MARGIN_MM, TOP_LIFT_MM, WELT_MM, bottom_edge_xy, sole_plan

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
