"""``fit.photo.quads`` on drawn detection images: a sheet projected by a known camera onto a textured floor.

Each image is drawn exactly (the sheet's corners are the camera's projection of a 210 x 297 mm
rectangle), so the quadrilateral found can be compared with the truth in pixels.
"""

import cv2
import numpy as np
import pytest

from fit.photo.paper import intrinsics
from fit.photo.quads import edge_quads, holds_foot, overlap, quad_score

SIZE = (1000, 750)  # the detection image's size (``paper._WORK_SIDE``)
K = intrinsics(SIZE, 26.0)


def _camera(tilt_deg: float, roll_deg: float, height_mm: float = 550.0) -> tuple[np.ndarray, np.ndarray]:
    """Rotation (world -> camera) and centre of a camera above the sheet's middle, looking at it."""
    t, r = np.radians(tilt_deg), np.radians(roll_deg)
    down = np.array([[1.0, 0, 0], [0, -1.0, 0], [0, 0, -1.0]])  # looking straight down
    tilt = np.array([[1.0, 0, 0], [0, np.cos(t), -np.sin(t)], [0, np.sin(t), np.cos(t)]])
    roll = np.array([[np.cos(r), -np.sin(r), 0], [np.sin(r), np.cos(r), 0], [0, 0, 1.0]])
    R = roll @ tilt @ down
    target = np.array([105.0, 148.5, 0.0])
    centre = target - height_mm * R[2]  # the optical axis passes through the sheet's middle
    return R, centre


def _project(R: np.ndarray, centre: np.ndarray, points_mm: np.ndarray) -> np.ndarray:
    cam = (np.column_stack([points_mm, np.zeros(len(points_mm))]) - centre) @ R.T
    return cam[:, :2] / cam[:, 2:] * K[0, 0] + K[:2, 2]


def drawn_sheet(tilt_deg: float, roll_deg: float, seed: int = 0, occluder: tuple[float, float, float] | None = None,
                white_beyond_heel: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``(image, true corners (4, 2) px)``; ``occluder``: a dark disc ``(x mm, y mm, radius mm)`` on the floor;
    ``white_beyond_heel``: a white tile of the paper's colour, turned 45 degrees, lies beyond the heel edge (y = 0)."""
    rng = np.random.default_rng(seed)
    w, h = SIZE
    R, centre = _camera(tilt_deg, roll_deg)
    floor = rng.normal(0, 1, (h, w)).astype(np.float32)
    floor = cv2.GaussianBlur(floor, (0, 0), 4) * 60 + 110  # a mottled mid-grey floor
    image = np.repeat(floor[..., None], 3, 2) * np.array([0.8, 0.95, 1.1], np.float32)  # warm
    if white_beyond_heel:
        tile = _project(R, centre, np.array([[-95.0, -60.0], [105.0, -260.0], [305.0, -60.0], [105.0, 140.0]]))
        cv2.fillConvexPoly(image, np.round(tile * 16).astype(np.int32), (235, 235, 235), cv2.LINE_AA, shift=4)
    corners = _project(R, centre, np.array([[0.0, 0.0], [210.0, 0.0], [210.0, 297.0], [0.0, 297.0]]))
    mask = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(mask, np.round(corners * 16).astype(np.int32), 255, cv2.LINE_AA, shift=4)
    alpha = (mask.astype(np.float32) / 255)[..., None]
    image = image * (1 - alpha) + 235.0 * alpha
    if occluder is not None:
        x, y, radius = occluder
        a = np.linspace(0, 2 * np.pi, 60, endpoint=False)
        disc = _project(R, centre, np.column_stack([x + radius * np.cos(a), y + radius * np.sin(a)]))
        cv2.fillPoly(image, [np.round(disc * 16).astype(np.int32)], (60, 70, 90), cv2.LINE_AA, shift=4)
    image = image + rng.normal(0, 2.0, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8), corners


def _corner_error(found: np.ndarray, truth: np.ndarray) -> float:
    """Largest corner distance, px, over the best pairing of the two quads' corners (same cyclic order)."""
    errors = []
    for quad in (found, found[::-1]):
        for k in range(4):
            errors.append(np.linalg.norm(np.roll(quad, k, axis=0) - truth, axis=1).max())
    return float(min(errors))


@pytest.mark.parametrize("tilt, roll", [(0.0, 0.0), (15.0, 35.0), (20.0, -80.0)])
def test_a_drawn_sheet_is_found_as_its_true_quadrilateral(tilt, roll):
    image, truth = drawn_sheet(tilt, roll)
    quads = edge_quads(image, K, "auto")
    assert quads, "no sheet found"
    best = quads[0]
    assert best.paper == "a4"
    assert _corner_error(best.corners, truth) < 3.0
    assert best.score > 0.6 and np.all(best.side_support > 0.6)


def test_the_corners_are_clockwise_on_screen_with_a_short_side_first():
    image, _ = drawn_sheet(10.0, 20.0)
    c = edge_quads(image, K)[0].corners
    x, y = c[:, 0], c[:, 1]
    assert np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y) > 0  # clockwise with y down
    sides = np.linalg.norm(np.roll(c, -1, axis=0) - c, axis=1)
    assert sides[0] < sides[1] and sides[2] < sides[3]


def test_a_sheet_with_one_edge_hidden_is_still_found_and_that_side_is_the_unsupported_one():
    # a leg-sized dark disc over the middle of the heel edge (y = 0), hiding most of it
    image, truth = drawn_sheet(12.0, 10.0, seed=1, occluder=(105.0, 0.0, 80.0))
    best = edge_quads(image, K, "a4")[0]
    assert _corner_error(best.corners, truth) < 4.0
    heel_mid = _project(*_camera(12.0, 10.0), np.array([[105.0, 0.0]]))[0]
    mids = (best.corners + np.roll(best.corners, -1, axis=0)) / 2
    hidden = int(np.argmin(np.linalg.norm(mids - heel_mid, axis=1)))
    assert best.side_support[hidden] == min(best.side_support) < 0.5
    assert np.sum(best.side_support > 0.6) == 3


@pytest.mark.parametrize("tilt, roll", [(0.0, 10.0), (14.0, 30.0), (22.0, -60.0)])
def test_a_sheet_whose_heel_edge_shows_no_line_is_completed_from_its_other_three_sides(tilt, roll):
    # the floor beyond the heel edge is the paper's white and a foot stands on the sheet: no line
    # runs along the heel edge, so no quad of four lines is the sheet
    image, truth = drawn_sheet(tilt, roll, seed=4, occluder=(105.0, 130.0, 60.0), white_beyond_heel=True)
    found = [q for q in edge_quads(image, K, "a4", keep=8) if _corner_error(q.corners, truth) < 2.0]
    assert found and found[0].completed
    heel_mid = _project(*_camera(tilt, roll), np.array([[105.0, 0.0]]))[0]
    mids = (found[0].corners + np.roll(found[0].corners, -1, axis=0)) / 2
    assert found[0].side_support[int(np.argmin(np.linalg.norm(mids - heel_mid, axis=1)))] < 0.2


def test_quad_score_prefers_the_true_sheet_to_a_shifted_one():
    image, truth = drawn_sheet(8.0, 25.0, seed=2)
    found = edge_quads(image, K)[0].corners  # clockwise on screen, as quad_score wants
    assert _corner_error(found, truth) < 3.0
    assert quad_score(image, found) > 0.6
    assert quad_score(image, found) > quad_score(image, found + [25.0, 0.0])


def test_a_sheet_holds_a_foot_only_with_something_on_it_and_paper_all_round_its_rim():
    empty, corners = drawn_sheet(10.0, 20.0, seed=3)
    with_foot, _ = drawn_sheet(10.0, 20.0, seed=3, occluder=(105.0, 150.0, 65.0))
    assert holds_foot(with_foot, [corners])[0]
    assert not holds_foot(empty, [corners])[0]  # a white tile of the paper's size holds nothing
    # a quad half on the sheet, half on the floor (as a block of black and white checks would be)
    assert not holds_foot(with_foot, [corners + (corners[1] - corners[0]) * 0.5])[0]


def test_overlap_is_intersection_over_union():
    a = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]])
    assert overlap(a, a) == pytest.approx(1.0)
    assert overlap(a, a + [5.0, 0.0]) == pytest.approx(50.0 / 150.0)
    assert overlap(a, a + [20.0, 0.0]) == 0.0
