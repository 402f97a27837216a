"""Style rules: how much a last departs from the foot, per catalog style.

Each number from the trade stands next to its source. ``rules_for`` gives a style's
defaults, then the shopper's options (toe shape, heel height), then a fitter's overrides.
"""

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from .errors import InvalidSpec

STYLES = ("oxford", "derby", "sneaker", "chelsea")
TOE_SHAPES = ("round", "almond", "square", "pointed")
CONSTRUCTIONS = ("goodyear", "blake", "cemented", "vulcanised")

# Toe allowance, mm beyond the longest toe. About 15-20 mm for men's closed shoes,
# more for pointed toes, whose tip lies ahead of the toes. Cordwain assumption, of the order of the
# English sizing system's 2-barleycorn (2/3 in, about 17 mm) allowance between foot and last.
_TOE_ALLOWANCE_MM = {"round": 16.0, "almond": 18.0, "square": 17.0, "pointed": 26.0}

# Back tolerance: the heel curve overhangs the last's heel point by about 2 % of foot length
# (Cordwain assumption: last bottom length = foot length + toe allowance - back tolerance).
_BACK_TOLERANCE_FRACTION = 0.02

# Per style. Girth allowances in mm of tape, last minus foot:
#  - dress shoes in light leather sit below the foot at the joint, about -3 mm ball girth and
#    -6 mm instep (Cordwain assumption: dress leather stretches over the joint); waist in between.
#  - athletic lasts add a sock allowance of +4 to +6 mm (Cordwain assumption: sock and padding).
#  - heel: a snug heel grip, -2 mm on dress shoes (Cordwain assumption, see heel_width rule).
# Toe spring at a flat heel (toe_spring_flat_mm) falls linearly to 0 at an 80 mm heel:
# about 15 mm for a flat hiking boot/sneaker, about 5 mm for a casual slip-on, near 0 for a
# high heel (Cordwain assumption: the forepart rolls on a flat sole and lies flat under a high heel).
_STYLE_DEFAULTS: dict[str, dict[str, Any]] = {
    "oxford": dict(toe_box_allowance_mm=4.0, construction="goodyear", toe_shape="almond", heel_height_mm=25.0, toe_spring_flat_mm=12.0,
                   ball_girth_allowance_mm=-3.0, waist_girth_allowance_mm=-4.5, instep_girth_allowance_mm=-6.0,
                   heel_girth_allowance_mm=-2.0, max_heel_height_mm=50.0),
    "derby": dict(toe_box_allowance_mm=4.0, construction="goodyear", toe_shape="round", heel_height_mm=25.0, toe_spring_flat_mm=12.0,
                  ball_girth_allowance_mm=-2.0, waist_girth_allowance_mm=-3.0, instep_girth_allowance_mm=-4.0,
                  heel_girth_allowance_mm=-2.0, max_heel_height_mm=50.0),
    "sneaker": dict(toe_box_allowance_mm=6.0, construction="cemented", toe_shape="round", heel_height_mm=12.0, toe_spring_flat_mm=15.0,
                    ball_girth_allowance_mm=5.0, waist_girth_allowance_mm=5.0, instep_girth_allowance_mm=5.0,
                    heel_girth_allowance_mm=4.0, max_heel_height_mm=40.0),
    "chelsea": dict(toe_box_allowance_mm=4.0, construction="blake", toe_shape="round", heel_height_mm=30.0, toe_spring_flat_mm=10.0,
                    ball_girth_allowance_mm=-1.0, waist_girth_allowance_mm=-1.0, instep_girth_allowance_mm=0.0,
                    heel_girth_allowance_mm=-1.0, max_heel_height_mm=80.0),
}

# Toe-box allowance: room above the foot's toes, mm. Cordwain assumption after the usual
# toe-box heights of finished shoes (about 4 mm over the toes under a leather toe puff for
# dress shoes; 6 mm on athletic lasts for sock, lining foam and toe flex), scaled per toe
# shape: square toes carry more room, pointed ones less (their room is ahead of the toes).
_TOE_BOX_FACTOR = {"round": 1.0, "almond": 0.95, "square": 1.15, "pointed": 0.85}

#: Heel height at which toe spring reaches zero (Cordwain assumption: near 0 for a high heel).
ZERO_SPRING_HEEL_MM = 80.0

#: Forward move of the ball line along the last bottom per mm of heel height, mm/mm.
#: Cordwain assumption (the foot slides forward on a pitched seat): 1 mm per 10 mm of heel.
BALL_SHIFT_PER_HEEL = 0.1

_SOURCES = {
    "toe_allowance_mm": "15-20 mm for men's closed shoes, more for pointed toes (Cordwain assumption, of the order of the "
                        "English sizing system's 2-barleycorn, about 17 mm, allowance between foot and last)",
    "back_tolerance_mm": "about 2 % of foot length (Cordwain assumption: the heel curve overhangs the seat)",
    "toe_spring_mm": "falls as the heel rises: ~15 mm flat boot, ~5 mm slip-on, ~0 high heel (Cordwain assumption: "
                     "the forepart rolls on a flat sole, lies flat under a high heel); "
                     "linear to 0 at 80 mm",
    "ball_girth_allowance_mm": "dress -3 mm, athletic sock +4..+6 mm (Cordwain assumption: dress leather stretches over the joint; "
                               "athletic lasts leave room for sock and padding)",
    "waist_girth_allowance_mm": "between ball and instep allowances (Cordwain)",
    "instep_girth_allowance_mm": "dress -6 mm, athletic +4..+6 mm (Cordwain assumption: lacing closes the instep; athletic room for "
                                 "sock and tongue padding)",
    "heel_girth_allowance_mm": "snug heel grip (Cordwain assumption); heel width changes by allowance/pi",
    "heel_height_mm": "style default; shopper option up to the style's maximum",
    "toe_box_allowance_mm": "room over the toes: 4 mm dress, 6 mm athletic, x1.15 square, x0.85 pointed "
                            "(Cordwain assumption after finished-shoe toe-box heights)",
    "ball_shift_mm": "ball line moves forward as the heel rises, 1 mm per 10 mm heel (Cordwain assumption: the foot "
                    "slides forward on a pitched seat)",
}


def _toe_spring(flat_mm: float, heel_height_mm: float) -> float:
    return max(0.0, flat_mm * (1.0 - heel_height_mm / ZERO_SPRING_HEEL_MM))


@dataclass(frozen=True)
class StyleRules:
    """Everything about a last that is not the foot.

    Attributes
    ----------
    style, construction, toe_shape : str
    heel_height_mm : float, mm
        Height of the heel seat above the floor with the tread on the floor.
    toe_spring_mm : float, mm
        Height of the toe point above the floor.
    toe_allowance_mm : float, mm
        Last length beyond the foot's longest toe.
    back_tolerance_fraction : float
        Heel-curve overhang as a fraction of foot length.
    ball_girth_allowance_mm, waist_girth_allowance_mm, instep_girth_allowance_mm,
    heel_girth_allowance_mm : float, mm of tape
        Last girth minus foot girth.
    max_heel_height_mm : float, mm
    toe_box_allowance_mm : float, mm
        Room above the foot's toes in the toe box.
    """

    style: str
    construction: str
    toe_shape: str
    heel_height_mm: float
    toe_spring_mm: float
    toe_allowance_mm: float
    back_tolerance_fraction: float
    ball_girth_allowance_mm: float
    waist_girth_allowance_mm: float
    instep_girth_allowance_mm: float
    heel_girth_allowance_mm: float
    max_heel_height_mm: float
    toe_box_allowance_mm: float = 4.0

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise InvalidSpec(f"Unknown style {self.style!r}; choose one of {', '.join(STYLES)}.", field="style")
        if self.toe_shape not in TOE_SHAPES:
            raise InvalidSpec(f"Unknown toe shape {self.toe_shape!r}; choose one of {', '.join(TOE_SHAPES)}.",
                              field="toe_shape")
        if self.construction not in CONSTRUCTIONS:
            raise InvalidSpec(f"Unknown construction {self.construction!r}.", field="construction")
        _check(self, "max_heel_height_mm", 0.0, 120.0)
        if not 0.0 <= self.heel_height_mm <= self.max_heel_height_mm:
            raise InvalidSpec(
                f"Heel height {self.heel_height_mm:g} mm is outside 0-{self.max_heel_height_mm:g} mm "
                f"allowed for a {self.style}.", field="heel_height_mm")
        _check(self, "toe_spring_mm", 0.0, 30.0)
        _check(self, "toe_allowance_mm", 5.0, 45.0)
        _check(self, "back_tolerance_fraction", 0.0, 0.05)
        _check(self, "toe_box_allowance_mm", 0.0, 15.0)
        for name in ("ball_girth_allowance_mm", "waist_girth_allowance_mm", "instep_girth_allowance_mm",
                     "heel_girth_allowance_mm"):
            _check(self, name, -15.0, 15.0)

    def back_tolerance_mm(self, foot_length_mm: float) -> float:
        """Back tolerance for a foot of ``foot_length_mm``, mm."""
        return self.back_tolerance_fraction * foot_length_mm

    def ball_shift_mm(self) -> float:
        """Forward move of the ball line for this heel height, mm."""
        return BALL_SHIFT_PER_HEEL * self.heel_height_mm

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check(rules: StyleRules, name: str, low: float, high: float) -> None:
    value = getattr(rules, name)
    if not isinstance(value, (int, float)) or not low <= value <= high:
        raise InvalidSpec(f"{name.replace('_', ' ')} must be between {low:g} and {high:g}, not {value!r}.",
                          field=name)


def rules_for(style: str, *, toe_shape: str | None = None, heel_height_mm: float | None = None,
              **overrides: Any) -> StyleRules:
    """Rules for ``style``: defaults, then the shopper's options, then a fitter's overrides.

    Toe spring follows the heel height unless ``toe_spring_mm`` is overridden; toe allowance
    follows the toe shape unless ``toe_allowance_mm`` is overridden.

    Returns
    -------
    StyleRules
    """
    if style not in STYLES:
        raise InvalidSpec(f"Unknown style {style!r}; choose one of {', '.join(STYLES)}.", field="style")
    base = dict(_STYLE_DEFAULTS[style])
    flat_spring = base.pop("toe_spring_flat_mm")
    if toe_shape is not None:
        base["toe_shape"] = toe_shape
    if heel_height_mm is not None:
        base["heel_height_mm"] = float(heel_height_mm)
    shape = base["toe_shape"]
    if shape not in TOE_SHAPES:
        raise InvalidSpec(f"Unknown toe shape {shape!r}; choose one of {', '.join(TOE_SHAPES)}.", field="toe_shape")
    known = {f.name for f in fields(StyleRules)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise InvalidSpec(f"Unknown style parameter {unknown[0]!r}.", field=unknown[0])
    base["toe_box_allowance_mm"] = base["toe_box_allowance_mm"] * _TOE_BOX_FACTOR[shape]
    heel = base["heel_height_mm"]
    if not isinstance(heel, (int, float)):
        raise InvalidSpec("Heel height must be a number.", field="heel_height_mm")
    rules = StyleRules(style=style, toe_spring_mm=_toe_spring(flat_spring, min(max(heel, 0.0), 80.0)),
                       toe_allowance_mm=_TOE_ALLOWANCE_MM[shape],
                       back_tolerance_fraction=_BACK_TOLERANCE_FRACTION, **base)
    return replace(rules, **overrides) if overrides else rules


def rules_applied(rules: StyleRules) -> list[dict[str, Any]]:
    """The rules as rows for ``spec.json`` and the fitter page.

    Returns
    -------
    list of dict
        ``{"name", "value", "unit", "source"}`` per rule.
    """
    rows: list[dict[str, Any]] = [
        {"name": "style", "value": rules.style, "unit": "", "source": "catalog"},
        {"name": "construction", "value": rules.construction, "unit": "", "source": "catalog"},
        {"name": "toe_shape", "value": rules.toe_shape, "unit": "", "source": "shopper option or style default"},
    ]
    for name, unit in (("heel_height_mm", "mm"), ("toe_spring_mm", "mm"), ("toe_allowance_mm", "mm"),
                       ("ball_girth_allowance_mm", "mm"), ("waist_girth_allowance_mm", "mm"),
                       ("instep_girth_allowance_mm", "mm"), ("heel_girth_allowance_mm", "mm"),
                       ("max_heel_height_mm", "mm"), ("toe_box_allowance_mm", "mm")):
        rows.append({"name": name, "value": float(getattr(rules, name)), "unit": unit,
                     "source": _SOURCES.get(name, "style default")})
    rows.append({"name": "back_tolerance_fraction", "value": rules.back_tolerance_fraction, "unit": "of foot length",
                 "source": _SOURCES["back_tolerance_mm"]})
    rows.append({"name": "ball_shift_mm", "value": rules.ball_shift_mm(), "unit": "mm",
                 "source": _SOURCES["ball_shift_mm"]})
    return rows
