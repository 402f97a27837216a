"""Set a 3D foot into its last and measure, station by station, how far it stands outside.

The foot (capture contract's foot frame) goes into the last frame (``fit.last``): its heel
at ``y = -back tolerance``, its heel centre (the footprint's middle at 12 % of foot length)
on the last's axis, and its sole bent onto the last's bottom (the rearfoot pitched to the
heel height, the toes lifted by the toe spring; a foot in a shoe takes the shape of the
insole). Small turns and sideways shifts are then tried and the best kept, as a fitter
sets a foot in a shoe.

At each station (a fraction of foot length), the foot's section is compared with the last's
section in the same plane: a foot point outside the last counts by its distance to the
last's section, in mm. Only foot points below the topline count: the whole foot from the
instep forward, and up to ``TOPLINE_RATIO`` of foot length above the seat behind it.
"""

from dataclasses import dataclass
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
import shapely
import trimesh
from shapely.ops import polygonize, unary_union

from .contract import section_segments
from .last import LastSpec, _Bottom

Floats = npt.NDArray[np.float64]

#: Height of the topline at the back, fraction of foot length above the heel seat. Cordwain
#: assumption: a low shoe's back height is about 60-65 mm on a 265 mm foot.
TOPLINE_RATIO = 0.24
#: Behind this fraction of foot length the topline limits what counts (the throat lies ahead).
TOPLINE_END = 0.45

#: Stations of the clearance table, fractions of foot length.
STATIONS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


@dataclass(frozen=True)
class Clearance:
    """Worst distance of the foot outside the last per station, mm (<= 0: inside everywhere).

    Attributes
    ----------
    stations : tuple of float
        Fractions of foot length.
    outside_mm : tuple of float
        Per station, the largest distance of a foot point outside the last (0 when none).
    room_mm : tuple of float
        Per station, the largest gap between the last's section and the foot's (how much
        empty room the last leaves somewhere around the section).
    turn_deg, shift_mm : float
        The placement kept.
    """

    stations: tuple[float, ...]
    outside_mm: tuple[float, ...]
    room_mm: tuple[float, ...]
    turn_deg: float
    shift_mm: float

    def worst(self, lo: float, hi: float) -> float:
        """Largest outside distance over stations within [lo, hi], mm."""
        return max(o for s, o in zip(self.stations, self.outside_mm) if lo - 1e-9 <= s <= hi + 1e-9)


def _section_polygon(mesh: trimesh.Trimesh, y: float) -> shapely.Polygon | None:
    """The last's section by the plane ``y = const`` as an ``(x, z)`` polygon, or None where it has none."""
    seg = section_segments(mesh, [0, y, 0], [0, 1, 0])
    if len(seg) < 3:
        return None
    lines = [((a[0], a[2]), (b[0], b[2])) for a, b in np.asarray(seg)]
    polys = list(polygonize(unary_union(shapely.linestrings(lines))))
    hull = shapely.MultiPoint(np.asarray(seg)[:, :, [0, 2]].reshape(-1, 2)).convex_hull
    best = max(polys, key=lambda p: p.area) if polys else None
    # an open section (a sliver where the plane grazes the heel) is read by its hull
    return best if best is not None and best.area > 0.8 * hull.area else hull


def place_foot(foot_mesh: trimesh.Trimesh, spec: LastSpec) -> trimesh.Trimesh:
    """The foot's vertices in the last frame, before any turn or shift (see module docstring).

    Parameters
    ----------
    foot_mesh : trimesh.Trimesh
        Foot frame of the capture contract, mm.
    spec : fit.last.LastSpec

    Returns
    -------
    trimesh.Trimesh
    """
    v = np.array(foot_mesh.vertices, dtype=np.float64)
    fl = float(v[:, 1].max() - v[:, 1].min())
    v[:, 1] -= v[:, 1].min()
    seg = section_segments(trimesh.Trimesh(v, foot_mesh.faces, process=False), [0, 0.12 * fl, 0], [0, 1, 0])
    v[:, 0] -= 0.5 * (seg[:, :, 0].max() + seg[:, :, 0].min())  # the heel centre, as fit.last takes it
    v[:, 1] -= spec.back_tolerance_mm
    bottom = _Bottom(spec)
    v[:, 2] += bottom.z(np.clip(v[:, 1], 0.0, bottom.tip))
    return trimesh.Trimesh(v, np.asarray(foot_mesh.faces), process=False)


def _turned(mesh: trimesh.Trimesh, turn_deg: float, shift_mm: float) -> trimesh.Trimesh:
    """``mesh`` turned about the vertical through 10 % of its length and shifted across."""
    v = np.array(mesh.vertices)
    a = np.radians(turn_deg)
    pivot_y = 0.1 * np.ptp(v[:, 1])
    x, y = v[:, 0], v[:, 1] - pivot_y
    v[:, 0] = np.cos(a) * x - np.sin(a) * y + shift_mm
    v[:, 1] = np.sin(a) * x + np.cos(a) * y + pivot_y
    return trimesh.Trimesh(v, mesh.faces, process=False)


def _station(last_poly: shapely.Polygon | None, foot: trimesh.Trimesh, y: float,
             topline_z: float | None) -> tuple[float, float]:
    """(worst outside distance, largest room) of the foot's section in the last's at ``y``, mm."""
    seg = section_segments(foot, [0, y, 0], [0, 1, 0])
    if len(seg) == 0 or last_poly is None:
        return 0.0, 0.0
    pts = np.asarray(seg)[:, :, [0, 2]].reshape(-1, 2)
    if topline_z is not None:
        pts = pts[pts[:, 1] <= topline_z]
        if len(pts) == 0:
            return 0.0, 0.0
    out = float(shapely.distance(last_poly, shapely.points(pts)).max())
    hull = shapely.MultiPoint(pts).convex_hull
    boundary = np.asarray(last_poly.exterior.coords)
    room = float(shapely.distance(hull, shapely.points(boundary)).max())
    return out, room


def clearance(foot_mesh: trimesh.Trimesh, last_mesh: trimesh.Trimesh, spec: LastSpec,
              stations: Sequence[float] = STATIONS, turns: Sequence[float] = (-2, -1, 0, 1, 2),
              shifts: Sequence[float] = (-2, -1, 0, 1, 2), fit_range: tuple[float, float] = (0.5, 0.8)) -> Clearance:
    """Set ``foot_mesh`` into ``last_mesh`` and measure per station (see module docstring).

    Parameters
    ----------
    foot_mesh : trimesh.Trimesh
        The foot in the capture contract's foot frame, mm.
    last_mesh : trimesh.Trimesh
        Its last (``fit.last.build_last(spec)``).
    spec : fit.last.LastSpec
    stations : sequence of float
        Fractions of foot length.
    turns, shifts : sequences
        Degrees about the vertical through the heel and mm across tried; the placement with
        the smallest worst outside distance within ``fit_range`` is kept.

    Returns
    -------
    Clearance
    """
    fl = spec.foot_length_mm
    placed = place_foot(foot_mesh, spec)
    bottom = _Bottom(spec)
    ys = [f * fl - spec.back_tolerance_mm for f in stations]
    polys = [_section_polygon(last_mesh, y) for y in ys]

    def topline(f: float, y: float) -> float | None:
        return None if f >= TOPLINE_END else float(bottom.z(max(y, 0.0))) + TOPLINE_RATIO * fl

    def evaluate(turn: float, shift: float, which: Iterable[int]) -> list[tuple[float, float]]:
        foot = _turned(placed, turn, shift)
        return [_station(polys[i], foot, ys[i], topline(stations[i], ys[i])) for i in which]

    inside = [i for i, f in enumerate(stations) if fit_range[0] - 1e-9 <= f <= fit_range[1] + 1e-9]
    best = min(((t, s) for t in turns for s in shifts),
               key=lambda ts: max(o for o, _ in evaluate(ts[0], ts[1], inside)))
    rows = evaluate(best[0], best[1], range(len(stations)))
    return Clearance(stations=tuple(float(f) for f in stations), outside_mm=tuple(round(o, 2) for o, _ in rows),
                     room_mm=tuple(round(r, 2) for _, r in rows), turn_deg=float(best[0]), shift_mm=float(best[1]))
