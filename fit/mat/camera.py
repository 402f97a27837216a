"""Cameras of the mat photos: one focal length shared by all, a pose per photo.

The focal length comes from the markers of all photos together (their planar homographies fix it
once the views are tilted differently), started from EXIF when present; it is expressed as a
35 mm equivalent so photos stored turned (portrait vs landscape) share it. Principal point at the
image centre and no lens distortion: phone pipelines correct distortion before saving a JPEG.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize_scalar

from ..photo.paper import intrinsics

#: Search range of the 35 mm-equivalent focal length, mm (ultra-wide to 2x tele phone lenses).
FOCAL_35MM_RANGE = (13.0, 80.0)


@dataclass(frozen=True)
class View:
    """One calibrated photo.

    Attributes
    ----------
    K : (3, 3) float
        Intrinsics, px, of the image the pose refers to.
    R : (3, 3) float
        Rotation mat frame -> camera frame (x right, y down, z forward).
    t : (3,) float
        Translation, mm: ``x_cam = R @ x_mat + t``.
    rms_px : float
        Root-mean-square reprojection error of the marker corners, px.
    """

    K: npt.NDArray[np.float64]
    R: npt.NDArray[np.float64]
    t: npt.NDArray[np.float64]
    rms_px: float

    @property
    def centre_mm(self) -> npt.NDArray[np.float64]:
        """Camera centre in the mat frame, mm."""
        centre: npt.NDArray[np.float64] = -self.R.T @ self.t
        return centre

    def project(self, points_mm: npt.ArrayLike) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """Image points ``(n, 2)`` ``(x, y)`` px and depths ``(n,)`` mm of mat points ``(n, 3)``."""
        cam = np.asarray(points_mm, dtype=np.float32) @ self.R.T.astype(np.float32) + self.t.astype(np.float32)
        z = cam[:, 2]
        uv = cam[:, :2] / z[:, None] * [self.K[0, 0], self.K[1, 1]] + self.K[:2, 2]
        return uv, z

    def scaled(self, factor: float) -> "View":
        """The same view for the image resized by ``factor``."""
        K = self.K.copy()
        K[:2] *= factor
        K[:2, 2] = (self.K[:2, 2] + 0.5) * factor - 0.5
        return View(K=K, R=self.R, t=self.t, rms_px=self.rms_px * factor)


def solve_pose(world_mm: npt.ArrayLike, image_px: npt.ArrayLike, K: npt.NDArray[np.float64]) -> View:
    """Pose of a camera from planar points by IPPE, refined by Levenberg-Marquardt.

    Returns
    -------
    View
    """
    world = np.asarray(world_mm, dtype=np.float64)
    image = np.asarray(image_px, dtype=np.float64)
    ok, rvec, tvec = cv2.solvePnP(world, image, K, None, flags=cv2.SOLVEPNP_IPPE)
    if not ok:
        raise cv2.error("no pose")
    rvec, tvec = cv2.solvePnPRefineLM(world, image, K, None, rvec, tvec)
    proj, _ = cv2.projectPoints(world, rvec, tvec, K, None)
    rms = float(np.sqrt(np.mean(np.sum((proj.reshape(-1, 2) - image) ** 2, axis=1))))
    return View(K=K, R=np.asarray(cv2.Rodrigues(rvec)[0], dtype=np.float64),
                t=np.asarray(tvec, dtype=np.float64).ravel(), rms_px=rms)


def calibrate_views(observations: Sequence[tuple[tuple[int, int], npt.NDArray[np.float64], npt.NDArray[np.float64]]],
                    exif_focal_35mm: float | None = None) -> tuple[list[View], float]:
    """A shared focal length and one pose per photo.

    Parameters
    ----------
    observations : list of (image_size, world_mm, image_px)
        Per photo: ``(width, height)`` px, marker corners ``(n, 3)`` mm and ``(n, 2)`` px.
    exif_focal_35mm : float or None
        The lens from EXIF, used to start the search and when the views cannot fix it.

    Returns
    -------
    views : list of View
    focal_35mm : float
    """
    def views_for(f35: float) -> list[View]:
        return [solve_pose(w, i, intrinsics(size, f35)) for size, w, i in observations]

    def cost(f35: float) -> float:
        # normalised by each image's diagonal so differently sized photos weigh alike
        return float(sum((v.rms_px / np.hypot(*size)) ** 2 for v, (size, _, _) in zip(views_for(f35), observations)))

    lo, hi = FOCAL_35MM_RANGE
    best = minimize_scalar(cost, bounds=(lo, hi), method="bounded", options={"xatol": 0.02})
    f35 = float(best.x)
    if exif_focal_35mm and cost(exif_focal_35mm) <= best.fun * 1.05:
        f35 = float(exif_focal_35mm)  # the markers do not tell them apart: the lens record wins
    return views_for(f35), f35


def mat_homography(view: View) -> npt.NDArray[np.float64]:
    """Homography ``(3, 3)``: mat floor points ``(x, y, 1)`` mm -> image pixels of ``view``."""
    homography: npt.NDArray[np.float64] = view.K @ np.column_stack([view.R[:, 0], view.R[:, 1], view.t])
    return homography
