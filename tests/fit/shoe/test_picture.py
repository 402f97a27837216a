"""The still picture: the shoe fills the frame in the leather's colour, seen from the lateral side."""

import cv2
import numpy as np

from fit.shoe import build_shoe
from fit.shoe.picture import render, render_png, view_rotation
from shoe_cases import OPTIONS

BACKGROUND = (246, 243, 238)


def shoe_pixels(image):
    return image[np.any(image != BACKGROUND, axis=-1)]


def test_picture_shows_the_shoe_in_its_leather(fits, shoes):
    tan = render(shoes["derby"], (240, 180), BACKGROUND)
    assert tan.shape == (180, 240, 3)
    assert 0.25 < len(shoe_pixels(tan)) / (240 * 180) < 0.9
    black = render(build_shoe(fits["derby"], "derby", {**OPTIONS["derby"], "leather": "calf-black"}), (240, 180),
                   BACKGROUND)
    assert shoe_pixels(tan).mean() > shoe_pixels(black).mean() + 40
    red, blue = shoe_pixels(tan)[:, 0].mean(), shoe_pixels(tan)[:, 2].mean()
    assert red > blue + 30          # tan leather reads warm


def test_view_looks_at_the_lateral_side_from_above():
    left, right = view_rotation("left"), view_rotation("right")
    assert np.allclose(left @ left.T, np.eye(3), atol=1e-9)
    assert left[2, 0] < 0 < right[2, 0]     # the camera sits on -x for a left foot (lateral)
    assert left[2, 2] > 0                   # and above the floor
    assert left[1, 2] > 0.9                 # z up stays up


def test_png_decodes_to_the_rendered_picture(shoes):
    data = render_png(shoes["chelsea"], (160, 120))
    image = cv2.cvtColor(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    assert image.shape == (120, 160, 3)
    assert np.array_equal(image, render(shoes["chelsea"], (160, 120)))
