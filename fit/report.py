"""The typed report of one fitted last: what was measured, what was applied, what was built.

``LastReport`` is what a fit tells the outside world about one last: the foot's measurements
(value, source, uncertainty), the style rules applied (each a length in mm, a ratio or a word,
with its source), the last's target and measured-back dimensions, the measurement sheet (each
row with its definition), the size labels and the mesh's frame. Every number says its unit in
its field name (``value_mm``, ``ratio``).

``to_dict`` gives the JSON record stored beside the last (``spec.json`` on the command line,
the database in the web shell) and ``from_dict`` reads such a record back, including records
written before this module existed: the JSON shape is the one ``fit.pipeline.FootFit`` has
always written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .foot import MEASUREMENT_NAMES, label

#: A JSON object as stored.
JsonDict = dict[str, Any]

#: Unit of a rule that is a fraction of the foot's length (``StyleRules.back_tolerance_fraction``).
OF_FOOT_LENGTH = "of foot length"

#: Fields of ``fit.last.LastSpec`` that are dimensions of the last, mm, in the spec's order. Left
#: out: the foot's own length and the arc positions of the sections along the bottom (``*_s_mm``).
TARGET_DIMENSIONS = ("last_length_mm", "ball_girth_mm", "waist_girth_mm", "instep_girth_mm", "ball_width_mm",
                     "heel_width_mm", "heel_height_mm", "toe_spring_mm", "back_tolerance_mm", "toe_box_allowance_mm",
                     "cone_height_mm", "instep_height_mm")

#: Fields of ``fit.measure_last.LastMeasurements`` that are lengths, mm (``volume_cm3`` is not).
MEASURED_DIMENSIONS = ("last_length_mm", "stick_length_mm", "ball_girth_mm", "waist_girth_mm", "instep_girth_mm",
                       "heel_width_mm", "ball_width_mm", "tread_width_mm", "heel_height_mm", "toe_spring_mm")


@dataclass(frozen=True)
class FootMeasurement:
    """One measurement of the foot (see ``docs/capture.md``, Foot measurements).

    Attributes
    ----------
    name : str
        One of ``fit.foot.MEASUREMENT_NAMES``, e.g. ``"ball_girth_mm"``.
    label : str
        Its words, e.g. ``"Ball girth"``.
    value_mm : float, mm
    source : str
        One of ``fit.foot.SOURCES``.
    uncertainty_mm : float or None, mm
        One-sigma uncertainty, when known.
    """

    name: str
    label: str
    value_mm: float
    source: str
    uncertainty_mm: float | None


@dataclass(frozen=True)
class RuleApplied:
    """One style rule as applied to the last: exactly one of ``value_mm``, ``ratio``, ``text`` is set.

    Attributes
    ----------
    name : str
        e.g. ``"ball_girth_allowance_mm"``, ``"back_tolerance_fraction"``, ``"style"``.
    source : str
        Where the number comes from (a cited source or a stated Cordwain assumption).
    value_mm : float or None, mm
        A length or an allowance.
    ratio : float or None
        A fraction of ``ratio_of`` (``"foot length"``), e.g. 0.02.
    text : str or None
        A word rule (style, construction, toe shape).
    """

    name: str
    source: str
    value_mm: float | None = None
    ratio: float | None = None
    text: str | None = None
    ratio_of: str = "foot length"

    @property
    def unit(self) -> str:
        """The unit as written in the stored record: ``"mm"``, ``"of foot length"`` or ``""``."""
        if self.value_mm is not None:
            return "mm"
        if self.ratio is not None:
            return f"of {self.ratio_of}"
        return ""

    def to_dict(self) -> JsonDict:
        value = self.value_mm if self.value_mm is not None else self.ratio if self.ratio is not None else self.text
        return {"name": self.name, "value": value, "unit": self.unit, "source": self.source}

    @classmethod
    def from_dict(cls, row: Mapping[str, Any]) -> RuleApplied:
        value, unit = row["value"], row["unit"]
        if unit == "mm":
            return cls(name=row["name"], source=row["source"], value_mm=float(value))
        if unit.startswith("of "):
            return cls(name=row["name"], source=row["source"], ratio=float(value), ratio_of=unit.removeprefix("of "))
        return cls(name=row["name"], source=row["source"], text=str(value))


@dataclass(frozen=True)
class Dimension:
    """One dimension of the last, mm: a target set by the rules or a value measured back from the mesh."""

    name: str
    value_mm: float


@dataclass(frozen=True)
class SheetRow:
    """One row of the last's measurement sheet (``fit.measure_last.SHEET``), measured from the mesh.

    Attributes
    ----------
    name, label : str
    definition : str
        How it is measured, in last-making terms.
    value_mm : float or None, mm
    """

    name: str
    label: str
    definition: str
    value_mm: float | None

    def to_dict(self) -> JsonDict:
        return {"name": self.name, "label": self.label, "definition": self.definition, "value_mm": self.value_mm}


@dataclass(frozen=True)
class Sizes:
    """Nearest catalogue sizes of the foot (``fit.sizes.shoe_sizes``); labels for reference only.

    Attributes
    ----------
    eu, uk, us_men, us_women : float
        Nearest half size.
    mondopoint : int, mm
        Foot length in 5 mm steps.
    mondopoint_width : int or None, mm
    width : str or None
        US men's width letter.
    width_letters : dict or None
        Width letter per system (``us_men``, ``us_women``, ``uk``).
    """

    eu: float
    uk: float
    us_men: float
    us_women: float
    mondopoint: int
    mondopoint_width: int | None
    width: str | None
    width_letters: dict[str, str] | None

    def to_dict(self) -> JsonDict:
        return {"eu": self.eu, "uk": self.uk, "us_men": self.us_men, "us_women": self.us_women,
                "mondopoint": self.mondopoint, "mondopoint_width": self.mondopoint_width, "width": self.width,
                "width_letters": self.width_letters}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sizes:
        return cls(eu=data["eu"], uk=data["uk"], us_men=data["us_men"], us_women=data["us_women"],
                   mondopoint=data["mondopoint"], mondopoint_width=data.get("mondopoint_width"),
                   width=data.get("width"), width_letters=data.get("width_letters"))


@dataclass(frozen=True)
class LastReport:
    """Everything a fit reports about one last; ``to_dict`` / ``from_dict`` for storage.

    Attributes
    ----------
    side : str
    measurements : tuple of FootMeasurement
        The completed foot's known measurements, in ``fit.foot.MEASUREMENT_NAMES`` order.
    foot_outline_mm : list of [x, y] or None
        The foot's plantar outline, closed polygon in the foot frame, mm, when one was measured.
    rules : tuple of RuleApplied
    spec : dict
        The last's spec as ``fit.last.LastSpec.to_dict`` writes it.
    measured : dict
        Measured back from the mesh, ``fit.measure_last.LastMeasurements.to_dict``.
    differences : dict
        Measured minus target per target, mm.
    sizes : Sizes
    table : list of dict
        The review table (``fit.pipeline.FootFit.table``).
    sheet : tuple of SheetRow
    mesh_vertices, mesh_faces : int
    frame : str
        The last's coordinate frame, in words.
    """

    side: str
    measurements: tuple[FootMeasurement, ...]
    foot_outline_mm: list[list[float]] | None
    rules: tuple[RuleApplied, ...]
    spec: JsonDict
    measured: JsonDict
    differences: dict[str, float]
    sizes: Sizes
    table: list[JsonDict]
    sheet: tuple[SheetRow, ...]
    mesh_vertices: int
    mesh_faces: int
    frame: str

    @property
    def foot(self) -> JsonDict:
        """The foot as ``fit.foot.Foot.to_dict`` writes it (``Foot.from_dict`` reads it back)."""
        body: JsonDict = {m.name: m.value_mm for m in self.measurements}
        if self.foot_outline_mm is not None:
            body["outline_mm"] = self.foot_outline_mm
        body["sources"] = {m.name: m.source for m in self.measurements}
        spreads = {m.name: m.uncertainty_mm for m in self.measurements if m.uncertainty_mm is not None}
        if spreads:
            body["uncertainty_mm"] = spreads
        return body

    @property
    def target(self) -> tuple[Dimension, ...]:
        """The last's dimensions its rules set (``TARGET_DIMENSIONS`` that have a value), mm."""
        return _dimensions(self.spec, TARGET_DIMENSIONS)

    @property
    def measured_dimensions(self) -> tuple[Dimension, ...]:
        """The last's lengths measured back from the mesh (``MEASURED_DIMENSIONS``), mm."""
        return _dimensions(self.measured, MEASURED_DIMENSIONS)

    def to_dict(self) -> JsonDict:
        """The JSON record (the shape ``spec.json`` and the stored lasts have always had)."""
        return {
            "side": self.side,
            "foot": self.foot,
            "rules": [rule.to_dict() for rule in self.rules],
            "spec": self.spec,
            "measured": self.measured,
            "differences": self.differences,
            "sizes": self.sizes.to_dict(),
            "table": self.table,
            "sheet": [row.to_dict() for row in self.sheet],
            "mesh": {"vertices": self.mesh_vertices, "faces": self.mesh_faces, "frame": self.frame},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LastReport:
        """Read a stored record back (any record ``to_dict`` or an earlier ``FootFit.to_dict`` wrote)."""
        mesh = data["mesh"]
        foot = data["foot"]
        return cls(side=data["side"], measurements=foot_measurements(foot), foot_outline_mm=foot.get("outline_mm"),
                   rules=tuple(RuleApplied.from_dict(row) for row in data["rules"]),
                   spec=dict(data["spec"]), measured=dict(data["measured"]),
                   differences=dict(data.get("differences", {})), sizes=Sizes.from_dict(data["sizes"]),
                   table=list(data.get("table", [])),
                   sheet=tuple(SheetRow(name=row["name"], label=row["label"], definition=row["definition"],
                                        value_mm=row.get("value_mm")) for row in data.get("sheet") or ()),
                   mesh_vertices=int(mesh["vertices"]), mesh_faces=int(mesh["faces"]), frame=mesh["frame"])


def foot_measurements(foot: Mapping[str, Any]) -> tuple[FootMeasurement, ...]:
    """The known measurements of a foot record (``fit.foot.Foot.to_dict``), in ``MEASUREMENT_NAMES`` order."""
    sources, spreads = foot.get("sources") or {}, foot.get("uncertainty_mm") or {}
    return tuple(FootMeasurement(name=name, label=label(name), value_mm=float(foot[name]),
                                 source=sources.get(name, "typed"), uncertainty_mm=spreads.get(name))
                 for name in MEASUREMENT_NAMES if foot.get(name) is not None)


def _dimensions(values: Mapping[str, Any], names: Sequence[str]) -> tuple[Dimension, ...]:
    return tuple(Dimension(name, float(values[name])) for name in names
                 if isinstance(values.get(name), (int, float)) and not isinstance(values.get(name), bool))
