"""The visual hull of a known solid from exact silhouettes: it contains the solid and hugs it
where the photos look tangent to it (across and along; the top is seen only from above, so there
the hull stands higher, the bias ``fit.mat.measure`` corrects)."""

import cv2
import numpy as np
import pytest
import trimesh

from fit.mat import hull
from fit.mat.camera import View
from fit.mat.silhouette import signed_distance

SIZE = (900, 700)


def _camera(azimuth_deg, elevation_deg, target=(105.0, 150.0, 20.0), distance=420.0):
    az, el = np.radians(azimuth_deg), np.radians(elevation_deg)
    centre = np.asarray(target) + distance * np.array([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)])
    fwd = (np.asarray(target) - centre) / distance
    x = np.cross(fwd, [0.0, 0.0, 1.0])
    x /= np.linalg.norm(x)
    R = np.vstack([x, np.cross(fwd, x), fwd])
    f = 26.0 / 43.27 * np.hypot(*SIZE)
    K = np.array([[f, 0, (SIZE[0] - 1) / 2], [0, f, (SIZE[1] - 1) / 2], [0, 0, 1.0]])
    return View(K=K, R=R, t=-R @ centre, rms_px=0.0)


def _exact_silhouette(mesh, view):
    """Background = everything but the solid's projection (as if the floor were all known)."""
    uv, _ = view.project(mesh.vertices)
    mask = np.zeros(SIZE[::-1], np.uint8)
    for tri in np.round(uv[mesh.faces] * 16).astype(np.int32):
        cv2.fillConvexPoly(mask, tri, 1, shift=4)
    return hull.HullView(view, signed_distance(mask == 0))


@pytest.fixture(scope="module")
def carved():
    solid = trimesh.creation.icosphere(subdivisions=4)
    solid.apply_scale([45.0, 100.0, 40.0])
    solid.vertices[:, 2] = np.maximum(solid.vertices[:, 2], -30.0)  # a flat sole
    solid.apply_translation([105.0, 150.0, 30.0])
    views = [_exact_silhouette(solid, _camera(az, el))
             for az, el in [(90, 70), (0, 30), (180, 30), (90, 30), (270, 30), (45, 35), (135, 35), (225, 35)]]
    axes, coarse = hull.coarse_field(views)
    mesh, footprint = hull.fine_mesh(views, axes, coarse, ankle_cut_mm=80.0)
    return solid, mesh, footprint


def test_the_hull_is_closed_and_contains_the_solid(carved):
    solid, mesh, _ = carved
    assert mesh.is_watertight
    assert np.all(mesh.bounds[0] <= solid.bounds[0] + 0.5) and np.all(mesh.bounds[1] >= solid.bounds[1] - 0.5)
    assert mesh.volume >= solid.volume * 0.99


def test_the_hull_hugs_a_dome_where_photos_look_tangent_to_it(carved):
    solid, mesh, footprint = carved
    lo, hi = footprint.min(0), footprint.max(0)
    # within 2 mm: in perspective no photo looks exactly tangent at the extremes
    assert np.r_[lo, hi] == pytest.approx(np.r_[solid.bounds[0, :2], solid.bounds[1, :2]], abs=2.0)
    assert mesh.bounds[1, 2] == pytest.approx(solid.bounds[1, 2], abs=6.0)
    assert solid.volume < mesh.volume < 1.08 * solid.volume


def _box_field(lo_mm, hi_mm):
    """A coarse field that is positive inside an axis-aligned box, mm."""
    axes, pts = hull._grid(hull.GRID_LO_MM, hull.GRID_HI_MM, hull.COARSE_MM)
    inside = np.all((pts >= lo_mm) & (pts <= hi_mm), axis=-1)
    return axes, np.where(inside, 5.0, -5.0).astype(np.float32)


def test_a_hull_reaching_behind_the_heel_line_low_down_is_refused_but_the_leg_above_is_not():
    from fit.mat import _check_on_mat
    from fit.mat.errors import MatError

    foot_lo, foot_hi = np.array([60.0, 12.0, 0.0]), np.array([150.0, 260.0, 80.0])
    _check_on_mat(*_box_field(foot_lo, foot_hi))  # heel on the heel line: measured
    axes, field = _box_field(foot_lo, foot_hi)
    _, leg = _box_field(np.array([80.0, 0.0, 60.0]), np.array([130.0, 60.0, 112.0]))
    _check_on_mat(axes, np.maximum(field, leg))  # a leg leaning back over the heel end, high up
    with pytest.raises(MatError) as err:
        _check_on_mat(*_box_field(np.array([60.0, 0.0, 0.0]), foot_hi))  # floor behind the heel kept
    assert err.value.code == "HEEL_NOT_SEEN" and "diagonally behind the heel" in err.value.message
    with pytest.raises(MatError) as err:
        _check_on_mat(*_box_field(np.array([20.0, 12.0, 0.0]), foot_hi))  # over the corridor's side
    assert err.value.code == "FOOT_OFF_MAT"
