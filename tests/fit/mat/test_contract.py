"""The mat's contract file as code: marker corners in OpenCV's order, in the mat frame."""

import numpy as np
import pytest

from fit.mat.contract import load_mat
from fit.mat.markers import correspondences, detect_markers
from fit.mat.printable import render_mat


def test_the_contract_loads_with_its_ten_markers_and_print_check():
    mat = load_mat("mat-a4-v1")
    assert mat.paper_mm == (210.0, 297.0) and mat.marker_size_mm == 28.0
    assert sorted(mat.markers) == list(range(10))
    a, b = np.array(mat.markers[0]), np.array(mat.markers[4])
    assert np.linalg.norm(a - b) == pytest.approx(247.0)
    with pytest.raises(ValueError):
        load_mat("mat-a3-v9")


def test_detected_corners_match_the_contract_corners_in_order():
    mat = load_mat()
    px_per_mm = 4.0
    page = render_mat(px_per_mm, mat)
    found = detect_markers(page, mat)
    world, image = correspondences(found, mat)
    # page pixel (col, row) centre <-> mat (x, y) = ((col + 0.5) / ppm, length - (row + 0.5) / ppm)
    xy = np.column_stack([(image[:, 0] + 0.5) / px_per_mm, mat.paper_mm[1] - (image[:, 1] + 0.5) / px_per_mm])
    assert xy == pytest.approx(world[:, :2], abs=0.3)
