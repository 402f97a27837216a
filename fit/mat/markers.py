"""ArUco markers of the mat in a photo: detection at a reduced size, corners refined at full size."""

import cv2
import numpy as np
import numpy.typing as npt

from .contract import Mat

#: Long side, px, the detector runs at (speed); corners are refined on the image given.
DETECT_LONG_SIDE = 1600


def detect_markers(gray: npt.NDArray[np.uint8], mat: Mat) -> dict[int, npt.NDArray[np.float64]]:
    """The mat's markers seen in a photo.

    Parameters
    ----------
    gray : (H, W) uint8
        Upright photo, ``[row, col]``.
    mat : fit.mat.contract.Mat

    Returns
    -------
    dict
        Marker id -> corners ``(4, 2)`` float ``(x, y)`` px in OpenCV order (top-left,
        top-right, bottom-right, bottom-left of the printed marker). Ids not on the mat are
        ignored, as is an id seen twice (a second printed mat, a reflection).
    """
    scale = min(1.0, DETECT_LONG_SIDE / max(gray.shape))
    small = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    detector = cv2.aruco.ArucoDetector(mat.aruco_dictionary(), params)
    corners, ids, _ = detector.detectMarkers(small)
    if ids is None:
        return {}
    seen = ids.ravel()
    found: dict[int, npt.NDArray[np.float64]] = {}
    for number, quad in zip(seen, corners):
        marker_id = int(number)
        if marker_id not in mat.markers or np.sum(seen == marker_id) > 1:
            continue
        found[marker_id] = np.asarray(quad, dtype=np.float64).reshape(4, 2) / scale
    if found and scale < 1.0:
        pts = np.concatenate(list(found.values())).astype(np.float32)
        win = max(2, int(round(1.5 / scale)))
        cv2.cornerSubPix(gray, pts, (win, win), (-1, -1),
                         (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 30, 0.01))
        for k, marker_id in enumerate(found):
            found[marker_id] = pts[4 * k:4 * k + 4].astype(np.float64)
    return found


def correspondences(found: dict[int, npt.NDArray[np.float64]],
                    mat: Mat) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Mat points ``(n, 3)`` mm and image points ``(n, 2)`` px of the detected markers' corners."""
    ids = sorted(found)
    world = np.concatenate([mat.marker_corners_mm(i) for i in ids])
    image = np.concatenate([found[i] for i in ids])
    return world, image
