"""Lasts to build shoes on: one per style from typed feet (the default-last path of the shop)."""

import pytest

from fit.foot import Foot
from fit.pipeline import fit_foot
from fit.shoe import build_shoe
from fit.style import rules_for
from shoe_cases import OPTIONS



@pytest.fixture(scope="session")
def fits():
    """A left fit per style on a 265 mm foot, and a right sneaker on a long wide foot (310 mm)."""
    out = {style: fit_foot(Foot(side="left", foot_length_mm=265.0, ball_width_mm=101.0), rules_for(style))
           for style in OPTIONS}
    out["big-right"] = fit_foot(Foot(side="right", foot_length_mm=310.0, ball_width_mm=118.0), rules_for("sneaker"))
    return out


@pytest.fixture(scope="session")
def shoes(fits):
    out = {style: build_shoe(fits[style], style, OPTIONS[style]) for style in OPTIONS}
    out["big-right"] = build_shoe(fits["big-right"], "sneaker", OPTIONS["sneaker"])
    return out
