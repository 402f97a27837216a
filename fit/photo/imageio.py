"""Safe decoding of shoppers' photos: limits checked before pixels are decoded, EXIF applied.

Every image leaves this module upright (EXIF ``Orientation`` applied) as an OpenCV
``(H, W, 3) uint8`` BGR array, indexed ``[row, col]``; points derived from it are ``(x, y)``
with ``x = col``, ``y = row``.
"""

import io
import struct
import warnings
import zlib
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps

from ..errors import PhotoError

try:  # HEIC/HEIF from iPhones; optional at import time, required by pyproject.
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover  (HEIC is then refused as not an image)
    pass

#: Formats accepted from shoppers.
FORMATS = ("JPEG", "PNG", "HEIF", "HEIC", "MPO")

#: 35 mm-equivalent focal length of a typical phone main camera (mm); used when EXIF has none.
DEFAULT_FOCAL_35MM = 26.0

_EXIF_IFD = 0x8769
_TAG_FOCAL_35MM = 0xA405
_TAG_FOCAL_MM = 0x920A
_TAG_PIXEL_X, _TAG_PIXEL_Y = 0xA002, 0xA003
#: The only EXIF tags a stored upload keeps: what measurement reads (the lens) and the image size.
KEPT_EXIF_TAGS = (_TAG_FOCAL_35MM, _TAG_FOCAL_MM, _TAG_PIXEL_X, _TAG_PIXEL_Y)


@dataclass(frozen=True)
class ImageLimits:
    """Limits enforced on an upload before its pixels are decoded.

    Attributes
    ----------
    max_bytes : int
        Largest accepted file, bytes.
    max_pixels : int
        Largest accepted width * height (48 MP phones plus margin).
    min_pixels : int
        Smallest accepted width * height.
    min_side : int
        Smallest accepted short side, pixels.
    """

    max_bytes: int = 25_000_000
    max_pixels: int = 50_000_000
    min_pixels: int = 1_000_000
    min_side: int = 800

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pixels", "min_pixels", "min_side"):
            if getattr(self, name) <= 0:
                raise ValueError(f"ImageLimits.{name} must be positive")
        if self.min_pixels > self.max_pixels:
            raise ValueError("ImageLimits.min_pixels must not exceed max_pixels")


@dataclass(frozen=True)
class DecodedPhoto:
    """A decoded, upright photo and what its metadata says about the camera.

    Decode once (``read_photo``) and hand this to every step that needs the pixels.

    Attributes
    ----------
    image : (H, W, 3) uint8
        BGR pixels, ``[row, col]``, upright.
    focal_35mm : float or None
        35 mm-equivalent focal length from EXIF, mm; None when absent.
    scale : float
        Decoded size / stored size (below 1 when decoded reduced, see ``max_side``).
    original_size : (int, int)
        Upright ``(width, height)`` of the full-resolution image, pixels.
    max_side : int or None
        The long side it was asked to be decoded at (``read_photo``'s ``max_side``), px; None: full size.
    """

    image: npt.NDArray[np.uint8]
    focal_35mm: float | None
    scale: float
    original_size: tuple[int, int]
    max_side: int | None = None


def _open_checked(data: bytes | bytearray | memoryview, limits: ImageLimits) -> Image.Image:
    """Open ``data`` with Pillow and check bytes and header size; pixels are not decoded yet."""
    if not isinstance(data, (bytes, bytearray, memoryview)) or len(data) == 0:
        raise PhotoError("The file is empty or not an image. Please send a JPEG, PNG or HEIC photo.",
                         code="NOT_AN_IMAGE")
    if len(data) > limits.max_bytes:
        raise PhotoError(
            f"The file is {len(data) / 1e6:.0f} MB; the limit is {limits.max_bytes / 1e6:.0f} MB. "
            "Please send the photo as taken by the phone camera, without enlarging it.",
            code="IMAGE_TOO_LARGE")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            old = Image.MAX_IMAGE_PIXELS
            Image.MAX_IMAGE_PIXELS = None  # our own check below runs before decoding
            try:
                im = Image.open(io.BytesIO(bytes(data)))
            finally:
                Image.MAX_IMAGE_PIXELS = old
    except Exception:
        raise PhotoError("This file is not a photo we can read. Please send a JPEG, PNG or HEIC photo.",
                         code="NOT_AN_IMAGE") from None
    if (im.format or "").upper() not in FORMATS:
        raise PhotoError(f"{im.format} files are not accepted. Please send a JPEG, PNG or HEIC photo.",
                         code="NOT_AN_IMAGE")
    width, height = im.size
    if width * height > limits.max_pixels:
        raise PhotoError(
            f"The image is {width}×{height} pixels, more than the {limits.max_pixels / 1e6:.0f} megapixels "
            "we accept. Please send the photo as taken by the phone camera.",
            code="IMAGE_TOO_LARGE")
    if width * height < limits.min_pixels or min(width, height) < limits.min_side:
        raise PhotoError(
            f"The image is only {width}×{height} pixels; the foot cannot be measured to the millimetre. "
            "Please send the full-size photo from the camera, not a thumbnail or screenshot.",
            code="IMAGE_TOO_SMALL")
    return im


def _focal_35mm(im: Image.Image) -> float | None:
    """The 35 mm-equivalent focal length in the image's EXIF, mm, when plausible (10-200 mm)."""
    try:
        value = im.getexif().get_ifd(_EXIF_IFD).get(_TAG_FOCAL_35MM)
        value = float(value) if value else None
    except Exception:
        return None
    return value if value and 10.0 <= value <= 200.0 else None


def _decode(im: Image.Image, max_side: int | None = None,
            data: bytes | bytearray | memoryview | None = None) -> tuple[npt.NDArray[np.uint8], float | None, float,
                                                                          tuple[int, int]]:
    """Decode an opened image upright, optionally reduced so its long side is about ``max_side``.

    ``data``, the file ``im`` was opened from, lets a JPEG be decoded by OpenCV (``_opencv_jpeg``).
    """
    original = im.size
    try:
        if max_side and (im.format or "").upper() in ("JPEG", "MPO"):
            # DCT scaling by 1/2, 1/4 or 1/8 while the long side stays above 80 % of max_side
            # (a 12 MP photo decodes at 2000 x 1500, a 48 MP one at 2000 x 1500 too)
            k = 1
            while k < 8 and max(im.size) / (2 * k) >= 0.8 * max_side:
                k *= 2
            if k > 1:
                im.draft("RGB", (-(-im.size[0] // k), -(-im.size[1] // k)))
        focal = _focal_35mm(im)
        orientation = im.getexif().get(0x0112, 1)
        found = _opencv_jpeg(data, im, original, orientation, max_side) if data is not None else None
        bgr = found if found is not None else _pillow_upright(im, max_side)
    except PhotoError:
        raise
    except Exception:
        raise PhotoError("The photo file is damaged and cannot be read. Please take or send it again.",
                         code="NOT_AN_IMAGE") from None
    if orientation in (5, 6, 7, 8):
        original = (original[1], original[0])
    return bgr, focal, float(bgr.shape[1] / original[0]), original


def _pillow_upright(im: Image.Image, max_side: int | None) -> npt.NDArray[np.uint8]:
    """Pillow's decoding of ``im`` (its ``draft`` scale, if set), EXIF orientation applied, reduced
    (box filter) when its long side is still over 1.5 ``max_side``: ``(H, W, 3) uint8`` BGR."""
    upright = ImageOps.exif_transpose(im)
    if upright.mode != "RGB":
        upright = upright.convert("RGB")
    if max_side and max(upright.size) > max_side * 1.5:
        factor = max_side / max(upright.size)
        upright = upright.resize((round(upright.size[0] * factor), round(upright.size[1] * factor)),
                                 Image.Resampling.BOX)
    return np.asarray(cv2.cvtColor(np.asarray(upright, dtype=np.uint8), cv2.COLOR_RGB2BGR), dtype=np.uint8)


#: OpenCV's read flags for libjpeg's DCT scaling by 1/1, 1/2, 1/4 and 1/8; the EXIF orientation is left
#: to ``_upright`` (read as Pillow reads it).
_OPENCV_JPEG_SCALE = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4,
                      8: cv2.IMREAD_REDUCED_COLOR_8}


def _opencv_jpeg(data: bytes | bytearray | memoryview, im: Image.Image, stored_size: tuple[int, int],
                 orientation: Any, max_side: int | None) -> npt.NDArray[np.uint8] | None:
    """A colour JPEG decoded by OpenCV at the DCT scale Pillow's ``draft`` chose for ``im``, upright:
    ``(H, W, 3) uint8`` BGR; None for any other image (grey or CMYK JPEG, other format), for one still
    to be reduced past ``max_side`` by Pillow's box filter (``_pillow_upright``), for a file OpenCV
    cannot decode (a truncated one: Pillow then refuses it), or a size other than Pillow's.

    Both decode with libjpeg at the same scale, so the pixels are Pillow's bit for bit
    (``test_imageio`` checks each EXIF orientation); OpenCV writes them straight into a numpy BGR
    array, which saves Pillow's copies of the picture into numpy and its turn, about half the time
    of decoding a 12 MP photo.
    """
    if (im.format or "").upper() not in ("JPEG", "MPO") or im.mode != "RGB":
        return None
    if max_side and max(im.size) > max_side * 1.5:
        return None  # Pillow's box filter reduces it further (DCT scaling could not: an odd size)
    scale = next((s for s in (1, 2, 4, 8) if (-(-stored_size[0] // s), -(-stored_size[1] // s)) == im.size), None)
    if scale is None:
        return None
    flags = _OPENCV_JPEG_SCALE[scale] | cv2.IMREAD_IGNORE_ORIENTATION
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    if bgr is None or bgr.shape != (im.size[1], im.size[0], 3):
        return None
    return _upright(np.asarray(bgr, dtype=np.uint8), orientation)


#: EXIF orientation -> the turn or flip that makes the stored pixels upright, as Pillow's
#: ``ImageOps.exif_transpose`` does it (2 FLIP_LEFT_RIGHT, 3 ROTATE_180, 4 FLIP_TOP_BOTTOM,
#: 5 TRANSPOSE, 6 ROTATE_270, 7 TRANSVERSE, 8 ROTATE_90).
_UPRIGHT = {
    2: lambda a: cv2.flip(a, 1),
    3: lambda a: cv2.rotate(a, cv2.ROTATE_180),
    4: lambda a: cv2.flip(a, 0),
    5: lambda a: cv2.transpose(a),
    6: lambda a: cv2.rotate(a, cv2.ROTATE_90_CLOCKWISE),
    7: lambda a: cv2.rotate(cv2.transpose(a), cv2.ROTATE_180),
    8: lambda a: cv2.rotate(a, cv2.ROTATE_90_COUNTERCLOCKWISE),
}


def _upright(image: npt.NDArray[np.uint8], orientation: Any) -> npt.NDArray[np.uint8]:
    """``(H, W, 3)`` pixels as stored -> upright for EXIF ``orientation`` (other values: unchanged)."""
    turn = _UPRIGHT.get(orientation)
    return image if turn is None else np.asarray(turn(image), dtype=np.uint8)


def read_photo(data: bytes, limits: ImageLimits = ImageLimits(), max_side: int | None = None) -> DecodedPhoto:
    """Decode a photo with limits, EXIF orientation and its 35 mm-equivalent focal length.

    Parameters
    ----------
    data : bytes
        JPEG, PNG, HEIC or HEIF file.
    limits : ImageLimits
    max_side : int or None
        Decode reduced (JPEG DCT scaling, else box filter) to a long side of about this many pixels.

    Returns
    -------
    DecodedPhoto
    """
    im = _open_checked(data, limits)
    image, focal, scale, original = _decode(im, max_side, data)
    return DecodedPhoto(image=image, focal_35mm=focal, scale=scale, original_size=original, max_side=max_side)


def read_image(data: bytes, limits: ImageLimits = ImageLimits()) -> npt.NDArray[np.uint8]:
    """Decode an image upright, refusing files that break ``limits`` before decoding pixels.

    Parameters
    ----------
    data : bytes
        JPEG, PNG, HEIC or HEIF file.
    limits : ImageLimits

    Returns
    -------
    (H, W, 3) uint8
        BGR pixels, ``[row, col]``, EXIF orientation applied.

    Raises
    ------
    PhotoError
        ``NOT_AN_IMAGE``, ``IMAGE_TOO_LARGE`` or ``IMAGE_TOO_SMALL``.
    """
    return read_photo(data, limits).image


def strip_metadata(data: bytes, limits: ImageLimits = ImageLimits(), quality: int = 95) -> bytes:
    """The photo without the metadata measurement does not need, its pixels untouched.

    A JPEG keeps its compressed image data byte for byte (quantisation and Huffman tables, frame
    and scans); every APPn segment but the JFIF and Adobe colour markers, every comment and any
    image after the first (MPO) are dropped, and one new Exif segment carries only what measuring
    needs: the ``Orientation`` and, in the Exif IFD, the lens's focal lengths
    (``FocalLengthIn35mmFilm`` 0xA405, ``FocalLength`` 0x920A) with the pixel dimensions. A PNG
    keeps its image chunks the same way. So the stored copy measures exactly as the bytes the
    shopper sent. Only HEIC/HEIF, which a browser cannot show, is decoded upright and re-encoded
    as a JPEG of ``quality``. No GPS, maker notes, times, camera or owner names, serial numbers,
    thumbnails, XMP or ICC profile survive.

    Parameters
    ----------
    data : bytes
    limits : ImageLimits
    quality : int
        JPEG quality for re-encoded HEIC/HEIF, 1-95.

    Returns
    -------
    bytes
        JPEG or PNG file.
    """
    im = _open_checked(data, limits)
    try:
        exif = im.getexif()
        source = exif.get_ifd(_EXIF_IFD)
        kept = {tag: source[tag] for tag in (_TAG_FOCAL_35MM, _TAG_FOCAL_MM) if tag in source}
        orientation = int(exif.get(0x0112, 1))
    except Exception:
        kept, orientation = {}, 1
    fmt = (im.format or "").upper()
    if kept:
        kept[_TAG_PIXEL_X], kept[_TAG_PIXEL_Y] = im.size
    try:
        if fmt in ("JPEG", "MPO"):
            return _jpeg_without_metadata(bytes(data), _exif_bytes(kept, orientation))
        if fmt == "PNG":
            return _png_without_metadata(bytes(data), _exif_bytes(kept, orientation))
    except ValueError:
        raise PhotoError("The photo file is damaged and cannot be read. Please take or send it again.",
                         code="NOT_AN_IMAGE") from None
    image, _, _, _ = _decode(im)
    if kept:
        kept[_TAG_PIXEL_X], kept[_TAG_PIXEL_Y] = image.shape[1], image.shape[0]
    return encode_jpeg(image, quality, exif_ifd=kept)


def _exif_bytes(exif_ifd: dict[int, Any], orientation: int = 1) -> bytes:
    """TIFF-structured Exif (with the ``Exif\\0\\0`` header) of only the kept tags, or b"" when empty."""
    if not exif_ifd and orientation in (1, 0):
        return b""
    exif = Image.Exif()
    if orientation not in (1, 0):
        exif[0x0112] = orientation
    if exif_ifd:
        ifd = exif.get_ifd(_EXIF_IFD)
        for tag, value in exif_ifd.items():
            if tag not in KEPT_EXIF_TAGS:
                raise ValueError(f"EXIF tag {tag:#06x} is not kept")
            ifd[tag] = value
    return exif.tobytes()


_JPEG_KEPT_APP = {0xE0: b"JFIF", 0xEE: b"Adobe"}  # markers that change how pixels decode


def _jpeg_without_metadata(data: bytes, exif: bytes) -> bytes:
    """A JPEG's segments without metadata, its image data byte for byte; ``exif`` as the new APP1."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out = [b"\xff\xd8"]
    if exif:
        if len(exif) > 65000:
            raise ValueError("Exif too long")
        out.append(b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif)
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise ValueError("JPEG marker expected")
        if data[i + 1] == 0xFF:  # fill byte
            i += 1
            continue
        marker = data[i + 1]
        if marker == 0xD9:
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(data[i:i + 2])
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        segment = data[i:i + 2 + length]
        if marker == 0xDA:  # first scan: everything to the end of the first image (FF D9 cannot occur inside)
            end = data.find(b"\xff\xd9", i + 2 + length)
            if end < 0:
                raise ValueError("JPEG without its end")
            out.append(data[i:end + 2])
            return b"".join(out)
        metadata = (0xE0 <= marker <= 0xEF and not segment[4:].startswith(_JPEG_KEPT_APP.get(marker, b"\0\0\0"))
                    ) or marker == 0xFE
        if not metadata:
            out.append(segment)
        i += 2 + length
    raise ValueError("JPEG without image data")


_PNG_KEPT_CHUNKS = (b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND")


def _png_without_metadata(data: bytes, exif: bytes) -> bytes:
    """A PNG's image chunks only, plus an ``eXIf`` chunk of ``exif`` after the header."""
    signature = b"\x89PNG\r\n\x1a\n"
    if data[:8] != signature:
        raise ValueError("not a PNG")
    out, i = [signature], 8
    while i + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[i:i + 8])
        chunk = data[i:i + 12 + length]
        if kind in _PNG_KEPT_CHUNKS:
            out.append(chunk)
        if kind == b"IHDR" and exif:
            body = exif[6:]  # eXIf holds the TIFF structure without the JPEG's "Exif\0\0"
            out.append(struct.pack(">I", len(body)) + b"eXIf" + body
                       + struct.pack(">I", zlib.crc32(b"eXIf" + body) & 0xFFFFFFFF))
        if kind == b"IEND":
            return b"".join(out)
        i += 12 + length
    raise ValueError("PNG without its end")


def encode_jpeg(image: npt.NDArray[np.uint8], quality: int = 90, exif_ifd: dict[int, Any] | None = None) -> bytes:
    """Encode a ``(H, W, 3) uint8`` BGR array as a JPEG; no metadata but ``exif_ifd``.

    ``exif_ifd`` maps Exif-IFD tags (``KEPT_EXIF_TAGS`` only) to values.
    """
    out = io.BytesIO()
    kw = {}
    if exif_ifd:
        exif = Image.Exif()
        ifd = exif.get_ifd(_EXIF_IFD)
        for tag, value in exif_ifd.items():
            if tag not in KEPT_EXIF_TAGS:
                raise ValueError(f"EXIF tag {tag:#06x} is not kept")
            ifd[tag] = value
        kw["exif"] = exif.tobytes()
    Image.fromarray(np.ascontiguousarray(image[:, :, ::-1])).save(out, format="JPEG", quality=quality, **kw)
    return out.getvalue()
