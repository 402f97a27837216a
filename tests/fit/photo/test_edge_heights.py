"""``fit.photo.edge_heights``: the table's shape and range as documented, and that it predicts exactly
projected silhouettes of a foot it was not fitted on (``fit_edge_heights.scene_samples``, an unused seed)."""

import numpy as np
import pytest

import fit_edge_heights
from fit.photo import edge_heights
from fit.photo.outline import edge_heights as lookup


def test_tables_cover_the_knots_and_are_fractions_of_foot_length():
    y, tan = np.array(edge_heights.Y_KNOTS), np.array(edge_heights.TAN_KNOTS)
    assert y[0] == 0.0 and y[-1] == 1.0 and np.all(np.diff(y) > 0)
    assert np.all(np.diff(tan) > 0) and tan[0] < 0 < tan[-1]
    for table in (edge_heights.MEDIAL, edge_heights.LATERAL):
        h = np.array(table)
        assert h.shape == (len(y), len(tan))
        assert np.all(h > 0) and np.all(h < 0.4)  # an edge lies below the ankle cut


def test_lookup_interpolates_bilinearly_and_clamps_outside_the_knots():
    y, tan, medial = edge_heights.Y_KNOTS, edge_heights.TAN_KNOTS, np.array(edge_heights.MEDIAL)
    at_knot = lookup(np.array([y[3]]), np.array([True]), np.array([tan[2]]), 1.0)
    assert at_knot[0] == pytest.approx(medial[3, 2])
    mid = lookup(np.array([(y[3] + y[4]) / 2]), np.array([True]), np.array([(tan[2] + tan[3]) / 2]), 1.0)
    assert mid[0] == pytest.approx(np.mean(medial[3:5, 2:4]))
    beyond = lookup(np.array([1.5, -0.2]), np.array([True, True]), np.array([5.0, -5.0]), 250.0)
    assert beyond == pytest.approx([medial[-1, -1] * 250.0, medial[0, 0] * 250.0])


def test_the_table_predicts_the_true_edge_heights_of_an_unseen_foot_better_than_any_constant():
    rows = fit_edge_heights.scene_samples(fit_edge_heights.SEEDS - 1, "procedural")  # below the fitted seeds
    t, medial, tan, true = rows[:, 0], rows[:, 1] > 0.5, rows[:, 2], rows[:, 3]
    predicted = lookup(t, medial, tan, 1.0)
    table_error = np.median(np.abs(predicted - true))
    constant_error = np.median(np.abs(np.median(true) - true))
    assert len(rows) > 100 and table_error < constant_error
