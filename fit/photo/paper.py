"""The sheet of paper under the foot: find it, tell A4 from Letter, and recover the camera pose.

Works on an upright BGR image ``(H, W, 3) uint8`` indexed ``[row, col]``; every point list here is
``(x, y)`` = ``(col, row)`` in pixels of that image. The sheet frame (the floor frame) is in mm:
origin at a corner of a short edge, x along the short edge, y along the long edge, z up.
``camera_pose`` takes any floor-to-image homography, so the printed mat capture can reuse it.
"""

from dataclasses import dataclass, replace

import cv2
import numpy as np

from ..errors import PhotoError

PAPERS_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
_WORK_SIDE = 1000  # long side of the detection image, px


@dataclass(frozen=True)
class CameraPose:
    """Pinhole camera looking at the floor.

    Attributes
    ----------
    K : (3, 3) float
        Intrinsics, pixels.
    R : (3, 3) float
        Floor -> camera rotation (rows: camera x right, y down, z forward).
    t : (3,) float
        Floor -> camera translation, mm.
    center_mm : (3,) float
        Camera centre in the floor frame, mm (z is its height above the floor).
    tilt_deg : float
        Angle between the optical axis and straight down.
    """

    K: np.ndarray
    R: np.ndarray
    t: np.ndarray
    center_mm: np.ndarray
    tilt_deg: float

    def project(self, points_mm):
        """Floor-frame points ``(n, 3)`` mm -> image ``(n, 2)`` ``(x, y)`` px."""
        p = (np.asarray(points_mm, dtype=np.float64) @ self.R.T + self.t) @ self.K.T
        return p[:, :2] / p[:, 2:3]


@dataclass(frozen=True)
class Sheet:
    """A detected sheet.

    Attributes
    ----------
    paper : str
        ``"a4"`` or ``"letter"``.
    size_mm : (float, float)
        (short edge, long edge), mm.
    corners_px : (4, 2) float
        Image ``(x, y)`` of the sheet corners (0, 0), (w, 0), (w, l), (0, l) in mm.
    homography : (3, 3) float
        Sheet mm ``(x, y, 1)`` -> image px.
    pose : CameraPose
    aspect_error : float
        How far the pose is from a true rectangle of this paper (0 = perfect).
    """

    paper: str
    size_mm: tuple
    corners_px: np.ndarray
    homography: np.ndarray
    pose: CameraPose
    aspect_error: float

    def turned(self):
        """The same sheet with the frame's origin at the opposite short edge."""
        corners = np.roll(self.corners_px, -2, axis=0)
        return _sheet_from(corners, self.paper, self.pose.K)


def intrinsics(image_size, focal_35mm=None, default_35mm=26.0):
    """Pinhole intrinsics from the image size and the 35 mm-equivalent focal length.

    Parameters
    ----------
    image_size : (int, int)
        ``(width, height)`` px.
    focal_35mm : float or None
        35 mm-equivalent focal length (EXIF FocalLengthIn35mmFilm), mm; None -> ``default_35mm``.

    Returns
    -------
    (3, 3) float
    """
    w, h = image_size
    f = (focal_35mm or default_35mm) / 43.27 * np.hypot(w, h)  # 43.27 mm: full-frame diagonal
    return np.array([[f, 0, (w - 1) / 2], [0, f, (h - 1) / 2], [0, 0, 1.0]])


def camera_pose(homography, K):
    """Camera pose from a floor (z = 0, mm) -> image homography and intrinsics.

    Returns
    -------
    CameraPose
    aspect_error : float
        ``| |r1| / |r2| - 1 |`` plus ``|cos(r1, r2)|`` before orthonormalisation: 0 for a
        homography of a true rectangle of the assumed size.
    """
    M = np.linalg.solve(K, np.asarray(homography, dtype=np.float64))
    n1, n2 = np.linalg.norm(M[:, 0]), np.linalg.norm(M[:, 1])
    err = abs(n1 / n2 - 1) + abs(np.dot(M[:, 0], M[:, 1]) / (n1 * n2))
    lam = 2.0 / (n1 + n2)
    if M[2, 2] * lam < 0:
        lam = -lam
    r1, r2, t = M[:, 0] * lam, M[:, 1] * lam, M[:, 2] * lam
    R = np.column_stack([r1, r2, np.cross(r1, r2)])
    u, _, vt = np.linalg.svd(R)
    R = u @ vt
    if np.linalg.det(R) < 0:
        R = u @ np.diag([1, 1, -1]) @ vt
    center = -R.T @ t
    tilt = float(np.degrees(np.arccos(np.clip(-R[2, 2], -1, 1))))
    return CameraPose(K=K, R=R, t=t, center_mm=center, tilt_deg=tilt), float(err)


def _sheet_from(corners, paper, K):
    w, l = PAPERS_MM[paper]
    src = np.array([[0, 0], [w, 0], [w, l], [0, l]], np.float64)
    H, _ = cv2.findHomography(src, corners.astype(np.float64))
    pose, err = camera_pose(H, K)
    return Sheet(paper=paper, size_mm=(w, l), corners_px=corners, homography=H, pose=pose, aspect_error=err)


def find_sheet(image, K, paper="auto"):
    """Find the sheet under the foot from its visible edges.

    Parameters
    ----------
    image : (H, W, 3) uint8
        Upright BGR, ``[row, col]``.
    K : (3, 3) float
        Intrinsics of ``image``.
    paper : str
        ``"auto"``, ``"a4"`` or ``"letter"``.

    Returns
    -------
    Sheet
        Origin at one of the short edges (which one is the heel's is decided later).

    Raises
    ------
    PhotoError
        ``NO_PAPER``, ``MULTIPLE_PAPERS``, ``TOO_DARK``, ``TOO_OBLIQUE``.
    """
    h, w = image.shape[:2]
    k = _WORK_SIDE / max(h, w)
    small = cv2.resize(image, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1], hsv[..., 2]
    if np.percentile(val, 95) < 70:
        raise PhotoError("The photo is too dark to see the paper and the foot. Please turn on a light "
                         "or move to a brighter room and take it again.", code="TOO_DARK")
    neutral = val[sat < 50]
    thresh = 0.72 * np.percentile(neutral, 99.5) if neutral.size > 100 else 200
    mask = ((val > max(thresh, 100)) & (sat < 50)).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    area_min = 0.01 * mask.size
    comps = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] > area_min]
    if not comps:
        raise PhotoError("No sheet of paper was found. Put a blank A4 or Letter sheet flat on the floor, "
                         "stand on it and photograph the whole sheet from above.", code="NO_PAPER")
    comps.sort(key=lambda i: -stats[i, cv2.CC_STAT_AREA])
    big = [i for i in comps if stats[i, cv2.CC_STAT_AREA] > 0.3 * stats[comps[0], cv2.CC_STAT_AREA]]
    if len(big) >= 2 and any(_looks_like_sheet(labels == i) for i in big):
        raise PhotoError("More than one sheet of paper is in the photo. Use a single sheet, with the "
                         "foot on it, and keep other papers out of the picture.", code="MULTIPLE_PAPERS")
    main = labels == comps[0]
    diag = np.hypot(*main.shape)
    main_pts = cv2.findNonZero(main.astype(np.uint8))
    for i in comps[1:]:
        other = labels == i
        if stats[i, cv2.CC_STAT_AREA] < 0.05 * stats[comps[0], cv2.CC_STAT_AREA]:
            continue
        d = np.min(np.abs(cv2.distanceTransform((~main).astype(np.uint8), cv2.DIST_L2, 3)[other]))
        if d < 0.2 * diag:
            main |= other
    main_u8 = main.astype(np.uint8)
    hull = cv2.convexHull(cv2.findNonZero(main_u8))
    quad = _quad(hull)
    if quad is None or cv2.contourArea(hull) < 0.03 * mask.size:
        raise PhotoError("No sheet of paper was found. Put a blank A4 or Letter sheet flat on the floor, "
                         "stand on it and photograph the whole sheet from above.", code="NO_PAPER")
    contours, _ = cv2.findContours(main_u8, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    boundary = np.vstack([c.reshape(-1, 2) for c in contours]).astype(np.float64)
    lines = []
    gray = cv2.GaussianBlur(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), (0, 0), 1.0).astype(np.float32)
    for j in range(4):
        a, b = quad[j], quad[(j + 1) % 4]
        line = _fit_edge(boundary, a, b, tol=4.0)
        if line is None:
            raise PhotoError("The sheet's edges are hidden. Make sure the whole sheet is in the photo and "
                             "not covered except where the foot stands.", code="NO_PAPER")
        lines.append(_refine_edge(gray, line[0] / k, line[1], quad.mean(0) / k))
    corners = np.array([_intersect(lines[j - 1], lines[j]) for j in range(4)])
    if not np.all(np.isfinite(corners)):
        raise PhotoError("No sheet of paper was found.", code="NO_PAPER")
    # order: clockwise in the image (y down) = counter-clockwise seen from above (z up)
    if _signed_area(corners) > 0:
        corners = corners[::-1]
    candidates = []
    for start in (0, 1):
        c = np.roll(corners, -start, axis=0)
        for name in (("a4", "letter") if paper == "auto" else (paper,)):
            candidates.append(_sheet_from(c, name, K))
    sheet = min(candidates, key=lambda s: s.aspect_error)
    if sheet.pose.center_mm[2] > 0 and sheet.pose.tilt_deg > 40:
        raise PhotoError(f"The photo is taken at a slant ({sheet.pose.tilt_deg:.0f}° from straight down). "
                         "Hold the phone flat, straight above the foot, and take it again.", code="TOO_OBLIQUE")
    if sheet.pose.center_mm[2] <= 0 or sheet.aspect_error > 0.25:
        raise PhotoError("The paper does not look like a flat A4 or Letter sheet. Lay it flat, uncovered "
                         "except by the foot, and photograph it from above.", code="NO_PAPER")
    return sheet


def _looks_like_sheet(mask):
    hull = cv2.convexHull(cv2.findNonZero(mask.astype(np.uint8)))
    area = np.count_nonzero(mask)
    if area < 0.85 * cv2.contourArea(hull):
        return False
    quad = _quad(hull)
    if quad is None:
        return False
    sides = np.linalg.norm(quad - np.roll(quad, -1, 0), axis=1)
    ratio = (sides[0] + sides[2]) / (sides[1] + sides[3])
    ratio = max(ratio, 1 / ratio)
    return 1.1 < ratio < 1.7


def _quad(hull):
    peri = cv2.arcLength(hull, True)
    for eps in np.linspace(0.01, 0.1, 19):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float64)
        if len(approx) < 4:
            return None
    return None


def _fit_edge(points, a, b, tol):
    d = (b - a) / np.linalg.norm(b - a)
    n = np.array([-d[1], d[0]])
    rel = points - a
    along = rel @ d
    sel = (np.abs(rel @ n) < tol) & (along > 0.05 * np.linalg.norm(b - a)) & (along < 0.95 * np.linalg.norm(b - a))
    if np.count_nonzero(sel) < 20:
        return None
    vx, vy, x0, y0 = cv2.fitLine(points[sel].astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    return np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)


def _refine_edge(gray, p0, d, inside, step=4.0, reach=6):
    """Sub-pixel edge line: strongest bright-inside step along normals, then a robust fit."""
    d = d / np.linalg.norm(d)
    n = np.array([-d[1], d[0]])
    if np.dot(inside - p0, n) < 0:
        n = -n  # n points into the sheet
    h, w = gray.shape
    span = np.hypot(h, w)
    ts = np.arange(-span, span, step)
    base = p0 + ts[:, None] * d
    offs = np.arange(-reach, reach + 1, dtype=np.float64)
    samples = base[:, None, :] + offs[None, :, None] * n
    ok = np.all((samples[..., 0] >= 1) & (samples[..., 0] < w - 2) & (samples[..., 1] >= 1) & (samples[..., 1] < h - 2), 1)
    samples = samples[ok]
    if len(samples) < 10:
        return p0, d
    prof = cv2.remap(gray, samples[..., 0].astype(np.float32), samples[..., 1].astype(np.float32), cv2.INTER_LINEAR)
    grad = np.diff(prof, axis=1)  # positive when brighter inward
    i = np.argmax(grad, axis=1)
    strong = grad[np.arange(len(i)), i] > 8
    inner = (i > 0) & (i < grad.shape[1] - 1)
    keep = strong & inner
    if np.count_nonzero(keep) < 10:
        return p0, d
    g = grad[keep]
    ik = i[keep]
    gm, g0, gp = g[np.arange(len(ik)), ik - 1], g[np.arange(len(ik)), ik], g[np.arange(len(ik)), ik + 1]
    sub = 0.5 * (gm - gp) / np.where(np.abs(gm - 2 * g0 + gp) > 1e-6, gm - 2 * g0 + gp, 1e-6)
    pos = offs[ik] + 0.5 + np.clip(sub, -0.5, 0.5)
    pts = samples[keep][:, reach] + (pos[:, None]) * n
    for _ in range(3):
        c = pts.mean(0)
        _, _, vt = np.linalg.svd(pts - c)
        dd = vt[0]
        nn = np.array([-dd[1], dd[0]])
        res = np.abs((pts - c) @ nn)
        tol = max(1.0, 2.5 * np.median(res))
        if np.all(res < tol):
            break
        pts = pts[res < tol]
        if len(pts) < 10:
            return p0, d
    return c, dd


def _intersect(l1, l2):
    (p, d), (q, e) = l1, l2
    A = np.array([d, -e]).T
    if abs(np.linalg.det(A)) < 1e-9:
        return np.array([np.nan, np.nan])
    s = np.linalg.solve(A, q - p)[0]
    return p + s * d


def _signed_area(pts):
    x, y = pts[:, 0], pts[:, 1]
    return 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)
