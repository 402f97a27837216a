"""Which pixels of a mat photo show the mat itself (background), as a signed distance image.

The mat is known: every pixel whose ray meets the floor on the sheet should look like the printed
page there (white paper, or black ink), lit and shadowed but neutral in colour. A pixel that does
is background; skin is never neutral, socks are darker than shadowed paper. Ink is the exception:
a dark sock (or dark skin in shadow) is as dark and grey as the ink, so ink carves only where its
colour is not one the foot shows on the blank paper (``without_foot_coloured_ink``). Pixels whose ray meets
the floor off the sheet (the floor is unknown) are never called background, so they never carve.
Cordwain assumption: socks are not white; a white sock on white paper is refused, not guessed
(its hull comes out as the whole corridor and fails the plausibility gate).
"""

from collections.abc import Sequence

import cv2
import numpy as np
import numpy.typing as npt

from .camera import View, mat_homography
from .contract import Mat
from .printable import render_mat

#: Paper counts as background above this fraction of the photo's paper white (shadow and contact
#: darkening reach down to about half the white on the scenes and in phone photos of a standing foot).
PAPER_MIN_BRIGHTNESS = 0.5
#: Ink counts as background below this fraction of the paper white.
INK_MAX_BRIGHTNESS = 0.45
#: Largest (max - min) / max colour spread of paper and ink: neutral grey; skin is above 0.2.
PAPER_MAX_CHROMA = 0.16
INK_MAX_CHROMA = 0.18
#: Signed distances are clipped here, px (only the neighbourhood of the contour matters).
SD_CLIP_PX = 40.0
_INK_PX_PER_MM = 4.0


#: The printed page is softened by this much (Gaussian sigma, mm) before it is compared with a
#: photo: near an ink edge a pixel may be any grey between paper and ink (blur, JPEG, pose error).
INK_EDGE_MM = 0.75


def _ink_image(mat: Mat) -> npt.NDArray[np.float32]:
    ink = 1.0 - render_mat(_INK_PX_PER_MM, mat).astype(np.float32) / 255.0
    return np.asarray(cv2.GaussianBlur(ink, (0, 0), INK_EDGE_MM * _INK_PX_PER_MM), dtype=np.float32)


def mat_to_image(view: View, mat_px_per_mm: float, paper_length_mm: float) -> npt.NDArray[np.float64]:
    """Homography ``(3, 3)`` from mat-image pixels (row 0 at the toe end) to photo pixels."""
    H = mat_homography(view)
    s = 1.0 / mat_px_per_mm
    # pixel (col, row) has its centre at x = (col + 0.5) / ppm, y = length - (row + 0.5) / ppm
    px_to_mm = np.array([[s, 0, 0.5 * s], [0, -s, paper_length_mm - 0.5 * s], [0, 0, 1.0]])
    homography: npt.NDArray[np.float64] = H @ px_to_mm
    return homography


def background_mask(image: npt.NDArray[np.uint8], view: View, mat: Mat,
                    ink: npt.NDArray[np.float32] | None = None,
                    ) -> tuple[npt.NDArray[np.bool_], float, npt.NDArray[np.bool_]]:
    """Background pixels of one photo.

    Parameters
    ----------
    image : (H, W, 3) uint8
        Upright BGR photo at the resolution ``view`` refers to.
    view : fit.mat.camera.View
    mat : fit.mat.contract.Mat
    ink : (h, w) float32 or None
        ``_ink_image(mat)``, passed in to draw the page once for many photos.

    Returns
    -------
    background : (H, W) bool
    paper_white : float
        Brightness (0-255) of clean paper in this photo.
    on_sheet : (H, W) bool
        Pixels whose ray meets the floor on the sheet.
    """
    inkness = _inkness(view, mat, image.shape[:2], ink)
    value = image.max(axis=2).astype(np.float32)
    spread = value - image.min(axis=2).astype(np.float32)
    chroma = spread / np.maximum(value, 1.0)
    on_paper = (inkness >= 0) & (inkness < 0.98)  # paper, or near enough to an ink edge
    on_ink = inkness > 0.02
    candidates = (inkness >= 0) & (inkness < 0.02) & (chroma < PAPER_MAX_CHROMA)
    white = float(np.percentile(value[candidates], 90)) if np.count_nonzero(candidates) > 1000 else 0.0
    background = (on_paper & (value > PAPER_MIN_BRIGHTNESS * white) & (chroma < PAPER_MAX_CHROMA)) | (
        on_ink & (value < INK_MAX_BRIGHTNESS * white) & (chroma < INK_MAX_CHROMA))
    # a lone background speck inside a foot would carve a tunnel through it: open the mask
    background = cv2.morphologyEx(background.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0
    return background, white, inkness >= 0


def _inkness(view: View, mat: Mat, shape: tuple[int, ...],
             ink: npt.NDArray[np.float32] | None) -> npt.NDArray[np.float32]:
    """Per pixel of a photo ``shape`` (H, W): the softened ink printed at its floor point (0 paper,
    1 ink), -1 off the sheet."""
    ink = _ink_image(mat) if ink is None else ink
    h, w = shape[:2]
    H = mat_to_image(view, _INK_PX_PER_MM, mat.paper_mm[1])
    return np.asarray(cv2.warpPerspective(ink, H, (w, h), flags=cv2.INTER_LINEAR, borderValue=-1.0),
                      dtype=np.float32)


def clean_paper(view: View, mat: Mat, shape: tuple[int, ...],
                ink: npt.NDArray[np.float32] | None = None) -> npt.NDArray[np.bool_]:
    """Pixels ``(H, W)`` whose floor point is on the sheet's blank paper, away from any ink.

    What covers them and is not paper is the foot or the leg: its colours are sampled there
    (``foot_colours``), where no ink that looks like a dark sock can mix in.
    """
    inkness = _inkness(view, mat, shape, ink)
    clean: npt.NDArray[np.bool_] = (inkness >= 0) & (inkness < 0.02)
    return clean


def without_foot_coloured_ink(image: npt.NDArray[np.uint8], background: npt.NDArray[np.bool_],
                              on_sheet: npt.NDArray[np.bool_], clean: npt.NDArray[np.bool_],
                              foot_bins: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """``background`` less the pixels over printed ink whose colour the foot also shows.

    A dark sock (or dark skin in shadow) over a marker or the heel line is as dark and grey as the
    ink: calling it background would carve the foot along every ray through it (and through the
    foot behind the leg). Such ink then does not carve; the paper around it still does.
    """
    q = (image // (256 // COLOUR_BINS)).astype(np.intp)
    foot_like = foot_bins[q[..., 0], q[..., 1], q[..., 2]]
    kept = background & ~(on_sheet & ~clean & foot_like)
    return cv2.morphologyEx(kept.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0


#: Colour bins per channel of the foot's colour model.
COLOUR_BINS = 16
#: A floor colour counts as the foot's when its bin holds this share of the foot's pixels.
FOOT_COLOUR_SHARE = 2e-4
#: The foot's colours are sampled this far inside its outline on the page, px: without smoothing,
#: a few blended rim pixels would make a floor colour (a grey tile) the foot's.
FOOT_RIM_PX = 2


def foot_colours(images: Sequence[npt.NDArray[np.uint8]], backgrounds: Sequence[npt.NDArray[np.bool_]],
                 on_papers: Sequence[npt.NDArray[np.bool_]]) -> npt.NDArray[np.bool_]:
    """The foot's (and leg's) colours: a 3D histogram of what covers the sheet's blank paper in the photos.

    Everything on the sheet that is not the printed page is the foot or the leg, so their colours
    are known before the floor around the sheet is judged. The histogram is not smoothed across
    bins: the foot's colours under its shading lie along one line through black, and 6-8 photos
    sample all of it; smoothing made every colour within a bin (up to 31 levels per channel) of any
    shade of the foot its colour too, and beige tiles, greys and wood next to a skin tone were no
    longer floor (the hull kept them behind the heel and beside the instep: instep girths 25-45 mm
    large on development scenes).

    Returns
    -------
    (COLOUR_BINS,) * 3 bool
        True for colour bins the foot or leg can show.
    """
    hist = np.zeros((COLOUR_BINS,) * 3, np.float32)
    for image, bg, paper in zip(images, backgrounds, on_papers):
        # inside the foot's outline only: its rim blends with the page and the contact shadow
        mask = cv2.erode((paper & ~bg).astype(np.uint8), np.ones((2 * FOOT_RIM_PX + 1,) * 2, np.uint8))
        hist += cv2.calcHist([image], [0, 1, 2], mask, [COLOUR_BINS] * 3, [0, 256] * 3)
    bins: npt.NDArray[np.bool_] = hist > FOOT_COLOUR_SHARE * max(float(hist.sum()), 1.0)
    return bins


def floor_background(image: npt.NDArray[np.uint8], on_paper: npt.NDArray[np.bool_], foot_bins: npt.NDArray[np.bool_],
                     agreeing: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Pixels off the sheet that are floor: of a colour the foot never shows, or seen alike
    (``agreeing``, see ``floor_agreement``) by enough other photos."""
    q = (image // (256 // COLOUR_BINS)).astype(np.intp)
    foot_like = foot_bins[q[..., 0], q[..., 1], q[..., 2]]
    floor = ~on_paper & (~foot_like | (agreeing >= FLOOR_AGREEING_PHOTOS))
    return cv2.morphologyEx(floor.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)) > 0


#: Floor consistency is checked at this fraction of the silhouette resolution (speed).
CONSISTENCY_SCALE = 0.5
#: Two photos agree on a floor point when their colours, each divided by its paper white and
#: blurred over a few pixels, differ by less than this in every channel.
FLOOR_COLOUR_TOLERANCE = 0.08
#: Agreement counts only where the photo shows texture (local SD of the normalised grey above
#: this): a plain floor of the foot's colour agrees with a smooth foot by chance, a wood grain or
#: tile joint does not.
FLOOR_MIN_TEXTURE = 0.02
#: A foot-coloured floor pixel is still floor when this many other photos agree on its colour.
FLOOR_AGREEING_PHOTOS = 2


def floor_agreement(images: Sequence[npt.NDArray[np.uint8]], homographies: Sequence[npt.NDArray[np.float64]],
                    whites: Sequence[float]) -> list[npt.NDArray[np.uint8]]:
    """Per photo, how many other photos see the same colour at each pixel's floor point.

    The floor is a plane: through the mat's homographies every photo predicts what every other
    sees there. The foot and leg stand off the plane, so their pixels disagree with the other
    photos (which see the floor behind them from elsewhere) unless by chance.

    Parameters
    ----------
    images : list of (H, W, 3) uint8
    homographies : list of (3, 3) float
        Mat frame ``(x, y, 1)`` mm -> each image's pixels.
    whites : list of float
        Each photo's paper white.

    Returns
    -------
    list of (H, W) uint8
        Count of agreeing other photos, at each image's resolution.
    """
    s = CONSISTENCY_SCALE
    down = np.diag([s, s, 1.0])
    small = [cv2.GaussianBlur(cv2.resize(im, None, fx=s, fy=s, interpolation=cv2.INTER_AREA).astype(np.float32)
                              / np.float32(max(w, 1.0)), (0, 0), 2.5) for im, w in zip(images, whites)]
    hs = [down @ h for h in homographies]
    counts: list[npt.NDArray[np.uint8]] = []
    for i, (a, hi) in enumerate(zip(small, hs)):
        count = np.zeros(a.shape[:2], np.uint8)
        grey = a.mean(axis=2)
        local_sd = np.sqrt(np.maximum(cv2.blur(grey * grey, (7, 7)) - cv2.blur(grey, (7, 7)) ** 2, 0.0))
        textured = local_sd > FLOOR_MIN_TEXTURE
        for j, (b, hj) in enumerate(zip(small, hs)):
            if i == j:
                continue
            warped = cv2.warpPerspective(b, hi @ np.linalg.inv(hj), (a.shape[1], a.shape[0]),
                                         flags=cv2.INTER_LINEAR, borderValue=(-9.0, -9.0, -9.0))
            diff = cv2.absdiff(warped, a)
            alike = cv2.inRange(diff, (0.0, 0.0, 0.0), (FLOOR_COLOUR_TOLERANCE,) * 3) > 0
            count += (textured & alike).astype(np.uint8)
        h, w = images[i].shape[:2]
        counts.append(np.asarray(cv2.resize(count, (w, h), interpolation=cv2.INTER_NEAREST), dtype=np.uint8))
    return counts


def signed_distance(background: npt.NDArray[np.bool_]) -> npt.NDArray[np.float32]:
    """Signed distance to the silhouette's edge, px: > 0 off the background, < 0 on it.

    Returns
    -------
    (H, W) float32, clipped to +-``SD_CLIP_PX``
    """
    bg = background.astype(np.uint8)
    outside = cv2.distanceTransform(1 - bg, cv2.DIST_L2, 5)  # foreground/unknown: distance to background
    inside = cv2.distanceTransform(bg, cv2.DIST_L2, 5)
    sd = np.where(bg > 0, -inside, outside) + np.where(bg > 0, 0.5, -0.5)
    clipped: npt.NDArray[np.float32] = np.clip(sd, -SD_CLIP_PX, SD_CLIP_PX).astype(np.float32)
    return clipped
