import io

import numpy as np
import pytest
from PIL import Image

import scenes
from fit.errors import PhotoError
from fit.photo.imageio import ImageLimits, read_image, read_photo, strip_metadata


def _png(w, h, mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, (w, h)).save(out, format="PNG")
    return out.getvalue()


def _gradient(w=1200, h=900):
    yy, xx = np.mgrid[0:h, 0:w]
    return np.stack([xx % 256, yy % 256, (xx + yy) % 256], -1).astype(np.uint8)


def test_not_an_image():
    with pytest.raises(PhotoError) as e:
        read_image(b"hello, not a photo")
    assert e.value.code == "NOT_AN_IMAGE"


def test_too_many_bytes_refused_before_decoding():
    with pytest.raises(PhotoError) as e:
        read_image(b"\xff" * 2000, ImageLimits(max_bytes=1000))
    assert e.value.code == "IMAGE_TOO_LARGE"


def test_decompression_bomb_refused_from_header():
    bomb = _png(20000, 20000, "1")  # 400 MP in a few kB
    assert len(bomb) < 200_000
    with pytest.raises(PhotoError) as e:
        read_image(bomb)
    assert e.value.code == "IMAGE_TOO_LARGE"


def test_too_small():
    with pytest.raises(PhotoError) as e:
        read_image(scenes.encode(_gradient(640, 480)))
    assert e.value.code == "IMAGE_TOO_SMALL"


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "HEIF"])
def test_exif_orientation_applied(orientation, fmt):
    upright = _gradient()
    data = scenes.encode(upright, orientation=orientation, fmt=fmt, quality=95, focal_35mm=26)
    got = read_photo(data)
    assert got.image.shape == upright.shape
    assert np.abs(got.image.astype(int) - upright.astype(int)).mean() < 12
    assert got.focal_35mm == 26.0


def test_strip_metadata_is_upright_jpeg_without_exif():
    upright = _gradient()
    clean = strip_metadata(scenes.encode(upright, orientation=6, focal_35mm=26))
    im = Image.open(io.BytesIO(clean))
    assert im.format == "JPEG"
    assert len(im.getexif()) == 0
    assert "exif" not in im.info
    assert im.size == (upright.shape[1], upright.shape[0])
