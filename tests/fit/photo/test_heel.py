"""``fit.photo.heel`` on real footprints (``scenes.procedural_foot``'s orthographic outline, heel at y = 0)."""

from functools import cache

import numpy as np
import pytest
from shapely.geometry import Polygon, box

import scenes
from fit.photo.footprint import measure_footprint
from fit.photo.heel import (HEEL_SNAP_MM, HEEL_TO_BALL, complete_hidden_heel, convex_heel, cut_at_heel_edge,
                            heel_middle_gap, heel_to_edge, rear_gap, round_heel, row_extents, run_along_edge_mm,
                            uncorrect_edge_cut)


@cache
def footprint() -> np.ndarray:
    v, f = scenes.procedural_foot(260.0, 0.39, "left", np.random.default_rng(2))
    outline = scenes.footprint_outline(v, f)
    return outline - [outline[:, 0].mean() - 105.0, outline[:, 1].min()]  # mid-sheet, heel on the edge


def _ring(polygon) -> np.ndarray:
    return np.asarray(polygon.exterior.coords)[:-1]


def test_row_extents_of_a_rectangle_are_its_sides():
    y, xl, xr = row_extents(np.array([[10.0, 0.0], [50.0, 0.0], [50.0, 30.0], [10.0, 30.0]]))
    inside = y < 29.5
    assert np.allclose(xl[inside], 10.0, atol=0.5) and np.allclose(xr[inside], 50.0, atol=0.5)
    assert y[1] - y[0] == pytest.approx(0.25)


def test_rear_gap_is_the_distance_of_the_rearmost_point_from_the_edge():
    assert rear_gap(footprint()) == pytest.approx(0.0, abs=0.1)
    assert rear_gap(footprint() + [0.0, 4.5]) == pytest.approx(4.5, abs=0.1)


def test_a_small_gap_is_closed_by_drawing_the_heel_back_and_the_toes_stay():
    gapped = footprint() + [0.0, HEEL_SNAP_MM - 1.0]
    closed = heel_to_edge(gapped)
    assert rear_gap(closed) == pytest.approx(0.0, abs=1e-9)
    assert closed[:, 1].max() == gapped[:, 1].max()
    front = gapped[:, 1] > 0.5 * gapped[:, 1].max()
    assert np.array_equal(closed[front], gapped[front])


def test_a_gap_beyond_the_snap_distance_is_measured_not_closed():
    far = footprint() + [0.0, HEEL_SNAP_MM + 3.0]
    assert np.array_equal(heel_to_edge(far), far)
    assert rear_gap(heel_to_edge(far, max_gap=np.inf)) == pytest.approx(0.0, abs=1e-9)


def test_an_outline_cut_straight_by_the_edge_is_told_from_a_heel_touching_it():
    cut = _ring(Polygon(footprint() - [0.0, 25.0]).intersection(box(-1e3, 0.0, 1e3, 1e3)))
    assert cut_at_heel_edge(cut, 210.0)
    assert not cut_at_heel_edge(footprint() + [0.0, 3.0], 210.0)  # a heel standing off the edge


def test_a_cut_at_the_segmenting_box_inside_the_edge_counts_and_a_heel_seen_past_the_edge_does_not():
    inset = 2.0
    at_box = _ring(Polygon(footprint() - [0.0, 25.0]).intersection(box(-1e3, inset + 0.4, 1e3, 1e3)))
    assert cut_at_heel_edge(at_box, 210.0, inset)
    assert not cut_at_heel_edge(at_box, 210.0)  # the band ends 1.5 mm from the edge without the box
    past = footprint() - [0.0, 25.0]  # the heel's whole outline runs on past the edge, crossing it twice
    assert not cut_at_heel_edge(past, 210.0, inset)


def test_the_heel_middle_gap_ignores_a_spur_at_the_heels_side():
    gapped = Polygon(footprint() + [0.0, 5.0])
    x0, _, x1, _ = gapped.bounds
    y, xl, _ = row_extents(np.asarray(gapped.exterior.coords)[:-1])
    spur = box(xl[int(30 * 4)], -3.0, xl[int(30 * 4)] + 3.0, 40.0)  # a thin spur at one side, past the edge
    spurred = _ring(gapped.union(spur))
    assert rear_gap(spurred) == pytest.approx(-3.0, abs=0.1)
    assert heel_middle_gap(spurred) == pytest.approx(5.0, abs=0.3)
    assert rear_gap(heel_to_edge(spurred)) < -3.0  # drawn back by the middle's gap; the spur is cut later
    assert heel_middle_gap(heel_to_edge(spurred)) == pytest.approx(0.0, abs=0.3)


def test_toes_cut_by_the_far_edge_run_along_it_and_toes_reaching_over_it_only_cross_it():
    foot = footprint()
    tip = float(foot[:, 1].max())
    edge = tip - 20.0  # a sheet edge 20 mm behind the toe tips
    cut = _ring(Polygon(foot).intersection(box(-1e3, -1.0, 1e3, edge)))
    run = run_along_edge_mm(cut, edge, 210.0)
    x_at_edge = cut[np.abs(cut[:, 1] - edge) < 1e-6, 0]
    assert run >= 0.9 * np.ptp(x_at_edge) and run > 40.0  # about the foot's width there
    assert run_along_edge_mm(foot, edge, 210.0) < 5.0  # the whole outline crosses the edge
    assert run_along_edge_mm(foot, tip + 10.0, 210.0) == 0.0


def test_round_heel_leaves_one_round_heel_where_the_edge_cut_a_flat_one():
    cut = _ring(Polygon(footprint() - [0.0, 25.0]).intersection(box(-1e3, 0.0, 1e3, 1e3)))
    rounded = round_heel(cut)
    y, xl, xr = row_extents(cut)
    ry, rxl, rxr = row_extents(rounded)
    assert (rxr - rxl)[1] < 0.5 * (xr - xl)[1]  # at the edge: a point of a circle, not the cut's width
    assert rounded[:, 1].max() == pytest.approx(cut[:, 1].max())
    assert Polygon(rounded).area == pytest.approx(Polygon(cut).area, rel=0.03)
    assert np.array_equal(round_heel(footprint() + [0.0, 3.0]), footprint() + [0.0, 3.0])  # off the edge: as is


def test_a_heel_hidden_by_a_wide_leg_is_replaced_by_a_typical_heel():
    foot = Polygon(footprint())
    length = footprint()[:, 1].max()
    leg = box(105.0 - 70.0, 0.0, 105.0 + 70.0, 0.22 * length)  # the leg's silhouette over the heel, 140 mm wide
    covered = _ring(foot.union(leg))
    completed = complete_hidden_heel(covered)
    ball = measure_footprint(footprint()).ball_width_mm
    y, xl, xr = row_extents(completed)
    rear = (y > 2.0) & (y < 20.0)
    assert np.nanmax((xr - xl)[rear]) <= HEEL_TO_BALL * ball + 1.0
    assert rear_gap(completed) == pytest.approx(0.0, abs=0.5)
    assert completed[:, 1].max() == pytest.approx(length, abs=0.5)
    assert np.array_equal(complete_hidden_heel(footprint()), footprint())  # a visible heel is left alone


def test_a_dent_in_the_back_of_the_heel_is_filled_and_the_rest_of_the_outline_stays():
    foot = Polygon(footprint())
    x0, _, x1, _ = foot.bounds
    xc = (x0 + x1) / 2
    dented = _ring(foot.difference(box(xc - 10.0, -1.0, xc + 10.0, 10.0)))  # the middle 10 mm forward

    def back_at_middle(outline: np.ndarray) -> float:
        return float(Polygon(outline).intersection(box(xc - 1.0, -1e3, xc + 1.0, 1e3)).bounds[1])

    assert back_at_middle(dented) == pytest.approx(10.0, abs=0.1)
    filled = convex_heel(dented)
    assert back_at_middle(filled) < back_at_middle(footprint()) + 2.0  # the chord across the notch
    assert Polygon(filled).symmetric_difference(foot).area < 0.01 * foot.area
    assert filled[:, 1].max() == pytest.approx(footprint()[:, 1].max())


def test_a_cut_at_the_edge_keeps_its_place_along_the_foot_and_the_correction_s_move_across():
    inset = 2.0
    floor = _ring(Polygon(footprint() - [0.0, 25.0]).intersection(box(-1e3, inset, 1e3, 1e3)))
    # a correction that lifts every point forward, the medial side more than the lateral (a slanted cut)
    corrected = floor + np.column_stack([0.95 * (105.0 - floor[:, 0]) * 0.05, 8.0 + 0.1 * (floor[:, 0] - 105.0)])
    kept = uncorrect_edge_cut(floor, corrected, inset)
    on_cut = floor[:, 1] < inset + 1.5
    assert on_cut.sum() > 10
    assert np.array_equal(kept[on_cut, 1], floor[on_cut, 1])  # not lifted off the edge
    assert np.array_equal(kept[on_cut, 0], corrected[on_cut, 0])  # moved across as the correction moved them
    assert np.array_equal(kept[~on_cut], corrected[~on_cut])  # the silhouette elsewhere stays corrected
