"""Nearest catalogue sizes for a foot, from the standard formulas.

Every length system sizes the *last* (the shoe's form), not the foot; the last is the foot
plus a standard allowance. Formulas and their sources stand next to each function below:

- EU (Paris point): size = last length / (2/3 cm); standard last = foot + 15 mm.
- UK adult / US men's / US women's: size = 3 x last length (in) - 25 / - 24 / - 22.5;
  standard last = foot + 2 barleycorns (2/3 in). So US men's = 3 x foot (in) - 22, the
  Brannock device's men's scale (size 1 = a 7 2/3 in foot, one size per 1/3 in).
- Mondopoint (ISO 9407): foot length and foot width in mm, length graded in 5 mm steps
  (DIN 66074-2 range 1, as cited by ISO/TS 19407:2015).
- Width letters: one letter per 1/4 inch (6.35 mm) of ball girth (US/UK last grading),
  medium (US men's D, US women's B, UK F) at the ANSUR II mean girth for the foot's length.
"""

from typing import Any

import numpy as np

from .estimate import coefficients

#: Paris point: 2/3 cm (Wikipedia "Shoe size", Continental European system; ISO/TS 19407:2015
#: "size grading interval of 6,67 mm, starting at zero").
PARIS_POINT_MM = 20.0 / 3.0
INCH_MM = 25.4
#: Barleycorn: 1/3 inch, the UK/US size step (Wikipedia "Shoe size").
BARLEYCORN_MM = INCH_MM / 3.0
#: Standard last = foot + 1.5 cm for EU sizes ("last length in cm (= foot length plus 1.5 cm)
#: / 0.667", e.g. euro2.net "Euro foot sizing"; Wikipedia "Shoe size": the last is about 2
#: Paris points longer than the foot).
EU_ALLOWANCE_MM = 15.0
#: Standard last = foot + 2 barleycorns for UK/US sizes (Wikipedia "Shoe size").
UK_US_ALLOWANCE_MM = 2 * BARLEYCORN_MM
#: Mondopoint length step, mm (ISO 9407; DIN 66074-2 range 1).
MONDOPOINT_STEP_MM = 5.0
WIDTH_STEP_MM = INCH_MM / 4.0

_US_MEN_WIDTHS = ("4A", "3A", "2A", "A", "B", "C", "D", "E", "2E", "3E", "4E", "5E", "6E")
_US_WOMEN_WIDTHS = ("4A", "3A", "2A", "A", "B", "C", "D", "E", "2E", "3E", "4E")
_UK_WIDTHS = ("A", "B", "C", "D", "E", "F", "G", "H", "J", "K")
# ANSUR II pooled mean breadth / length: 0.373 (101.9 / 271.2 men, 92.7 / 246.3 women)
_MEAN_BREADTH_RATIO = 0.373


def _half(value: float) -> float:
    return float(np.floor(value * 2.0 + 0.5) / 2.0)


def eu_size_of_last(last_length_mm: float) -> float:
    """EU size of a last, unrounded: its length in Paris points (EU = last / 6.667 mm)."""
    return last_length_mm / PARIS_POINT_MM


def eu_size(foot_length_mm: float) -> float:
    """EU size for a foot, unrounded: the standard last (foot + 15 mm) in Paris points."""
    return eu_size_of_last(foot_length_mm + EU_ALLOWANCE_MM)


def uk_size_of_last(last_length_mm: float) -> float:
    """UK adult size of a last, unrounded: 3 x last (in) - 25 (Wikipedia "Shoe size")."""
    return 3.0 * last_length_mm / INCH_MM - 25.0


def uk_size(foot_length_mm: float) -> float:
    """UK adult size for a foot, unrounded: the standard last (foot + 2/3 in) in UK sizes."""
    return uk_size_of_last(foot_length_mm + UK_US_ALLOWANCE_MM)


def us_men_size(foot_length_mm: float) -> float:
    """US men's size for a foot, unrounded: 3 x last (in) - 24 = UK + 1 (Wikipedia "Shoe size")."""
    return uk_size(foot_length_mm) + 1.0


def us_women_size(foot_length_mm: float) -> float:
    """US women's size for a foot, unrounded: 3 x last (in) - 22.5 = UK + 2.5 (Wikipedia "Shoe size")."""
    return uk_size(foot_length_mm) + 2.5


def mondopoint(foot_length_mm: float) -> int:
    """Mondopoint length, mm: the foot length to the nearest 5 mm, halves up (ISO 9407)."""
    return int(MONDOPOINT_STEP_MM * np.floor(foot_length_mm / MONDOPOINT_STEP_MM + 0.5))


def shoe_sizes(foot_length_mm: float, ball_girth_mm: float | None = None,
               ball_width_mm: float | None = None) -> dict[str, Any]:
    """Nearest sizes and width for one foot.

    Parameters
    ----------
    foot_length_mm : float, mm
    ball_girth_mm, ball_width_mm : float or None, mm
        The width letter needs the girth; without it, it is estimated from the width.

    Returns
    -------
    dict
        ``eu``, ``uk``, ``us_men``, ``us_women`` (nearest half size), ``mondopoint``
        (length mm, 5 mm steps), ``mondopoint_width`` (mm or None), ``width`` (US men's
        letter or None) and ``width_letters`` per system.
    """
    length = float(foot_length_mm)
    if not length > 0:
        raise ValueError("foot_length_mm must be positive")
    out: dict[str, Any] = {
        "eu": _half(eu_size(length)),
        "uk": _half(uk_size(length)),
        "us_men": _half(us_men_size(length)),
        "us_women": _half(us_women_size(length)),
        "mondopoint": mondopoint(length),
        "mondopoint_width": None if ball_width_mm is None else int(round(ball_width_mm)),
        "width": None,
        "width_letters": None,
    }
    if ball_girth_mm is None and ball_width_mm is not None:
        model = coefficients()["models"]["ball_girth_mm"]
        ball_girth_mm = model["intercept"] + model["foot_length"] * length + model["ball_width"] * ball_width_mm
    if ball_girth_mm is not None:
        model = coefficients()["models"]["ball_girth_mm"]
        medium = model["intercept"] + (model["foot_length"] + model["ball_width"] * _MEAN_BREADTH_RATIO) * length
        steps = int(round((ball_girth_mm - medium) / WIDTH_STEP_MM))
        letters = {
            "us_men": _US_MEN_WIDTHS[int(np.clip(6 + steps, 0, len(_US_MEN_WIDTHS) - 1))],
            "us_women": _US_WOMEN_WIDTHS[int(np.clip(4 + steps, 0, len(_US_WOMEN_WIDTHS) - 1))],
            "uk": _UK_WIDTHS[int(np.clip(5 + steps, 0, len(_UK_WIDTHS) - 1))],
        }
        out["width"] = letters["us_men"]
        out["width_letters"] = letters
    return out
