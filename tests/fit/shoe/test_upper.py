"""The upper: the last grown by the leather, cut into each style's pieces."""

import numpy as np
import pytest
import trimesh

from fit.shoe.upper import LEATHER_MM


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
