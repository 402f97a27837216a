"""A design's feet: read from the typed-measurements form (every problem at once), and stored on the design."""

from collections.abc import Mapping
from typing import Any

from fit.errors import InvalidSpec
from fit.foot import MEASUREMENT_NAMES, SIDES, Foot

from ..errors import FormErrors
from ..models import Design

MM_PER_INCH = 25.4          # exact, by definition (international yard and pound agreement, 1959)
#: Form fields of the typed-measurements form, per side: measurement name -> required?
FORM_FIELDS = {"foot_length_mm": True, "ball_width_mm": True, "ball_girth_mm": False, "instep_girth_mm": False}
#: A left/right length difference above this is asked about before it is used. Cordwain assumption: most
#: adults' feet differ in length by less than 5 mm, so 15 mm is far more often a typing slip than a real foot.
CONFIRM_LENGTH_DIFFERENCE_MM = 15.0
CONFIRM_FIELD = "confirm_difference"


def feet_from_form(form: Mapping[str, str]) -> dict[str, Foot]:
    """Both feet from the typed form: fields ``{side}_{name}`` and ``units`` (mm or in).

    Returns ``{"left": Foot, "right": Foot}``; raises ``FormErrors`` naming every form field
    (``left_ball_width_mm``) at fault, and ``confirm_difference`` when the lengths differ by more
    than ``CONFIRM_LENGTH_DIFFERENCE_MM`` and the shopper has not confirmed it.
    """
    units = form.get("units", "mm")
    if units not in ("mm", "in"):
        raise FormErrors({"units": "Units must be mm or inches."})
    scale = MM_PER_INCH if units == "in" else 1.0
    errors: dict[str, str] = {}
    feet = {side: foot for side in SIDES if (foot := _foot_from_form(form, side, scale, errors)) is not None}
    if errors:
        raise FormErrors(errors)
    difference_mm = abs(feet["left"].foot_length_mm - feet["right"].foot_length_mm)
    if difference_mm > CONFIRM_LENGTH_DIFFERENCE_MM and not form.get(CONFIRM_FIELD):
        raise FormErrors({CONFIRM_FIELD: f"Your feet differ in length by {difference_mm:.0f} mm. Most people's "
                                         "differ by less than 5 mm: please check both lengths, or tick the box "
                                         "to confirm they are right."}, code="FEET_DIFFER")
    return feet


def _foot_from_form(form: Mapping[str, str], side: str, scale: float, errors: dict[str, str]) -> Foot | None:
    values = {}
    before = len(errors)
    for name, required in FORM_FIELDS.items():
        field = f"{side}_{name}"
        raw = (form.get(field) or "").strip().replace(",", ".")
        if not raw:
            if required:
                errors[field] = f"Please give the {side} foot's {_words(name)}."
            continue
        try:
            values[name] = round(float(raw) * scale, 1)
        except ValueError:
            errors[field] = f"The {side} foot's {_words(name)} must be a number, not {raw!r}."
    if len(errors) > before:
        return None
    try:
        return Foot.from_dict(side, values)
    except InvalidSpec as error:
        field = f"{side}_{error.field}" if error.field in MEASUREMENT_NAMES else (error.field or f"{side}_foot")
        errors[field] = error.message
        return None


def entered_values(form: Mapping[str, str]) -> dict[str, Any]:
    """What the shopper typed, as typed (units and raw numbers), to show the form again in their units."""
    fields = [f"{side}_{name}" for side in SIDES for name in FORM_FIELDS]
    return {"units": form.get("units", "mm"), "values": {f: form[f].strip() for f in fields if form.get(f)}}


def form_values(design: Design) -> dict[str, object]:
    """The form pre-filled with the design's stored values: as the shopper typed them while they still match
    the stored millimetres (a photo accepted since replaces them), else in mm."""
    values: dict[str, object] = {"units": "mm"}
    for side, foot in (design.feet or {}).items():
        for name in FORM_FIELDS:
            if name in foot:
                values[f"{side}_{name}"] = foot[name]
    entered = design.feet_entered or {}
    scale = MM_PER_INCH if entered.get("units") == "in" else 1.0
    typed = entered.get("values", {})
    if typed and all(_mm_or_none(raw, scale) == values.get(field) for field, raw in typed.items()):
        return {**values, **typed, "units": entered["units"]}
    return values


def entered_units(design: Design) -> str:
    """``"in"`` while the design's feet are still the values the shopper typed in inches, else ``"mm"``."""
    return str(form_values(design)["units"])


def save_feet(design: Design, feet: Mapping[str, Foot], entered: Mapping[str, Any] | None = None) -> None:
    """Store both feet on the design (replacing earlier values) and drop lasts built from old values."""
    design.feet = {side: feet[side].to_dict() for side in SIDES}
    design.feet_entered = dict(entered) if entered else None
    design.lasts.clear()


def has_both_feet(design: Design) -> bool:
    return bool(design.feet) and set(design.feet or {}) == set(SIDES)


def _mm_or_none(raw: str, scale: float) -> float | None:
    try:
        return round(float(raw.replace(",", ".")) * scale, 1)
    except ValueError:
        return None


def _words(name: str) -> str:
    return name.removesuffix("_mm").replace("_", " ")
