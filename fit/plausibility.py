"""The last check before a foot measurement leaves ``fit``: is this a foot at all?

Every machine-made measurement (photo, printed mat, scan) passes here; an impossible answer
becomes a refusal with a stable code and a sentence for a person, never a measurement.
The bounds are wide on purpose: they catch a wrong sheet, a sock lost on white paper or a
leg measured as a foot, not an unusual foot.

Frames: ``outline_mm`` is the footprint in the foot frame of ``docs/capture.md``
(``(x, y)`` mm, x across, y along the axis, heel at y = 0).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import ImplausibleFoot

#: Foot length range, mm. Cordwain assumption: EU size 22 (about 150 mm, a small child) to
#: EU 56 (about 350 mm); ANSUR II foot lengths span 206-323 mm for adults.
LENGTH_RANGE_MM = (150.0, 350.0)
#: Ball width / foot length. ANSUR II adults: 0.33-0.45 (1st-99th percentile); widened for
#: children and very wide or slender feet.
WIDTH_RATIO_RANGE = (0.28, 0.50)
#: A heel caliper may exceed the ball's by this much before it is called wider (measurement noise), mm.
HEEL_TOLERANCE_MM = 3.0
#: Footprint area / (length x ball width): 0.62-0.78 for the procedural feet and the dupontgu
#: scans; a rectangle (a sheet, a shadow) is 1.0, a sliver far below.
FILL_RANGE = (0.50, 0.88)
#: Where the widest part of the footprint lies, fraction of length from the heel (the ball, at
#: 60-75 %; a foot read backwards or a leg puts it at the heel end).
WIDEST_RANGE = (0.45, 0.92)


@dataclass(frozen=True)
class Problem:
    """One reason a measurement cannot be a foot: stable ``code`` and a ``message`` for a person."""

    code: str
    message: str


def problems(foot_length_mm: float, ball_width_mm: float, heel_width_mm: float | None = None,
             outline_mm: npt.ArrayLike | None = None) -> list[Problem]:
    """Everything implausible about a foot measurement (empty when plausible).

    Parameters
    ----------
    foot_length_mm, ball_width_mm : float
    heel_width_mm : float or None
    outline_mm : (n, 2) float or None
        Footprint outline in the foot frame, mm.

    Returns
    -------
    list of Problem
    """
    out: list[Problem] = []
    length, ball = float(foot_length_mm), float(ball_width_mm)
    if not (np.isfinite(length) and LENGTH_RANGE_MM[0] <= length <= LENGTH_RANGE_MM[1]):
        out.append(Problem("IMPLAUSIBLE_LENGTH", f"The measured foot length ({length:.0f} mm) is not possible for a "
                           "foot; something else was measured. Please take the photo again or type the values."))
        return out
    ratio = ball / length
    if not (np.isfinite(ratio) and WIDTH_RATIO_RANGE[0] <= ratio <= WIDTH_RATIO_RANGE[1]):
        out.append(Problem("IMPLAUSIBLE_WIDTH", f"The measured ball width ({ball:.0f} mm) does not fit a foot "
                           f"{length:.0f} mm long; the foot's edge was probably not seen. Please take the photo "
                           "again (bare foot or a dark sock) or type the values."))
    if heel_width_mm is not None and float(heel_width_mm) > ball + HEEL_TOLERANCE_MM:
        out.append(Problem("HEEL_WIDER_THAN_BALL", f"The measured heel ({float(heel_width_mm):.0f} mm) is wider than "
                           f"the ball ({ball:.0f} mm), which a foot is not. Please take the photo again or type "
                           "the values."))
    if outline_mm is not None:
        why = _shape_problem(np.asarray(outline_mm, dtype=np.float64), length, ball)
        if why:
            out.append(Problem("OUTLINE_NOT_FOOT", f"The measured outline is not foot-shaped ({why}). Please take "
                               "the photo again with the whole foot on the sheet, or type the values."))
    return out


def check_foot(foot_length_mm: float, ball_width_mm: float, heel_width_mm: float | None = None,
               outline_mm: npt.ArrayLike | None = None) -> None:
    """Raise ``ImplausibleFoot`` (code of the first problem) unless the measurement can be a foot.

    Parameters are those of ``problems``.

    Raises
    ------
    ImplausibleFoot
        ``IMPLAUSIBLE_LENGTH``, ``IMPLAUSIBLE_WIDTH``, ``HEEL_WIDER_THAN_BALL`` or ``OUTLINE_NOT_FOOT``.
    """
    found = problems(foot_length_mm, ball_width_mm, heel_width_mm, outline_mm)
    if found:
        raise ImplausibleFoot(found[0].message, code=found[0].code)


def _shape_problem(outline: npt.NDArray[np.float64], length: float, ball: float) -> str | None:
    """A short reason the outline is not a footprint, or None."""
    if outline.ndim != 2 or outline.shape[1] != 2 or len(outline) < 8:
        return "too few points"
    x, y = outline[:, 0], outline[:, 1]
    if abs(float(y.max() - y.min()) - length) > 3.0:
        return "its extent differs from the length"
    area = 0.5 * abs(float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)))
    fill = area / max(length * ball, 1e-9)
    if not FILL_RANGE[0] <= fill <= FILL_RANGE[1]:
        return f"it fills {fill:.0%} of its box"
    t = np.linspace(0.02, 0.98, 49)
    widths = np.array([_width_at(outline, y.min() + f * length) for f in t])
    widest = float(t[np.argmax(widths)])
    if not WIDEST_RANGE[0] <= widest <= WIDEST_RANGE[1]:
        return f"it is widest {widest:.0%} of its length from the heel"
    return None


def _width_at(outline: npt.NDArray[np.float64], y0: float) -> float:
    """Total width of the polygon's crossing with the line y = y0, mm."""
    x, y = outline[:, 0], outline[:, 1]
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    hit = (y - y0) * (yn - y0) < 0
    if not hit.any():
        return 0.0
    xs = np.sort(x[hit] + (y0 - y[hit]) * (xn[hit] - x[hit]) / (yn[hit] - y[hit]))
    return float(np.sum(xs[1::2] - xs[0::2]))
