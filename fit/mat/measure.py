"""The contract's measurements of the hull, corrected for the hull's bias, with uncertainties.

The footprint (top-view outline of the hull) is measured by ``fit.photo.footprint`` (length, ball
and heel width, side: the same code as the paper photo and the scenes' truth); girths are the tape
girths (``fit.contract.tape_girth``) of the hull's sections by the contract's planes (``fit.contract``). The mat
frame's +y is the toe direction, so the axis's sign is known. This module then removes what a
visual hull adds and attaches one-sigma uncertainties; both were fitted on rendered scenes
(``scripts/mat_accuracy.py --set calibration --raw``, seeds apart from the held-out ones).

The ball girth's plane runs through the footprint's outermost medial and lateral points in the ball
band. Where a foot's side is nearly straight, that point is ill-defined: the hull's footprint stands
a fraction of a millimetre off the true one, enough to move it 5-25 mm along the foot and tilt the
plane (on calibration scenes 100-139, 4 in 35 ball girths were 6-10 mm off for that alone; on the
true plane, the hull's girth scaled by one constant stayed within 4.7 mm at p95 on 46 calibration
and development scenes). So the hull's ball girth is the midrange of the girths on the planes
through the pairs of points that could be the true ball points (``ball_point_candidates``): the
truth is near one of them, and the midrange bounds the largest error by half their spread (the
mean, or the hull's own pair, left a larger p95 on the development scenes 300-399).
"""

from typing import Any

import numpy as np
import numpy.typing as npt
import trimesh
from shapely.geometry import Polygon

from ..contract import BALL_BAND, INSTEP_HEIGHT_BAND, INSTEP_PLANE, tape_girth, vertical_plane
from ..errors import InvalidSpec
from ..foot import Foot
from ..photo.footprint import Footprint, measure_footprint
from .errors import MatError

Floats = npt.NDArray[np.float64]

#: Source label of every value measured from the mat photos.
SOURCE = "photo 3D"
#: Outline simplification tolerance, mm (the outline is a shape guide, not a measurement).
OUTLINE_TOLERANCE_MM = 0.5

#: A band section whose top is within this of the hull's ankle cut is the leg's, not the instep's, mm.
LEG_CAP_MM = 1.0
#: An instep section whose top comes this close to the ankle cut runs into the uncarved corner
#: between shin and instep, mm: its girth takes in part of the leg. Of the 66 development scenes
#: measured (seeds 100-139, 300-339) four came closer, with instep girths 18, 15, 11 and 3 mm
#: large; the others stopped 9.5-27 mm below the cut (errors -4.4 to +10.5 mm).
MIN_INSTEP_CLEARANCE_MM = 9.0

#: Footprint points this close to a ball caliper jaw could be the true ball point, mm: the hull's
#: footprint stands 0.25 mm wide at the ball on average, and up to 0.8 mm off the true one where it
#: rounds a ridge of the foot's side (measured on calibration scenes 100-139 against the true footprint).
BALL_POINT_TOLERANCE_MM = 0.8
#: Candidate ball points kept on each side, evenly along the foot among those within tolerance
#: (nine instead change the ball girth by 0.11 mm at p95 on the calibration and development scenes:
#: the girths' extremes lie on the planes through the stretches' ends, which are always kept).
BALL_POINT_CANDIDATES = 3
#: A candidate plane whose hull section rises above this fraction of the foot's length cuts
#: something other than the forefoot (an uncarved corner by the instep or the leg); it is left out
#: of the midrange, which one such plane would drag (one development scene, 340: +21.8 mm). Of the
#: 9 candidate sections on each of 114 calibration and development scenes, 99 % stay below 0.25.
BALL_SECTION_MAX_TOP = 0.28

#: Hull bias, as ``true = hull * scale + offset_mm``, fitted on the calibration scenes (median
#: ratio for girths and height, median difference for length and widths). A visual hull is a
#: superset of the foot. Caliper widths touch points some photo sees tangentially and come out
#: true (ball width: 0.25 mm narrow). A girth's section is the intersection of the photos' cones, a
#: polygon around the true section whose corners add 3-4 % where no photo looked tangent (the
#: top of the instep and forefoot is seen only from above, never edge-on), and the instep's top
#: stands 3 % high for the same reason. Length and heel width come out 1.1-1.2 mm long/wide:
#: the heel's back and sides stand over the printed heel line and in the leg's shadow, where fewer
#: rays carve. The ball girth's ratio is of the midrange girth over candidate planes (see the
#: module's notes), refitted with it (it was 0.9626 on the hull's own ball points). The ratio stays
#: one constant although the forefoot's "roof" adds 2-9 % by scene: estimates of that excess from
#: the section's own corners (their turning angles with tangent points at the edges' middles, a
#: rounding of the section by a disc) correlated with it at r = 0.4-0.6 only and did not lower the
#: p95 in leave-one-out tests on 46 scenes, because the hull's roof over the ball is carved by rays
#: that graze the foot at other sections (the hull's section is not circumscribed about the true one).
BIAS = {
    "foot_length_mm": (1.0, -1.12),
    "ball_width_mm": (1.0, 0.25),
    "heel_width_mm": (1.0, -1.22),
    "ball_girth_mm": (0.9659, 0.0),
    "instep_girth_mm": (0.9676, 0.0),
    "instep_height_mm": (0.9710, 0.0),
}

#: One-sigma uncertainty, mm, after the bias correction: the 68th percentile of the absolute
#: residuals on the calibration scenes (at least 0.5 mm); its coverage on the held-out scenes is
#: reported by ``scripts/mat_accuracy.py``.
UNCERTAINTY_MM = {
    "foot_length_mm": 1.1,
    "ball_width_mm": 0.5,
    "heel_width_mm": 1.3,
    "ball_girth_mm": 2.0,
    "instep_girth_mm": 2.6,
    "instep_height_mm": 1.6,
}


def measure_hull(mesh: trimesh.Trimesh, footprint_xy: npt.ArrayLike, side: str | None = None) -> Foot:
    """A ``Foot`` (source ``"photo 3D"``) measured from the hull, bias-corrected and gated.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        The hull, mat frame, mm, standing on z = 0, toes toward +y.
    footprint_xy : (n, 2) float
        Its top-view outline, mat frame ``(x, y)``, mm.
    side : str or None
        ``"left"``, ``"right"`` or None to decide from the footprint.

    Returns
    -------
    fit.foot.Foot
    """
    raw = hull_measurements(mesh, footprint_xy)
    check_instep_clear(raw.pop("instep_clearance_mm"))
    side = side or raw.pop("side")
    raw.pop("side", None)
    outline = raw.pop("outline_mm")
    values = {name: round(float(raw[name]) * scale + offset, 2)
              for name, (scale, offset) in BIAS.items() if raw.get(name) is not None}
    check_plausible(side, values)
    return Foot(side=side, outline_mm=outline, sources={n: SOURCE for n in values},
                uncertainty_mm={n: UNCERTAINTY_MM[n] for n in values}, **values)


def hull_measurements(mesh: trimesh.Trimesh, footprint_xy: npt.ArrayLike) -> dict[str, Any]:
    """The contract's measurements of the hull as it is (no bias correction), mm, plus side and outline.

    The ball girth is ``_ball_girth``'s midrange over candidate planes, not the girth on one plane.
    """
    fp = measure_footprint(footprint_xy, toe_direction=(0.0, 1.0))
    length = fp.foot_length_mm
    local = fp.outline_mm
    axis = [fp.axis[0], fp.axis[1], 0.0]

    def across(fraction: float) -> Floats | None:
        o = fp.to_floor([[0.0, fraction * length]])[0]
        return _main_section(mesh, [o[0], o[1], 0.0], axis)

    # a section whose top reaches the ankle cut runs into the leg: in front of the shin no ray
    # reaches the sheet (it lands behind the heel end), so the hull fills the corner between shin
    # and instep up to the cut; the instep's top is read from the sections below it
    top_mm = float(np.asarray(mesh.vertices)[:, 2].max())     # the ankle cut
    cap_mm = top_mm - LEG_CAP_MM
    band_tops = [top for top in (sec[:, 2].max() for sec in map(across, np.linspace(*INSTEP_HEIGHT_BAND, 11))
                                 if sec is not None) if top < cap_mm]
    ring = np.asarray(Polygon(local).simplify(OUTLINE_TOLERANCE_MM).exterior.coords)[:-1]
    instep = across(INSTEP_PLANE)
    return {
        "foot_length_mm": length,
        "ball_width_mm": fp.ball_width_mm,
        "heel_width_mm": fp.heel_width_mm,
        "ball_girth_mm": _ball_girth(mesh, fp),
        "instep_girth_mm": _girth(instep, axis),
        "instep_clearance_mm": top_mm - float(instep[:, 2].max()) if instep is not None else None,
        "instep_height_mm": float(max(band_tops)) if band_tops else None,
        "side": fp.side,
        "outline_mm": tuple((round(float(x), 2), round(float(y), 2)) for x, y in ring),
    }


def ball_point_candidates(outline_mm: npt.ArrayLike, length_mm: float, ball_x_mm: npt.ArrayLike,
                          tolerance_mm: float = BALL_POINT_TOLERANCE_MM,
                          count: int = BALL_POINT_CANDIDATES) -> tuple[Floats, Floats]:
    """The footprint's points that could be its outermost ones in the ball band, on each side.

    Parameters
    ----------
    outline_mm : (n, 2) float
        Footprint outline in the foot frame ``(x, y)``, mm, densely sampled (a point every 1-2 mm).
    length_mm : float
        Foot length, mm.
    ball_x_mm : (2,) float
        Foot-frame ``x`` of the ball caliper's jaws (least, greatest), mm.
    tolerance_mm : float
        How far inside a jaw a point may lie, mm.
    count : int
        At most this many points per side, evenly spread along the foot (by ``y``).

    Returns
    -------
    lo, hi : (k, 2) float
        Foot-frame points ``(x, y)`` near the least-``x`` and the greatest-``x`` jaw, ordered by ``y``
        (empty when no outline point lies within tolerance of a jaw).
    """
    p = np.asarray(outline_mm, dtype=np.float64)
    lo_x, hi_x = np.asarray(ball_x_mm, dtype=np.float64)
    band = p[(p[:, 1] >= BALL_BAND[0] * length_mm) & (p[:, 1] <= BALL_BAND[1] * length_mm)]
    return (_spread(band[band[:, 0] <= lo_x + tolerance_mm], count),
            _spread(band[band[:, 0] >= hi_x - tolerance_mm], count))


def _spread(points: Floats, count: int) -> Floats:
    """At most ``count`` of ``points`` ``(n, 2)``, evenly spread along ``y`` (first and last kept)."""
    ordered: Floats = points[np.argsort(points[:, 1])]
    if len(ordered) <= count:
        return ordered
    picked: Floats = ordered[np.unique(np.round(np.linspace(0, len(ordered) - 1, count)).astype(int))]
    return picked


def _ball_girth(mesh: trimesh.Trimesh, fp: Footprint) -> float | None:
    """The hull's ball girth, mm: the midrange of the tape girths on the planes through candidate ball points.

    Not the girth at the hull's own two ball points: on a straight-sided forefoot those points are
    decided by fractions of a millimetre the hull does not have (see the module's notes). None
    when no candidate plane cuts a forefoot-high section (the measurement is then refused).
    """
    lo, hi = ball_point_candidates(fp.outline_mm, fp.foot_length_mm, fp.ball_x_mm)
    if len(lo) == 0 or len(hi) == 0:
        lo, hi = fp.ball_points_mm[:1], fp.ball_points_mm[1:]
    girths = []
    for a, b in ((a, b) for a in fp.to_floor(lo) for b in fp.to_floor(hi)):
        origin, normal = vertical_plane(a, b)
        section = _main_section(mesh, origin, normal)
        if section is not None and section[:, 2].max() <= BALL_SECTION_MAX_TOP * fp.foot_length_mm:
            girths.append(_girth(section, normal))
    found = [g for g in girths if g is not None]
    return 0.5 * (min(found) + max(found)) if found else None


def _main_section(mesh: trimesh.Trimesh, origin: npt.ArrayLike, normal: npt.ArrayLike) -> Floats | None:
    """Points ``(n, 3)`` of the largest closed curve of the hull's section by a plane, or None.

    A hull can keep small islands the photos did not carve away (above the foot, by the leg);
    a tape goes round the foot's own section, the largest one.
    """
    path = mesh.section(plane_origin=origin, plane_normal=normal)
    if path is None:
        return None
    planar, to_3d = path.to_2D()
    polygons = planar.polygons_full
    if len(polygons) == 0:
        return None
    ring = np.asarray(max(polygons, key=lambda p: p.area).exterior.coords)
    return trimesh.transform_points(np.column_stack([ring, np.zeros(len(ring))]), to_3d)


def _girth(points: Floats | None, normal: npt.ArrayLike) -> float | None:
    """Tape girth of a section's points, mm; None without a section."""
    if points is None or len(points) < 3:
        return None
    return float(tape_girth(points, np.asarray(normal, dtype=np.float64)))


def check_instep_clear(clearance_mm: float | None) -> None:
    """Refuse a hull whose instep section reaches the ankle cut (``MIN_INSTEP_CLEARANCE_MM``).

    Rays that would carve the corner between shin and instep land on the floor off the sheet; where
    that floor cannot be told from the foot they carve nothing, the hull keeps the corner, and the
    instep girth would take in part of the leg (refuse rather than guess).
    """
    if clearance_mm is not None and clearance_mm < MIN_INSTEP_CLEARANCE_MM:
        raise MatError("The photos do not show where the top of the foot ends and the leg begins: the floor "
                       "beside the mat looks too much like the foot. Lay a dark towel (or a cloth of another "
                       "colour than the foot) under the mat, or wear a dark sock, keep the leg upright, and take "
                       "the photos again.", code="INSTEP_NOT_SEEN")


def check_plausible(side: str, values: dict[str, float]) -> None:
    """Refuse an impossible foot (the gate every result leaving ``fit`` passes).

    One function on purpose: the project's shared plausibility gate replaces its body.
    """
    missing = [n for n in ("ball_girth_mm", "instep_girth_mm", "instep_height_mm") if n not in values]
    try:
        if missing:
            raise InvalidSpec("the foot's top could not be reconstructed.", field=missing[0])
        if not np.isfinite(list(values.values())).all():
            raise InvalidSpec("a value is not a number.")
        Foot.from_dict(side, values)
    except InvalidSpec as exc:
        raise MatError("The photos do not show a foot we can measure ("
                       f"{exc.message.rstrip('.')}). Check that the foot stands on the mat and is whole in "
                       "every photo, bare or in a sock darker than the paper, and take the photos again.",
                       code="FOOT_NOT_PLAUSIBLE") from None
