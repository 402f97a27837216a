"""``fit.photo.overlay``: the checking picture of one rendered, measured photo."""

from functools import cache

import cv2
import numpy as np
import pytest
from shapely.geometry import Point, Polygon

import scenes
from fit.photo.measure import decode_photo, measure_foot_photo
from fit.photo.overlay import overlay_jpeg

MAX_SIDE = 600


@cache
def measured():
    sc = scenes.make_scene(41, paper="a4", tilt_deg=10, orientation=6, size=(1600, 1200), floor="tile", leg=False,
                           sock=0)  # a dark sock: the outline's green is clear against it and the paper
    photo = decode_photo(scenes.photo_bytes(sc))
    return photo, measure_foot_photo(photo, side=sc.side)


def _to_overlay_px(result, points_mm):
    """Sheet mm -> overlay px, the way the docstring describes the picture: the sheet from above, toes up."""
    w_mm, l_mm = result.sheet_mm
    s = MAX_SIDE / (l_mm + 120.0)
    p = np.asarray(points_mm)
    return np.column_stack([(p[:, 0] + 20.0) * s, (l_mm + 60.0 - p[:, 1]) * s])


def test_the_overlay_is_a_jpeg_of_the_sheet_from_above_at_the_asked_size():
    photo, result = measured()
    data = overlay_jpeg(photo, result, max_side=MAX_SIDE)
    assert data[:3] == b"\xff\xd8\xff"
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    h, w = image.shape[:2]
    assert h == pytest.approx(MAX_SIDE, abs=1) and w / h == pytest.approx((210.0 + 40.0) / (297.0 + 120.0), abs=0.01)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    corner = _to_overlay_px(result, [[10.0, 10.0], [200.0, 287.0]]).astype(int)  # paper near both ends
    assert all(gray[y, x] > 150 for x, y in corner)


def test_the_outline_is_drawn_where_the_foot_is():
    photo, result = measured()
    image = cv2.imdecode(np.frombuffer(overlay_jpeg(photo, result, max_side=MAX_SIDE), np.uint8), cv2.IMREAD_COLOR)
    b, g, r = (image[..., i].astype(int) for i in range(3))
    green = (g > 120) & (g > r + 60) & (g > b + 60)
    on_line = _to_overlay_px(result, result.outline_sheet_mm).round().astype(int)
    near = cv2.dilate(green.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert np.mean(near[on_line[:, 1], on_line[:, 0]]) > 0.9
    # inside the outline the dark sock, outside it the white paper
    outline = Polygon(result.outline_sheet_mm)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    inside = np.array(outline.buffer(-12.0).representative_point().coords)
    outside = np.array([[p.x, p.y] for p in (Point(10.0, 250.0), Point(200.0, 20.0)) if not outline.contains(p)])
    (xi, yi), = _to_overlay_px(result, inside).astype(int)
    assert gray[yi, xi] < 90
    assert all(gray[y, x] > 150 for x, y in _to_overlay_px(result, outside).astype(int))


def test_the_photo_file_and_its_decoded_photo_give_the_same_picture():
    photo, result = measured()
    ok, png = cv2.imencode(".png", np.ascontiguousarray(photo.image))
    from_file = cv2.imdecode(np.frombuffer(overlay_jpeg(png.tobytes(), result, max_side=MAX_SIDE), np.uint8), 1)
    from_photo = cv2.imdecode(np.frombuffer(overlay_jpeg(photo, result, max_side=MAX_SIDE), np.uint8), 1)
    assert from_file.shape == from_photo.shape
    assert np.mean(np.abs(from_file.astype(int) - from_photo.astype(int))) < 3.0
