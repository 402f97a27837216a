"""The sheet of paper under the foot: find it, tell A4 from Letter, and recover the camera pose.

Works on an upright BGR image ``(H, W, 3) uint8`` indexed ``[row, col]``; every point list here is
``(x, y)`` = ``(col, row)`` in pixels of that image. The sheet frame (the floor frame) is in mm:
origin at a corner of a short edge, x along the short edge, y along the long edge, z up.
``camera_pose`` takes any floor-to-image homography, so the printed mat capture can reuse it.
"""

from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING, cast

import cv2
import numpy as np
import numpy.typing as npt
from scipy.optimize import least_squares

from ..errors import PhotoError

if TYPE_CHECKING:  # quads imports this module's camera model at run time
    from .quads import Quad

Floats = npt.NDArray[np.float64]
Image = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]
#: A straight edge: a point on it, its unit direction, and the outline points it was fitted to.
Line = tuple[Floats, Floats, Floats]

PAPERS_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
_WORK_SIDE = 1000  # long side of the detection image, px


@dataclass(frozen=True)
class _EdgeImages:
    """What a candidate sheet's edges are placed on: ``gray`` (H, W) float32, the photo's grey levels
    lightly blurred; ``small`` (h, w, 3) uint8, the BGR detection image, ``k`` times the photo's size
    (colours are read there)."""

    gray: npt.NDArray[np.float32]
    small: Image
    k: float


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

    K: Floats
    R: Floats
    t: Floats
    center_mm: Floats
    tilt_deg: float

    def project(self, points_mm: npt.ArrayLike) -> Floats:
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
    weak_edges : bool
        It was taken from a quad the usual bar leaves out (scored low, or below three others that failed
        as sheets, ``find_sheet``): only a foot found on it confirms that it is the sheet.
    """

    paper: str
    size_mm: tuple[float, float]
    corners_px: Floats
    homography: Floats
    pose: CameraPose
    aspect_error: float
    weak_edges: bool = False

    def turned(self) -> "Sheet":
        """The same sheet with the frame's origin at the opposite short edge."""
        corners = np.roll(self.corners_px, -2, axis=0)
        return _sheet_from(corners, self.paper, self.pose.K)

    def with_intrinsics(self, K: Floats) -> "Sheet":
        """The same sheet, its camera pose recovered with intrinsics ``K``."""
        return _sheet_from(self.corners_px, self.paper, K)


def intrinsics(image_size: tuple[int, int], focal_35mm: float | None = None, default_35mm: float = 26.0) -> Floats:
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


def focal_from_homography(homography: Floats, image_size: tuple[int, int], min_tilt_deg: float = 4.0) -> float | None:
    """Focal length of the camera that sees a rectangle through ``homography``, when it can tell.

    With square pixels and the principal point at the image centre, the image of the absolute
    conic is ``w = diag(1/f^2, 1/f^2, 1)`` and the homography's first two columns ``h1, h2``
    (the images of the plane's x and y directions) must satisfy ``h1' w h2 = 0`` and
    ``h1' w h1 = h2' w h2`` (Zhang's constraints); both are linear in ``1/f^2``, solved in the
    least-squares sense. Seen straight down the constraints degenerate, so below
    ``min_tilt_deg`` of tilt (about 0.5 % in f above it on a 2000-px photo) the answer is None.

    Parameters
    ----------
    homography : (3, 3) float
        Plane mm ``(x, y, 1)`` -> image px of a true rectangle of the right aspect.
    image_size : (int, int)
        ``(width, height)`` px.

    Returns
    -------
    float or None
        Focal length, px.
    """
    w, h = image_size
    T = np.array([[1.0, 0, (w - 1) / 2], [0, 1.0, (h - 1) / 2], [0, 0, 1.0]])
    M = np.linalg.solve(T, np.asarray(homography, dtype=np.float64))
    M = M / np.linalg.norm(M[:, :2])
    m1, m2 = M[:, 0], M[:, 1]
    a = np.array([m1[0] * m2[0] + m1[1] * m2[1], m1[0] ** 2 + m1[1] ** 2 - m2[0] ** 2 - m2[1] ** 2])
    b = np.array([m1[2] * m2[2], m1[2] ** 2 - m2[2] ** 2])
    inv_f2 = -float(a @ b) / max(float(a @ a), 1e-300)
    if not inv_f2 > 0:
        return None
    f = 1.0 / np.sqrt(inv_f2)
    K = np.array([[f, 0, (w - 1) / 2], [0, f, (h - 1) / 2], [0, 0, 1.0]])
    pose, _ = camera_pose(homography, K)
    return f if pose.tilt_deg >= min_tilt_deg else None


def camera_pose(homography: Floats, K: Floats) -> tuple[CameraPose, float]:
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


def _sheet_from(corners: Floats, paper: str, K: Floats) -> Sheet:
    """The sheet of ``paper`` whose corners (0, 0), (w, 0), (w, l), (0, l) are ``corners`` px, its pose fitted."""
    w, l = PAPERS_MM[paper]
    src = np.array([[0, 0], [w, 0], [w, l], [0, l]], np.float64)
    found, _ = cv2.findHomography(src, corners.astype(np.float64))
    H = np.asarray(found, dtype=np.float64)
    pose, err = camera_pose(H, K)
    return Sheet(paper=paper, size_mm=(w, l), corners_px=corners, homography=H, pose=pose, aspect_error=err)


def find_sheet(image: Image, K: Floats, paper: str = "auto", max_aspect_error: float = 0.25,
               lens_known: bool = False) -> Sheet:
    """Find the sheet under the foot from its visible edges.

    Two sources of candidates, one judge. First the sheet as the brightest neutral region (below);
    when that fails, or the sheet it finds is not well supported by the image's edges, candidate
    quadrilaterals from the image's straight edges (``quads.edge_quads``: tinted or shadowed
    paper, light tiles, a floor nearly as light as the paper; four lines, or three and the side a
    rectangle of the paper has there) are scored by how well an A4 or Letter rectangle under a
    plausible camera explains them, and the best is taken.

    Bright region: the sheet's bright, neutral pixels are found on a reduced image; the straight runs of their
    outline become candidate edge lines (runs on one line, e.g. the toe edge on both sides of an
    overhanging foot, are merged); the four lines best supported that make a quad holding the
    paper, and a true rectangle of the paper once the camera pose is recovered, are the sheet.
    Corners hidden by the foot or the leg are where the edges meet. Each edge is then placed to a
    fraction of a pixel on the full image, on its longest straight run of steps with paper inside
    (not the heel or toes crossing it); an edge that shows nowhere near its coarse line (beside white
    checks, under the leg, a shadow's border running along it) is looked for where the rectangle
    through the other three puts it, a fainter step taken there (``_placed_sheet``).

    Parameters
    ----------
    image : (H, W, 3) uint8
        Upright BGR, ``[row, col]``.
    K : (3, 3) float
        Intrinsics of ``image``.
    paper : str
        ``"auto"``, ``"a4"`` or ``"letter"``.
    max_aspect_error : float
        Largest ``Sheet.aspect_error`` accepted: a true sheet seen with a known lens is within
        0.002 on rendered photos (0.02 with a guessed one); a quad that takes a floor edge for the
        sheet's is several hundredths off.
    lens_known : bool
        ``K`` is the photo's own (EXIF focal length), not a guess; else the focal length is fitted
        with the sheet's pose to all its edges at once (``_fit_to_edges``).

    Returns
    -------
    Sheet
        Origin at one of the short edges (which one is the heel's is decided later).

    Raises
    ------
    PhotoError
        ``NO_PAPER``, ``MULTIPLE_PAPERS``, ``TOO_DARK``, ``TOO_OBLIQUE``.
    """
    from .quads import edge_quads, outlined_by_lines, overlap, quad_score  # quads builds on this module's camera model

    h, w = image.shape[:2]
    k = _WORK_SIDE / max(h, w)
    small = np.asarray(cv2.resize(image, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA), dtype=np.uint8)
    K_small = np.diag([k, k, 1.0]) @ K
    hsv = np.asarray(cv2.cvtColor(small, cv2.COLOR_BGR2HSV), dtype=np.uint8)
    if np.percentile(hsv[..., 2], 95) < 70:
        raise PhotoError("The photo is too dark to see the paper and the foot. Please turn on a light "
                         "or move to a brighter room and take it again.", code="TOO_DARK")
    edges = _EdgeImages(_edge_gray(image), small, k)
    sheet: Sheet | None
    refusal: PhotoError | None
    try:
        sheet = _bright_sheet(edges, hsv, K, paper, lens_known)
        refusal = None
        if sheet.aspect_error > max_aspect_error:
            sheet, refusal = None, PhotoError(NO_PAPER_MESSAGE, code="NO_PAPER")
    except PhotoError as error:
        if error.code not in ("NO_PAPER", "MULTIPLE_PAPERS", "TOO_OBLIQUE"):
            raise
        sheet, refusal = None, error
    if sheet is not None:
        corners = _order_for_quads(sheet.corners_px * k)
        if quad_score(small, corners) >= _GOOD_SCORE:
            return sheet
    quads = edge_quads(small, K_small, paper, keep=8)  # after the first five, tried only with a foot on them
    if not quads or quads[0].score < _MIN_EDGE_SCORE:
        if sheet is not None:
            return sheet
        if refusal is None or refusal.code == "NO_PAPER":
            return _weakly_held_sheet(edges, quads, K, paper, max_aspect_error, lens_known)
        raise refusal
    if sheet is not None and quad_score(small, _order_for_quads(sheet.corners_px * k)) >= quads[0].score - 0.02:
        return sheet
    apart = [q for q in quads[1:5] if overlap(quads[0].corners, q.corners) < 0.1 and q.score >= _MIN_EDGE_SCORE
             # a second paper is a true rectangle of one too, not a floor tile's square or a run of tiles,
             # and its edges are steps, not grout lines with tile on both sides (a quad completed from
             # three lines is a rectangle by construction, and may be the one sheet beside a block of tiles)
             and not q.completed
             and _true_sheet(edges, q, K, paper, max_aspect_error, lens_known=lens_known) is not None
             and not outlined_by_lines(small, q.corners)]
    bright_saw_two = refusal is not None and refusal.code == "MULTIPLE_PAPERS"
    if apart and (bright_saw_two or (apart[0].score > quads[0].score - 0.03 and min(apart[0].side_support) > 0.6)):
        raise PhotoError(_MULTIPLE, code="MULTIPLE_PAPERS")
    oblique = None
    # the best well-scored quad whose finely placed corners make a true rectangle of the paper (a
    # poorly scored one is a floor pattern however square it is); a quad completed from three lines is
    # a rectangle by construction, so its slant says nothing of the sheet's
    good = [q for q in quads if q.score >= _MIN_EDGE_SCORE][:3]
    for quad in good:
        try:
            found = _true_sheet(edges, quad, K, paper, max_aspect_error, oblique_ok=quad.completed,
                                lens_known=lens_known)
        except PhotoError as error:  # seen too obliquely: said only when no other quad is the sheet
            oblique = oblique or error
            continue
        if found is not None:
            return found
    if oblique:
        raise oblique
    return _weakly_held_sheet(edges, quads[len(good):], K, paper, max_aspect_error, lens_known)


def _weakly_held_sheet(edges: _EdgeImages, quads: list["Quad"], K: Floats, paper: str, max_aspect_error: float,
                       lens_known: bool) -> Sheet:
    """The best of ``quads`` (the edge quads not tried as sheets, best first) scoring ``_MIN_WEAK_SCORE``
    or more that looks like a sheet with a foot on it (``quads.holds_foot``: paper round its rim, a foot
    on part of the inside) and whose finely placed corners make a true rectangle of the paper, marked
    ``weak_edges``; raises NO_PAPER when none does.

    A sheet on black-and-white checks shows no step along the white ones and scores about as well as
    a block of checks, often under ``_MIN_EDGE_SCORE`` (development scenes: true sheets 0.54-0.62,
    blocks of checks up to 0.75); a sheet on light tiles may score well but below three quads of tiles
    (0.72, under 0.79-0.71). The blocks of floor are turned away by their look and by the corners' fine
    placement; what is left must hold a foot that can be measured, which ``measure_foot_photo`` checks.
    """
    from .quads import holds_foot

    scored = [q for q in quads if q.score >= _MIN_WEAK_SCORE]
    held = holds_foot(edges.small, [q.corners for q in scored])
    for quad in [q for q, h in zip(scored, held) if h][:3]:
        found = _true_sheet(edges, quad, K, paper, max_aspect_error, lens_known=lens_known)
        if found is not None:
            return replace(found, weak_edges=True)
    raise PhotoError(NO_PAPER_MESSAGE, code="NO_PAPER")


def _true_sheet(edges: _EdgeImages, quad: "Quad", K: Floats, paper: str, max_aspect_error: float,
                oblique_ok: bool = True, lens_known: bool = False) -> Sheet | None:
    """The sheet of ``quad`` when it is a true rectangle of the paper within ``max_aspect_error``, else
    None; one seen too obliquely is None when ``oblique_ok``, else raises TOO_OBLIQUE (only a true
    rectangle says so: a quad round the foot is no sheet at a slant)."""
    try:
        found = _sheet_from_quad(edges, quad, K, paper, lens_known)
    except PhotoError:  # a side of a completed quad does not show
        return None
    if found.aspect_error > max_aspect_error:
        return None
    try:
        _check_tilt(found)
    except PhotoError:
        if oblique_ok:
            return None
        raise
    return found


_GOOD_SCORE = 0.6       # a sheet found as the bright region this well supported by its edges is kept
_MIN_EDGE_SCORE = 0.6   # below this no quad from the edges is taken for a sheet without the foot's confirmation
_MIN_WEAK_SCORE = 0.5   # below this none is, even with it


def _order_for_quads(corners: Floats) -> Floats:
    """Corners clockwise on screen (positive signed area with y down), as ``quads`` keeps them."""
    return corners[::-1] if _signed_area(corners) < 0 else corners


def _sheet_from_quad(edges: _EdgeImages, quad: "Quad", K: Floats, paper: str, lens_known: bool = False) -> Sheet:
    """The sheet of an edge quad: each side placed finely on the full image, paper and pose fitted."""
    coarse = quad.corners / edges.k
    sides = [_along(coarse[j], coarse[(j + 1) % 4]) for j in range(4)]
    return _placed_sheet(edges, sides, coarse, K, paper, lens_known, every_side=quad.completed)


def _along(a: Floats, b: Floats) -> Floats:
    """Points ``(80, 2)`` along the side a -> b, short of its corners (where another side's steps are)."""
    return a + np.linspace(0.03, 0.97, 80)[:, None] * (b - a)


def _edge_gray(image: Image) -> npt.NDArray[np.float32]:
    """The full-resolution grey image the sheet's edges are placed on (``_refine_edge``), lightly blurred."""
    return cv2.GaussianBlur(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), (0, 0), 1.0).astype(np.float32)


def _placed_sheet(edges: _EdgeImages, sides_px: list[Floats], coarse_corners: Floats, K: Floats, paper: str,
                  lens_known: bool, every_side: bool = False) -> Sheet:
    """The sheet whose four sides run near the points ``sides_px`` (full-resolution px, in order round
    ``coarse_corners``): each side placed finely (``_refine_edge``), the paper (A4 or Letter, either way
    round) that best fits the corners, and the pose fitted to all the edges' points (``_fit_to_edges``).
    ``every_side``: raise NO_PAPER unless every side shows (a quad completed from three lines has no
    other evidence that its fourth side is the sheet's, nor of the paper's size).
    """
    inside = coarse_corners.mean(0)
    k = edges.k
    names = ("a4", "letter") if paper == "auto" else (paper,)
    paper_lab = _paper_colour(edges.small, coarse_corners * k)
    found = [_refine_edge(edges, pts, inside, paper_lab) for pts in sides_px]
    unseen = [j for j, (_, _, pts) in enumerate(found) if len(pts) == 0]
    max_move = _MAX_CORNER_MOVE / k
    if not unseen:
        sheet, misses = _rectangle_through(found, coarse_corners, max_move, k, names, K, lens_known)
        unseen = _off_side(misses)
        if not unseen:
            return sheet
        found[unseen[0]] = (found[unseen[0]][0], found[unseen[0]][1], np.zeros((0, 2)))
    if len(unseen) == 1:
        found[unseen[0]] = _side_from_others(edges, found, unseen[0], coarse_corners, K, names, lens_known, paper_lab)
        if len(found[unseen[0]][2]):
            max_move = np.inf  # that side is where the sheet the others make has it, however far from its coarse line
    if every_side and not all(len(pts) for _, _, pts in found):
        raise PhotoError(NO_PAPER_MESSAGE, code="NO_PAPER")
    return _rectangle_through(found, coarse_corners, max_move, k, names, K, lens_known)[0]


def _rectangle_through(found: list[tuple[Floats, Floats, Floats]], coarse_corners: Floats, max_move_px: float,
                       k: float, names: tuple[str, ...], K: Floats, lens_known: bool) -> tuple[Sheet, list[float]]:
    """The sheet whose pose is fitted to the points of the placed sides ``found`` (``_fit_to_edges``),
    and how far each side's points lie from it (median px; inf for a side without points or when the
    fit failed). ``max_move_px``: how far the placed sides' crossings may move from ``coarse_corners``.

    Its ``aspect_error``, the evidence that this is a sheet, is the free quad's (the corners where the
    four placed lines cross, ``_corners``), or less when the lens is known and every side's own points
    lie on the fitted rectangle within ``_FITS_ALL_PX``: a side seen only in a short run has a line
    tilted by a fraction of a pixel, and the free quad's corners move with it (a development checker
    scene's true sheet, its fitted corners within 0.2 px, was 0.05 off as a free quad). With a guessed
    lens the fitted focal length could bend a rectangle onto a floor pattern, so the free quad judges.
    """
    free = _best_paper(_corners(found, coarse_corners, max_move_px), names, K)
    fitted = _fit_to_edges(free, [pts for _, _, pts in found], _MAX_CORNER_MOVE / k, fit_focal=not lens_known)
    if fitted is free:
        return free, [np.inf] * 4
    c = fitted.corners_px
    misses = [min(float(np.median(_segment_distances(pts, c[j], c[(j + 1) % 4]))) for j in range(4))
              if len(pts) else np.inf for _, _, pts in found]
    if lens_known and max(misses) <= _FITS_ALL_PX:
        side_px = float(np.mean(np.linalg.norm(c - np.roll(c, -1, 0), axis=1)))
        fitted = replace(fitted, aspect_error=min(fitted.aspect_error, max(misses) / side_px))
    return fitted, misses


#: Every side's points within this of the fitted rectangle (median, px) make it the paper's.
_FITS_ALL_PX = 1.0


def _off_side(misses: list[float]) -> list[int]:
    """The one side (if any) whose points the sheet fitted to all four misses (``misses``, median px)
    while it runs through the other three: the steps placed there are something else running along
    the edge (a soft shadow's border across the sheet, a floor line), not the edge itself."""
    off = [j for j, d in enumerate(misses) if d > _OFF_EDGE_PX]
    return off if len(off) == 1 and max(np.delete(misses, off[0])) < 1.0 else []


def _best_paper(corners: Floats, names: tuple[str, ...], K: Floats) -> Sheet:
    """The sheet of the paper among ``names``, either way round, that best fits ``corners`` (``_corners``)."""
    return min((_sheet_from(np.roll(corners, -s, 0), name, K) for s in (0, 1) for name in names),
               key=lambda sheet: sheet.aspect_error)


def _check_tilt(sheet: Sheet) -> None:
    """Raise TOO_OBLIQUE when ``sheet`` is seen more than ``_MAX_TILT_DEG`` from straight down."""
    if sheet.pose.center_mm[2] > 0 and sheet.pose.tilt_deg > _MAX_TILT_DEG:
        raise PhotoError(_oblique(sheet.pose.tilt_deg), code="TOO_OBLIQUE")


def _corners(found: list[tuple[Floats, Floats, Floats]], coarse_corners: Floats, max_move_px: float) -> Floats:
    """Where the placed sides ``found`` (``_refine_edge``'s answers, in order round ``coarse_corners``)
    cross, ``(4, 2)`` px, clockwise in the image (y down) = counter-clockwise seen from above (z up);
    ``coarse_corners`` themselves when a crossing is lost or moved more than ``max_move_px`` from them."""
    refined = [(p0, d) for p0, d, _ in found]
    corners = np.array([_intersect(refined[j - 1], refined[j]) for j in range(4)])
    # each placed side lies within a few px of its coarse line, but a corner where two sides meet at a
    # slant moves further (a coarse line 9 px off on a checkered floor moved one 27 px, rightly)
    if not np.all(np.isfinite(corners)) or np.max(np.abs(corners - coarse_corners)) > max_move_px:
        corners = coarse_corners  # refinement lost the edge (heavy blur): keep the coarse fit
    return corners[::-1] if _signed_area(corners) > 0 else corners


#: A side whose points lie this far from the sheet the others fit, px (median), is not the sheet's edge.
_OFF_EDGE_PX = 3.0


def _side_from_others(edges: _EdgeImages, found: list[tuple[Floats, Floats, Floats]], unseen: int,
                      coarse_corners: Floats, K: Floats, names: tuple[str, ...], lens_known: bool,
                      paper_lab: Floats) -> tuple[Floats, Floats, Floats]:
    """Side ``unseen`` of ``found`` placed where it shows, if it shows where the sheet the other three
    sides make (A4 or Letter, either way round) puts it; else as it was.

    A sheet's side beside a floor of its own colour (white checks) or under the leg may be nowhere
    near its coarse line, which followed something else. A rectangle of known size under the camera
    is fixed by three of its sides, so the fourth is looked for where that rectangle has it: its faint
    steps there (fainter than elsewhere when no usual step shows, ``_faint_edge``) are the evidence that
    this is the sheet, and the paper's size is the one whose side shows.
    """
    k = edges.k
    corners = _corners(found, coarse_corners, _MAX_CORNER_MOVE / k)
    gap = coarse_corners[unseen] + coarse_corners[(unseen + 1) % 4]  # twice the coarse side's middle
    best = found[unseen]
    for s in (0, 1):
        for name in names:
            sheet = _sheet_from(np.roll(corners, -s, 0), name, K)
            fitted = _fit_to_edges(sheet, [pts for _, _, pts in found], 3 * _MAX_CORNER_MOVE / k,
                                   fit_focal=not lens_known)
            if fitted is sheet:
                continue
            c = fitted.corners_px
            m = int(np.argmin([np.linalg.norm(c[j] + c[(j + 1) % 4] - gap) for j in range(4)]))
            side = _along(c[m], c[(m + 1) % 4])
            placed = _refine_edge(edges, side, c.mean(0), paper_lab)
            if not len(placed[2]):
                placed = _faint_edge(edges, side, c.mean(0), paper_lab)
            if len(placed[2]) > len(best[2]):
                best = placed
    return best


def _faint_edge(edges: _EdgeImages, points: Floats, inside: Floats,
                paper_lab: Floats) -> tuple[Floats, Floats, Floats]:
    """``_refine_edge`` taking steps down to ``_FAINT_STEP``, kept only when they run along ``points``
    (where the other three sides put the edge) within ``_FITS_ALL_PX`` over at least half its length:
    on development scenes true faint sides were within 0.2-0.4 px over all of it, and the faint steps
    a light-tile floor's shading made 4 px off over a fifth (taken, they made a sheet of grout lines)."""
    found = _refine_edge(edges, points, inside, paper_lab, min_step=_FAINT_STEP)
    pts = found[2]
    if len(pts):
        a, b = points[0], points[-1]
        t = (pts - a) @ (b - a) / float(np.dot(b - a, b - a))
        if np.median(_segment_distances(pts, a, b)) > _FITS_ALL_PX or np.ptp(t) < 0.5:
            return found[0], found[1], np.zeros((0, 2))
    return found


#: Furthest a corner may move when the sides are placed finely, px of the detection image.
_MAX_CORNER_MOVE = 20.0


def _fit_to_edges(sheet: Sheet, edges: list[Floats], max_move_px: float, fit_focal: bool = False) -> Sheet:
    """``sheet`` with its pose fitted to the sub-pixel points of its edges.

    Each edge's corners are where two fitted lines cross, so an edge seen only in part (a white
    floor tile beyond it, the foot over it) tilts its line and moves two corners. A true sheet is a
    rectangle of known size under a pinhole camera: its six pose parameters (and the focal length
    when ``fit_focal``, the lens being a guess, held near the guess by a weak prior) are fitted to all
    edge points at once (each set to the side of the sheet it lies along, a robust loss for stray
    points), so the well seen edges place the poorly seen one. The corners move at most
    ``max_move_px``, else the sheet is kept; ``aspect_error`` stays that of the free quad (the
    evidence that this is a sheet at all).
    """
    w, l = sheet.size_mm
    rect = np.array([[0, 0, 0], [w, 0, 0], [w, l, 0], [0, l, 0]], np.float64)
    pose = sheet.pose
    f0 = float(pose.K[0, 0])
    sides = []
    quad = sheet.corners_px
    for pts in edges:
        if len(pts) < 10:
            continue
        centre = pts.mean(0)
        dist = [_segment_distances(centre[None], quad[j], quad[(j + 1) % 4])[0] for j in range(4)]
        sides.append((int(np.argmin(dist)), pts))
    if len({j for j, _ in sides}) < 3:
        return sheet

    def camera(x: Floats) -> Floats:
        K = pose.K.copy()
        if fit_focal:
            K[0, 0] = K[1, 1] = f0 * x[6]
        return K

    def corners_of(x: Floats) -> Floats:
        R = cv2.Rodrigues(x[:3])[0]
        p = (rect @ R.T + x[3:6]) @ camera(x).T
        return p[:, :2] / p[:, 2:3]

    def residuals(x: Floats) -> Floats:
        c = corners_of(x)
        out = []
        for j, pts in sides:
            a, b = c[j], c[(j + 1) % 4]
            d = (b - a) / np.linalg.norm(b - a)
            out.append((pts[:, 0] - a[0]) * d[1] - (pts[:, 1] - a[1]) * d[0])
        if fit_focal:
            out.append(np.array([_FOCAL_PRIOR * (x[6] - 1.0)]))
        return np.concatenate(out)

    x0 = np.r_[cv2.Rodrigues(pose.R)[0].ravel(), pose.t, [1.0] if fit_focal else []]
    scale = np.r_[np.full(3, 1e-3), np.full(3, 1.0), [1e-3] if fit_focal else []]
    fit = least_squares(residuals, x0, loss="cauchy", f_scale=1.0, x_scale=scale)
    corners = corners_of(fit.x)
    if not (fit.success and np.all(np.isfinite(corners))) or np.max(np.abs(corners - sheet.corners_px)) > max_move_px:
        return sheet
    fitted = _sheet_from(corners, sheet.paper, camera(fit.x))
    return replace(fitted, aspect_error=sheet.aspect_error)


#: Weight of the guessed focal length when it is fitted with the pose: 10 % off costs as much as
#: one edge point 3 px off (Cordwain assumption: weak beside hundreds of edge points, decisive only
#: when the photo is taken nearly straight down and the focal length cannot be seen).
_FOCAL_PRIOR = 30.0


def _segment_distances(points: Floats, a: Floats, b: Floats) -> Floats:
    """Distances ``(m,)`` of ``points (m, 2)`` from the segment a -> b, px."""
    d = b - a
    t = np.clip((points - a) @ d / max(float(np.dot(d, d)), 1e-12), 0.0, 1.0)
    return cast(Floats, np.linalg.norm(points - (a + t[:, None] * d), axis=1))


def _bright_sheet(edges: _EdgeImages, hsv: Image, K: Floats, paper: str, lens_known: bool = False) -> Sheet:
    """The sheet as the brightest neutral region of the detection image (whose HSV is ``hsv``), its
    edges placed finely."""
    k = edges.k
    mask, val = _paper_mask(hsv)
    n, found_labels, found_stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    labels, stats = np.asarray(found_labels, dtype=np.int32), np.asarray(found_stats, dtype=np.int32)
    comps = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] > 0.01 * mask.size]
    if not comps:
        raise PhotoError(NO_PAPER_MESSAGE, code="NO_PAPER")
    # paper is the brightest neutral thing: drop pale floor (light tiles) clearly darker than it
    level = {i: float(np.median(val[labels == i])) for i in comps}
    largest = max(stats[i, cv2.CC_STAT_AREA] for i in comps)
    ref = max(level[i] for i in comps if stats[i, cv2.CC_STAT_AREA] > 0.25 * largest)
    comps = [i for i in comps if level[i] > 0.86 * ref]
    comps.sort(key=lambda i: -stats[i, cv2.CC_STAT_AREA])
    lines = _edge_lines(labels, comps)
    K_small = np.diag([k, k, 1.0]) @ K
    best = _best_quad(lines, labels, stats, comps, K_small, paper)
    sheet_like = [i for i in comps if _looks_like_sheet(labels == i, K_small, fill=0.55)]
    if best is None:
        if len(sheet_like) >= 2:
            raise PhotoError(_MULTIPLE, code="MULTIPLE_PAPERS")
        # a sheet seen very obliquely fails the fit first: tell the shopper why
        _check_oblique_hull(labels == comps[0], K_small)
        raise PhotoError(NO_PAPER_MESSAGE, code="NO_PAPER")
    quad_lines, members = best
    outside = [i for i in sheet_like if i not in members
               and stats[i, cv2.CC_STAT_AREA] > 0.25 * stats[comps[0], cv2.CC_STAT_AREA]]
    if outside:
        raise PhotoError(_MULTIPLE, code="MULTIPLE_PAPERS")
    small_corners = np.array([_intersect(quad_lines[j - 1][:2], quad_lines[j][:2]) for j in range(4)])
    sheet = _placed_sheet(edges, [pts / k for _, _, pts in quad_lines], small_corners / k, K, paper, lens_known)
    if sheet.pose.center_mm[2] <= 0 or sheet.aspect_error > _NOT_A_SHEET_ASPECT:
        raise PhotoError(NO_PAPER_MESSAGE, code="NO_PAPER")
    _check_tilt(sheet)
    return sheet


#: A quad further than this from a rectangle of the paper's shape under the camera is no sheet.
_NOT_A_SHEET_ASPECT = 0.25
#: Said whether there is no sheet or its outline could not be made out (white checks or tiles round it,
#: a bent sheet): true either way, and the advice serves both.
NO_PAPER_MESSAGE = ("No flat A4 or Letter sheet could be made out in the photo: its edges must stand out from "
                    "the floor. Lay a blank sheet flat on a plain floor of another colour than the paper (not white "
                    "tiles or checks), keep it uncovered except by the foot, and photograph the whole sheet from above.")
_MULTIPLE = ("More than one sheet of paper is in the photo. Use a single sheet, with the "
             "foot on it, and keep other papers out of the picture.")
_MAX_TILT_DEG = 40.0
#: Least grey-level step (0-255 per px, across an edge) taken as the sheet's edge: faint enough for a
#: floor nearly as light as the paper, above the JPEG noise of a plain sheet (about 1-2).
_MIN_STEP = 4.0
#: The same where the other three sides put the fourth (``_side_from_others``): a sheet beside a white
#: check or a light tile steps by 8-10 grey levels over 3-4 px there, 2-3 per px (development
#: checker and light-tile scenes); where the edge must run, a faint straight run of such steps is
#: evidence, where it is looked for freely it could be a floor's shading.
_FAINT_STEP = 2.0


def _oblique(tilt_deg: float) -> str:
    """The TOO_OBLIQUE sentence for a photo taken ``tilt_deg`` from straight down."""
    return (f"The photo is taken at a slant ({tilt_deg:.0f}° from straight down). "
            "Hold the phone flat, straight above the foot, and take it again.")


def _paper_mask(hsv: Image) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Bright, neutral pixels of a reduced image's ``(H, W, 3) uint8`` HSV (one ``find_sheet`` has not
    refused as too dark): ``(H, W) uint8`` 0/1 mask and HSV value."""
    sat, val = hsv[..., 1], hsv[..., 2]
    neutral = val[sat < 50]
    thresh = 0.72 * np.percentile(neutral, 99.5) if neutral.size > 100 else 200
    mask = ((val > max(thresh, 100)) & (sat < 50)).astype(np.uint8)
    return np.asarray(cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)), dtype=np.uint8), val


def _edge_lines(labels: npt.NDArray[np.int32], comps: list[int], min_run: float = 18.0,
                eps: float = 1.5) -> list[Line]:
    """Straight runs of the components' outlines, merged per line.

    Returns
    -------
    list of (p0 (2,), d (2,), points (m, 2))
        A point on the line, its unit direction as the outline runs (``(d[1], -d[0])`` then points
        into the paper) and the outline points on it, ``(x, y)`` px.
    """
    h, w = labels.shape
    runs = []
    for i in comps:
        contours, _ = cv2.findContours((labels == i).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        for c in contours:
            c = c.reshape(-1, 2)
            if len(c) < 3 * min_run:
                continue
            index = {(int(x), int(y)): j for j, (x, y) in enumerate(c)}
            approx = cv2.approxPolyDP(c.reshape(-1, 1, 2), eps, True).reshape(-1, 2)
            idx = sorted(index[(int(x), int(y))] for x, y in approx)
            for j0, j1 in zip(idx, idx[1:] + [idx[0] + len(c)]):
                pts = np.take(c, np.arange(j0, j1 + 1), axis=0, mode="wrap").astype(np.float64)
                if np.linalg.norm(pts[-1] - pts[0]) < min_run:
                    continue
                pts = pts[2:-2]  # corners are rounded by the opening
                at_border = (pts[:, 0] < 2) | (pts[:, 0] > w - 3) | (pts[:, 1] < 2) | (pts[:, 1] > h - 3)
                if np.mean(at_border) > 0.2:
                    continue  # the photo's frame, not the paper's edge
                runs.append(pts)
    runs.sort(key=lambda r: -len(r))
    lines: list[Line] = []
    for pts in runs:
        p0, d = _line_fit(pts)
        if np.dot(d, pts[-1] - pts[0]) < 0:
            d = -d
        for j, (q0, e, qpts) in enumerate(lines):
            if np.dot(d, e) > np.cos(np.radians(3)) and np.max(np.abs((pts - q0) @ [-e[1], e[0]])) < 3.0:
                allp = np.vstack([qpts, pts])
                q0, e2 = _line_fit(allp)
                lines[j] = (q0, e2 if np.dot(e2, e) > 0 else -e2, allp)
                break
        else:
            lines.append((p0, d, pts))
    return lines


def _line_fit(pts: Floats) -> tuple[Floats, Floats]:
    c = pts.mean(0)
    _, _, vt = np.linalg.svd(pts - c, full_matrices=False)
    return c, vt[0]


def _best_quad(lines: list[Line], labels: npt.NDArray[np.int32], stats: npt.NDArray[np.int32], comps: list[int],
               K: Floats, paper: str, top: int = 12) -> tuple[list[Line], list[int]] | None:
    """The four candidate lines that best make the sheet; ``(lines in order, member labels)`` or None."""
    lines = sorted(lines, key=lambda l: -len(l[2]))[:top]
    if len(lines) < 4:
        return None
    in_angle = np.array([np.arctan2(-l[1][0], l[1][1]) for l in lines])  # angle of the inward normal
    h, w = labels.shape
    small_labels = labels[::2, ::2]
    n_labels = int(stats.shape[0])
    areas = _label_counts(small_labels, n_labels)
    names = ("a4", "letter") if paper == "auto" else (paper,)
    best, best_score = None, 0.0
    for order in _turning_fours(in_angle):
        corners = np.array([_intersect(lines[order[j - 1]][:2], lines[order[j]][:2]) for j in range(4)])
        if not np.all(np.isfinite(corners)) or np.any(np.abs(corners) > 3 * max(h, w)):
            continue
        poly = np.zeros(small_labels.shape, np.uint8)
        cv2.fillConvexPoly(poly, np.round(corners * 8).astype(np.int32), 1, shift=4)
        inside = _label_counts(small_labels[poly.astype(bool)], n_labels)
        if inside[comps[0]] < 0.97 * areas[comps[0]]:
            continue
        members = [i for i in comps if inside[i] > 0.9 * areas[i]]
        paper_px = sum(inside[i] for i in members)
        if paper_px < 0.35 * np.count_nonzero(poly):
            continue  # mostly not paper: lines of two sheets, or a floor pattern
        c = corners[::-1] if _signed_area(corners) > 0 else corners
        err = min(_sheet_from(np.roll(c, -s, 0), nm, K).aspect_error for s in (0, 1) for nm in names)
        if err > 0.3:
            continue
        support = sum(len(lines[j][2]) for j in order)
        score = support * (1.0 - err)
        if score > best_score:
            best, best_score = ([lines[j] for j in order], members), score
    return best


def _turning_fours(in_angle: Floats) -> list[list[int]]:
    """Every four of the lines (by index, in order of their inward normals' angles ``in_angle``, rad)
    whose normals turn by 35-145 degrees from each to the next, as a sheet's four sides do.

    All ``C(n, 4)`` fours are sorted and tested at once, in the order ``itertools.combinations`` makes them.
    """
    fours = np.array(list(combinations(range(len(in_angle)), 4)), dtype=np.intp).reshape(-1, 4)
    order = np.take_along_axis(fours, np.argsort(in_angle[fours], axis=1, kind="stable"), axis=1)
    angles = in_angle[order]
    gaps = np.diff(np.column_stack([angles, angles[:, 0] + 2 * np.pi]), axis=1)
    turning = np.all((gaps >= np.radians(35)) & (gaps <= np.radians(145)), axis=1)
    return [[int(j) for j in row] for row in order[turning]]


def _label_counts(labels: npt.NDArray[np.int32], n_labels: int) -> npt.NDArray[np.intp]:
    """Pixels of each label ``0 .. n_labels - 1`` among ``labels`` (any shape): ``(n_labels,)`` counts,
    one pass over the pixels for all components at once."""
    return np.bincount(labels.ravel(), minlength=n_labels)


def _looks_like_sheet(mask: Mask, K: Floats, fill: float = 0.85) -> bool:
    """A component that may be a sheet of its own: four-sided, filling ``fill`` of its hull (a foot
    standing on a sheet leaves it about 0.6-0.8 full), and paper-shaped under the camera ``K`` (white
    checks cut by the photo's border look oblong on screen; as rectangles on the floor they are
    0.7-1.4 off the paper's shape, a sheet's hull within a few hundredths)."""
    pixels = mask.astype(np.uint8)
    hull = _pixel_hull(pixels)
    if cv2.countNonZero(pixels) < fill * cv2.contourArea(hull):
        return False
    peri = cv2.arcLength(hull, True)
    approx = cv2.approxPolyDP(hull, 0.03 * peri, True).reshape(-1, 2).astype(np.float64)
    if len(approx) != 4:
        return False
    c = approx[::-1] if _signed_area(approx) > 0 else approx
    return min(_sheet_from(np.roll(c, -s, 0), name, K).aspect_error
               for s in (0, 1) for name in PAPERS_MM) < _NOT_A_SHEET_ASPECT


def _pixel_hull(mask: npt.NDArray[np.uint8]) -> npt.NDArray[np.int32]:
    """``cv2.convexHull`` of the pixels of a 0/1 mask, ``(k, 1, 2)`` ``(x, y)``.

    Only the boundary pixels (the mask less its 3 x 3 erosion, pixels on the image's border kept)
    are handed over: the hull's corners are among them, and in the same row order they give the
    same hull as every pixel, without sorting a whole sheet's pixels.
    """
    inner = cv2.erode(mask, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    return np.asarray(cv2.convexHull(cv2.findNonZero(cv2.subtract(mask, inner))), dtype=np.int32)


def _check_oblique_hull(mask: npt.NDArray[np.uint8], K: Floats) -> None:
    """Raise TOO_OBLIQUE when the paper's outline, as a quad, puts the camera far from overhead."""
    hull = _pixel_hull(mask.astype(np.uint8))
    peri = cv2.arcLength(hull, True)
    for eps in np.linspace(0.01, 0.08, 15):
        approx = cv2.approxPolyDP(hull, eps * peri, True).reshape(-1, 2).astype(np.float64)
        if len(approx) == 4:
            c = approx[::-1] if _signed_area(approx) > 0 else approx
            sheets = [_sheet_from(np.roll(c, -s, 0), nm, K) for s in (0, 1) for nm in PAPERS_MM]
            sheet = min(sheets, key=lambda s: s.aspect_error)
            if sheet.pose.center_mm[2] > 0 and sheet.pose.tilt_deg > _MAX_TILT_DEG and sheet.aspect_error < 0.4:
                raise PhotoError(_oblique(sheet.pose.tilt_deg), code="TOO_OBLIQUE")
            return
        if len(approx) < 4:
            return


def _refine_edge(edges: _EdgeImages, points: Floats, inside: Floats, paper_lab: Floats, step: float = 3.0,
                 reach: int = 6, min_step: float = _MIN_STEP) -> tuple[Floats, Floats, Floats]:
    """Sub-pixel edge line near ``points`` (a coarse fit, full-res px): the strongest step along the
    normals with paper (Lab colour ``paper_lab``, ``_paper_colour``) on its inner side, brighter
    inward unless most such steps are darker (a sheet darker than light tiles), then a robust line
    fit to the longest straight run of them. Returns ``(p0, d, edge points (m, 2))``, the points the
    line was fitted to (none when the edge was not found and the coarse line is kept)."""
    gray = edges.gray
    p0, d = _line_fit(points)
    n = np.array([-d[1], d[0]])
    if np.dot(inside - p0, n) < 0:
        n = -n  # n points into the sheet
    t = (points - p0) @ d
    ts = np.arange(t.min(), t.max(), step)
    covered = np.zeros(len(ts), bool)
    order = np.sort(t)
    j = np.searchsorted(order, ts)
    near = np.minimum(np.abs(order[np.clip(j, 0, len(order) - 1)] - ts), np.abs(order[np.clip(j - 1, 0, len(order) - 1)] - ts))
    covered = near < 3 * step
    ts = ts[covered]
    h, w = gray.shape
    base = p0 + ts[:, None] * d
    offs = np.arange(-reach, reach + 1, dtype=np.float64)
    samples = base[:, None, :] + offs[None, :, None] * n
    ok = np.all((samples[..., 0] >= 1) & (samples[..., 0] < w - 2) & (samples[..., 1] >= 1) & (samples[..., 1] < h - 2), 1)
    samples = samples[ok]
    if len(samples) < 10:
        return p0, d, np.zeros((0, 2))
    prof = cv2.remap(gray, samples[..., 0].astype(np.float32), samples[..., 1].astype(np.float32), cv2.INTER_LINEAR)
    grad = np.diff(prof, axis=1)  # positive when brighter inward
    rows = np.arange(len(grad))
    # a step with something else inside (a heel or toes crossing the edge, against a white check) is
    # not the sheet's edge, whichever way it steps
    at_peak = np.argmax(np.abs(grad), axis=1)
    paper_in = _paper_inside(edges, samples, at_peak, n, paper_lab)
    peak = grad[rows, at_peak]
    judged = paper_in & (np.abs(peak) > min_step)  # beside a floor of the paper's colour nothing steps
    if np.median(peak[judged] if np.count_nonzero(judged) >= 10 else peak) < 0:
        grad = -grad  # a sheet darker than the floor beside it (light tiles): the step runs the other way
    i = np.argmax(grad, axis=1)
    strong = grad[rows, i] > min_step
    inner = (i > 0) & (i < grad.shape[1] - 1)
    keep = strong & inner & _paper_inside(edges, samples, i, n, paper_lab)
    if np.count_nonzero(keep) < 10:
        return p0, d, np.zeros((0, 2))
    g = grad[keep]
    ik = i[keep]
    gm, g0, gp = g[np.arange(len(ik)), ik - 1], g[np.arange(len(ik)), ik], g[np.arange(len(ik)), ik + 1]
    sub = 0.5 * (gm - gp) / np.where(np.abs(gm - 2 * g0 + gp) > 1e-6, gm - 2 * g0 + gp, 1e-6)
    pos = offs[ik] + 0.5 + np.clip(sub, -0.5, 0.5)
    pts = _straight_run(samples[keep][:, reach] + (pos[:, None]) * n)
    if len(pts) < 10 or np.ptp((pts - p0) @ d) < _MIN_RUN * np.ptp(t):
        return p0, d, np.zeros((0, 2))  # a short straight piece of something else (a heel's back)
    c, dd = p0, d
    for _ in range(4):
        c, dd = _line_fit(pts)
        nn = np.array([-dd[1], dd[0]])
        res = np.abs((pts - c) @ nn)
        tol = max(0.7, 2.5 * np.median(res))
        if np.all(res < tol):
            break
        pts = pts[res < tol]
        if len(pts) < 10:
            return p0, d, np.zeros((0, 2))
    return c, dd, pts


def _paper_colour(small: Image, corners: Floats, n: int = 14) -> Floats:
    """Lab colour ``(3,)`` (OpenCV's 8-bit scale) of the paper inside the quad ``corners`` (px of the
    detection image ``small``): the median of the brighter half of a grid inside it (the foot covers
    up to about a third of the sheet, a shadow some more)."""
    c = corners.mean(0)
    inset = (c + 0.85 * (corners - c)).astype(np.float32)
    H = cv2.getPerspectiveTransform(np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float32), inset)
    u, v = np.meshgrid(np.linspace(0, 1, n), np.linspace(0, 1, n))
    grid = cv2.perspectiveTransform(np.column_stack([u.ravel(), v.ravel()]).astype(np.float32)[None], H)[0]
    lab = _lab_at(small, grid)
    return np.asarray(np.median(lab[lab[:, 0] >= np.median(lab[:, 0])], axis=0), dtype=np.float64)


def _lab_at(small: Image, points: npt.ArrayLike) -> Floats:
    """Lab colours ``(n, 3)`` (OpenCV's 8-bit scale) of ``small`` at ``points (n, 2)`` ``(x, y)``."""
    p = np.asarray(points, dtype=np.float32).reshape(1, -1, 2)
    bgr = cv2.remap(small, p[..., 0], p[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)[0], dtype=np.float64)


#: A step's inner side is the paper when its colour is within this of the paper's (Lab a, b on
#: OpenCV's 8-bit scale) and at least this fraction of its lightness: skin is 19-26 off a neutral sheet,
#: a shadow of the leg leaves 0.5 of the lightness at its darkest on rendered scenes.
_PAPER_CHROMA = 10.0
_PAPER_SHADE = 0.45
#: How far inside a step its inner colour is read, full-resolution px (past the step's own blur).
_INNER_PX = 4.0


def _paper_inside(edges: _EdgeImages, samples: Floats, at: npt.NDArray[np.intp], n: Floats,
                  paper_lab: Floats) -> npt.NDArray[np.bool_]:
    """Which of the profiles ``samples (m, 2 reach + 1, 2)`` (full-res px across an edge, ``n`` inward)
    have paper just inside their step at index ``at (m,)``."""
    step_px = samples[np.arange(len(at)), at] + (0.5 + _INNER_PX) * n
    lab = _lab_at(edges.small, step_px * edges.k)
    chroma = np.hypot(lab[:, 1] - paper_lab[1], lab[:, 2] - paper_lab[2])
    return np.asarray((chroma <= _PAPER_CHROMA) & (lab[:, 0] >= _PAPER_SHADE * paper_lab[0]), dtype=np.bool_)


#: Least part of a side its straight run of steps must cover to place the edge (Cordwain assumption:
#: a heel's back or a toe is straight over a few tens of mm at most, a sheet's side is 210-297 mm).
_MIN_RUN = 0.15


def _straight_run(pts: Floats, tol_px: float = 1.0, tries: int = 150) -> Floats:
    """The points ``(m, 2)`` within ``tol_px`` of the line through two of them that most of them lie on.

    A side's steps are the sheet's edge where it shows, and elsewhere whatever else steps there: the
    outline of a heel or toes crossing the edge, a floor check's corner. Those are curved or few; the
    edge is the longest straight run, so one set of stray steps cannot tilt the line fitted after.
    """
    if len(pts) < 10:
        return pts
    rng = np.random.default_rng(0)  # the same answer for the same photo
    pairs = rng.integers(0, len(pts), size=(tries, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    a, b = pts[pairs[:, 0]], pts[pairs[:, 1]]
    d = b - a
    length = np.linalg.norm(d, axis=1)
    usable = length > 5.0
    if not usable.any():
        return pts
    a, d = a[usable], d[usable] / length[usable, None]
    dist = np.abs((pts[None, :, 0] - a[:, None, 0]) * d[:, None, 1] - (pts[None, :, 1] - a[:, None, 1]) * d[:, None, 0])
    best = int(np.argmax(np.count_nonzero(dist < tol_px, axis=1)))
    return np.asarray(pts[dist[best] < tol_px], dtype=np.float64)


def _intersect(l1: tuple[Floats, Floats], l2: tuple[Floats, Floats]) -> Floats:
    """Where two lines ``(point, direction)`` cross; NaN when they are parallel."""
    (p, d), (q, e) = l1, l2
    A = np.array([d, -e]).T
    if abs(np.linalg.det(A)) < 1e-9:
        return np.array([np.nan, np.nan])
    s = np.linalg.solve(A, q - p)[0]
    return np.asarray(p + s * d, dtype=np.float64)


def _signed_area(pts: Floats) -> float:
    """Shoelace area of a polygon: positive counter-clockwise with y up (clockwise on screen)."""
    x, y = pts[:, 0], pts[:, 1]
    return 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)

