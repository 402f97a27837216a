"""A 3D foot from 6-8 phone photos taken around it as it stands on the printed mat.

``measure_mat_photos(images) -> MatMeasurement``: per photo, the mat's ArUco markers are found
(``markers``), exposure and sharpness checked (``quality``); one focal length is fitted to all
photos' markers and each photo gets a pose (``camera``); the sheet's edges check the print scale;
each photo's background (the mat as printed) is found (``silhouette``); the visual hull is carved
in the mat frame, cut at the ankle and meshed (``hull``); the contract's measurements are taken
from it, bias-corrected and given uncertainties (``measure``). ``printable`` draws the mat;
``check_mat_photo(data) -> PhotoReport`` gives the phone page its per-photo verdict at once.

Capture (what the phone page must ask for; the scenes in ``tests/fit/mat`` follow it)
----------------------------------------------------------------------------------
- 6-8 photos, the whole mat in each: one from above, ahead of the toes (60-75 degrees of
  elevation); then medial, lateral, toes, heel and diagonals with the phone at knee height
  (about 20-40 degrees of elevation, 35-50 cm away). The top of the foot is shaped by rays that
  graze it and still meet the floor beyond, so low shots matter most for the girths.
- Bare foot or a sock darker than the paper; trouser legs rolled up above the ankle.
- A floor that differs from the foot in colour or texture (else ``FLOOR_LIKE_FOOT``: a dark towel
  under the mat fixes it).

Modules
-------
contract    the mat definition (``fit/data/mat-a4-v1.json``) as a ``Mat``
printable   the mat as PDF and PNG (``mat_pdf``, ``mat_png``)
markers     ArUco detection
camera      shared focal length, poses by PnP
quality     too dark, too blurred, print scale
silhouette  background pixels and their signed distance
hull        carving, ankle cut, marching cubes, smoothing
measure     contract measurements, bias correction, uncertainty, plausibility gate
errors      ``MatError`` and the reasons a photo is dropped
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import cv2
import numpy as np
import numpy.typing as npt
import trimesh

from ..errors import PhotoError
from ..foot import Foot
from ..photo.imageio import ImageLimits, read_photo
from . import hull, quality
from .camera import View, calibrate_views, mat_homography
from .contract import DEFAULT_MAT, Mat, load_mat
from .errors import MatError, drop_message
from .markers import correspondences, detect_markers
from .measure import SOURCE, measure_hull
from .silhouette import (_ink_image, background_mask, clean_paper, floor_agreement, floor_background, foot_colours,
                         signed_distance, without_foot_coloured_ink)

#: Photos are decoded with this long side, px (12 MP phones: half size; ~0.35 mm per px at 50 cm).
WORK_LONG_SIDE = 2000
#: Silhouettes are carved at this long side, px (about 0.45 mm per px at 40 cm with a 26 mm lens).
SILHOUETTE_LONG_SIDE = 1200
MIN_PHOTOS = 4
MIN_MARKERS = 4
#: Reprojection error of the markers above which a pose is not trusted, px at WORK_LONG_SIDE.
MAX_RMS_PX = 2.0
#: A photo's floor helps carve when at least this share of it (off the sheet) is not foot-coloured.
MIN_FLOOR_SEEN = 0.1
#: A photo that misses more than this fraction of the hull's surface has the foot cut off.
MAX_CUT_OFF = 0.002


@dataclass(frozen=True)
class PhotoReport:
    """What became of one photo: used, or dropped with a code and a sentence for the shopper."""

    index: int
    used: bool
    code: str | None = None
    message: str | None = None
    markers: int = 0
    rms_px: float | None = None

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"index": self.index, "used": self.used, "markers": self.markers}
        if self.code:
            body.update(code=self.code, message=self.message)
        return body


@dataclass(frozen=True)
class MatMeasurement:
    """One foot measured from mat photos.

    Attributes
    ----------
    foot : fit.foot.Foot
        The contract's values, all with source ``"photo 3D"`` and one-sigma ``uncertainty_mm``.
    mesh : trimesh.Trimesh
        The reconstructed foot up to the ankle cut, mat frame, mm (z up, toes toward +y).
    photos : tuple of PhotoReport
        One per input image, in input order.
    focal_35mm : float
        The lens (35 mm equivalent) the photos were calibrated with.
    print_scale : float
        The mat's measured print scale (1.0 = printed at actual size).
    mat_name : str
    """

    foot: Foot
    mesh: trimesh.Trimesh = field(repr=False)
    photos: tuple[PhotoReport, ...]
    focal_35mm: float
    print_scale: float
    mat_name: str = DEFAULT_MAT
    source: str = SOURCE

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``flask fit measure --mat --json``: the paper command's keys, the
        girths and instep height, their uncertainties, sources and a ``photos`` list."""
        f = self.foot
        assert f.outline_mm is not None     # a foot measured on the mat has its footprint
        body: dict[str, Any] = {name: round(float(v), 1) for name, v in f.known().items()}
        body.update(side=f.side, outline_mm=[[round(float(x), 1), round(float(y), 1)] for x, y in f.outline_mm],
                    uncertainty_mm={k: round(float(v), 1) for k, v in f.uncertainty_mm.items()},
                    sources={k: self.source for k in f.known()}, source=self.source, warnings=[],
                    photos=[p.to_dict() for p in self.photos], mat=self.mat_name,
                    print_scale=round(self.print_scale, 4), focal_35mm=round(self.focal_35mm, 1))
        return body

    def mesh_ply(self) -> bytes:
        """The foot mesh as binary PLY bytes (mm, mat frame)."""
        data = self.mesh.export(file_type="ply")
        assert isinstance(data, bytes)        # binary PLY
        return data


@dataclass
class _Photo:
    index: int
    image: npt.NDArray[np.uint8]
    focal_35mm: float | None
    found: dict[int, npt.NDArray[np.float64]]
    view: View | None = None

    @property
    def pose(self) -> View:
        """The calibrated view (set once the photos are calibrated)."""
        assert self.view is not None
        return self.view


def measure_mat_photos(images: Sequence[bytes], *, side: str | None = None, mat: str = DEFAULT_MAT,
                       limits: ImageLimits = ImageLimits()) -> MatMeasurement:
    """Measure a foot from 6-8 photos taken around it standing on the printed mat.

    Parameters
    ----------
    images : sequence of bytes
        JPEG, PNG or HEIC files as the phone stored them (EXIF rotation applied here).
    side : str or None
        ``"left"`` / ``"right"``, or None to decide from the footprint.
    mat : str
        Contract name of the printed mat.
    limits : fit.photo.imageio.ImageLimits

    Returns
    -------
    MatMeasurement

    Raises
    ------
    MatError
        ``TOO_FEW_PHOTOS`` (fewer than 4 usable; each dropped photo is named in the message),
        ``MAT_SCALE`` (printed more than 1.5 % off actual size), ``MAT_EDGES_NOT_FOUND``
        (the print scale cannot be checked), ``FOOT_OFF_MAT``, ``HEEL_NOT_SEEN`` (no photo shows the
        floor behind the heel), ``INSTEP_NOT_SEEN`` (the hull keeps the corner between shin and
        instep), ``FOOT_NOT_PLAUSIBLE``.
    """
    the_mat = load_mat(mat)
    reports: dict[int, PhotoReport] = {}
    photos: list[_Photo] = []
    for index, data in enumerate(images):
        try:
            photos.append(_prepare(index, data, the_mat, limits))
        except PhotoError as exc:
            reports[index] = PhotoReport(index, False, exc.code, drop_message(exc.code))
    _require(photos, reports)
    views, focal_35mm = calibrate_views(
        [((p.image.shape[1], p.image.shape[0]), *correspondences(p.found, the_mat)) for p in photos],
        exif_focal_35mm=_common_focal(photos))
    for p, v in zip(photos, views):
        p.view = v
    bad = [p for p in photos if p.pose.rms_px > MAX_RMS_PX]
    for p in bad:
        reports[p.index] = _dropped(p, "POSE_UNRELIABLE")
    photos = [p for p in photos if p not in bad]
    _require(photos, reports)
    scale = _print_scale(photos, the_mat)
    hull_views = _silhouettes(photos, the_mat, reports)
    _require(photos, reports)
    axes, coarse = hull.coarse_field(list(hull_views.values()))
    cut_off = _cut_off(photos, hull_views, axes, coarse)
    for p in cut_off:
        reports[p.index] = _dropped(p, "FOOT_CUT_OFF")
        del hull_views[p.index]
    photos = [p for p in photos if p not in cut_off]
    _require(photos, reports)
    if cut_off:
        axes, coarse = hull.coarse_field(list(hull_views.values()))
    _check_on_mat(axes, coarse)
    length = hull.footprint_length_mm(axes, coarse)
    built = hull.fine_mesh(list(hull_views.values()), axes, coarse, hull.ANKLE_CUT_FRACTION * length)
    assert built is not None        # _check_on_mat found the foot in the coarse hull
    mesh, footprint = built
    foot = measure_hull(mesh, footprint, side=side)
    for p in photos:
        reports[p.index] = PhotoReport(p.index, True, markers=len(p.found), rms_px=round(p.pose.rms_px, 2))
    return MatMeasurement(foot=foot, mesh=mesh, photos=tuple(reports[i] for i in sorted(reports)),
                          focal_35mm=focal_35mm, print_scale=scale, mat_name=the_mat.name)


def check_mat_photo(data: bytes, *, index: int = 0, mat: str = DEFAULT_MAT,
                    limits: ImageLimits = ImageLimits()) -> PhotoReport:
    """Quick feedback on one photo as it is taken (well under a second for 12 MP).

    Checks what one photo can show alone: readable, not too dark, at least 4 markers, sharp.
    Whether the foot is cut off is known only with the whole set (``measure_mat_photos``).

    Returns
    -------
    PhotoReport
        ``used=True`` when the photo passes, else the drop code and the shopper's sentence.
    """
    try:
        photo = _prepare(index, data, load_mat(mat), limits)
    except PhotoError as exc:
        return PhotoReport(index, False, exc.code, drop_message(exc.code))
    return PhotoReport(index, True, markers=len(photo.found))


def _prepare(index: int, data: bytes, mat: Mat, limits: ImageLimits) -> _Photo:
    """Decode, check exposure, find markers and check sharpness; PhotoError names a drop."""
    photo = read_photo(data, limits, max_side=WORK_LONG_SIDE)
    gray = np.asarray(cv2.cvtColor(photo.image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    if quality.too_dark(gray):
        raise PhotoError(drop_message("TOO_DARK"), code="TOO_DARK")
    found = detect_markers(gray, mat)
    if len(found) < MIN_MARKERS:
        raise PhotoError(drop_message("MARKERS_NOT_FOUND"), code="MARKERS_NOT_FOUND")
    if quality.blur_sigma_mm(gray, found, mat.marker_size_mm) > quality.MAX_BLUR_SIGMA_MM:
        raise PhotoError(drop_message("TOO_BLURRY"), code="TOO_BLURRY")
    return _Photo(index, photo.image, photo.focal_35mm, found)


def _dropped(photo: _Photo, code: str) -> PhotoReport:
    return PhotoReport(photo.index, False, code, drop_message(code), markers=len(photo.found))


def _require(photos: Sequence[_Photo], reports: dict[int, PhotoReport]) -> None:
    if len(photos) >= MIN_PHOTOS:
        return
    named = "; ".join(f"photo {r.index + 1}: {r.message}" for r in sorted(reports.values(), key=lambda r: r.index)
                      if not r.used)
    raise MatError(f"Only {len(photos)} of the photos could be used; at least {MIN_PHOTOS} are needed, taken "
                   f"from different sides of the foot with the whole mat in view. {named}".strip(),
                   code="TOO_FEW_PHOTOS")


def _common_focal(photos: Sequence[_Photo]) -> float | None:
    focals = {p.focal_35mm for p in photos}
    return focals.pop() if len(focals) == 1 else None


def _print_scale(photos: Sequence[_Photo], mat: Mat) -> float:
    scales: list[float] = []
    for p in photos:
        s = quality.print_scale(np.asarray(cv2.cvtColor(p.image, cv2.COLOR_BGR2GRAY), dtype=np.uint8), p.pose, mat)
        if s is not None:
            scales.append(s)
    if not scales:
        raise MatError("The edges of the printed sheet are not visible against the floor, so the print size "
                       "cannot be checked. Put the mat on a darker floor, keep the whole sheet in the photos, "
                       "and take them again.", code="MAT_EDGES_NOT_FOUND")
    scale = float(np.median(scales))
    if abs(scale - 1.0) > quality.MAX_SCALE_ERROR:
        raise MatError(f"The mat was printed at {scale:.0%} of its size, so it would measure the foot wrongly. "
                       "Print it again at 100 % / actual size (turn off 'fit to page' or 'shrink to fit'), "
                       "check it with a ruler, and take the photos again.", code="MAT_SCALE")
    return scale


class _Seen(NamedTuple):
    """One photo at the silhouette resolution, with what the printed page tells about its pixels."""

    photo: _Photo
    image: npt.NDArray[np.uint8]          # (H, W, 3) BGR
    view: View                            # at this resolution
    background: npt.NDArray[np.bool_]     # (H, W) looks like the page printed there
    on_sheet: npt.NDArray[np.bool_]       # (H, W) the floor point is on the sheet
    white: float                          # the paper's white, 0-255
    clean: npt.NDArray[np.bool_]          # (H, W) the floor point is blank paper


def _silhouettes(photos: list[_Photo], mat: Mat, reports: dict[int, PhotoReport]) -> dict[int, hull.HullView]:
    """Per photo the signed distance of its background: the page as printed, then the floor
    around the sheet where its colour is not one the foot shows on the sheet."""
    ink = _ink_image(mat)
    kept: list[_Seen] = []
    for p in list(photos):
        factor = min(1.0, SILHOUETTE_LONG_SIDE / max(p.image.shape[:2]))
        image = p.image if factor == 1.0 else np.asarray(
            cv2.resize(p.image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), dtype=np.uint8)
        view = p.pose.scaled(factor)
        background, white, on_sheet = background_mask(image, view, mat, ink)
        if white < quality.MIN_PAPER_WHITE:
            reports[p.index] = _dropped(p, "TOO_DARK")
            photos.remove(p)
            continue
        kept.append(_Seen(p, image, view, background, on_sheet, white, clean_paper(view, mat, image.shape, ink)))
    bins = foot_colours([k.image for k in kept], [k.background for k in kept], [k.clean for k in kept])
    agreeing = floor_agreement([k.image for k in kept], [mat_homography(k.view) for k in kept],
                               [k.white for k in kept])
    out: dict[int, hull.HullView] = {}
    floor_unseen = 0
    for k, agree in zip(kept, agreeing):
        background = without_foot_coloured_ink(k.image, k.background, k.on_sheet, k.clean, bins)
        floor = floor_background(k.image, k.on_sheet, bins, agree)
        seen = int(np.count_nonzero(floor)) / max(int(np.count_nonzero(~k.on_sheet)), 1)
        floor_unseen += seen < MIN_FLOOR_SEEN
        out[k.photo.index] = hull.HullView(k.view, signed_distance(background | floor))
    if floor_unseen > len(kept) / 2:
        raise MatError("The floor around the mat has the colours of the foot, so the photos cannot show the "
                       "foot's shape against it. Put the mat on a floor of another colour (or lay a dark towel "
                       "under it), or wear a dark sock, and take the photos again.", code="FLOOR_LIKE_FOOT")
    return out


def _cut_off(photos: Sequence[_Photo], hull_views: dict[int, hull.HullView], axes: Sequence[npt.NDArray[np.float64]],
             coarse: npt.NDArray[np.float32]) -> list[_Photo]:
    """Photos whose frame cuts off part of the coarse hull's surface."""
    surface = np.argwhere((coarse > 0) & (coarse < hull.COARSE_MM * 1.5))
    if len(surface) == 0:
        return []
    pts = np.column_stack([axes[k][surface[:, k]] for k in range(3)])
    pts = pts[pts[:, 2] < hull.ANKLE_CUT_FRACTION * hull.footprint_length_mm(axes, coarse)]  # the foot, not the leg
    out: list[_Photo] = []
    for p in photos:
        hv = hull_views[p.index]
        uv, depth = hv.view.project(pts)
        h, w = hv.sd_px.shape
        outside = (uv[:, 0] < 1) | (uv[:, 1] < 1) | (uv[:, 0] > w - 2) | (uv[:, 1] > h - 2) | (depth <= 0)
        if np.mean(outside) > MAX_CUT_OFF:
            out.append(p)
    return out


def _check_on_mat(axes: Sequence[npt.NDArray[np.float64]], coarse: npt.NDArray[np.float32]) -> None:
    """Refuse a hull that is empty or reaches the carving volume's sides, toe end, or heel end.

    The heel stands on the heel line, 8 mm in front of the volume's heel end: a hull that reaches
    that end below ``hull.LENGTH_LAYERS_MM`` (above, the leg may lean back) kept floor behind the
    heel, and would be read several mm long. On rendered scenes that is mostly a wedge no photo
    could carve: the photos from the front and the sides see it through the heel or the leg, the
    heel photo from above sees it against the heel (development seeds 300-339: 9 of 40, lengths
    +7 to +10 mm when measured; with photos diagonally behind the heel on both sides, 5 of 6 of
    them were measured, lengths within 3 mm). It has its own code: its advice is not the corridor's.
    """
    inside = np.any(coarse > 0, axis=2)
    low = np.any(coarse[:, :, axes[2] < hull.LENGTH_LAYERS_MM] > 0, axis=2)
    if np.count_nonzero(inside) < 50:  # under 8 cm2 of footprint: nothing stands on the mat
        raise MatError("No foot was found on the mat. Stand on it with the heel on the heel line and take the "
                       "photos again.", code="FOOT_NOT_FOUND")
    if np.concatenate([inside[0], inside[-1], inside[:, -1]]).any():
        raise MatError("The foot could not be told apart from what surrounds it on the photos: either it is not "
                       "within the mat's corridor (stand with the heel on the heel line, between the two columns "
                       "of squares) or the floor around the mat looks like the foot (lay a dark towel under the "
                       "mat, or wear a dark sock). Then take the photos again.", code="FOOT_OFF_MAT")
    if low[:, 0].any():
        raise MatError("The photos do not show where the heel ends: the floor just behind it is hidden by the "
                       "heel or the leg in every photo. Stand with the heel on the heel line and take the photos "
                       "again with two of them diagonally behind the heel, one on each side (halfway between "
                       "the heel and the side, knee height), in place of the diagonal photos at the toes.",
                       code="HEEL_NOT_SEEN")
