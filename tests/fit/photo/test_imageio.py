import io

import numpy as np
import pytest
from PIL import Image

import scenes
from fit.errors import PhotoError
from fit.photo.imageio import ImageLimits, _decode, _open_checked, read_image, read_photo, strip_metadata


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


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("size, max_side, decoded", [
    ((1600, 1200), None, (1600, 1200)),   # full size
    ((1600, 1200), 1000, (800, 600)),     # libjpeg's scaling by 1/2
    ((1601, 1203), None, (1601, 1203)),   # odd sizes
    ((1601, 1203), 1000, (1000, 751)),    # no DCT scaling for this odd size: Pillow's box filter
])
def test_jpeg_decodes_as_pillow_decodes_it(orientation, size, max_side, decoded):
    """OpenCV decodes a JPEG (the fast path) to Pillow's pixels bit for bit, upright the same way:
    measurement and overlay see the same picture as when Pillow decoded it."""
    rng = np.random.default_rng(orientation)
    w, h = size
    upright = np.clip(_gradient(w, h).astype(int) + rng.integers(-40, 40, (h, w, 3)), 0, 255).astype(np.uint8)
    data = scenes.encode(upright, orientation=orientation, quality=90)
    fast = read_photo(data, max_side=max_side).image
    pillow, _, _, _ = _decode(_open_checked(data, ImageLimits()), max_side)  # without the bytes: Pillow decodes
    assert fast.shape == pillow.shape == (decoded[1], decoded[0], 3)
    assert np.array_equal(fast, pillow)


def test_truncated_jpeg_refused():
    data = scenes.encode(_gradient(), orientation=6)
    with pytest.raises(PhotoError) as e:
        read_photo(data[: len(data) * 2 // 3], max_side=1000)
    assert e.value.code == "NOT_AN_IMAGE"


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


def test_strip_metadata_keeps_only_the_lens_and_the_pixels():
    upright = _gradient()
    raw = _with_private_metadata(upright)
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the input has GPS
    clean = strip_metadata(raw)
    im = Image.open(io.BytesIO(clean))
    assert im.format == "JPEG"
    exif = im.getexif()
    assert set(exif) == {0x8769, 0x0112} and exif[0x0112] == 6  # the Exif IFD pointer and the Orientation
    assert not exif.get_ifd(0x8825)
    ifd = exif.get_ifd(0x8769)
    assert set(ifd) == {0xA405, 0x920A, 0xA002, 0xA003}
    assert ifd[0xA405] == 26 and abs(float(ifd[0x920A]) - 5.7) < 1e-6
    assert (ifd[0xA002], ifd[0xA003]) == im.size
    assert b"SERIAL" not in clean and b"maker" not in clean and b"Shopper" not in clean and b"2024" not in clean
    assert np.array_equal(read_image(clean), read_image(raw))  # not re-encoded: the very same pixels
    assert read_photo(clean).focal_35mm == 26.0


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_strip_metadata_is_lossless(fmt):
    raw = scenes.encode(_gradient(), orientation=8, fmt=fmt, quality=80, focal_35mm=28)
    clean = strip_metadata(raw)
    assert Image.open(io.BytesIO(clean)).format == fmt and b"Cordwain test camera" not in clean
    a, b = read_photo(raw), read_photo(clean)
    assert np.array_equal(a.image, b.image) and a.focal_35mm == b.focal_35mm == 28.0
    assert strip_metadata(clean) == clean  # idempotent


def test_strip_metadata_drops_a_second_image_and_comments():
    raw = scenes.encode(_gradient(), orientation=1)
    with_extra = raw[:2] + b"\xff\xfe\x00\x0dA. Shopper!" + raw[2:] + b"\xff\xd8 second image with GPS"
    clean = strip_metadata(with_extra)
    assert b"Shopper" not in clean and b"GPS" not in clean
    assert np.array_equal(read_image(clean), read_image(raw))


def test_strip_metadata_without_lens_keeps_only_the_orientation():
    clean = strip_metadata(scenes.encode(_gradient(), orientation=6))
    im = Image.open(io.BytesIO(clean))
    assert dict(im.getexif()) == {0x0112: 6}
    assert "icc_profile" not in im.info
    assert len(Image.open(io.BytesIO(strip_metadata(scenes.encode(_gradient())))).getexif()) == 0


def test_heic_is_stored_as_an_upright_jpeg():
    upright = _gradient()
    clean = strip_metadata(scenes.encode(upright, orientation=6, fmt="HEIF", quality=95, focal_35mm=26))
    im = Image.open(io.BytesIO(clean))
    assert im.format == "JPEG" and im.size == (upright.shape[1], upright.shape[0])
    assert read_photo(clean).focal_35mm == 26.0
    assert np.abs(read_image(clean).astype(int) - upright.astype(int)).mean() < 12


def test_stored_photo_measures_as_the_bytes_sent():
    """The storefront measures ``strip_metadata``'s output, the command line the shopper's file:
    both give the same answer (here a phone-like JPEG with GPS, rotation and lens tags)."""
    from fit.photo import measure_foot_photo

    sc = scenes.make_scene(21, tilt_deg=8, orientation=6, focal_35mm=28.0, floor="plain")
    raw = _with_private_metadata(scenes.render(sc), orientation=6, focal_35mm=28)
    clean = strip_metadata(raw)
    assert not Image.open(io.BytesIO(clean)).getexif().get_ifd(0x8825)
    assert read_photo(clean).focal_35mm == 28.0
    a, b = measure_foot_photo(raw), measure_foot_photo(clean)
    assert a.to_dict() == b.to_dict()
    assert "FOCAL_ASSUMED" not in b.warning_codes and "FOCAL_FROM_SHEET" not in b.warning_codes
    assert abs(b.foot_length_mm - sc.truth.foot_length_mm) < 3.0
