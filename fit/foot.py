"""One foot's measurements, where each came from, and plausibility checks.

Definitions follow ``docs/capture.md`` (the capture contract):
foot frame with the heel at y = 0, +y toward the toes, millimetres.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from .errors import InvalidSpec

SIDES = ("left", "right")

#: Value sources, in the words the shopper and fitter see.
SOURCES = ("typed", "photo", "photo 3D", "scan", "estimated", "fitter")

#: Measurement names a foot may carry, in display order (all millimetres).
MEASUREMENT_NAMES = (
    "foot_length_mm",
    "ball_width_mm",
    "ball_girth_mm",
    "instep_girth_mm",
    "heel_width_mm",
    "instep_height_mm",
)

# Plausible adult and child ranges; wide on purpose: they catch typos and unit
# mistakes (inches typed as mm, width typed as girth), not unusual feet.
_RANGES_MM = {
    "foot_length_mm": (120.0, 380.0),
    "ball_width_mm": (50.0, 160.0),
    "ball_girth_mm": (130.0, 380.0),
    "instep_girth_mm": (130.0, 400.0),
    "heel_width_mm": (35.0, 110.0),
    "instep_height_mm": (35.0, 120.0),
}

_LABELS = {
    "foot_length_mm": "Foot length",
    "ball_width_mm": "Ball width",
    "ball_girth_mm": "Ball girth",
    "instep_girth_mm": "Instep girth",
    "heel_width_mm": "Heel width",
    "instep_height_mm": "Instep height",
}


def label(name: str) -> str:
    """Human label of a measurement name: ``"ball_girth_mm"`` -> ``"Ball girth"``."""
    return _LABELS.get(name, name.replace("_mm", "").replace("_", " ").capitalize())


@dataclass(frozen=True)
class Foot:
    """Measurements of one foot, in millimetres.

    Attributes
    ----------
    side : str
        ``"left"`` or ``"right"``.
    foot_length_mm, ball_width_mm : float
        Required.
    ball_girth_mm, instep_girth_mm, heel_width_mm, instep_height_mm : float or None
        ``None`` when not known (never zero).
    outline_mm : tuple of (x, y) or None
        Plantar outline, closed polygon in the foot frame (heel at y = 0), mm.
    sources : dict
        Measurement name -> one of ``SOURCES``; missing names count as ``"typed"``.
    uncertainty_mm : dict
        Measurement name -> one-sigma uncertainty in mm, where known.
    """

    side: str
    foot_length_mm: float
    ball_width_mm: float
    ball_girth_mm: float | None = None
    instep_girth_mm: float | None = None
    heel_width_mm: float | None = None
    instep_height_mm: float | None = None
    outline_mm: tuple[tuple[float, float], ...] | None = None
    sources: dict[str, str] = field(default_factory=dict)
    uncertainty_mm: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise InvalidSpec(f"Side must be left or right, not {self.side!r}.", field="side")
        for name in MEASUREMENT_NAMES:
            value = getattr(self, name)
            if value is None:
                continue
            _check_range(self.side, name, value)
        _check_consistency(self)

    def value(self, name: str) -> float | None:
        """Measurement ``name`` in mm, or None."""
        value: float | None = getattr(self, name)
        return value

    def source(self, name: str) -> str:
        """Where measurement ``name`` came from (``"typed"`` unless stated)."""
        return self.sources.get(name, "typed")

    def known(self) -> dict[str, float]:
        """Dict of the measurements that have a value."""
        return {n: getattr(self, n) for n in MEASUREMENT_NAMES if getattr(self, n) is not None}

    def with_values(self, source: str, uncertainty_mm: dict[str, float] | None = None, **values: float) -> "Foot":
        """A copy with ``values`` set and marked as coming from ``source``."""
        sources = dict(self.sources)
        uncertainty = dict(self.uncertainty_mm)
        for name in values:
            sources[name] = source
            if uncertainty_mm and name in uncertainty_mm:
                uncertainty[name] = uncertainty_mm[name]
        changes: dict[str, Any] = {**values, "sources": sources, "uncertainty_mm": uncertainty}
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict, keyed as in the measurements file."""
        body: dict[str, Any] = {n: round(float(v), 2) for n, v in self.known().items()}
        if self.outline_mm is not None:
            body["outline_mm"] = [[round(float(x), 2), round(float(y), 2)] for x, y in self.outline_mm]
        body["sources"] = {n: self.source(n) for n in self.known()}
        if self.uncertainty_mm:
            body["uncertainty_mm"] = {n: round(float(u), 2) for n, u in self.uncertainty_mm.items()}
        return body

    @classmethod
    def from_dict(cls, side: str, data: Any, default_source: str = "typed") -> "Foot":
        """Build from a measurements-file entry; unknown keys are refused by name."""
        if not isinstance(data, dict):
            raise InvalidSpec(f"The {side} foot must be an object of measurements.", field=side)
        allowed = set(MEASUREMENT_NAMES) | {"outline_mm", "sources", "uncertainty_mm", "side"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise InvalidSpec(f"Unknown measurement {unknown[0]!r} for the {side} foot.", field=unknown[0])
        values: dict[str, float] = {}
        for name in MEASUREMENT_NAMES:
            if data.get(name) is None:
                continue
            try:
                values[name] = float(data[name])
            except (TypeError, ValueError):
                raise InvalidSpec(f"{label(name)} of the {side} foot must be a number.", field=name) from None
        for name in ("foot_length_mm", "ball_width_mm"):
            if name not in values:
                raise InvalidSpec(f"{label(name)} of the {side} foot is required.", field=name)
        outline = data.get("outline_mm")
        if outline is not None:
            outline = tuple((float(x), float(y)) for x, y in outline)
        sources = {n: default_source for n in values}
        sources.update(data.get("sources") or {})
        return cls(side=side, outline_mm=outline, sources=sources,
                   uncertainty_mm=dict(data.get("uncertainty_mm") or {}), **values)


def read_measurements(data: Any) -> dict[str, Foot]:
    """Both feet from a measurements-file object (see the capture contract).

    Returns
    -------
    dict
        ``{"left": Foot, "right": Foot}``
    """
    if not isinstance(data, dict):
        raise InvalidSpec("Measurements must be a JSON object with 'left' and 'right'.", field="measurements")
    units = data.get("units", "mm")
    if units != "mm":
        raise InvalidSpec(f"Measurements files are in mm; got units {units!r}.", field="units")
    feet = {}
    for side in SIDES:
        if side not in data:
            raise InvalidSpec(f"The {side} foot is missing.", field=side)
        feet[side] = Foot.from_dict(side, data[side])
    return feet


def _check_range(side: str, name: str, value: float) -> None:
    low, high = _RANGES_MM[name]
    if not (low <= value <= high):
        raise InvalidSpec(
            f"{label(name)} of the {side} foot is {value:g} mm, outside the plausible "
            f"{low:g}–{high:g} mm. Check the number and the unit (mm or inches).",
            field=name,
        )


def _check_consistency(foot: Foot) -> None:
    side = foot.side
    if foot.ball_width_mm >= 0.6 * foot.foot_length_mm:
        raise InvalidSpec(
            f"Ball width ({foot.ball_width_mm:g} mm) cannot be {foot.ball_width_mm / foot.foot_length_mm:.0%} "
            f"of foot length ({foot.foot_length_mm:g} mm) on the {side} foot; width is measured across the "
            "widest part of the forefoot, length from heel to longest toe.",
            field="ball_width_mm",
        )
    if foot.ball_girth_mm is not None and foot.ball_girth_mm <= 2 * foot.ball_width_mm:
        raise InvalidSpec(
            f"Ball girth ({foot.ball_girth_mm:g} mm) must be more than twice the ball width "
            f"({foot.ball_width_mm:g} mm) on the {side} foot: a tape around the foot is longer than "
            "two widths. Was the width typed in the girth box?",
            field="ball_girth_mm",
        )
    if foot.heel_width_mm is not None and foot.heel_width_mm >= foot.ball_width_mm * 1.05:
        raise InvalidSpec(
            f"Heel width ({foot.heel_width_mm:g} mm) is larger than the ball width "
            f"({foot.ball_width_mm:g} mm) on the {side} foot; the heel is narrower than the ball.",
            field="heel_width_mm",
        )
