"""Foot in, last out: complete the foot, apply the style, build, measure back, export.

Each foot is fitted from its own numbers; a pair is two independent fits. ``make_pair`` is the
one call for a pair's output: the lasts, their files (bytes, per requested format), the plan
outlines and the typed reports (``fit.report.LastReport``). The web shell stores them, the
command line writes them (``write_pair``).
"""

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import trimesh

from .drawings import last_drawings
from .errors import InvalidSpec
from .estimate import complete_foot
from .export import export_mesh
from .factory import factory_bodies
from .foot import SIDES, Foot, label
from .last import LastSpec, ball_width_allowance_mm, build_last, landmarks, last_spec
from .measure_last import LastMeasurements, measure_last, measure_sheet, plan_outline_mm, sheet_definitions
from .report import LastReport, RuleApplied, SheetRow, Sizes, foot_measurements
from .sizes import shoe_sizes
from .style import StyleRules, rules_applied

EXPORT_FORMATS = ("stl", "3mf", "glb", "obj")

#: Drawings written per last by ``write_pair`` as ``{side}_{suffix}`` (see ``fit.drawings``).
DRAWINGS = ("bottom.dxf", "bottom.svg", "curves.dxf", "sections.svg")

#: The last's coordinate frame, in words (every report states it).
LAST_FRAME = "mm; origin on the floor below the heel point, +y to the toe, +z up"

#: One row of ``FootFit.table``: numbers in mm (or None) and words.
TableRow = dict[str, Any]


@dataclass
class FootFit:
    """One foot's fit: the completed foot, the rules, the last's targets, mesh and measurements.

    ``sheet`` is the measurement sheet in last-making terms (``fit.measure_last.SHEET``), every
    value measured from the mesh.
    """

    foot: Foot
    rules: StyleRules
    spec: LastSpec
    mesh: trimesh.Trimesh
    measured: LastMeasurements
    sizes: dict[str, Any]
    sheet: dict[str, float] = field(default_factory=dict)

    def drawings(self, title: str = "") -> dict[str, bytes]:
        """The last's drawings, file suffix -> bytes (``DRAWINGS``; ``fit.drawings.last_drawings``)."""
        drawn: dict[str, bytes] = last_drawings(self.mesh, landmarks(self.spec), title)
        return drawn

    def factory(self, thimble: bool = True, cut: str | None = None) -> dict[str, trimesh.Trimesh]:
        """The last as the factory makes it (``fit.factory.factory_bodies``), name -> mesh."""
        return factory_bodies(self.mesh, self.spec, thimble=thimble, cut=cut)

    def _waist(self) -> tuple[float, float]:
        f = self.foot
        assert f.ball_girth_mm is not None and f.instep_girth_mm is not None     # a completed foot has both
        value = 0.5 * (f.ball_girth_mm + f.instep_girth_mm)
        ub, ui = f.uncertainty_mm.get("ball_girth_mm", 0.0), f.uncertainty_mm.get("instep_girth_mm", 0.0)
        return value, 0.5 * float(np.hypot(ub, ui))

    def table(self) -> list[TableRow]:
        """Rows of foot value, allowance and last value for the review page.

        Returns
        -------
        list of dict
            ``name``, ``label``, ``foot_mm``, ``source`` ("estimated" for estimates),
            ``uncertainty_mm``, ``allowance_mm``, ``last_target_mm``, ``last_measured_mm``.
        """
        f, r, s, m = self.foot, self.rules, self.spec, self.measured
        waist, waist_u = self._waist()

        def row(name: str, row_label: str, foot_mm: float | None, source: str, allowance: float | None,
                target: float | None, measured: float | None, uncertainty: float | None = None) -> TableRow:
            return {"name": name, "label": row_label,
                    "foot_mm": None if foot_mm is None else round(float(foot_mm), 1), "source": source,
                    "uncertainty_mm": None if uncertainty is None else round(float(uncertainty), 1),
                    "allowance_mm": None if allowance is None else round(float(allowance), 1),
                    "last_target_mm": None if target is None else round(float(target), 1),
                    "last_measured_mm": None if measured is None else round(float(measured), 1)}

        def foot_row(name: str, target_name: str, allowance: float) -> TableRow:
            return row(name, label(name), f.value(name), f.source(name), allowance,
                       getattr(s, target_name), getattr(m, target_name), f.uncertainty_mm.get(name))

        return [
            row("length_mm", "Length", f.foot_length_mm, f.source("foot_length_mm"),
                r.toe_allowance_mm - s.back_tolerance_mm, s.last_length_mm, m.last_length_mm,
                f.uncertainty_mm.get("foot_length_mm")),
            foot_row("ball_girth_mm", "ball_girth_mm", r.ball_girth_allowance_mm),
            row("waist_girth_mm", "Waist girth", waist, "estimated", r.waist_girth_allowance_mm,
                s.waist_girth_mm, m.waist_girth_mm, waist_u),
            foot_row("instep_girth_mm", "instep_girth_mm", r.instep_girth_allowance_mm),
            foot_row("ball_width_mm", "ball_width_mm", ball_width_allowance_mm(r.ball_girth_allowance_mm)),
            foot_row("heel_width_mm", "heel_width_mm", r.heel_girth_allowance_mm / np.pi),
            row("instep_height_mm", label("instep_height_mm"), f.instep_height_mm, f.source("instep_height_mm"),
                None, None, None, f.uncertainty_mm.get("instep_height_mm")),
            row("heel_height_mm", "Heel height", None, "style", None, s.heel_height_mm, m.heel_height_mm),
            row("toe_spring_mm", "Toe spring", None, "style", None, s.toe_spring_mm, m.toe_spring_mm),
        ]

    def differences(self) -> dict[str, float]:
        """Measured minus target for every target of the spec, mm."""
        return {name: round(getattr(self.measured, name) - value, 3) for name, value in self.spec.targets().items()}

    def report(self) -> LastReport:
        """The typed report of this last (``fit.report.LastReport``)."""
        foot = self.foot.to_dict()
        return LastReport(
            side=self.foot.side,
            measurements=foot_measurements(foot),
            foot_outline_mm=foot.get("outline_mm"),
            rules=tuple(RuleApplied.from_dict(row) for row in rules_applied(self.rules)),
            spec=self.spec.to_dict(),
            measured=self.measured.to_dict(),
            differences=self.differences(),
            sizes=Sizes.from_dict(self.sizes),
            table=self.table(),
            sheet=tuple(SheetRow(value_mm=self.sheet.get(row["name"]), **row) for row in sheet_definitions()),
            mesh_vertices=int(len(self.mesh.vertices)), mesh_faces=int(len(self.mesh.faces)), frame=LAST_FRAME,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record: input foot, rules applied, spec, measured-back values, differences, sizes."""
        return self.report().to_dict()


def fit_foot(foot: Foot, rules: StyleRules, foot_mesh: trimesh.Trimesh | None = None) -> FootFit:
    """Fit one foot: complete it, derive the targets, build the last and measure it back.

    Parameters
    ----------
    foot : fit.foot.Foot
    rules : StyleRules
    foot_mesh : trimesh.Trimesh or None
        The 3D foot in the capture contract's foot frame, when the capture has one: the last
        then follows its sections (see ``fit.last.last_spec``).

    Returns
    -------
    FootFit
    """
    complete = complete_foot(foot)
    spec = last_spec(complete, rules, foot_mesh=foot_mesh)
    mesh = build_last(spec)
    marks = landmarks(spec)
    measured = measure_last(mesh, marks)
    sheet = measure_sheet(mesh, marks, measured)
    sizes = shoe_sizes(complete.foot_length_mm, complete.ball_girth_mm, complete.ball_width_mm)
    return FootFit(foot=complete, rules=rules, spec=spec, mesh=mesh, measured=measured, sizes=sizes, sheet=sheet)


def fit_pair(feet: Mapping[str, Foot], rules: StyleRules,
             foot_meshes: Mapping[str, trimesh.Trimesh] | None = None) -> dict[str, FootFit]:
    """Fit both feet, each from its own numbers.

    Parameters
    ----------
    feet : dict
        ``{"left": Foot, "right": Foot}``
    rules : StyleRules
    foot_meshes : dict or None
        ``{"left": trimesh.Trimesh, ...}``: 3D feet in the foot frame, for the sides that have one.

    Returns
    -------
    dict
        ``{"left": FootFit, "right": FootFit}``
    """
    fits = {}
    for side in SIDES:
        if side not in feet:
            raise InvalidSpec(f"The {side} foot is missing.", field=side)
        if feet[side].side != side:
            raise InvalidSpec(f"The foot given as {side} is a {feet[side].side} foot.", field=side)
        fits[side] = fit_foot(feet[side], rules, (foot_meshes or {}).get(side))
    return fits


@dataclass
class PairOutput:
    """A pair's output: the fitted lasts, their files as bytes, plan outlines and typed reports.

    Attributes
    ----------
    reference : str
        Written into the files' metadata and the drawings' titles.
    fits : dict
        side -> FootFit.
    files : dict
        side -> {name: bytes}; ``name`` is a mesh format (``"stl"``), a drawing (``"bottom.svg"``,
        see ``DRAWINGS``) or a factory body (``"factory_fore.stl"``). ``file_name`` names the file.
    plan_outline_mm : dict
        side -> the last seen from above, closed polygon of [x, y] mm in the last frame
        (``fit.measure_last.plan_outline_mm``).
    reports : dict
        side -> LastReport.
    """

    reference: str
    fits: dict[str, FootFit]
    files: dict[str, dict[str, bytes]]
    plan_outline_mm: dict[str, list[list[float]]]
    reports: dict[str, LastReport]

    def spec_json(self) -> str:
        """``spec.json``: the reference, the units and each side's report."""
        body = {"reference": self.reference, "units": "mm",
                **{side: report.to_dict() for side, report in self.reports.items()}}
        return json.dumps(body, indent=2) + "\n"


def file_name(side: str, name: str) -> str:
    """File name of a last's file: ``left.stl`` for a mesh format, ``left_bottom.svg`` for the rest."""
    return f"{side}.{name}" if name in EXPORT_FORMATS else f"{side}_{name}"


def pair_output(fits: Mapping[str, FootFit], *, reference: str = "", formats: Collection[str] = EXPORT_FORMATS,
                drawings: bool = True, factory: Mapping[str, Any] | None = None) -> PairOutput:
    """The output of fitted lasts: files in ``formats`` (and the drawings), outlines and reports.

    Parameters
    ----------
    fits : dict
        side -> FootFit (``fit_pair``).
    reference : str
        The order or design reference, written into the files.
    formats : collection of str
        Mesh formats to export, of ``EXPORT_FORMATS``, in the order given.
    drawings : bool
        Also the drawings (``DRAWINGS``): bottom pattern DXF/SVG at 1:1, curves DXF, section sheet.
    factory : dict or None
        ``{"thimble": bool, "cut": None or "hinge"}``: also the last as the factory makes it,
        one STL per body (``factory_{body}.stl``).

    Returns
    -------
    PairOutput
    """
    unknown = [fmt for fmt in formats if fmt not in EXPORT_FORMATS]
    if unknown:
        raise InvalidSpec(f"Unknown last format {unknown[0]!r}; choose from {', '.join(EXPORT_FORMATS)}.",
                          field="formats")
    files: dict[str, dict[str, bytes]] = {}
    for side, fitted in fits.items():
        meta = {"reference": reference, "side": side}
        files[side] = {fmt: export_mesh(fitted.mesh, fmt, meta) for fmt in formats}
        if drawings:
            files[side].update(fitted.drawings(f"{reference} {side}".strip()))
        if factory is not None:
            files[side].update({f"factory_{body}.stl": export_mesh(mesh, "stl", meta)
                                for body, mesh in fitted.factory(**factory).items()})
    return PairOutput(reference=reference, fits=dict(fits), files=files,
                      plan_outline_mm={side: plan_outline_mm(fitted.mesh) for side, fitted in fits.items()},
                      reports={side: fitted.report() for side, fitted in fits.items()})


def make_pair(feet: Mapping[str, Foot], rules: StyleRules, foot_meshes: Mapping[str, trimesh.Trimesh] | None = None,
              *, reference: str = "", formats: Collection[str] = EXPORT_FORMATS, drawings: bool = True,
              factory: Mapping[str, Any] | None = None) -> PairOutput:
    """Feet in, a pair's output out: ``fit_pair`` then ``pair_output`` (see both for the parameters)."""
    return pair_output(fit_pair(feet, rules, foot_meshes), reference=reference, formats=formats, drawings=drawings,
                       factory=factory)


def write_pair(pair: PairOutput, out_dir: str | Path) -> list[Path]:
    """Write a pair's output into ``out_dir``.

    ``left.*``, ``right.*`` (the last in each format), ``{side}_bottom.dxf`` and
    ``{side}_bottom.svg`` (the bottom pattern, 1:1), ``{side}_curves.dxf`` (featherline and
    centre line), ``{side}_sections.svg`` (section sheet, 1:1), ``{side}_factory_{body}.stl``
    when the output has the factory bodies, and ``spec.json`` (each side's report).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for side, files in pair.files.items():
        for name, data in files.items():
            path = out / file_name(side, name)
            path.write_bytes(data)
            paths.append(path)
    path = out / "spec.json"
    path.write_text(pair.spec_json())
    paths.append(path)
    return paths
