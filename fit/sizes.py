"""Nearest catalogue sizes for a foot, from the standard formulas.

Sources:
- Mondopoint: foot length and foot width in mm (ISO 9407:2019), lengths in 5 mm steps.
- EU (Paris point = 2/3 cm): size = 3/2 x last length in cm, with the last 1.5 cm longer
  than the foot (Wikipedia "Shoe size", Continental European system; ISO/TS 19407:2015).
- UK adult: size = 3 x last length in inches - 25; US men's = 3 x last length - 24;
  US women's = 3 x last length - 22.5; the last 2/3 inch (2 barleycorns) longer than the
  foot (Wikipedia "Shoe size", UK and US systems), i.e. UK = 3 x foot (in) - 23 and
  US men's = 3 x foot (in) - 22, as on the Brannock device.
- Width letters: one letter per 1/4 inch (6.35 mm) of ball girth (US/UK last grading),
  medium (US men's D, US women's B, UK F) at the ANSUR II mean girth for the foot's length.
"""

import numpy as np

from .estimate import coefficients

PARIS_POINT_MM = 20.0 / 3.0
INCH_MM = 25.4
BARLEYCORN_MM = INCH_MM / 3.0
EU_ALLOWANCE_MM = 15.0
UK_US_ALLOWANCE_MM = 2 * BARLEYCORN_MM
WIDTH_STEP_MM = INCH_MM / 4.0

_US_MEN_WIDTHS = ("4A", "3A", "2A", "A", "B", "C", "D", "E", "2E", "3E", "4E", "5E", "6E")
_US_WOMEN_WIDTHS = ("4A", "3A", "2A", "A", "B", "C", "D", "E", "2E", "3E", "4E")
_UK_WIDTHS = ("A", "B", "C", "D", "E", "F", "G", "H", "J", "K")
# ANSUR II pooled mean breadth / length: 0.373 (101.9 / 271.2 men, 92.7 / 246.3 women)
_MEAN_BREADTH_RATIO = 0.373


def _half(value):
    return float(np.round(value * 2.0) / 2.0)


def eu_size(foot_length_mm):
    """EU (Paris point) size, unrounded."""
    return (foot_length_mm + EU_ALLOWANCE_MM) / PARIS_POINT_MM


def uk_size(foot_length_mm):
    """UK adult size, unrounded."""
    return 3.0 * (foot_length_mm + UK_US_ALLOWANCE_MM) / INCH_MM - 25.0


def shoe_sizes(foot_length_mm, ball_girth_mm=None, ball_width_mm=None):
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
    uk = uk_size(length)
    out = {
        "eu": _half(eu_size(length)),
        "uk": _half(uk),
        "us_men": _half(uk + 1.0),
        "us_women": _half(uk + 2.5),
        "mondopoint": int(5 * round(length / 5.0)),
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
