"""A design's feet: read from the typed-measurements form, and stored on the design."""

from collections.abc import Mapping

from fit.errors import InvalidSpec
from fit.foot import MEASUREMENT_NAMES, SIDES, Foot

from ..models import Design

MM_PER_INCH = 25.4
#: Form fields of the typed-measurements form, per side: measurement name -> required?
FORM_FIELDS = {"foot_length_mm": True, "ball_width_mm": True, "ball_girth_mm": False, "instep_girth_mm": False}


def feet_from_form(form: Mapping[str, str]) -> dict[str, Foot]:
    """Both feet from the typed form: fields ``{side}_{name}`` and ``units`` (mm or in).

    Returns ``{"left": Foot, "right": Foot}``; raises ``InvalidSpec`` naming the
    form field (``left_ball_width_mm``) at fault.
    """
    units = form.get("units", "mm")
    if units not in ("mm", "in"):
        raise InvalidSpec("Units must be mm or inches.", field="units")
    scale = MM_PER_INCH if units == "in" else 1.0
    return {side: _foot_from_form(form, side, scale) for side in SIDES}


def _foot_from_form(form: Mapping[str, str], side: str, scale: float) -> Foot:
    values = {}
    for name, required in FORM_FIELDS.items():
        raw = (form.get(f"{side}_{name}") or "").strip().replace(",", ".")
        if not raw:
            if required:
                raise InvalidSpec(f"Please give the {side} foot's {_words(name)}.", field=f"{side}_{name}")
            continue
        try:
            values[name] = round(float(raw) * scale, 1)
        except ValueError:
            raise InvalidSpec(f"The {side} foot's {_words(name)} must be a number, not {raw!r}.",
                              field=f"{side}_{name}") from None
    try:
        return Foot.from_dict(side, values)
    except InvalidSpec as error:
        error.field = f"{side}_{error.field}" if error.field in MEASUREMENT_NAMES else error.field
        raise


def form_values(design: Design) -> dict[str, object]:
    """The form pre-filled with the design's stored values, in mm."""
    values: dict[str, object] = {"units": "mm"}
    for side, foot in (design.feet or {}).items():
        for name in FORM_FIELDS:
            if name in foot:
                values[f"{side}_{name}"] = foot[name]
    return values


def save_feet(design: Design, feet: Mapping[str, Foot]) -> None:
    """Store both feet on the design (replacing earlier values) and drop lasts built from old values."""
    design.feet = {side: feet[side].to_dict() for side in SIDES}
    design.lasts.clear()


def has_both_feet(design: Design) -> bool:
    return bool(design.feet) and set(design.feet or {}) == set(SIDES)


def _words(name: str) -> str:
    return name.removesuffix("_mm").replace("_", " ")
