"""The whole shoe from ``build_shoe``: closed parts, refusals, and a kept upper reused as it is."""

import numpy as np
import pytest
import trimesh

from fit.errors import InvalidSpec
from fit.shoe import build_shoe, prepare_last, shoe_upper

from shoe_cases import ALL, OPTIONS


@pytest.mark.parametrize("key", ALL)
def test_every_part_is_a_closed_outward_solid(shoes, key):
    for part in shoes[key].parts:
        assert part.mesh.is_watertight, part.name
        assert part.mesh.is_winding_consistent, part.name
        assert part.mesh.volume > 0, part.name


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
