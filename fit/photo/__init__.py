"""Foot measurements from one phone photo of a foot standing on a sheet of paper.

``measure_foot_photo(data)`` -> ``PhotoMeasurement`` or ``PhotoError`` with a stable code;
``overlay_jpeg(data, result)`` draws the measurement on the sheet seen from above. A caller that
does both decodes the photo once (``decode_photo``) and hands the ``DecodedPhoto`` to each.

Modules: ``measure`` (the pipeline), ``overlay`` (the picture), ``imageio`` (safe decoding),
``paper`` and ``quads`` (the sheet and the camera), ``segment`` (the foot's mask), ``outline`` and
``edge_heights`` (the silhouette's height correction), ``heel`` (the heel's end), ``footprint``
(contract measurements of a footprint), ``uncertainty`` (warnings and one-sigma values).
"""

from ..errors import PhotoError
from .imageio import DecodedPhoto, ImageLimits, read_image, strip_metadata
from .measure import WORK_SIDE, PhotoMeasurement, decode_photo, measure_foot_photo
from .overlay import overlay_jpeg
from .paper import camera_pose, intrinsics

__all__ = ["DecodedPhoto", "ImageLimits", "PhotoMeasurement", "WORK_SIDE", "decode_photo", "measure_foot_photo",
           "overlay_jpeg", "read_image", "strip_metadata", "PhotoError", "camera_pose", "intrinsics"]
