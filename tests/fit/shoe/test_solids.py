"""Solids and regions as geometric facts: known outlines and heights give the volumes arithmetic
gives, every result is a closed, outward solid, and the conversions keep the shape."""

import numpy as np
import pytest
import trimesh

from fit.shoe import solids

# a 20 mm x 50 mm rectangle in plan, from the origin
WIDTH, LENGTH = 20.0, 50.0
RECTANGLE = [[0.0, 0.0], [WIDTH, 0.0], [WIDTH, LENGTH], [0.0, LENGTH]]


def closed(solid):
    """The solid as a mesh, checked closed and outward."""
    mesh = solids.to_trimesh(solid)
    assert mesh.is_watertight and mesh.is_winding_consistent and mesh.volume > 0
    return mesh


def test_prism_between_sloping_heights_holds_the_trapezoids_volume():
    y = np.array([0.0, LENGTH])
    low, high = np.array([0.0, 0.0]), np.array([10.0, 30.0])
    mesh = closed(solids.prism(solids.cross_section(RECTANGLE), y, low, high))
    # the top is linear between the samples: the side view is a trapezoid
    assert mesh.volume == pytest.approx(WIDTH * LENGTH * (10.0 + 30.0) / 2, rel=1e-6)
    assert np.allclose(mesh.bounds, [[0.0, 0.0, 0.0], [WIDTH, LENGTH, 30.0]], atol=1e-4)
    assert len(mesh.faces) < 500                         # a few hundred triangles, not one per mm


def test_prism_heights_stay_level_beyond_the_first_and_last_sample():
    outline = solids.cross_section([[0.0, -20.0], [WIDTH, -20.0], [WIDTH, 70.0], [0.0, 70.0]])
    mesh = closed(solids.prism(outline, np.array([0.0, LENGTH]), np.array([2.0, 2.0]), np.array([10.0, 30.0])))
    behind, along, ahead = 20.0 * 8.0, LENGTH * (8.0 + 28.0) / 2, 20.0 * 28.0
    assert mesh.volume == pytest.approx(WIDTH * (behind + along + ahead), rel=1e-6)
    assert mesh.bounds[0, 2] == pytest.approx(2.0, abs=1e-4)


def test_side_and_plan_regions_are_their_outline_pushed_straight_through():
    triangle_yz = [[0.0, 0.0], [40.0, 0.0], [0.0, 30.0]]           # 600 mm^2 in side view
    slab = solids.box([-5.0, -100.0, -100.0], [5.0, 100.0, 100.0])  # 10 mm across
    side = closed(solids.side_region(triangle_yz) ^ slab)
    assert side.volume == pytest.approx(600.0 * 10.0, rel=1e-6)
    assert np.allclose(side.bounds, [[-5.0, 0.0, 0.0], [5.0, 40.0, 30.0]], atol=1e-4)
    layer = solids.box([-100.0, -100.0, 3.0], [100.0, 100.0, 10.0])  # 7 mm high
    plan = closed(solids.plan_region(RECTANGLE) ^ layer)
    assert plan.volume == pytest.approx(WIDTH * LENGTH * 7.0, rel=1e-6)
    # the regions reach past any last (a 310 mm last stands within 400 mm of the origin)
    reach = solids.to_trimesh(solids.plan_region(RECTANGLE)).bounds[:, 2]
    assert reach[0] <= -300.0 and reach[1] >= 300.0


def test_band_lies_between_its_two_profiles_across_every_x():
    y = np.array([0.0, 10.0, 40.0])
    low, high = np.array([0.0, 5.0, 5.0]), np.array([20.0, 20.0, 35.0])
    column = solids.box([100.0, 10.0, -100.0], [101.0, 40.0, 100.0])    # far off to the side, 1 mm wide
    mesh = closed(solids.band(y, low, high) ^ column)
    # between y 10 and 40 the band runs from z 5 up to a top rising from 20 to 35
    assert mesh.volume == pytest.approx(1.0 * 30.0 * ((20.0 + 35.0) / 2 - 5.0), rel=1e-6)


def test_extrude_and_box_have_their_sizes():
    cube = closed(solids.extrude(solids.cross_section([[0, 0], [10, 0], [10, 10], [0, 10]]), 4.0))
    assert cube.volume == pytest.approx(400.0, rel=1e-9)
    assert np.allclose(cube.bounds[:, 2], [0.0, 4.0])
    block = closed(solids.box([1.0, 2.0, 3.0], [4.0, 8.0, 13.0]))
    assert block.volume == pytest.approx(3.0 * 6.0 * 10.0, rel=1e-9)
    assert np.allclose(block.bounds, [[1.0, 2.0, 3.0], [4.0, 8.0, 13.0]])


def test_a_closed_mesh_goes_through_manifold_and_back_an_open_one_is_empty():
    sphere = trimesh.creation.icosphere(subdivisions=3, radius=25.0)
    back = closed(solids.to_manifold(sphere))
    assert back.volume == pytest.approx(sphere.volume, rel=1e-5)
    assert len(back.faces) == len(sphere.faces)
    torn = trimesh.Trimesh(sphere.vertices, sphere.faces[5:], process=False)
    assert solids.to_manifold(torn).is_empty()


def test_offset_surface_moves_every_vertex_out_by_the_distance():
    sphere = trimesh.creation.icosphere(subdivisions=3, radius=25.0)
    grown = solids.offset_surface(sphere, 1.6)
    assert np.array_equal(grown.faces, sphere.faces)
    radius = np.linalg.norm(grown.vertices, axis=1)
    assert np.allclose(radius, 26.6, atol=1e-3)
    shell = closed(solids.to_manifold(grown) - solids.to_manifold(sphere))
    assert shell.volume == pytest.approx(grown.volume - sphere.volume, rel=1e-5)
