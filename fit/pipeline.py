"""Foot in, last out: complete the foot, apply the style, build, measure back, export.

Each foot is fitted from its own numbers; a pair is two independent fits.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import trimesh

from .errors import InvalidSpec
from .estimate import complete_foot
from .drawings import last_drawings
from .export import export_mesh
from .factory import factory_bodies
from .foot import SIDES, label
from .last import LastSpec, ball_width_allowance_mm, build_last, landmarks, last_spec
from .measure_last import LastMeasurements, measure_last, measure_sheet, sheet_definitions
from .sizes import shoe_sizes
from .style import StyleRules, rules_applied

EXPORT_FORMATS = ("stl", "3mf", "glb", "obj")

#: Drawings written per last by ``write_pair`` as ``{side}_{suffix}`` (see ``fit.drawings``).
DRAWINGS = ("bottom.dxf", "bottom.svg", "curves.dxf", "sections.svg")


@dataclass
class FootFit:
    """One foot's fit: the completed foot, the rules, the last's targets, mesh and measurements.

    ``sheet`` is the measurement sheet in last-making terms (``fit.measure_last.SHEET``), every
    value measured from the mesh.
    """

    foot: object
    rules: StyleRules
    spec: LastSpec
    mesh: trimesh.Trimesh
    measured: LastMeasurements
    sizes: dict
    sheet: dict = None

    def drawings(self, title=""):
        """The last's drawings, file suffix -> bytes (``DRAWINGS``; ``fit.drawings.last_drawings``)."""
        return last_drawings(self.mesh, landmarks(self.spec), title)

    def factory(self, thimble=True, cut=None):
        """The last as the factory makes it (``fit.factory.factory_bodies``), name -> mesh."""
        return factory_bodies(self.mesh, self.spec, thimble=thimble, cut=cut)

    def _waist(self):
        f = self.foot
        value = 0.5 * (f.ball_girth_mm + f.instep_girth_mm)
        ub, ui = f.uncertainty_mm.get("ball_girth_mm", 0.0), f.uncertainty_mm.get("instep_girth_mm", 0.0)
        return value, 0.5 * float(np.hypot(ub, ui))

    def table(self):
        """Rows of foot value, allowance and last value for the review page.

        Returns
        -------
        list of dict
            ``name``, ``label``, ``foot_mm``, ``source`` ("estimated" for estimates),
            ``uncertainty_mm``, ``allowance_mm``, ``last_target_mm``, ``last_measured_mm``.
        """
        f, r, s, m = self.foot, self.rules, self.spec, self.measured
        waist, waist_u = self._waist()

        def row(name, row_label, foot_mm, source, allowance, target, measured, uncertainty=None):
            return {"name": name, "label": row_label,
                    "foot_mm": None if foot_mm is None else round(float(foot_mm), 1), "source": source,
                    "uncertainty_mm": None if uncertainty is None else round(float(uncertainty), 1),
                    "allowance_mm": None if allowance is None else round(float(allowance), 1),
                    "last_target_mm": None if target is None else round(float(target), 1),
                    "last_measured_mm": None if measured is None else round(float(measured), 1)}

        def foot_row(name, target_name, allowance):
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

    def differences(self):
        """Measured minus target for every target of the spec, mm."""
        return {name: round(getattr(self.measured, name) - value, 3) for name, value in self.spec.targets().items()}

    def to_dict(self):
        """JSON-ready record: input foot, rules applied, spec, measured-back values, differences, sizes."""
        return {
            "side": self.foot.side,
            "foot": self.foot.to_dict(),
            "rules": rules_applied(self.rules),
            "spec": self.spec.to_dict(),
            "measured": self.measured.to_dict(),
            "differences": self.differences(),
            "sizes": self.sizes,
            "table": self.table(),
            "sheet": [{**row, "value_mm": (self.sheet or {}).get(row["name"])} for row in sheet_definitions()],
            "mesh": {"vertices": int(len(self.mesh.vertices)), "faces": int(len(self.mesh.faces)),
                     "frame": "mm; origin on the floor below the heel point, +y to the toe, +z up"},
        }


def fit_foot(foot, rules, foot_mesh=None):
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


def fit_pair(feet, rules, foot_meshes=None):
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


def write_pair(fits, out_dir, reference="", factory=None):
    """Write a pair's files into ``out_dir``.

    ``left.*``, ``right.*`` (stl, 3mf, glb, obj: the last), ``{side}_bottom.dxf`` and
    ``{side}_bottom.svg`` (the bottom pattern, 1:1), ``{side}_curves.dxf`` (featherline and
    centre line), ``{side}_sections.svg`` (section sheet, 1:1) and ``spec.json`` (with each
    side's measurement sheet). With ``factory`` (``{"thimble": bool, "cut": None or "hinge"}``)
    also ``{side}_factory_{body}.stl``: the last with its thimble hole and hinge cut.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for side, fit in fits.items():
        meta = {"reference": reference, "side": side}
        for fmt in EXPORT_FORMATS:
            path = out / f"{side}.{fmt}"
            path.write_bytes(export_mesh(fit.mesh, fmt, meta))
            paths.append(path)
        for suffix, data in fit.drawings(f"{reference} {side}".strip()).items():
            path = out / f"{side}_{suffix}"
            path.write_bytes(data)
            paths.append(path)
        if factory is not None:
            for body, mesh in fit.factory(**factory).items():
                path = out / f"{side}_factory_{body}.stl"
                path.write_bytes(export_mesh(mesh, "stl", meta))
                paths.append(path)
    body = {"reference": reference, "units": "mm", **{side: fit.to_dict() for side, fit in fits.items()}}
    path = out / "spec.json"
    path.write_text(json.dumps(body, indent=2) + "\n")
    paths.append(path)
    return paths
