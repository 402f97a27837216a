"""Foot measurements from one phone photo of a foot standing on a sheet of paper: the pipeline.

Pipeline: safe decode (``imageio``, once: ``decode_photo``) -> sheet and camera pose (``paper``) ->
top-view rectification around the sheet -> foot mask (``segment``) -> silhouette corrected for the
edge's height (``outline``) -> the heel's end (``heel``) -> contract measurements (``footprint``).

Frames: the sheet frame is mm, origin at the corner left of the heel edge (seen from above,
toes up), x along the heel edge, y toward the toes, z up. Image points are ``(x, y)`` =
``(col, row)`` of the upright full-resolution photo.
"""

from dataclasses import dataclass, field
from typing import Any, cast

import cv2
import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import Polygon, box

from ..contract import BALL_BAND, SIDES
from ..errors import PhotoError
from ..foot import Foot
from ..plausibility import problems as plausibility_problems
from .footprint import Footprint, measure_footprint
from .heel import (HEEL_SNAP_MM, HEEL_TO_BALL, complete_hidden_heel, convex_heel, cut_at_heel_edge, heel_middle_gap,
                   heel_to_edge, rear_gap, round_heel, row_extents, run_along_edge_mm,
                   uncorrect_edge_cut)
from .imageio import DecodedPhoto, ImageLimits, read_photo
from .outline import correct_silhouette
from .paper import NO_PAPER_MESSAGE, Sheet, find_sheet, focal_from_homography, intrinsics
from .segment import faint_area_px, refine_contour, segment_foot, to_crisp_edge, unlike_paper_beside_px
from .uncertainty import WARNINGS, one_sigma_mm, uncertain_names

Floats = npt.NDArray[np.float64]
Image = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]

_PX_PER_MM = 3.0       # rectified grid
_MARGIN_MM = (45.0, 80.0)  # around the sheet: across, along (toe overhang, leg)
_SHEET_INSET_MM = 2.0  # the sheet's box for segmenting, inside its edges (their blur and anti-aliasing)
#: The photo is measured decoded reduced to about this long side, px (``decode_photo``).
WORK_SIDE = 2400
_CUT_OFF = ("The toes are cut off by the edge of the photo. Step back or zoom out so the whole "
            "foot and the whole sheet are in the picture.")
_MAX_ASPECT_ERROR = (0.013, 0.06)  # lens known, guessed: true sheets on rendered photos up to 0.009, 0.02
_FOCAL_RANGE = (0.6, 1.6)  # focal length from the sheet, times the typical phone's: 16-42 mm equivalent
#: Above this tilt, degrees, a sheet shows the lens (``focal_from_homography`` answers from 4 degrees of
#: its own reading; 2 more for the typical lens's): a quad no phone's lens makes a sheet of there is floor
#: lines taken for one (a development light-tile scene, with a candidate sorting since undone: three
#: grout lines and one sheet edge, 51 mm short; the 10 development photos without a focal length that
#: assumed one, their sheets right, were all tilted under 4).
_SHEET_SHOWS_LENS_DEG = 6.0
_NO_LENS_FITS = ("The paper's outline does not look like a flat A4 or Letter sheet seen by a phone camera. "
                 "Lay it flat, uncovered except by the foot, and photograph the whole sheet from above.")


@dataclass(frozen=True)
class PhotoMeasurement:
    """One foot measured from one photo.

    Attributes
    ----------
    foot_length_mm, ball_width_mm, heel_width_mm : float
    side : str
        ``"left"`` or ``"right"``.
    outline_mm : (n, 2) float
        Footprint outline in the foot frame ``(x, y)`` mm, heel at y = 0.
    uncertainty_mm : dict
        Measurement name -> one-sigma uncertainty, mm.
    warnings : tuple of str
        What the shopper and the fitter should know, one sentence each.
    warning_codes : tuple of str
        The stable code of each warning, same order (``uncertainty.WARNINGS`` lists them).
    uncertain : tuple of str
        Names of the values whose two-sigma exceeds 4 mm (about one size step): show them as uncertain.
    paper : str
        ``"a4"`` or ``"letter"``.
    homography : (3, 3) float
        Sheet frame mm ``(x, y, 1)`` -> upright full-resolution photo px ``(x, y, 1)``.
    sheet_mm : (float, float)
        Sheet size (short, long), mm.
    outline_sheet_mm : (n, 2) float
        The footprint outline in the sheet frame, mm.
    foot_origin_mm, foot_axis : (2,) float
        Foot frame in the sheet frame: heel point and unit heel->toe vector.
    ball_x_mm, heel_x_mm : (2,) float
        Foot-frame x of the caliper jaws.
    camera_height_mm, tilt_deg : float
    heel_visible : bool
    """

    foot_length_mm: float
    ball_width_mm: float
    heel_width_mm: float
    side: str
    outline_mm: Floats
    uncertainty_mm: dict[str, float]
    warnings: tuple[str, ...]
    paper: str
    homography: Floats = field(repr=False)
    outline_sheet_mm: Floats = field(repr=False)
    foot_origin_mm: Floats = field(repr=False)
    foot_axis: Floats = field(repr=False)
    ball_x_mm: Floats = field(repr=False)
    heel_x_mm: Floats = field(repr=False)
    sheet_mm: tuple[float, float] = (210.0, 297.0)
    camera_height_mm: float = 0.0
    tilt_deg: float = 0.0
    heel_visible: bool = True
    warning_codes: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()

    @property
    def outline_px(self) -> Floats:
        """Outline in the upright full-resolution photo, ``(n, 2)`` ``(x, y)`` px."""
        p = np.column_stack([self.outline_sheet_mm, np.ones(len(self.outline_sheet_mm))]) @ self.homography.T
        return p[:, :2] / p[:, 2:3]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``flask fit measure --json``."""
        return {
            "foot_length_mm": round(float(self.foot_length_mm), 1),
            "ball_width_mm": round(float(self.ball_width_mm), 1),
            "heel_width_mm": round(float(self.heel_width_mm), 1),
            "side": self.side,
            "outline_mm": [[round(float(x), 1), round(float(y), 1)] for x, y in self.outline_mm],
            "uncertainty_mm": {k: round(float(v), 1) for k, v in self.uncertainty_mm.items()},
            "warnings": list(self.warnings),
            "warning_codes": list(self.warning_codes),
            "uncertain": list(self.uncertain),
            "heel_visible": bool(self.heel_visible),
            "paper": self.paper,
            "tilt_deg": round(float(self.tilt_deg), 1),
        }

    def to_foot(self) -> Foot:
        """A ``fit.foot.Foot`` with these values, sources ``"photo"`` (the heel width ``"estimated"``
        when the heel was hidden and its width derived from the ball's); girths left None."""
        names = ("foot_length_mm", "ball_width_mm", "heel_width_mm")
        sources = {n: "photo" for n in names}
        if not self.heel_visible:
            sources["heel_width_mm"] = "estimated"
        return Foot(
            side=self.side,
            foot_length_mm=float(self.foot_length_mm),
            ball_width_mm=float(self.ball_width_mm),
            heel_width_mm=float(self.heel_width_mm),
            outline_mm=tuple((float(x), float(y)) for x, y in self.outline_mm),
            sources=sources,
            uncertainty_mm={n: float(self.uncertainty_mm[n]) for n in names if n in self.uncertainty_mm},
        )


def decode_photo(data: bytes, limits: ImageLimits = ImageLimits()) -> DecodedPhoto:
    """Decode a photo once for measuring and drawing its overlay (``measure_foot_photo``, ``overlay_jpeg``).

    Parameters
    ----------
    data : bytes
        JPEG, PNG, HEIC or HEIF file as the phone stored it.
    limits : ImageLimits

    Returns
    -------
    DecodedPhoto
        Upright, reduced to a long side of about ``WORK_SIDE`` px; its pixels are read-only, so
        that the measurement and the overlay see the same picture.

    Raises
    ------
    PhotoError
        NOT_AN_IMAGE, IMAGE_TOO_LARGE, IMAGE_TOO_SMALL.
    """
    photo = read_photo(data, limits, max_side=WORK_SIDE)
    photo.image.flags.writeable = False
    return photo


def decoded(photo: bytes | DecodedPhoto, limits: ImageLimits = ImageLimits()) -> DecodedPhoto:
    """``photo`` itself when it is a ``DecodedPhoto`` from ``decode_photo``, else the file decoded."""
    if not isinstance(photo, DecodedPhoto):
        return decode_photo(photo, limits)
    if photo.max_side != WORK_SIDE:
        raise ValueError("decode the photo with fit.photo.decode_photo: it is measured at its working size")
    return photo


def measure_foot_photo(data: bytes | DecodedPhoto, *, paper: str = "auto", side: str | None = None,
                       limits: ImageLimits = ImageLimits()) -> PhotoMeasurement:
    """Measure a foot from one photo of it standing on a blank A4 or Letter sheet.

    Parameters
    ----------
    data : bytes or DecodedPhoto
        JPEG, PNG, HEIC or HEIF file as the phone stored it, or the photo ``decode_photo`` made of it
        (decoded once for this and ``overlay_jpeg``).
    paper : str
        ``"auto"``, ``"a4"`` or ``"letter"``.
    side : str or None
        ``"left"`` / ``"right"`` as the shopper said; cross-checked with the outline.
    limits : ImageLimits
        Checked while decoding ``data`` (bytes only).

    Returns
    -------
    PhotoMeasurement

    Raises
    ------
    PhotoError
        NOT_AN_IMAGE, IMAGE_TOO_LARGE, IMAGE_TOO_SMALL, TOO_DARK, TOO_BLURRY, NO_PAPER,
        MULTIPLE_PAPERS, TOO_OBLIQUE, FOOT_NOT_FOUND, FOOT_CUT_OFF, LOW_CONTRAST, and the
        plausibility gate's IMPLAUSIBLE_LENGTH, IMPLAUSIBLE_WIDTH, HEEL_WIDER_THAN_BALL,
        OUTLINE_NOT_FOOT (``fit.plausibility``): an impossible foot is refused, never returned.
    """
    if paper not in ("auto", "a4", "letter"):
        raise ValueError("paper must be 'auto', 'a4' or 'letter'")
    if side is not None and side not in SIDES:
        raise ValueError("side must be None, 'left' or 'right'")
    photo = decoded(data, limits)
    image = photo.image
    _check_exposure(image)
    size = (image.shape[1], image.shape[0])
    K = intrinsics(size, photo.focal_35mm)
    sheet = find_sheet(image, K, paper, max_aspect_error=_MAX_ASPECT_ERROR[photo.focal_35mm is None],
                       lens_known=photo.focal_35mm is not None)
    try:
        try:
            return _measure_on_sheet(photo, sheet, K, side)
        except _FaintFoot:
            # a foot nearly the paper's colour (a light sock): measured again by its slight shade, or
            # refused (LOW_CONTRAST) when that does not hold it whole
            return _measure_on_sheet(photo, sheet, K, side, faint=True)
    except PhotoError as error:
        if sheet.weak_edges:
            # what was taken for the sheet had only the foot to confirm it, and no foot was measured on it
            raise PhotoError(NO_PAPER_MESSAGE, code="NO_PAPER") from error
        raise


def _measure_on_sheet(photo: DecodedPhoto, sheet: Sheet, K: Floats, side: str | None,
                      faint: bool = False) -> PhotoMeasurement:
    """``measure_foot_photo`` once the sheet is found: the foot on it, its outline and its measurements.

    ``faint``: the foot is nearly the paper's colour (``segment_foot``); it is refused as LOW_CONTRAST
    unless the paper beside its mask is plain paper, and its border is moved in from its soft shadow.
    """
    image = photo.image
    size = (image.shape[1], image.shape[0])
    _check_sharpness(image, sheet)
    notes = {}  # warning code -> sentence, in the order found
    if faint:
        notes["PALE_FOOT"] = WARNINGS["PALE_FOOT"]
    if photo.focal_35mm is None:
        f = focal_from_homography(sheet.homography, size)
        if f is not None and _FOCAL_RANGE[0] < f / K[0, 0] < _FOCAL_RANGE[1]:
            K = np.array([[f, 0, K[0, 2]], [0, f, K[1, 2]], [0, 0, 1.0]])
            sheet = sheet.with_intrinsics(K)
            notes["FOCAL_FROM_SHEET"] = WARNINGS["FOCAL_FROM_SHEET"]
        else:
            # the pose keeps the focal length fitted with it to the sheet's edges; out of range that
            # is no phone's lens, so the typical one the warning names is what the pose is taken with
            sheet = sheet.with_intrinsics(K)
            if sheet.pose.tilt_deg > _SHEET_SHOWS_LENS_DEG:
                raise PhotoError(_NO_LENS_FITS, code="NO_PAPER")
            notes["FOCAL_ASSUMED"] = WARNINGS["FOCAL_ASSUMED"]
    rect, valid, S = _rectify(image, sheet)
    sheet_box = _sheet_box(sheet)
    mask, paper_level = segment_foot(rect, valid, sheet_box, faint)
    if paper_level < 60:
        raise PhotoError("The paper looks grey: the photo is too dark. Please turn on a light and take it again.",
                         code="TOO_DARK")
    w_mm, l_mm = sheet.size_mm
    mask_mm_area = np.count_nonzero(mask) / _PX_PER_MM ** 2
    if mask_mm_area < _MIN_FOOT_MM2:
        _check_faint_foot(rect, valid, sheet_box, mask)
        raise PhotoError(_NOT_FOOT, code="FOOT_NOT_FOUND")
    if faint:
        if unlike_paper_beside_px(rect, valid, sheet_box, mask) / _PX_PER_MM ** 2 > _MAX_UNLIKE_BESIDE_MM2:
            raise PhotoError(_LOW_CONTRAST, code="LOW_CONTRAST")  # a lit side as bright as the paper, lost
        mask = to_crisp_edge(rect, mask)
    contour, reliable = refine_contour(rect, mask)
    unreliable = _unreliable_border(contour, reliable, sheet_box)
    if unreliable > _MAX_UNRELIABLE or (unreliable > _MAX_UNRELIABLE_FAINT and _faint_foot(rect, mask, sheet_box)):
        raise PhotoError(_LOW_CONTRAST, code="LOW_CONTRAST")
    if unreliable > 0.15:
        # a border hard to see, and a foot-sized patch of the paper's colour a little darker than it
        # beside the mask: the mask holds part of the foot only (warm light on skin and paper alike)
        _check_faint_foot(rect, valid, sheet_box, mask)
        notes["LOW_CONTRAST_BORDER"] = WARNINGS["LOW_CONTRAST_BORDER"]
    floor = _contour_mm(contour, S)
    if _toes_at_origin(mask, valid, sheet, floor):
        floor = np.array(sheet.size_mm) - floor  # the same points in the turned frame (a half turn)
        sheet = sheet.turned()
        rect, valid, mask = rect[::-1, ::-1], valid[::-1, ::-1], mask[::-1, ::-1]
    _check_cut_off(mask, valid, sheet)
    # the foot mask on the sheet ends at its box, _SHEET_INSET_MM inside the edge
    if run_along_edge_mm(floor, l_mm - _SHEET_INSET_MM, w_mm) >= _TOES_CUT_MM:
        raise PhotoError(_TOES_UNSEEN, code="LOW_CONTRAST")
    cam = sheet.pose.center_mm
    corrected = correct_silhouette(floor, cam, (0.0, 1.0), heel_y=0.0)
    heel_visible = not _heel_hidden(mask, valid, sheet, corrected)
    cut_at_edge = heel_visible and cut_at_heel_edge(floor, w_mm, _SHEET_INSET_MM)
    if cut_at_edge:
        # the foot runs on past the sheet's edge but was not told from the floor there (its mask ends
        # at the edge or at the segmenting box inside it; the cut is no silhouette to correct)
        corrected = uncorrect_edge_cut(floor, corrected, _SHEET_INSET_MM)
    if not heel_visible:
        notes["HEEL_HIDDEN"] = WARNINGS["HEEL_HIDDEN"]
    else:
        corrected = convex_heel(corrected)  # the correction may dent the heel's back, which is convex
    heel_gap = heel_middle_gap(corrected)
    if cut_at_edge:
        # the shopper stands with the heel against the edge, so the edge is taken as the heel's back
        notes["HEEL_AT_EDGE"] = WARNINGS["HEEL_AT_EDGE"]
        corrected = heel_to_edge(corrected, max_gap=np.inf)
        heel_gap = 0.0
    elif heel_visible:
        corrected = heel_to_edge(corrected)
    poly = Polygon(corrected)
    if not poly.is_valid:
        poly = shapely.make_valid(poly).buffer(0)
    clipped = poly.intersection(box(-1e4, 0.0, 1e4, 1e4))
    if clipped.geom_type != "Polygon":
        clipped = max(getattr(clipped, "geoms", [clipped]), key=lambda g: g.area)
    if clipped.is_empty:
        raise PhotoError(_NOT_FOOT, code="FOOT_NOT_FOUND")
    outline = np.asarray(clipped.exterior.coords)[:-1]
    if not heel_visible:
        outline = complete_hidden_heel(outline)
    outline = round_heel(outline)
    fp = measure_footprint(outline, (0.0, 1.0))
    if heel_visible and fp.outline_mm is not None and heel_gap > HEEL_SNAP_MM:
        notes["HEEL_OFF_EDGE"] = WARNINGS["HEEL_OFF_EDGE"]
    if float(floor[:, 1].max()) > l_mm + 3:
        notes["TOES_OVERHANG"] = WARNINGS["TOES_OVERHANG"]
    heel_width = fp.heel_width_mm
    if not heel_visible:
        heel_width = HEEL_TO_BALL * fp.ball_width_mm
        notes["HEEL_WIDTH_ESTIMATED"] = WARNINGS["HEEL_WIDTH_ESTIMATED"]
    tilt = sheet.pose.tilt_deg
    if tilt > 25:
        notes["OBLIQUE"] = (f"The photo is taken at a slant ({tilt:.0f}°); hold the phone flatter for a better "
                            "measurement.")
    measured_side = fp.side
    final_side = side or measured_side
    if side and side != measured_side and fp.side_confidence > 0.3:
        notes["SIDE_MISMATCH"] = (f"You said this is the {side} foot, but its outline looks like a {measured_side} "
                                  "foot. Please check.")
    if side is None and fp.side_confidence < 0.3:
        notes["SIDE_UNCLEAR"] = f"The outline does not clearly show which foot this is; {measured_side} was assumed."
    found = plausibility_problems(fp.foot_length_mm, fp.ball_width_mm, heel_width, fp.outline_mm)
    if found:
        _check_faint_foot(rect, valid, sheet_box, mask)  # an impossible outline of a light sock: say why
        if faint:
            raise PhotoError(_LOW_CONTRAST, code="LOW_CONTRAST")
        raise PhotoError(found[0].message, code=found[0].code)
    unc = one_sigma_mm(notes, fp.ball_width_mm, tilt, unreliable, fp.foot_length_mm, _toe_ray_tan(fp, cam))
    uncertain = uncertain_names(unc)
    if uncertain:
        notes["UNCERTAIN"] = ("Uncertain by more than about one size step: "
                              + ", ".join(n.replace("_mm", "").replace("_", " ") for n in uncertain) + ".")
    H_full = np.diag([1 / photo.scale, 1 / photo.scale, 1.0]) @ sheet.homography
    return PhotoMeasurement(
        foot_length_mm=fp.foot_length_mm, ball_width_mm=fp.ball_width_mm, heel_width_mm=heel_width,
        side=final_side, outline_mm=_resample(fp.outline_mm, 200), uncertainty_mm=unc,
        warnings=tuple(notes.values()), warning_codes=tuple(notes), uncertain=uncertain,
        paper=sheet.paper, homography=H_full, sheet_mm=sheet.size_mm, outline_sheet_mm=_resample(outline, 200),
        foot_origin_mm=fp.origin, foot_axis=fp.axis, ball_x_mm=fp.ball_x_mm, heel_x_mm=fp.heel_x_mm,
        camera_height_mm=float(cam[2]), tilt_deg=tilt, heel_visible=heel_visible)


_NOT_FOOT = ("No foot was found on the paper. Stand with one foot on the sheet, heel against "
             "its short edge, and photograph the foot and the whole sheet from above. A white or light "
             "sock cannot be seen on white paper: take it off or wear a dark one.")


_TOES_UNSEEN = ("The toes reach past the paper onto a floor much like them in colour, so where they end "
                "cannot be seen. Please put the paper on a plainer floor of another colour, or use an A4 sheet "
                "(longer than Letter) so the toes stay on it.")
#: The outline following the toe edge of the sheet for this long, mm, is the toes cut there by a
#: floor of their colour, not their tips (Cordwain assumption: toe tips are round, and toes reaching
#: over the edge cross it in a few points; about the width of two toes).
_TOES_CUT_MM = 25.0


_LOW_CONTRAST = ("The foot's outline cannot be told from the paper: the sock, or the skin in this light, is too close "
                 "to the paper's colour. Please take the photo again in daylight or under a white lamp, with a bare "
                 "foot or a dark sock.")


#: Less foot than this on the sheet is no foot, mm² (Cordwain assumption: about a third of a small adult footprint).
_MIN_FOOT_MM2 = 6000.0


def _check_faint_foot(rect: Image, valid: Mask, sheet_box: tuple[int, int, int, int], mask: Mask) -> None:
    """Refuse (LOW_CONTRAST, as ``_FaintFoot``, which ``measure_foot_photo`` answers by measuring once more
    taking the foot as faint) when a foot-sized patch of the sheet, outside the foot mask, is a little
    darker than the paper and of its colour: a light sock the mask could not take whole. Rendered
    development photos of light socks leave 9000-16000 mm² of it when the foot is missed or its outline
    is impossible; an empty sheet none, and a soft shadow across a sheet up to about 7000 mm² (which
    never reaches here: the foot it falls beside is found and plausible)."""
    if faint_area_px(rect, valid, sheet_box, mask) / _PX_PER_MM ** 2 >= _MIN_FOOT_MM2:
        raise _FaintFoot(_LOW_CONTRAST, code="LOW_CONTRAST")


#: Most of the paper beside a light sock's mask that may be unlike plain paper, mm²
#: (``unlike_paper_beside_px``). Development light socks 50230-50299 measured so without this check: of
#: those within 2 mm in length and ball, 13 left 0-96 of it and 3 left 104-488; the 7 measured 2.5-30 mm
#: off, whose lit side the mask lost, left 157-658.
_MAX_UNLIKE_BESIDE_MM2 = 100.0


class _FaintFoot(PhotoError):
    """A light sock that the foot mask could not take whole (``_check_faint_foot``)."""


_MAX_UNRELIABLE = 0.45  # fraction of the border on the sheet that may lack contrast before refusing
#: The same for a foot nearly the paper's colour (a light sock): its mask may hold part of the foot only,
#: and a part is as plausible a footprint as the whole (a development light sock, 35 % of its border
#: unreliable, measured 70 mm short; the measured ones with up to 24 % were within 0.6 mm).
_MAX_UNRELIABLE_FAINT = 0.3
#: A foot of at least this fraction of the paper's lightness and within this chroma of it is faint
#: (light socks on development scenes: 0.76-0.92 and 7-10; skin 17-24, dark socks under 0.5).
_FAINT_RATIO, _FAINT_CHROMA = 0.7, 12.0


def _faint_foot(rect: Image, mask: Mask, sheet_box: tuple[int, int, int, int]) -> bool:
    """Whether the foot's median colour in the rectified image is close to the paper's round it
    (``_FAINT_RATIO`` of its lightness or more, within ``_FAINT_CHROMA`` in Lab a, b)."""
    x0, y0, x1, y1 = sheet_box
    lab = cv2.cvtColor(rect[y0:y1, x0:x1], cv2.COLOR_BGR2LAB).astype(np.float32)
    on_foot = mask[y0:y1, x0:x1]
    if not on_foot.any() or on_foot.all():
        return False
    foot, paper = np.median(lab[on_foot], axis=0), np.median(lab[~on_foot], axis=0)
    chroma = float(np.hypot(foot[1] - paper[1], foot[2] - paper[2]))
    return bool(foot[0] >= _FAINT_RATIO * paper[0] and chroma <= _FAINT_CHROMA)


def _unreliable_border(contour: Floats, reliable: Mask, sheet_box: tuple[int, int, int, int],
                       inset_px: int = 9) -> float:
    """Fraction of the contour inside the sheet (away from its edges) whose contrast was too low."""
    x0, y0, x1, y1 = sheet_box
    x, y = contour[:, 0], contour[:, 1]
    on = (x > x0 + inset_px) & (x < x1 - inset_px) & (y > y0 + inset_px) & (y < y1 - inset_px)
    if np.count_nonzero(on) < 20:
        return 0.0
    return float(1.0 - np.mean(reliable[on]))


def _rectify(image: Image, sheet: Sheet) -> tuple[Image, Mask, Floats]:
    """Top view around the sheet: ``(rect, valid, S)`` with S mapping sheet mm -> rect px."""
    w_mm, l_mm = sheet.size_mm
    mx, my = _MARGIN_MM
    s = _PX_PER_MM
    S = np.array([[s, 0, s * mx], [0, s, s * my], [0, 0, 1.0]])
    size = (int(round((w_mm + 2 * mx) * s)), int(round((l_mm + 2 * my) * s)))
    M = sheet.homography @ np.linalg.inv(S)
    rect = cv2.warpPerspective(image, M, size, flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT)
    ones = np.full(image.shape[:2], 255, np.uint8)
    ones[:2, :] = ones[-2:, :] = 0
    ones[:, :2] = ones[:, -2:] = 0
    valid = cv2.warpPerspective(ones, M, size, flags=cv2.WARP_INVERSE_MAP | cv2.INTER_NEAREST) > 0
    return cast(Image, rect), valid, S


def _sheet_box(sheet: Sheet) -> tuple[int, int, int, int]:
    """The sheet's pixel box ``(x0, y0, x1, y1)`` in the rectified image, 2 mm inside its edges."""
    w_mm, l_mm = sheet.size_mm
    mx, my = _MARGIN_MM
    s = _PX_PER_MM
    inset = _SHEET_INSET_MM
    return (int(round((mx + inset) * s)), int(round((my + inset) * s)),
            int(round((mx + w_mm - inset) * s)), int(round((my + l_mm - inset) * s)))


def _leg_ends(mask: Mask, valid: Mask, sheet: Sheet) -> tuple[bool, bool]:
    """``(behind, beyond)``: whether the mask runs out of the picture past each short edge.

    Toes overhang the sheet by a few centimetres at most; only a leg reaches the edge of the
    rectified margin or of the photo there.
    """
    s = _PX_PER_MM
    my = int(_MARGIN_MM[1] * s)
    l_px = int(round(sheet.size_mm[1] * s))
    out = cv2.dilate((~valid).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    out[[0, -1], :] = True
    out[:, [0, -1]] = True
    touch = mask & out
    ends = []
    for rows, near in ((slice(0, my), slice(my - int(12 * s), my + int(3 * s))),
                       (slice(my + l_px, None), slice(my + l_px - int(3 * s), my + l_px + int(12 * s)))):
        if touch[rows].any() and (~valid[near]).any() and (mask[near] & out[near]).any():
            raise PhotoError(_CUT_OFF, code="FOOT_CUT_OFF")  # the photo's edge cuts the sheet's end and the foot
        ends.append(bool(touch[rows].any()))
    return ends[0], ends[1]


def _toes_at_origin(mask: Mask, valid: Mask, sheet: Sheet, floor: Floats) -> bool:
    """True when the foot's toes, not its heel, are at the sheet frame's y = 0 edge.

    A leg leaving the picture marks the heel's end. Else the turn whose outline, corrected for
    the edge's height with the heel at that end, looks clearly more like a footprint
    (``_footprint_misfit``); else the turn whose heel meets its edge while its toes overhang the
    far one by more than ``_OVERHANG_MM`` and nothing overhangs in the other turn (a long scanned
    foot whose ankle makes both turns look alike); else the end where that corrected outline meets
    the sheet's edge (the heel stands against it; the toes usually stop short of the other edge or
    overhang it) when only one end does; else the more footprint-like turn. (On 130 development
    photos without a leg this errs once; the footprint test alone thrice, the edge test first four
    times. The overhang test changed none of 48 development scenes of the overhang, wood, carpet,
    plain-floor and rotated kinds, and turns the one scanned 319 mm foot on A4 that was wrong.) The
    overhang test gives way when the turn it picks is clearly less footprint-like (``_OVERHANG_MISFIT``).
    """
    behind, beyond = _leg_ends(mask, valid, sheet)
    if behind != beyond:
        return beyond
    size = np.array(sheet.size_mm)
    cam = sheet.pose.center_mm
    turned = (size - floor, np.r_[size - cam[:2], cam[2]])
    outlines = [correct_silhouette(floor, cam, heel_y=0.0), correct_silhouette(*turned, heel_y=0.0)]
    misfit = [_footprint_misfit(outline) for outline in outlines]
    if abs(misfit[0] - misfit[1]) > 8.0:
        return misfit[1] < misfit[0]
    past_far_edge = [float(outline[:, 1].max()) - size[1] for outline in outlines]
    gaps = [abs(rear_gap(outline)) for outline in outlines]
    for turn in (0, 1):
        if (past_far_edge[turn] > _OVERHANG_MM and gaps[turn] < HEEL_SNAP_MM
                and past_far_edge[1 - turn] < 3.0 and misfit[turn] < misfit[1 - turn] + _OVERHANG_MISFIT):
            return bool(turn)
    gaps = [abs(rear_gap(correct_silhouette(floor, cam))), abs(rear_gap(correct_silhouette(*turned)))]
    if min(gaps) < HEEL_SNAP_MM and max(gaps) > 10.0:
        return bool(gaps[1] < gaps[0])
    return misfit[1] < misfit[0]


#: Toes past the far edge by more than this, with the heel at the near edge and nothing past it in the
#: other turn: a long foot on the sheet (a heel never stands past the far edge), not a silhouette's slack.
_OVERHANG_MM = 8.0
#: The overhang test is not taken when its turn's footprint misfit is this much worse than the other's.
#: A 296 mm foot on A4, its toes at the far edge, seen from over the toes: the heel's silhouette reaches
#: 13-18 mm past the near edge and, turned, passed for toes overhanging (development concrete 50304, wood
#: 50313: misfit 7.4 and 6.8 against 0.3 and 0.7, measured 11 and 19 mm long); the scanned 319 mm foot's
#: turns differ by 0.2.
_OVERHANG_MISFIT = 4.0


def _footprint_misfit(outline: Floats) -> float:
    """How unlike a footprint with its heel at y = 0 an outline is (0 = typical).

    A footprint is widest at the ball, 60-65 % of its length from the heel, and 8 % of its length
    behind the toe tip it is about 0.62 of that width wide (the toes' taper); read backwards, the
    widest part lies toward the heel end and the heel's round end is wider or narrower. Typical
    values and spreads from exactly projected procedural feet and stretched dupontgu scans.
    """
    p = outline[outline[:, 1] > -50.0]
    y, xl, xr = row_extents(np.column_stack([p[:, 0], np.maximum(p[:, 1], 0.0)]))
    w = np.nan_to_num(xr - xl)
    if not np.any(w > 0):
        return np.inf
    length = float(y[w > 0].max())
    t = np.linspace(0.0, 1.0, 41)
    profile = np.interp(t * length, y, w)
    ball = float(profile[(t >= BALL_BAND[0]) & (t <= BALL_BAND[1])].max())
    widest = float(t[np.argmax(profile)])
    near_tip = float(np.interp(0.92 * length, y, w)) / ball
    return abs(widest - 0.63) / 0.03 + abs(near_tip - 0.62) / 0.05


def _toe_ray_tan(fp: Footprint, camera_center: Floats) -> float:
    """Tangent of the camera ray's lean from vertical at the toe tip, along the foot toward the toes
    (positive: the camera stands behind the tip, over the foot); ``camera_center`` (3,) sheet mm."""
    tip = fp.origin + fp.axis * fp.foot_length_mm
    return float((tip - camera_center[:2]) @ fp.axis / camera_center[2])


def _heel_hidden(mask: Mask, valid: Mask, sheet: Sheet, corrected: Floats) -> bool:
    """A leg over the heel: the mask leaves the picture behind the sheet, or the outline
    corrected for the edge's height is, 3-6 mm in front of the heel edge, wider than any heel
    (a heel's round back is a few centimetres wide there; an ankle seen from the toes' side
    projects far wider on the floor, but the correction brings it back, a leg's it cannot)."""
    if _leg_ends(mask, valid, sheet)[0]:
        return True
    y, xl, xr = row_extents(corrected)
    band = (y >= 3.0) & (y <= 6.0) & np.isfinite(xl)
    return bool(band.any()) and float(np.max(xr[band] - xl[band])) > 80.0


def _check_cut_off(mask: Mask, valid: Mask, sheet: Sheet) -> None:
    """Refuse (FOOT_CUT_OFF) a foot that runs out of the photo beyond the heel's third of the sheet."""
    s = _PX_PER_MM
    my = _MARGIN_MM[1]
    edge = cv2.dilate((~valid).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    edge[[0, -1], :] = True
    edge[:, [0, -1]] = True
    touch = mask & edge
    rows = np.nonzero(touch.any(1))[0]
    if len(rows) and (rows.max() - my * s) / s > 0.35 * sheet.size_mm[1]:
        raise PhotoError(_CUT_OFF, code="FOOT_CUT_OFF")


def _contour_mm(c: Floats, S: Floats) -> Floats:
    """Rect px contour ``(n, 2)`` -> sheet mm, counter-clockwise seen from above."""
    p = (c - S[:2, 2]) / S[0, 0]
    x, y = p[:, 0], p[:, 1]
    if np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y) < 0:
        p = p[::-1]
    return cast(Floats, p)


def _resample(points: Floats, n: int) -> Floats:
    """``n`` points evenly spaced along the closed polygon ``points``."""
    p = np.asarray(points, dtype=np.float64)
    closed = np.vstack([p, p[:1]])
    seg = np.linalg.norm(np.diff(closed, axis=0), axis=1)
    s = np.r_[0, np.cumsum(seg)]
    t = np.linspace(0, s[-1], n, endpoint=False)
    return np.column_stack([np.interp(t, s, closed[:, 0]), np.interp(t, s, closed[:, 1])])


def _check_exposure(image: Image) -> None:
    """Refuse (TOO_DARK) a photo whose brightest parts are still dark."""
    small = cv2.resize(image, (256, 192), interpolation=cv2.INTER_AREA)
    if np.percentile(small, 99) < 60:
        raise PhotoError("The photo is too dark to see the paper and the foot. Please turn on a light "
                         "and take it again.", code="TOO_DARK")


def _check_sharpness(image: Image, sheet: Sheet) -> None:
    """Blur of the sheet's edges, in mm; refuse above 1.2 mm (sigma)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    corners = sheet.corners_px
    sigmas = []
    px_per_mm = np.linalg.norm(corners[1] - corners[0]) / sheet.size_mm[0]
    centre = corners.mean(0)
    for j in range(4):
        a, b = corners[j], corners[(j + 1) % 4]
        d = (b - a) / np.linalg.norm(b - a)
        n = np.array([-d[1], d[0]])
        if np.dot(centre - a, n) < 0:
            n = -n
        ts = np.linspace(0.15, 0.85, 40)
        offs = np.arange(-15, 16, dtype=np.float64)
        pts = (a + ts[:, None] * (b - a))[:, None, :] + offs[None, :, None] * n
        prof = cv2.remap(gray, pts[..., 0].astype(np.float32), pts[..., 1].astype(np.float32), cv2.INTER_LINEAR)
        contrast = prof[:, -5:].mean(1) - prof[:, :5].mean(1)
        peak = np.diff(prof, axis=1).max(1)
        ok = contrast > 25
        if np.any(ok):
            sigmas.extend(contrast[ok] / (peak[ok] * 2.5066))
    if sigmas:
        sigma_mm = float(np.median(sigmas)) / px_per_mm
        if sigma_mm > 1.2:
            raise PhotoError("The photo is blurred. Hold the phone still, let it focus on the foot, and take "
                             "it again in good light.", code="TOO_BLURRY")
