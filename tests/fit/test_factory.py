import numpy as np
import pytest

from fit.errors import InvalidSpec
from fit.estimate import complete_foot
from fit.factory import THIMBLE_DEPTH_MM, THIMBLE_DIAMETER_MM, factory_bodies, hinge_plane, thimble_axis
from fit.foot import Foot
from fit.last import build_last, last_spec
from fit.style import rules_for


@pytest.fixture(scope="module")
def last():
    spec = last_spec(complete_foot(Foot("left", 262.0, 101.5)), rules_for("derby"))
    return spec, build_last(spec)


def test_cone_top_is_flat(last):
    spec, mesh = last
    top = thimble_axis(mesh, spec)
    v = mesh.vertices
    plateau = v[(v[:, 1] < 0.15 * v[:, 1].max()) & (v[:, 2] > top[2] - 0.01)]
    assert np.ptp(plateau[:, 0]) > 15.0 and np.ptp(plateau[:, 1]) > 15.0   # a flat face, not a point
    assert top[2] == pytest.approx(mesh.vertices[:, 2].max(), abs=0.01)  # the cone top is the highest face
    assert top[2] >= spec.heel_height_mm + spec.cone_height_mm - 0.01


def test_thimble_hole_has_the_standard_bore(last):
    spec, mesh = last
    body = factory_bodies(mesh, spec, thimble=True)["last"]
    assert body.is_watertight and body.is_volume
    bore = np.pi * (THIMBLE_DIAMETER_MM / 2) ** 2 * THIMBLE_DEPTH_MM
    assert mesh.volume - body.volume == pytest.approx(bore, rel=0.01)


def test_hinge_cut_gives_two_closed_bodies(last):
    spec, mesh = last
    bodies = factory_bodies(mesh, spec, thimble=False, cut="hinge")
    assert set(bodies) == {"fore", "block"}
    assert all(b.is_watertight for b in bodies.values())
    assert sum(b.volume for b in bodies.values()) == pytest.approx(mesh.volume, rel=1e-4)
    origin, normal = hinge_plane(mesh, spec)
    assert abs(normal[0]) < 1e-9 and 0.3 < abs(normal[2]) < 0.95          # a sloping cut across the last
    with pytest.raises(InvalidSpec):
        factory_bodies(mesh, spec, cut="saw")
