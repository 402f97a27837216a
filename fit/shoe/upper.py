"""The upper: the last's surface grown by the leather, trimmed at the topline, cut into pattern pieces.

Each style is a short recipe of regions drawn on the last the way a pattern cutter draws them
on the forme: in side view (y along the last, z up) or in plan around the lacing. Positions
along the last are fractions of its length from the back; heights are mm above the last's
bottom at that point. Every piece is the leather shell intersected with its region, so the
pieces are watertight and meet along the drawn lines. All numbers here are Cordwain
assumptions, drawn to look like the classic patterns (closed lacing under the vamp for the
oxford, quarters stitched on top of the vamp for the derby, elastic gussets and a pull tab for
the chelsea, eyestay and heel counter for the sneaker); none of them changes the fit.
"""

from collections.abc import Sequence

import manifold3d as mf
import numpy as np

from . import solids
from .form import LastForm

#: Leather thickness of the upper over the last, mm (Cordwain assumption: 1.2-1.6 mm calf
#: plus lining).
LEATHER_MM = 1.6

#: Topline knots per style: (fraction of length, height above the last's bottom, mm); the
#: opening also stops 4 mm under the last's top, where the last's cone is cut.
_TOPLINES = {
    "oxford": [(-0.1, 62.0), (0.0, 62.0), (0.12, 52.0), (0.22, 46.0), (0.30, 50.0), (0.33, 52.0)],
    "derby": [(-0.1, 62.0), (0.0, 62.0), (0.12, 52.0), (0.22, 46.0), (0.30, 50.0), (0.33, 52.0)],
    "sneaker": [(-0.1, 60.0), (0.0, 60.0), (0.10, 50.0), (0.22, 44.0), (0.30, 48.0), (0.33, 50.0)],
}

#: The chelsea's shaft: cut this high above the heel seat, standing this much higher, mm
#: (Cordwain assumption: an ankle boot's shaft reaches about 12-13 cm above the seat).
SHAFT_CUT_MM = 62.0
SHAFT_RISE_MM = 60.0

#: Lace rows per style (eyelet pairs), and the lace's width and thickness, mm.
LACE_ROWS = {"oxford": 5, "derby": 5, "sneaker": 6}
LACE_MM = (3.0, 1.6)

#: Lacing per style: facing from/to (fractions of length) and the half gap at its back and at
#: the throat, mm (the chelsea has none).
_LACING = {"oxford": (0.31, 0.53, 8.0, 2.0), "derby": (0.31, 0.52, 14.0, 7.0), "sneaker": (0.30, 0.56, 12.0, 8.0)}

#: A style's pattern: (piece name, region) in the order the pieces are cut from the shell.
_Recipe = list[tuple[str, mf.Manifold]]


def upper_parts(form: LastForm, style: str, last_solid: mf.Manifold) -> dict[str, mf.Manifold]:
    """Pieces of the upper for ``style``, ``{name: manifold3d.Manifold}``, in the order drawn."""
    outer = solids.to_manifold(solids.offset_surface(form.mesh, LEATHER_MM))
    shell = (outer - last_solid) ^ _above_bottom(form)
    if style == "chelsea":
        shell = (shell - _above_shaft_cut(form)) + _shaft(form, last_solid)
    else:
        shell = shell - _opening(form, style)
    recipe = {"oxford": _oxford, "derby": _derby, "chelsea": _chelsea, "sneaker": _sneaker}[style]
    parts = {}
    for name, region in recipe(form):
        piece, shell = shell.split(region)        # inside and outside the region in one cut
        if not piece.is_empty():
            parts[name] = piece
    parts[_REST[style]] = shell
    if style == "chelsea":
        parts["pull_tab"] = _pull_tab(form)
    else:
        parts["laces"] = _laces(form, style)
    return parts


_REST = {"oxford": "quarters", "derby": "quarters", "sneaker": "quarters", "chelsea": "front"}


def _y(form: LastForm, fraction: float) -> float:
    return float(form.profile_y[0] + fraction * form.length_mm)


def _side(form: LastForm, knots: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Side-view polygon from (fraction, height above the bottom) knots, as (y, z) points."""
    return [(_y(form, f), float(form.bottom_at(_y(form, f))) + h) for f, h in knots]


def _above_bottom(form: LastForm) -> mf.Manifold:
    """Everything above the last's bottom (the sole covers the rest)."""
    ys = form.profile_y
    return solids.band(ys, form.bottom_at(ys) + 0.3, form.bottom_at(ys) + 500.0)


def _opening(form: LastForm, style: str) -> mf.Manifold:
    """The foot's way in: above the topline behind the facing."""
    knots = _TOPLINES[style]
    fractions = np.linspace(knots[0][0], knots[-1][0], 40)
    heights = np.interp(fractions, [k[0] for k in knots], [k[1] for k in knots])
    ys = form.profile_y[0] + fractions * form.length_mm
    # behind the heel point the last's top is only the heel curve's bump: measure the top ahead of it
    heel_y = float(form.featherline_xy[:, 1].min())
    zs = np.minimum(form.bottom_at(ys) + heights, form.top_at(np.maximum(ys, heel_y + 10.0)) - 4.0)
    line = list(zip(ys, zs))
    return solids.side_region(line + [(ys[-1], 900.0), (ys[0], 900.0)])


def _shaft_cut_z(form: LastForm) -> float:
    return float(form.bottom_at(form.profile_y[0])) + SHAFT_CUT_MM


def _above_shaft_cut(form: LastForm) -> mf.Manifold:
    return solids.box([-900.0, -900.0, _shaft_cut_z(form)], [900.0, 900.0, 900.0])


def _shaft(form: LastForm, last_solid: mf.Manifold) -> mf.Manifold:
    """The boot's shaft: the last's section at the cut, grown by the leather, standing up."""
    z = _shaft_cut_z(form)
    section = last_solid.slice(z)
    ring = section.offset(LEATHER_MM) - section
    return solids.extrude(ring, SHAFT_RISE_MM + 2.0).translate([0.0, 0.0, z - 2.0])


def _laces(form: LastForm, style: str) -> mf.Manifold:
    """Lace bars across the lacing gap, one per eyelet row, on top of the tongue."""
    back, throat, half_back, half_throat = _LACING[style]
    width, thick = LACE_MM
    bars: list[mf.Manifold] = []
    for f in np.linspace(back + 0.02, throat - 0.02, LACE_ROWS[style]):
        y = _y(form, f)
        half = float(np.interp(f, [back, throat], [half_back, half_throat])) + 3.0
        cx, z = float(form.centre_x_at(y)[0]), float(form.top_at(y)) + LEATHER_MM
        bar = solids.box([cx - half, y - 0.5 * width, z - 1.0], [cx + half, y + 0.5 * width, z + thick])
        bars.append(bar)
    return mf.Manifold.batch_boolean(bars, mf.OpType.Add)


def _lacing_gap(form: LastForm, style: str, widen_mm: float = 0.0) -> mf.Manifold:
    """Plan region of the lacing gap (tongue) around the last's centre line, widened by ``widen_mm``."""
    back, throat, half_back, half_throat = _LACING[style]
    ys = np.linspace(_y(form, back), _y(form, throat), 24)
    half = np.interp(ys, [ys[0], ys[-1]], [half_back, half_throat]) + widen_mm
    cx = form.centre_x_at(ys)
    ring = np.vstack([np.column_stack([cx + half, ys]), np.column_stack([cx - half, ys])[::-1]])
    ring[[0, -1], 1] -= 30.0      # run out behind the opening
    return solids.plan_region(ring)


def _throat(form: LastForm, style: str) -> tuple[float, float]:
    y = _y(form, _LACING[style][1])
    return y, float(form.top_at(y))


def _oxford(form: LastForm) -> _Recipe:
    ty, tz = _throat(form, "oxford")
    vamp = solids.side_region([(ty, 900.0), (ty, tz - 4.0), (ty - 8.0, tz - 30.0), (_y(form, 0.40), -100.0),
                               (_y(form, 1.2), -100.0), (_y(form, 1.2), 900.0)])
    cap = solids.side_region(_side(form, [(0.79, -100.0), (0.80, 10.0), (0.81, 200.0), (1.2, 200.0), (1.2, -100.0)]))
    return [("tongue", _lacing_gap(form, "oxford")), ("toe_cap", cap), ("vamp", vamp)]


def _derby(form: LastForm) -> _Recipe:
    ty, tz = _throat(form, "derby")
    vamp = solids.side_region([(ty, 900.0), (ty, tz - 4.0), (ty + 6.0, tz - 30.0), (_y(form, 0.56), -100.0),
                               (_y(form, 1.2), -100.0), (_y(form, 1.2), 900.0)])
    return [("tongue", _lacing_gap(form, "derby")), ("vamp", vamp)]


def _sneaker(form: LastForm) -> _Recipe:
    ty, tz = _throat(form, "sneaker")
    eyestay = _lacing_gap(form, "sneaker", widen_mm=11.0)
    toe = solids.side_region(_side(form, [(0.78, -100.0), (0.80, 12.0), (0.84, 200.0), (1.2, 200.0), (1.2, -100.0)]))
    counter = solids.side_region(_side(form, [(-0.2, -100.0), (-0.2, 200.0), (0.06, 200.0), (0.10, 40.0),
                                              (0.20, 18.0), (0.24, -100.0)]))
    vamp = solids.side_region([(ty + 4.0, 900.0), (ty + 4.0, tz - 4.0), (_y(form, 0.62), -100.0),
                               (_y(form, 1.2), -100.0), (_y(form, 1.2), 900.0)])
    return [("tongue", _lacing_gap(form, "sneaker")), ("eyestay", eyestay), ("toe_cap", toe),
            ("heel_counter", counter), ("vamp", vamp)]


def _chelsea(form: LastForm) -> _Recipe:
    gusset = solids.side_region(_side(form, [(0.17, 300.0), (0.22, 34.0), (0.27, 30.0), (0.32, 34.0),
                                             (0.37, 300.0)]))
    back = solids.side_region(_side(form, [(-0.2, -100.0), (-0.2, 300.0), (0.10, 300.0), (0.13, 60.0),
                                           (0.16, 20.0), (0.20, -100.0)]))
    return [("gussets", gusset), ("back", back)]


def _pull_tab(form: LastForm) -> mf.Manifold:
    """A loop of leather standing up at the back of the collar, mm."""
    v = np.asarray(form.mesh.vertices)
    z_cut = _shaft_cut_z(form)
    high = v[np.abs(v[:, 2] - z_cut) < 6.0]
    y_back = float(high[:, 1].min())
    cx = float(np.median(high[high[:, 1] < y_back + 5.0, 0]))
    top = _shaft_cut_z(form) + SHAFT_RISE_MM
    return solids.box([cx - 11.0, y_back - LEATHER_MM - 2.5, top - 30.0],
                      [cx + 11.0, y_back - LEATHER_MM + 0.5, top + 22.0])
