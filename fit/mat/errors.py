"""Codes and sentences of the mat capture: errors for the whole set, reasons a photo is dropped."""

from ..errors import FitError


class MatError(FitError):
    """The photo set cannot be measured; ``code`` says why (MAT_SCALE, TOO_FEW_PHOTOS, ...)."""

    code = "MAT_ERROR"


#: Why one photo was left out, by code: a sentence for the shopper's retake.
DROP_REASONS = {
    "NOT_AN_IMAGE": "This file is not a photo we can read; send a JPEG, PNG or HEIC photo.",
    "IMAGE_TOO_SMALL": "This photo is too small; send the full-size photo from the camera.",
    "IMAGE_TOO_LARGE": "This file is too large; send the photo as taken by the phone camera.",
    "MARKERS_NOT_FOUND": "Fewer than 4 of the mat's black squares are visible in this photo; "
                         "step back so the whole mat is in the picture and nothing covers the squares.",
    "TOO_DARK": "This photo is too dark to see the mat; turn on a light and take it again.",
    "TOO_BLURRY": "This photo is blurred; hold the phone still, let it focus, and take it again.",
    "POSE_UNRELIABLE": "The mat looks bent or creased in this photo; lay it flat and take the photo again.",
    "FOOT_CUT_OFF": "Part of the foot is outside this photo; step back so the whole foot and mat are in it.",
}


def drop_message(code: str) -> str:
    """The shopper's sentence for a dropped photo's ``code``."""
    return DROP_REASONS.get(code, "This photo could not be used; take it again.")
