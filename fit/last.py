"""A shoe last for one foot: the spec (targets) and the mesh built from it.

Frame (millimetres): the origin is on the floor directly below the heel seat's rearmost
bottom point (the heel point), +y toward the toe, +z up, +x to the right seen from above
(the medial side of a left foot). The last stands at its pitch: the heel point is at
``(0, 0, heel_height_mm)``, the tread under the ball touches ``z = 0`` and the toe point,
the foremost point of the bottom, is at ``(x_toe, y_tip, toe_spring_mm)`` with ``x_toe`` on the
medial side (inflare; ``toe_point_x``). +y is the foot axis through the heel centre.

Definitions (the same ones ``fit.measure_last`` measures back):

- last length: the bottom length, the arc length of the bottom centre line (the section
  by the vertical plane through the heel point and the toe point, bottom-facing side) from
  the heel point to the toe point. Target:
  foot length + toe allowance - back tolerance.
- ball girth: tape girth of the section by the vertical plane through the medial and
  lateral ball points (the widest points of the last at the first and fifth metatarsal
  head positions), as the foot's ball girth is defined.
- instep girth: tape girth of the vertical plane y = const at 50 % of foot length (foot
  heel at y = -back tolerance), the foot's definition carried onto the last.
- waist girth: the vertical plane y = const halfway between the instep plane and the
  middle of the ball line.
- ball width / heel width: caliper width (x extent) of the last within 55-85 % / 5-25 %
  of the toe point's y.

The cross-sections carry the girths: the section heights at the ball, waist and instep
are solved, by measuring the mesh, until each tape girth matches its target.

Heel girths (short and long) are measured on the measurement sheet (``fit.measure_last``) but
not solved as targets. Cordwain assumption, for this reason: the foot data carries no heel
girth (``fit.foot.MEASUREMENT_NAMES``; the capture contract, docs/capture.md, measures none,
and neither the photo nor the mat capture gives one), so there is no foot value to add an
allowance to. The last's heel girths follow from what is known instead: the heel width, the
instep girth and height, the cone height and the back curve (from the 3D foot when there is
one, else from the shape model). A heel girth target needs a heel girth in the capture
contract first.
"""

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import trimesh
from scipy.interpolate import PchipInterpolator

from . import sections, shape_model
from .contract import BALL_BAND, HEEL_BAND, INSTEP_HEIGHT_BAND, ball_plane
from .errors import InvalidSpec
from .estimate import coefficients
from .foot import Foot
from .sections import Floats, Ints
from .style import StyleRules

#: Mesh resolution: stations along the last, points around each section.
N_STATIONS = 168
N_AROUND = 128

#: Fifth metatarsal head (lateral ball point) behind the first, as a fraction of foot length;
#: feet put it at about 63-66 % of foot length against 73-74 % for the first
#: (Kouchi 1995, Ergonomics 38:1911; ANSUR II ball-of-foot length 74 %).
LATERAL_BALL_BEHIND = 0.09

#: The flat cone top: the rear of the last is cut level at the cone height from the back to
#: this fraction of the last's length, and the rear sections are this much fuller than the
#: foot's below the cut (so the cut leaves a flat face). Cordwain assumption: a last's cone
#: is cut flat for the jack pin and the thimble (Thornton, "Textbook of Footwear
#: Manufacture", 1970, on last parts: "cone", "thimble"), its extent set by eye.
CONE_TOP_END = 0.22
CONE_FULLNESS = 1.08

#: How far forward (fraction of the last's length) the back curve's shape reaches into the
#: rear sections; short, so the heel's sides stay where the foot's are.
BACK_CURVE_REACH = 0.12

#: Cone height (back height of the last above the heel seat) as a fraction of foot length.
#: Cordwain assumption: about 85 mm on a 265 mm foot (and at least 6 mm above the instep),
#: above a shoe's topline at the back (60-75 mm), so the upper can be lasted over it.
CONE_HEIGHT_RATIO = 0.32

#: Largest share of a section's width by which the featherline may lie inside the footprint
#: on either side (under the arch); see ``_Loft._side_view``.
MAX_INSET = 0.25

#: Stations at which a 3D foot is sliced (every 1 % of its length).
FOOT_FRACTIONS = np.linspace(0.0, 1.0, 101)

#: Girth fit tolerance (relative) and iteration cap.
GIRTH_TOLERANCE = 2e-4
MAX_ITERATIONS = 12

# Toe shapes: where the plan-view taper starts (fraction of ball-to-tip), its
# superellipse exponent, the toe-box allowance factor, the nose exponent in side view (from the
# foot's toe tip to the toe point), the toe box's cross-section exponent (``box``, below), and the
# inflare: how far medially of the heel-centre axis the toe point sits, as a fraction of the
# ball width. Inflare is a Cordwain assumption: the toe point lies between the second toe
# (near the heel-centre axis) and the hallux tip (0.21 / 0.15 x ball width medial on the
# dupontgu left / right foot scans, MIT); pointed toes lean toward the hallux, square ones
# centre.
_TOES = {
    "round": dict(start=0.30, power=2.2, height=1.0, nose=2.0, inflare=0.10, box=0.30),
    "almond": dict(start=0.22, power=1.7, height=0.95, nose=1.8, inflare=0.11, box=0.35),
    "square": dict(start=0.42, power=4.5, height=1.1, nose=3.0, inflare=0.06, box=0.20),
    "pointed": dict(start=0.12, power=1.3, height=0.85, nose=1.5, inflare=0.14, box=0.45),
}

# The toe box's cross-section: over the toes every ring stands at least
# ``toe height x sin(theta) ** box`` (``box`` per toe shape in ``_TOES``), so the box keeps its
# height out to the sides where the big and little toes stand, instead of falling off as the
# foot's own section does at its edges. Cordwain assumption, for this reason: a toe puff is
# moulded on a flat-topped, upright-sided box (square toes the flattest, pointed ones the most
# rounded); the exponents are set so the toes of the procedural tuning feet clear it
# (``scripts/clearance_table.py --tuning``).

#: Toe height from numbers: the shape model's crest height plus ``TOE_SIGMAS`` spreads between
#: feet (1.645: the 95th percentile of a normal spread), so 19 feet in 20 have their toes below
#: the box before the style's toe-box allowance is added. Cordwain assumption: the capture
#: contract measures no toe height, and a toe box cut too low cannot be stretched.
TOE_SIGMAS = 1.645

#: Room beside the toes in the plan, as a share of the style's toe-box allowance, each side
#: (no wider than the ball within the ball's caliper band): the toes spread as the foot rolls, and a fitter's set of the
#: foot turns them sideways (1 degree moves the tip 3-4 mm); ahead of the ball band the box may be
#: wider than the ball by as much, for a straight medial border. Cordwain assumption.
TOE_SIDE_ROOM = 0.35
#: How far behind (fraction of foot length) the toe box still holds the outline's width: a toe's
#: tip is round, wider above the floor than its print, so the box tapers later than the print.
#: Cordwain assumption, set on the procedural tuning feet (``scripts/clearance_table.py --tuning``).
TOE_HOLD_BEHIND = 0.03

#: Default bottom pattern (no outline): share of the ball width medial of the heel-centre
#: axis. The footprints of both dupontgu foot scans (public, MIT; measured with
#: ``fit.foot_mesh``, checked in ``tests/fit/test_foot_mesh.py``) split the ball breadth
#: 0.416 / 0.412 medial of the line through the heel centre along the principal axis; lasts
#: carry the same asymmetry (medial side straighter, lateral side fuller at the fifth
#: metatarsal head).
MEDIAL_BALL_SHARE = 0.41


@dataclass(frozen=True)
class LastSpec:
    """Targets of one last, millimetres, in the last frame (see module docstring).

    Attributes
    ----------
    side : str
    toe_shape : str
    foot_length_mm : float
    last_length_mm : float
        Bottom length target.
    ball_girth_mm, waist_girth_mm, instep_girth_mm : float
        Tape girth targets on their planes.
    ball_width_mm, heel_width_mm : float
        Caliper width targets.
    heel_height_mm, toe_spring_mm, back_tolerance_mm : float
    ball_medial_s_mm, ball_lateral_s_mm, waist_s_mm, instep_s_mm : float
        Positions along the bottom (arc length from the heel point) of the medial and
        lateral ball points and of the waist and instep planes.
    outline_mm : tuple of (x, y) or None
        The foot's plantar outline (foot frame), shaping the bottom pattern.
    toe_box_allowance_mm : float
        Room above the foot's toes in the toe box.
    cone_height_mm : float
        Height of the flat cone top above the heel seat (the last's back height).
    instep_height_mm : float or None
        The foot's measured instep height (conditions the shape model), None if estimated.
    foot_sections : fit.shape_model.FootSections or None
        The 3D foot's own sections; None builds from the shape model.
    shape_features : tuple of float or None
        The foot's known numbers over its length (``fit.shape_model.features``): the shape
        model's sections are conditioned on them; None takes the model's mean sections.
    """

    side: str
    toe_shape: str
    foot_length_mm: float
    last_length_mm: float
    ball_girth_mm: float
    waist_girth_mm: float
    instep_girth_mm: float
    ball_width_mm: float
    heel_width_mm: float
    heel_height_mm: float
    toe_spring_mm: float
    back_tolerance_mm: float
    ball_medial_s_mm: float
    ball_lateral_s_mm: float
    waist_s_mm: float
    instep_s_mm: float
    outline_mm: tuple[tuple[float, float], ...] | None = None
    toe_box_allowance_mm: float = 5.0
    cone_height_mm: float = 80.0
    instep_height_mm: float | None = None
    foot_sections: shape_model.FootSections | None = None
    shape_features: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if not self.foot_length_mm > 0:
            raise InvalidSpec(f"Foot length must be positive, not {self.foot_length_mm:g} mm.", field="foot_length_mm")
        if not self.last_length_mm > 0:
            raise InvalidSpec(f"Last length must be positive, not {self.last_length_mm:g} mm.", field="last_length_mm")
        if not 0 < self.ball_width_mm < 0.6 * self.last_length_mm:
            raise InvalidSpec(f"Ball width {self.ball_width_mm:g} mm is impossible for this length.",
                              field="ball_width_mm")
        if not 0 < self.heel_width_mm <= self.ball_width_mm * 1.05:
            raise InvalidSpec(f"Heel width {self.heel_width_mm:g} mm must be positive and not above the ball "
                              f"width ({self.ball_width_mm:g} mm).", field="heel_width_mm")
        if self.ball_girth_mm < 2.15 * self.ball_width_mm:
            raise InvalidSpec(
                f"Last ball girth {self.ball_girth_mm:g} mm is too small for a ball width of "
                f"{self.ball_width_mm:g} mm: a girth must be well over twice the width.", field="ball_girth_mm")
        for name in ("waist_girth_mm", "instep_girth_mm"):
            if getattr(self, name) < 1.95 * self.ball_width_mm:
                raise InvalidSpec(
                    f"Last {name.split('_')[0]} girth {getattr(self, name):g} mm is too small for a ball width of "
                    f"{self.ball_width_mm:g} mm.", field=name)
            if getattr(self, name) > 3.6 * self.ball_width_mm:
                raise InvalidSpec(f"Last {name.split('_')[0]} girth {getattr(self, name):g} mm is implausibly large "
                                  f"for a ball width of {self.ball_width_mm:g} mm.", field=name)
        if self.ball_girth_mm > 3.2 * self.ball_width_mm:
            raise InvalidSpec(f"Last ball girth {self.ball_girth_mm:g} mm is implausibly large for a ball width of "
                              f"{self.ball_width_mm:g} mm.", field="ball_girth_mm")
        if not 0 <= self.heel_height_mm <= 120:
            raise InvalidSpec(f"Heel height {self.heel_height_mm:g} mm is out of range.", field="heel_height_mm")
        if not 0 <= self.toe_spring_mm <= 30:
            raise InvalidSpec(f"Toe spring {self.toe_spring_mm:g} mm is out of range.", field="toe_spring_mm")

    def targets(self) -> dict[str, float]:
        """Measured-back quantities this spec sets, name -> mm."""
        names = ("last_length_mm", "ball_girth_mm", "waist_girth_mm", "instep_girth_mm", "ball_width_mm",
                 "heel_width_mm", "heel_height_mm", "toe_spring_mm")
        return {n: float(getattr(self, n)) for n in names}

    def to_dict(self) -> dict[str, Any]:
        """The spec as a JSON-ready dict (floats rounded to 0.001 mm; no outline, no sections)."""
        body = asdict(self)
        body.pop("outline_mm")
        body.pop("foot_sections")
        body["has_outline"] = self.outline_mm is not None
        body["from_3d_foot"] = self.foot_sections is not None
        if self.shape_features is not None:
            body["shape_features"] = [round(float(v), 5) for v in self.shape_features]
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in body.items()}


def last_spec(foot: Foot, rules: StyleRules, foot_mesh: trimesh.Trimesh | None = None) -> LastSpec:
    """Targets for the last of ``foot`` (completed, see ``fit.estimate``) in ``rules``.

    Parameters
    ----------
    foot : fit.foot.Foot
    rules : fit.style.StyleRules
    foot_mesh : trimesh.Trimesh or None
        The 3D foot in the capture contract's foot frame (mm, floor z = 0, heel at y = 0), as
        ``fit.foot_mesh.foot_frame`` or the multi-photo capture gives it. When given, the last's
        sections follow the foot's own; otherwise they come from the shape model.

    Returns
    -------
    LastSpec
    """
    for name in ("ball_girth_mm", "instep_girth_mm", "heel_width_mm"):
        if foot.value(name) is None:
            raise InvalidSpec(f"{name} is missing; complete the foot first (fit.estimate.complete_foot).", field=name)
    ball_girth, instep_girth, heel_width = (float(foot.value(name) or 0.0)   # present: checked just above
                                            for name in ("ball_girth_mm", "instep_girth_mm", "heel_width_mm"))
    fl = float(foot.foot_length_mm)
    bt = rules.back_tolerance_mm(fl)
    ball_ratio = coefficients()["ball_of_foot_length_ratio"]["mean"]
    medial = ball_ratio * fl - bt + rules.ball_shift_mm()
    lateral = medial - LATERAL_BALL_BEHIND * fl
    instep = 0.5 * fl - bt
    waist = 0.5 * (instep + 0.5 * (medial + lateral))
    # The foot's waist girth is measured on a 3D foot; from numbers it is taken midway between
    # the ball and instep girths.
    foot_waist = 0.5 * (ball_girth + instep_girth)
    if foot_mesh is not None:
        y0 = float(np.asarray(foot_mesh.vertices)[:, 1].min())
        seg = sections.mesh_section(foot_mesh, [0.0, y0 + waist + bt, 0.0], [0.0, 1.0, 0.0])
        if len(seg) >= 3:
            foot_waist = sections.tape_girth(seg.reshape(-1, 3), [0.0, 1.0, 0.0])
    return LastSpec(
        side=foot.side, toe_shape=rules.toe_shape, foot_length_mm=fl,
        last_length_mm=fl + rules.toe_allowance_mm - bt,
        ball_girth_mm=ball_girth + rules.ball_girth_allowance_mm,
        waist_girth_mm=foot_waist + rules.waist_girth_allowance_mm,
        instep_girth_mm=instep_girth + rules.instep_girth_allowance_mm,
        # a tape change of d on a roundish section changes its width by about d / pi; only a
        # negative allowance narrows the bottom (see ``ball_width_allowance_mm``)
        ball_width_mm=foot.ball_width_mm + ball_width_allowance_mm(rules.ball_girth_allowance_mm),
        heel_width_mm=heel_width + rules.heel_girth_allowance_mm / np.pi,
        heel_height_mm=float(rules.heel_height_mm), toe_spring_mm=float(rules.toe_spring_mm),
        back_tolerance_mm=bt, ball_medial_s_mm=medial, ball_lateral_s_mm=lateral,
        waist_s_mm=waist, instep_s_mm=instep, outline_mm=foot.outline_mm,
        toe_box_allowance_mm=rules.toe_box_allowance_mm, cone_height_mm=CONE_HEIGHT_RATIO * fl,
        instep_height_mm=(foot.instep_height_mm if foot.source("instep_height_mm") != "estimated" else None),
        shape_features=shape_model.features(foot),
        # the envelope bridges the gaps between the toes, as the upper does: a last has no notches
        foot_sections=None if foot_mesh is None else shape_model.foot_sections(foot_mesh, foot.side,
                                                                             FOOT_FRACTIONS, bridge=True),
    )


def ball_width_allowance_mm(ball_girth_allowance_mm: float) -> float:
    """The last's ball width minus the foot's for a ball girth allowance, mm.

    A tape change of d on a roundish section changes its width by about d / pi. Cordwain
    assumption: only a negative allowance (a dress last below the foot, the leather stretching
    over the joint) narrows the bottom; a positive one (sock and padding on an athletic last)
    is room over the foot, not under it: the foot stands on the insole at its own width, and
    a last widened by the allowance reaches its girth lower, under the foot's instep crest
    (measured on procedural tuning feet, ``scripts/clearance_table.py``).
    """
    return min(float(ball_girth_allowance_mm), 0.0) / np.pi


def _smoothstep(t: npt.ArrayLike) -> Floats:
    """Smooth 0-to-1 step of ``t`` over [0, 1] (zero slope at both ends), any shape."""
    u = np.clip(np.asarray(t, dtype=np.float64), 0.0, 1.0)
    out: Floats = u * u * (3.0 - 2.0 * u)
    return out


def _rising_under_shear(top: Floats, shear: Floats, foot: Floats) -> Floats:
    """Ring tops (``(s, k)``, mm) that never fall from one station to the next where ``shear`` > 0.

    The back curve moves every ring point forward by the foot's lean at its own height, more
    the higher it stands. Behind the leg the foot's sections are the heel bulge alone, which
    the cone lifts whole, sides included; one station on, the section takes in the leg and its
    sides drop. Sheared, those high rear sides would then reach further forward than the lower
    sides of the ring in front of them: the surface folds over itself and its triangles cross.
    Each point of a sheared ring is therefore held no higher than the same point of the ring
    in front of it (a running minimum from the front), which also clips the heel in above the
    bulge, as the foot is, but never below ``foot`` there (``(s, k)``: the foot's own section, cut
    at the cone).
    """
    sheared = np.flatnonzero(shear > 0.0)
    if len(sheared) == 0:
        return top
    end = int(sheared[-1]) + 1
    out = top.copy()
    out[:end] = np.maximum(np.minimum.accumulate(top[end::-1], axis=0)[::-1][:end], foot[:end])
    return out


class _Bottom:
    """The bottom centre line z(y) and its arc length, solved so the arc is the last length.

    The centre line lies in the vertical plane through the heel point and the toe point
    ``(toe_x, tip)``: along it, a step ``dy`` covers ``dy / cos(angle)`` of floor.
    """

    def __init__(self, spec: LastSpec) -> None:
        h, ts, length = spec.heel_height_mm, spec.toe_spring_mm, spec.last_length_mm
        s_ball = 0.5 * (spec.ball_medial_s_mm + spec.ball_lateral_s_mm)
        toe_x = toe_point_x(spec)
        tip, tread = length, s_ball
        for _ in range(8):
            stretch = np.hypot(1.0, toe_x / tip)
            y = np.linspace(0.0, tip, 1201)
            z = self._profile(y, tip, tread, h, ts)
            s = np.concatenate([[0.0], np.cumsum(np.hypot(stretch * np.diff(y), np.diff(z)))])
            tip += (length - s[-1]) / stretch
            tread = float(np.interp(s_ball, s, y))
        self.tip, self.tread, self.h, self.ts, self.toe_x = tip, tread, h, ts, toe_x
        stretch = np.hypot(1.0, toe_x / tip)
        y = np.linspace(0.0, tip, 1201)
        z = self._profile(y, tip, tread, h, ts)
        self._y, self._s = y, np.concatenate([[0.0], np.cumsum(np.hypot(stretch * np.diff(y), np.diff(z)))])

    @staticmethod
    def _profile(y: Floats, tip: float, tread: float, h: float, ts: float) -> Floats:
        seat_end = 0.12 * tip
        fall = h * (1.0 - _smoothstep((y - seat_end) / (tread - seat_end)))
        rise = ts * np.clip((y - tread) / (tip - tread), 0.0, None) ** 2
        return np.where(y < tread, fall, rise)

    def z(self, y: npt.ArrayLike) -> Floats:
        """Height of the bottom centre line above the floor at horizontal position ``y``, mm."""
        return self._profile(np.asarray(y, dtype=np.float64), self.tip, self.tread, self.h, self.ts)

    def y_at(self, s: npt.ArrayLike) -> Floats:
        """Horizontal position of arc length ``s`` from the heel point."""
        return np.interp(np.asarray(s, dtype=np.float64), self._s, self._y)


def toe_point_x(spec: LastSpec) -> float:
    """Across position of the toe point (x in the last frame), mm.

    Without an outline: the toe shape's inflare times the ball width, medially. With one:
    the outline's foremost point, relative to its heel centre (12 % of foot length), within
    +/-20 % of the ball width.
    """
    medial = 1.0 if spec.side == "left" else -1.0
    if spec.outline_mm is None:
        return medial * _TOES[spec.toe_shape]["inflare"] * spec.ball_width_mm
    pts = np.asarray(spec.outline_mm, dtype=np.float64)
    fl = spec.foot_length_mm
    y_foot = np.linspace(0.0, fl, 101)
    heel_c = float(np.interp(0.12 * fl, y_foot, _outline_profile(pts, fl, y_foot)[1]))
    x = pts[np.argmax(pts[:, 1]), 0] - heel_c
    return float(np.clip(x, -0.2 * spec.ball_width_mm, 0.2 * spec.ball_width_mm))


def _default_pattern(spec: LastSpec, f: Floats, f_lat: float, f_med: float) -> tuple[Floats, Floats]:
    """Medial and lateral half-extents of the default bottom pattern, fractions of ball width.

    Distances from the heel-centre axis at foot fractions ``f``, medial up to ``f_med`` and
    lateral up to ``f_lat`` (each edge is flat at its ball point): the heel symmetric, the
    medial side nearly straight with a slight inside waist, the lateral side running out
    fuller to the fifth metatarsal head.
    """
    half_heel = 0.5 * spec.heel_width_mm / spec.ball_width_mm
    m_ball, l_ball = MEDIAL_BALL_SHARE, 1.0 - MEDIAL_BALL_SHARE
    waist_m = min(half_heel, m_ball) - 0.02
    medial = PchipInterpolator([0.0, 0.22, 0.40, f_med, f_med + 0.05],
                               [half_heel, half_heel, waist_m, m_ball, m_ball])(np.clip(f, 0.0, f_med))
    lateral = PchipInterpolator([0.0, 0.22, 0.45, f_lat, f_lat + 0.05],
                                [half_heel, half_heel, half_heel + 0.45 * (l_ball - half_heel), l_ball, l_ball])(
        np.clip(f, 0.0, f_lat))
    return medial, lateral


def _outline_profile(outline: npt.ArrayLike, fl: float, y_foot: Floats) -> tuple[Floats, Floats]:
    """Chord width and centre of the plantar outline at foot-frame ``y_foot``, smoothed."""
    pts = np.asarray(outline, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2 or len(pts) < 8:
        raise InvalidSpec("The plantar outline must be a polygon of at least 8 (x, y) points.", field="outline_mm")
    a, b = pts, np.roll(pts, -1, axis=0)
    yq = np.clip(y_foot, pts[:, 1].min() + 0.5, pts[:, 1].max() - 0.5)[:, None]
    lo, hi = np.minimum(a[:, 1], b[:, 1])[None], np.maximum(a[:, 1], b[:, 1])[None]
    hit = (yq >= lo) & (yq < hi)
    dy = np.where(b[:, 1] == a[:, 1], 1.0, b[:, 1] - a[:, 1])[None]
    x = a[:, 0][None] + (yq - a[:, 1][None]) / dy * (b[:, 0] - a[:, 0])[None]
    xmin = np.where(hit, x, np.inf).min(axis=1)
    xmax = np.where(hit, x, -np.inf).max(axis=1)
    ok = np.isfinite(xmin) & np.isfinite(xmax)
    if ok.sum() < 4:
        raise InvalidSpec("The plantar outline does not span the foot length.", field="outline_mm")
    xmin = np.interp(y_foot, y_foot[ok], xmin[ok])
    xmax = np.interp(y_foot, y_foot[ok], xmax[ok])
    kernel = np.ones(9) / 9.0
    width = np.convolve(np.pad(xmax - xmin, 4, mode="edge"), kernel, mode="valid")
    centre = np.convolve(np.pad(0.5 * (xmax + xmin), 4, mode="edge"), kernel, mode="valid")
    return width, centre


class _Loft:
    """Everything of a last except the three solved section heights."""

    def __init__(self, spec: LastSpec, n_stations: int = N_STATIONS, n_around: int = N_AROUND) -> None:
        self.spec = spec
        fl = spec.foot_length_mm
        bottom = _Bottom(spec)
        self.bottom = bottom
        tip = bottom.tip
        u = np.linspace(0.0, 1.0, n_stations)
        y = tip * 0.5 * (1.0 - np.cos(np.pi * u))
        self.y = y
        self.zb = bottom.z(y)
        # arc positions of stations and landmarks
        s = np.interp(y, bottom._y, bottom._s)
        f = (s + spec.back_tolerance_mm) / fl  # foot-frame fraction along the bottom
        medial = 1.0 if spec.side == "left" else -1.0
        self.medial = medial
        self.y_med = float(bottom.y_at(spec.ball_medial_s_mm))
        self.y_lat = float(bottom.y_at(spec.ball_lateral_s_mm))
        self.y_ball = 0.5 * (self.y_med + self.y_lat)
        self.y_waist = float(bottom.y_at(spec.waist_s_mm))
        self.y_instep = float(bottom.y_at(spec.instep_s_mm))
        toe = _TOES[spec.toe_shape]
        # plan view, medial-positive x (mm): the medial and lateral edges of the bottom pattern
        f_lat, f_med = (spec.ball_lateral_s_mm + spec.back_tolerance_mm) / fl, \
            (spec.ball_medial_s_mm + spec.back_tolerance_mm) / fl
        bw = spec.ball_width_mm
        toe_x = medial * bottom.toe_x
        if spec.outline_mm is None:
            m_half, l_half = _default_pattern(spec, f, f_lat, f_med)
            edge_m, edge_l = bw * m_half, -bw * l_half
            y_m0, y_l0 = self.y_med, self.y_lat  # each edge is widest at its own ball point
        else:
            width, centre = _outline_profile(spec.outline_mm, fl, np.clip(f, 0.0, f_med) * fl)
            centre = medial * (centre - np.interp(0.12, f, centre))
            scale = bw / width.max()
            edge_m, edge_l = scale * (centre + 0.5 * width), scale * (centre - 0.5 * width)
            y_m0 = y_l0 = self.y_med
        # forepart: each edge runs from its ball point into the toe point with the toe shape
        for edge, y0 in ((edge_m, y_m0), (edge_l, y_l0)):
            t_edge = np.clip((y - y0) / (tip - y0), 0.0, 1.0)
            taper_t = np.clip((t_edge - toe["start"]) / (1.0 - toe["start"]), 0.0, 1.0)
            # curvature stays finite where the taper starts: (t^(2/p))^p = t^2 for p < 2
            taper_t = taper_t ** (2.0 / min(toe["power"], 2.0))
            taper = (1.0 - taper_t ** toe["power"]) ** (1.0 / toe["power"])
            at_y0 = np.interp(y0, y, edge)
            edge[:] = np.where(y > y0, toe_x + (at_y0 - toe_x) * taper, edge)
        if spec.outline_mm is not None:
            # the toe box never cuts into the foot's toes: the plan holds the outline up to its tip
            whole = _outline_profile(spec.outline_mm, fl, np.clip(f, 0.0, 1.0) * fl)
            heel_c = medial * np.interp(0.12, f, whole[1])
            # the toes' tips are round above the floor: the box holds, at each station, the
            # outline's widest point up to ``TOE_HOLD_BEHIND`` behind it
            held_m, held_l = np.full_like(f, -np.inf), np.full_like(f, np.inf)
            for back in np.linspace(0.0, TOE_HOLD_BEHIND, 5):
                width, centre_t = _outline_profile(spec.outline_mm, fl, np.clip(f - back, 0.0, 1.0) * fl)
                held_m = np.maximum(held_m, scale * (medial * centre_t - heel_c + 0.5 * width))
                held_l = np.minimum(held_l, scale * (medial * centre_t - heel_c - 0.5 * width))
            # with room beside the toes (``TOE_SIDE_ROOM``), no wider than the ball within the
            # ball's caliper band (55-85 % of the toe point's y)
            toes = (f > f_med) & (f < 0.99)
            room = TOE_SIDE_ROOM * spec.toe_box_allowance_mm * _smoothstep((f - f_med) / 0.08)
            beyond = room * _smoothstep((y / tip - 0.86) / 0.04)
            cap_m, cap_l = max(edge_m[f <= f_med].max(), 0.0), min(edge_l[f <= f_med].min(), 0.0)
            held_m = np.minimum(held_m + room, cap_m + beyond)
            held_l = np.maximum(held_l - room, cap_l - beyond)
            edge_m[:] = np.where(toes, np.maximum(edge_m, held_m), edge_m)
            edge_l[:] = np.where(toes, np.minimum(edge_l, held_l), edge_l)
        # the default pattern is rounded at the heel here; an outline is round already and only
        # closes within the back tolerance (the back curve carries the rest, see _side_view)
        r_heel = 0.5 * spec.heel_width_mm if spec.outline_mm is None else max(spec.back_tolerance_mm, 3.0)
        heel_round = np.sqrt(np.clip(1.0 - (1.0 - np.clip(y / r_heel, 0.0, 1.0)) ** 2, 0.0, 1.0))
        centre = 0.5 * (edge_m + edge_l)
        half = 0.5 * (edge_m - edge_l) * heel_round
        edge_m, edge_l = centre + half, centre - half
        # exact caliper widths in the heel and ball bands: scale both edges about the axis
        heel_band = (y >= HEEL_BAND[0] * tip) & (y <= HEEL_BAND[1] * tip)
        ball_band = (y >= BALL_BAND[0] * tip) & (y <= BALL_BAND[1] * tip)
        a_heel = spec.heel_width_mm / (edge_m[heel_band].max() - edge_l[heel_band].min())
        a_ball = spec.ball_width_mm / (edge_m[ball_band].max() - edge_l[ball_band].min())
        blend = _smoothstep((y / tip - 0.25) / 0.3)
        scale = a_heel * (1.0 - blend) + a_ball * blend
        edge_m, edge_l = edge_m * scale, edge_l * scale
        self.width = np.maximum(edge_m - edge_l, 0.004 * bw)
        self.centre_u = 0.5 * (edge_m + edge_l)
        self.centre = medial * self.centre_u
        self.fl, self.f = fl, f
        self.bottom_at, self.theta = sections.ring_layout(n_around)
        self._side_view(spec, toe, tip)
        self.faces, self.edges = sections.topology(n_stations, n_around)

    def _side_view(self, spec: LastSpec, toe: dict[str, float], tip: float) -> None:
        """Foot heights, section profiles, toe box, cone and back curve along the stations."""
        fl, f, y = self.fl, self.f, self.y
        foot = spec.foot_sections if spec.foot_sections is not None else shape_model.model_sections(
            fl, spec.shape_features)
        self.from_foot = spec.foot_sections is not None
        scale = 1.0
        if not self.from_foot and spec.instep_height_mm is not None:
            # condition the model on a measured instep height (greatest height within 45-55 %)
            band = np.linspace(*INSTEP_HEIGHT_BAND, 11)
            scale = spec.instep_height_mm / float(foot.height_at(band).max())
        self.foot_height = foot.height_at(f) * scale
        self.foot_height[f > 1.0] = 0.0
        profile = foot.profile_at(f)
        symmetric = 0.5 * (profile + profile[:, ::-1])
        ends = _smoothstep(y / (0.05 * tip)) * _smoothstep((tip - y) / (0.03 * tip))
        profile = symmetric + ends[:, None] * (profile - symmetric)
        # under the arch the featherline runs inside the footprint (where the foot meets the
        # floor); at the heel seat and from the ball forward the bottom stays full width (>= 95 %)
        f_lat = (spec.ball_lateral_s_mm + spec.back_tolerance_mm) / fl
        f_med = (spec.ball_medial_s_mm + spec.back_tolerance_mm) / fl
        arch = _smoothstep((f - 0.17) / 0.06) * _smoothstep((f_lat + 0.01 - f) / 0.03)
        full = foot.inset_at(f)
        seat = np.minimum(full, 0.01)
        inset = seat + arch[:, None] * (full - seat)
        # the featherline stays clear of the bottom centre line (Cordwain assumption: at least a
        # quarter of the width on each side of it, so the centre line lies on the flat bottom)
        self.inset = np.minimum(inset, MAX_INSET) * self.width[:, None]
        self.wall = foot.wall_at(f)
        grid = np.linspace(0.0, np.pi, profile.shape[1])
        self.profile = np.stack([np.interp(self.theta, grid, row) for row in profile])
        # toe box: the foot's toes (model: ``TOE_SIGMAS``) plus the style's toe-box allowance
        toes = foot.height_at(f, sigmas=0.0 if self.from_foot else TOE_SIGMAS) * scale + spec.toe_box_allowance_mm
        # the toes start beyond the first metatarsal head (the medial ball point)
        f_ball = (spec.ball_medial_s_mm + spec.back_tolerance_mm) / fl
        self.toe_fade = _smoothstep((f - f_ball - 0.02) / 0.06)
        self.toe_need = np.where(f <= 1.0, toes * self.toe_fade, 0.0)
        self.toe_box = np.sin(self.theta) ** toe["box"]
        foot_tip = spec.foot_length_mm - spec.back_tolerance_mm
        self.y_foot_tip = float(self.bottom.y_at(foot_tip))
        y_nose = self.y_foot_tip - 0.03 * fl
        t = np.clip((y - y_nose) / (tip - y_nose), 0.0, 1.0)
        self.nose = np.maximum((1.0 - t ** toe["nose"]) ** (1.0 / toe["nose"]), 0.004)
        self.y_nose = y_nose
        self.cone_mm = spec.cone_height_mm
        self.y_cone = CONE_TOP_END * tip
        # back curve: how far the last reaches behind the heel point at each height above the seat
        z = np.linspace(0.0, 0.35 * fl, 36)
        behind = spec.back_tolerance_mm - foot.back_at(z)
        bulge = int(np.argmax(behind))
        ramp = _smoothstep(z / max(z[bulge], 1.0))
        self.back_z = z
        self.back_behind = np.where(np.arange(len(z)) < bulge, np.maximum(behind, behind[bulge] * ramp), behind)
        self.back_behind[0] = 0.0
        # the back curve shapes the back of the heel only: it fades out over the seat
        self.shear = 1.0 - _smoothstep(y / (BACK_CURVE_REACH * tip))

    def heights(self, h_ball: float, h_waist: float, h_instep: float) -> Floats:
        """Crest height of every section for the three solved heights, mm."""
        y = self.y
        marks = np.array([self.y_instep, self.y_waist, self.y_ball])
        base = np.interp(marks, y, self.foot_height)
        ratio = np.array([h_instep, h_waist, h_ball]) / np.maximum(base, 1.0)
        fore = self.foot_height * np.interp(y, marks, ratio)  # flat beyond the first and last marks
        rear_y = [0.0, self.y_cone, self.y_instep, self.y_waist]
        cone = max(self.cone_mm, h_instep + 6.0)
        rear_h = [cone, cone, h_instep, h_waist]
        rear = PchipInterpolator(rear_y, rear_h)(np.minimum(y, self.y_waist))
        # behind the instep the last holds the foot's own heel and ankle whole (never scaled
        # below the foot), cut flat at the cone
        hold = np.maximum(ratio[0], 1.0) - ratio[0]
        back = self.foot_height * (ratio[0] + hold * _smoothstep((self.y_instep - y) / (0.1 * self.fl)))
        h = np.where(y < self.y_instep, np.maximum(rear, back), fore)
        h = np.maximum(h, self.toe_need)
        # one smooth top line from the heel to the toe (no creases where the rules meet)
        # (filling the hollows only: the smoothed line never drops below the foot's own)
        h = np.maximum(np.convolve(np.pad(h, 4, mode="edge"), np.ones(9) / 9.0, mode="valid"), h)
        at_nose = float(np.interp(self.y_nose, y, h))
        return np.where(y > self.y_nose, at_nose * self.nose, h)

    def vertices(self, heights: Floats, as_left: bool = False) -> Floats:
        """(n_stations * n_around, 3) float vertices for crest ``heights``.

        ``as_left`` builds a right last as its left mirror image (medial side +x), so both
        feet of equal numbers are solved by the very same arithmetic. Ring point k of a right
        last is the mirror image of ring point k of the left one.
        """
        top = heights[:, None] * self.profile
        # the toe box keeps its height out to the sides (``_TOES``' box); ahead of the toes the
        # nose carries it down to the toe point
        box = np.where(self.y > self.y_nose, heights, np.minimum(self.toe_need, heights)) * self.toe_fade
        top = np.maximum(top, box[:, None] * self.toe_box[None, :])
        # flat cone top: the rear of the last is cut level at the cone height
        fuller = 1.0 + (CONE_FULLNESS - 1.0) * _smoothstep((self.y_instep - self.y) / (self.y_instep - self.y_cone))
        # the cone stands at least 6 mm above the instep (a very high instep lifts it)
        cone = max(self.cone_mm, float(np.interp(self.y_instep, self.y, heights)) + 6.0)
        top = np.where(self.y[:, None] < self.y_instep, np.minimum(top * fuller[:, None], cone), top)
        top = _rising_under_shear(top, self.shear, np.minimum(self.foot_height[:, None] * self.profile, cone))
        across, up = sections.rings(self.centre_u, self.width, top, self.bottom_at, self.inset, self.wall)
        # a right last is the exact mirror image of the left one built from the same numbers:
        # the same vertices with x negated (its faces are wound the other way, see build_last)
        x = (1.0 if as_left else self.medial) * across
        y = self.y[:, None] - self.shear[:, None] * np.interp(up, self.back_z, self.back_behind)
        z = self.zb[:, None] + up
        return np.stack([x, y, z], axis=-1).reshape(-1, 3)

    def ball_plane(self, vertices: Floats) -> tuple[Floats, Floats]:
        """Origin and normal of the ball girth plane of left-built ``vertices``."""
        return ball_plane(vertices, self.edges, self.y_med, self.y_lat, 1.0)


def _edges_between(loft: _Loft, y_lo: float, y_hi: float) -> Ints:
    """The loft's edges from stations within [y_lo, y_hi] (plus one each side), as a view.

    The girth planes lie ahead of the sheared heel, where every ring stands in its plane
    ``y = const``; ``unique_edges`` sorts edges by their first vertex, hence by station.
    """
    n = len(loft.theta) * 2
    i0 = max(int(np.searchsorted(loft.y, y_lo)) - 2, 0)
    i1 = min(int(np.searchsorted(loft.y, y_hi)) + 1, len(loft.y) - 1)
    first = loft.edges[:, 0]
    return loft.edges[np.searchsorted(first, i0 * n):np.searchsorted(first, (i1 + 1) * n)]


def _girths(loft: _Loft, vertices: Floats, ball: tuple[Floats, Floats]) -> Floats:
    """Ball, waist and instep tape girths of ``vertices``; ``ball`` is the ball plane."""
    origin, normal = ball
    reach = 0.6 * loft.spec.ball_width_mm * abs(normal[0] / normal[1])  # the oblique plane's y spread
    edges = _edges_between(loft, origin[1] - 2 * reach - 10.0, origin[1] + 2 * reach + 10.0)
    out = [sections.tape_girth(sections.plane_points(vertices, edges, origin, normal), normal)]
    axis = np.array([0.0, 1.0, 0.0])
    for y in (loft.y_waist, loft.y_instep):
        pts = sections.plane_points(vertices, _edges_between(loft, y, y), np.array([0.0, y, 0.0]), axis)
        out.append(sections.tape_girth(pts, axis))
    return np.array(out)


def build_last(spec: LastSpec, n_stations: int = N_STATIONS, n_around: int = N_AROUND) -> trimesh.Trimesh:
    """The mesh of the last for ``spec``: watertight, outward-wound, millimetres.

    The section heights at the ball, waist and instep are solved (secant steps on the
    measured tape girths of the mesh) until every girth is within ``GIRTH_TOLERANCE``.

    Parameters
    ----------
    spec : LastSpec
    n_stations, n_around : int
        Resolution; vertices = ``n_stations * n_around``.

    Returns
    -------
    trimesh.Trimesh
    """
    loft = _Loft(spec, n_stations, n_around)
    target = np.array([spec.ball_girth_mm, spec.waist_girth_mm, spec.instep_girth_mm])
    w = spec.ball_width_mm
    # first guess: girth of a flat-bottomed oval ~ width-ish + 2 x height
    knots = np.maximum((target - np.array([1.75, 1.55, 1.45]) * w) / 1.6, 0.12 * w)
    slope = np.full(3, 1.8)
    prev_k: Floats | None = None
    prev_g: Floats | None = None
    ball = None  # the ball points are the widest points: they do not move with the heights
    for _ in range(MAX_ITERATIONS):
        vertices = loft.vertices(loft.heights(*knots), as_left=True)
        if ball is None:
            ball = loft.ball_plane(vertices)
        girth = _girths(loft, vertices, ball)
        err = target - girth
        if np.all(np.abs(err) / target < GIRTH_TOLERANCE):
            break
        if prev_k is not None and prev_g is not None:
            dk, dg = knots - prev_k, girth - prev_g
            ok = np.abs(dk) > 1e-6
            slope = np.where(ok, np.clip(dg / np.where(ok, dk, 1.0), 0.8, 4.0), slope)
        prev_k, prev_g = knots.copy(), girth
        knots = np.maximum(knots + err / slope, 0.05 * w)
    vertices = loft.vertices(loft.heights(*knots))
    faces = np.array(loft.faces) if loft.medial > 0 else np.ascontiguousarray(np.array(loft.faces)[:, ::-1])
    return trimesh.Trimesh(vertices=vertices, faces=faces, process=False)


def landmarks(spec: LastSpec) -> dict[str, float]:
    """Plane positions of ``spec`` as ``fit.measure_last`` takes them (horizontal y, mm)."""
    bottom = _Bottom(spec)
    return {
        "ball_medial_y": float(bottom.y_at(spec.ball_medial_s_mm)),
        "ball_lateral_y": float(bottom.y_at(spec.ball_lateral_s_mm)),
        "waist_y": float(bottom.y_at(spec.waist_s_mm)),
        "instep_y": float(bottom.y_at(spec.instep_s_mm)),
        "toe_y": float(bottom.y_at(spec.foot_length_mm - spec.back_tolerance_mm)),
        "heel_seat_y": float(bottom.y_at(0.12 * spec.foot_length_mm - spec.back_tolerance_mm)),
        "cone_y": CONE_TOP_END * bottom.tip,
        "medial_sign": 1.0 if spec.side == "left" else -1.0,
    }
