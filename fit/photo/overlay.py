"""The picture a shopper and a fitter check a photo's measurement on: the sheet from above, the outline drawn."""

from typing import cast

import cv2
import numpy as np
import numpy.typing as npt

from .imageio import DecodedPhoto, ImageLimits, encode_jpeg
from .measure import PhotoMeasurement, decoded


def overlay_jpeg(data: bytes | DecodedPhoto, result: PhotoMeasurement, limits: ImageLimits = ImageLimits(),
                 max_side: int = 1200) -> bytes:
    """Top view of the sheet with the measured outline, length and ball-width lines drawn.

    Parameters
    ----------
    data : bytes or DecodedPhoto
        The photo ``result`` was measured on: its file, or the ``decode_photo`` the measurement used.
    result : PhotoMeasurement
    limits : ImageLimits
        Checked while decoding ``data`` (bytes only).
    max_side : int
        Long side of the picture, px.

    Returns
    -------
    bytes
        JPEG, long side at most ``max_side`` px.
    """
    photo = decoded(data, limits)
    H = np.diag([photo.scale, photo.scale, 1.0]) @ result.homography
    w_mm, l_mm = result.sheet_mm
    mx, my = 20.0, 60.0
    s = max_side / (l_mm + 2 * my)
    S = np.array([[s, 0, s * mx], [0, -s, s * (l_mm + my)], [0, 0, 1.0]])  # toes up
    size = (int(round((w_mm + 2 * mx) * s)), int(round((l_mm + 2 * my) * s)))
    top = np.asarray(cv2.warpPerspective(photo.image, H @ np.linalg.inv(S), size,
                                         flags=cv2.WARP_INVERSE_MAP | cv2.INTER_AREA), dtype=np.uint8)

    def px(points: npt.NDArray[np.float64]) -> npt.NDArray[np.int32]:
        p = np.column_stack([points, np.ones(len(points))]) @ S.T
        return cast(npt.NDArray[np.int32], np.round(p[:, :2] * 4).astype(np.int32))

    cv2.polylines(top, [px(result.outline_sheet_mm)], True, (0, 200, 0), 2, cv2.LINE_AA, shift=2)
    across = np.array([result.foot_axis[1], -result.foot_axis[0]])
    o, a, L = result.foot_origin_mm, result.foot_axis, result.foot_length_mm
    axis_line = px(np.array([o, o + a * L]))
    cv2.line(top, axis_line[0].tolist(), axis_line[1].tolist(), (255, 80, 0), 2, cv2.LINE_AA, shift=2)
    y = 0.72 * L
    ball = np.array([o + a * y + across * result.ball_x_mm[0], o + a * y + across * result.ball_x_mm[1]])
    ball_line = px(ball)
    cv2.line(top, ball_line[0].tolist(), ball_line[1].tolist(), (0, 0, 230), 2, cv2.LINE_AA, shift=2)
    cv2.putText(top, f"{L:.0f} mm", (10, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (255, 80, 0), 2, cv2.LINE_AA)
    cv2.putText(top, f"{result.ball_width_mm:.0f} mm", (10, 62), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (0, 0, 230), 2,
                cv2.LINE_AA)
    return encode_jpeg(top, 88)
