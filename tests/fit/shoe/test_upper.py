"""The upper: the last grown by the leather, cut into each style's pieces."""

import manifold3d as mf
import numpy as np
import pytest
import trimesh

from fit.shoe import solids
from fit.shoe.upper import _TOPLINES, LACE_MM, LACE_ROWS, LEATHER_MM, SHAFT_CUT_MM, SHAFT_RISE_MM


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


BOTTOM = {"sole", "welt", "heel", "top_lift"}


def upper_of(shoe):
    return {part.name: part.mesh for part in shoe.parts if part.name not in BOTTOM}


def test_each_style_is_cut_into_its_own_pieces_only(shoes):
    laced = {"tongue", "vamp", "quarters", "laces"}
    assert set(upper_of(shoes["oxford"])) == laced | {"toe_cap"}
    assert set(upper_of(shoes["derby"])) == laced
    assert set(upper_of(shoes["sneaker"])) == laced | {"toe_cap", "eyestay", "heel_counter"}
    assert set(upper_of(shoes["chelsea"])) == {"front", "back", "gussets", "pull_tab"}


@pytest.mark.parametrize("key", ["oxford", "sneaker", "chelsea"])
def test_pieces_meet_along_their_lines_without_overlapping(shoes, key):
    pieces = [mesh for name, mesh in upper_of(shoes[key]).items() if name not in ("laces", "pull_tab")]
    whole = solids.to_trimesh(mf.Manifold.batch_boolean([solids.to_manifold(m) for m in pieces], mf.OpType.Add))
    total = sum(m.volume for m in pieces)
    assert whole.volume == pytest.approx(total, rel=0.01)
    # together one shell (bar specks of no size where simplified pieces meet)
    assert max(body.volume for body in whole.split(only_watertight=True)) > 0.99 * whole.volume


def topline_z(form, style, y):
    """Height of ``style``'s topline at ``y`` (mm): its knots above the bottom, and never closer than 4 mm
    to the last's top ahead of the heel point (behind it the top is the heel curve's bump)."""
    knots = np.array(_TOPLINES[style])
    drawn = form.bottom_at(y) + np.interp((y - form.profile_y[0]) / form.length_mm, knots[:, 0], knots[:, 1])
    return np.minimum(drawn, form.top_at(np.maximum(y, form.featherline_xy[:, 1].min() + 10.0)) - 4.0)


@pytest.mark.parametrize("style", ["oxford", "derby", "sneaker"])
def test_the_collar_is_cut_at_the_topline(shoes, style):
    form = shoes[style].form
    facing_y = form.profile_y[0] + _TOPLINES[style][-1][0] * form.length_mm
    pieces = {name: mesh for name, mesh in upper_of(shoes[style]).items() if name != "laces"}
    for name, mesh in pieces.items():
        v = mesh.vertices[mesh.vertices[:, 1] < facing_y]
        assert np.all(v[:, 2] <= topline_z(form, style, v[:, 1]) + 0.5), name
    # and the leather reaches it: the collar's highest point at the back lies on the topline
    back = np.vstack([mesh.vertices for mesh in pieces.values()])
    back = back[back[:, 1] < form.profile_y[0] + 0.1 * form.length_mm]
    highest = back[np.argmax(back[:, 2])]
    assert highest[2] == pytest.approx(float(topline_z(form, style, highest[1])), abs=0.5)


def test_chelsea_shaft_rises_from_its_cut_and_the_tab_stands_above_it(shoes):
    shoe = shoes["chelsea"]
    top = float(shoe.form.bottom_at(shoe.form.profile_y[0])) + SHAFT_CUT_MM + SHAFT_RISE_MM
    for name in ("front", "back"):
        assert shoe.part(name).mesh.bounds[1, 2] == pytest.approx(top, abs=0.5), name
    tab = shoe.part("pull_tab").mesh
    assert tab.bounds[0, 2] < top < tab.bounds[1, 2]


@pytest.mark.parametrize("style", ["oxford", "derby", "sneaker"])
def test_one_lace_bar_per_eyelet_row_over_the_instep(shoes, style):
    shoe = shoes[style]
    bars = shoe.part("laces").mesh.split(only_watertight=True)
    assert len(bars) == LACE_ROWS[style]
    for bar in bars:
        assert np.ptp(bar.vertices[:, 1]) == pytest.approx(LACE_MM[0], abs=1e-3)
        y = bar.centroid[1]
        assert bar.bounds[1, 2] == pytest.approx(shoe.form.top_at(y) + LEATHER_MM + LACE_MM[1], abs=1e-3)
