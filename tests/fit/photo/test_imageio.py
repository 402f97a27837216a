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


def _with_private_metadata(upright, orientation=6, focal_35mm=26):
    """A phone-like JPEG: focal lengths plus GPS, times, serial, maker note and owner."""
    from PIL import TiffImagePlugin

    im = Image.fromarray(np.ascontiguousarray(upright[:, :, ::-1])).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Cordwain test camera"  # Make
    exif[0x0132] = "2024:05:01 10:00:00"  # DateTime
    exif[0x013B] = "A. Shopper"  # Artist
    ifd = exif.get_ifd(0x8769)
    ifd[0xA405] = focal_35mm
    ifd[0x920A] = TiffImagePlugin.IFDRational(57, 10)
    ifd[0x9003] = "2024:05:01 10:00:00"  # DateTimeOriginal
    ifd[0xA431] = "SERIAL12345"  # BodySerialNumber
    ifd[0x927C] = b"maker secrets"  # MakerNote
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (48.0, 51.0, 24.0), "E", (2.0, 21.0, 3.0)
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def test_strip_metadata_keeps_only_the_lens():
    upright = _gradient()
    raw = _with_private_metadata(upright)
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the input has GPS
    clean = strip_metadata(raw)
    im = Image.open(io.BytesIO(clean))
    assert im.format == "JPEG"
    assert im.size == (upright.shape[1], upright.shape[0])  # upright pixels, Orientation dropped
    exif = im.getexif()
    assert set(exif) == {0x8769}  # only the pointer to the Exif IFD: no Make, DateTime, Artist, GPS
    assert not exif.get_ifd(0x8825)
    ifd = exif.get_ifd(0x8769)
    assert set(ifd) == {0xA405, 0x920A, 0xA002, 0xA003}
    assert ifd[0xA405] == 26 and abs(float(ifd[0x920A]) - 5.7) < 1e-6
    assert (ifd[0xA002], ifd[0xA003]) == im.size
    assert b"SERIAL" not in clean and b"maker" not in clean and b"Shopper" not in clean and b"2024" not in clean
    assert np.abs(read_image(clean).astype(int) - upright.astype(int)).mean() < 12
    assert read_photo(clean).focal_35mm == 26.0


def test_strip_metadata_without_lens_has_no_exif():
    clean = strip_metadata(scenes.encode(_gradient(), orientation=6))
    im = Image.open(io.BytesIO(clean))
    assert len(im.getexif()) == 0
    assert "exif" not in im.info and "icc_profile" not in im.info


def test_stripped_photo_still_measured_with_its_focal_length():
    from fit.photo import measure_foot_photo

    sc = scenes.make_scene(21, tilt_deg=8, orientation=6, focal_35mm=28.0, floor="plain")
    raw = _with_private_metadata(scenes.render(sc), orientation=6, focal_35mm=28)
    clean = strip_metadata(raw)
    assert not Image.open(io.BytesIO(clean)).getexif().get_ifd(0x8825)
    assert read_photo(clean).focal_35mm == 28.0
    r = measure_foot_photo(clean)
    assert not any("focal length" in w for w in r.warnings)
    assert abs(r.foot_length_mm - sc.truth.foot_length_mm) < 3.0
