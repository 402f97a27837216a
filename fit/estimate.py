"""Estimate a foot's missing girths and heights from its length and width.

Coefficients come from ``fit/data/girth_regression.json``, derived from ANSUR II
(US Army 2012, public domain) by ``scripts/derive_girth_regression.py``. Every estimated
value is marked ``"estimated"`` on the ``Foot`` with its one-sigma uncertainty (the
regression's residual SD); measured values always win and are never touched.
"""

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .foot import Foot

_DATA = Path(__file__).with_name("data") / "girth_regression.json"

#: Foot measurements this module can fill in.
ESTIMATED_NAMES = ("ball_girth_mm", "instep_girth_mm", "heel_width_mm", "instep_height_mm")


@lru_cache(maxsize=1)
def coefficients() -> dict[str, Any]:
    """The derived regression coefficients (dict, read once from the package data)."""
    data: dict[str, Any] = json.loads(_DATA.read_text())
    return data


def _linear(name: str, foot_length_mm: float, ball_width_mm: float) -> tuple[float, float]:
    model = coefficients()["models"][name]
    value = model["intercept"] + model["foot_length"] * foot_length_mm + model["ball_width"] * ball_width_mm
    return float(value), float(model["residual_sd_mm"])


def estimate(foot_length_mm: float, ball_width_mm: float,
             ball_girth_mm: float | None = None) -> dict[str, tuple[float, float]]:
    """Population estimates for a foot of this length and width.

    Parameters
    ----------
    foot_length_mm, ball_width_mm : float, mm
    ball_girth_mm : float or None, mm
        When measured, the instep girth is estimated from it instead of from the regression.

    Returns
    -------
    dict
        name -> (value_mm, one_sigma_mm) for each of ``ESTIMATED_NAMES``.
    """
    coef = coefficients()
    out: dict[str, tuple[float, float]] = {}
    ball, ball_sd = _linear("ball_girth_mm", foot_length_mm, ball_width_mm)
    out["ball_girth_mm"] = (ball, ball_sd)
    instep = coef["instep_girth_mm"]
    base = ball if ball_girth_mm is None else ball_girth_mm
    base_sd = ball_sd if ball_girth_mm is None else 0.0
    sd = (instep["residual_sd_mm"] ** 2 + (instep["ratio_to_ball_girth"] * base_sd) ** 2) ** 0.5
    out["instep_girth_mm"] = (float(instep["ratio_to_ball_girth"] * base), float(sd))
    out["heel_width_mm"] = _linear("heel_width_mm", foot_length_mm, ball_width_mm)
    height = coef["instep_height_mm"]
    out["instep_height_mm"] = (float(height["ratio_to_foot_length"] * foot_length_mm), float(height["residual_sd_mm"]))
    return out


def complete_foot(foot: Foot) -> Foot:
    """A copy of ``foot`` with every missing value of ``ESTIMATED_NAMES`` estimated.

    Measured values are kept as they are. Estimated ones get source ``"estimated"`` and
    their one-sigma uncertainty in ``foot.uncertainty_mm``. Estimates are clipped into
    ``Foot``'s consistency rules (girth above twice the width, heel narrower than the ball).

    Parameters
    ----------
    foot : fit.foot.Foot

    Returns
    -------
    fit.foot.Foot
    """
    missing = [n for n in ESTIMATED_NAMES if foot.value(n) is None]
    if not missing:
        return foot
    guesses = estimate(foot.foot_length_mm, foot.ball_width_mm, foot.ball_girth_mm)
    values: dict[str, float] = {}
    sigma: dict[str, float] = {}
    for name in missing:
        value, sd = guesses[name]
        if name in ("ball_girth_mm", "instep_girth_mm"):
            value = max(value, 2.05 * foot.ball_width_mm)
        if name == "heel_width_mm":
            value = min(value, 0.95 * foot.ball_width_mm)
        values[name] = round(float(value), 1)
        sigma[name] = round(float(sd), 1)
    return foot.with_values("estimated", uncertainty_mm=sigma, **values)
