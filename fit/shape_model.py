"""The foot's cross-sections as a last needs them, from a 3D foot or from a shape model.

A section of a foot by the plane ``y = f * foot_length`` (foot frame of the capture contract)
is described by its footprint chord (the featherline's width there), the height of its
crest and its upper envelope: the height of the foot's top surface above each point of the
chord. The envelope is sampled at angles ``theta`` in [0, pi] with the across position
``u = medial_edge - width * (1 - cos theta) / 2`` (``theta = 0`` on the medial edge), so the
steep side walls get as many samples as the flat top. ``u`` is medial-positive for both feet.

The shape model (``fit/data/section_model.json``) is the weighted mean of these normalised
sections over the dupontgu foot scans (public, MIT; half the weight) and procedural
feet (``fit.procedural_foot``, training seeds 1000-1063; the other half), plus a weighted ridge
regression of the sections on the foot's known numbers (``FEATURES``), all written by
``scripts/derive_section_model.py``. Conditioned on a foot's numbers (``model_sections``) it
gives that foot's expected sections: the medial-high, lateral-low shape, the crest's height
and place, the heel above the bulge and the back curve. A last built from numbers takes its
widths from the footprint (or the default pattern) and its heights from the girths.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
import trimesh

from .foot import Foot
from .sections import Floats, mesh_section

_DATA = Path(__file__).with_name("data") / "section_model.json"

#: Samples across each section's upper envelope.
N_THETA = 49
#: Foot fractions of the stations the model stores.
FRACTIONS = np.linspace(0.0, 1.0, 41)
#: Across positions of the wall samples under an arch, fractions from the featherline (0) to the
#: section's widest point (1); dense near the widest point, where the wall turns upright.
WALL_S = 1.0 - (1.0 - np.linspace(0.0, 1.0, 9)) ** 2
#: The known numbers the model is conditioned on, each divided by foot length (``features``).
FEATURES = ("ball_width_mm", "ball_girth_mm", "instep_girth_mm", "heel_width_mm", "instep_height_mm")
#: Standardised features are clipped to this many spreads (no extrapolation far off the data).
MAX_Z = 2.5
#: Heights (fractions of foot length) at which the back curve is stored.
BACK_Z = np.linspace(0.0, 0.3, 16)


@dataclass(frozen=True)
class FootSections:
    """A foot's sections along its length (see the module docstring), mm.

    Attributes
    ----------
    length_mm : float
        Foot length.
    fractions : (m,) float
        Station positions, fractions of foot length from the heel.
    height_mm : (m,) float
        Crest height of each section above the floor.
    profile : (m, N_THETA) float
        Upper envelope over the chord divided by the crest height, medial edge first.
    back_z_mm, back_y_mm : (k,) float
        The heel's back curve: the rearmost y of the foot at each height z.
    height_sd_mm : (m,) float
        Spread of the crest height between feet (zero for one measured foot).
    inset : (m, 2) float
        Where the section's hull meets the floor inside the chord, medial and lateral,
        fractions of the chord (the arch).
    wall : (m, 2, len(WALL_S)) float
        The hull's underside out to the widest point (see ``envelope``).
    """

    length_mm: float
    fractions: Floats
    height_mm: Floats
    profile: Floats
    back_z_mm: Floats
    back_y_mm: Floats
    height_sd_mm: Floats
    inset: Floats
    wall: Floats

    def profile_at(self, f: npt.ArrayLike) -> Floats:
        """Normalised envelopes at foot fractions ``f`` ((n,) -> (n, N_THETA)), linear between stations."""
        f = np.clip(np.asarray(f, dtype=np.float64), 0.0, 1.0)
        return np.stack([np.interp(f, self.fractions, self.profile[:, j]) for j in range(self.profile.shape[1])],
                        axis=-1)

    def height_at(self, f: npt.ArrayLike, sigmas: float = 0.0) -> Floats:
        """Crest height at foot fractions ``f``, plus ``sigmas`` spreads, mm."""
        at = np.clip(np.asarray(f, dtype=np.float64), 0.0, 1.0)
        out: Floats = np.interp(at, self.fractions, self.height_mm + sigmas * self.height_sd_mm)
        return out

    def inset_at(self, f: npt.ArrayLike) -> Floats:
        """Medial and lateral floor insets at foot fractions ``f``, (n,) -> (n, 2)."""
        f = np.clip(np.asarray(f, dtype=np.float64), 0.0, 1.0)
        return np.stack([np.interp(f, self.fractions, self.inset[:, j]) for j in range(2)], axis=-1)

    def wall_at(self, f: npt.ArrayLike) -> Floats:
        """Underside walls at foot fractions ``f``, (n,) -> (n, 2, len(WALL_S))."""
        f = np.clip(np.asarray(f, dtype=np.float64), 0.0, 1.0)
        flat = self.wall.reshape(len(self.fractions), -1)
        out = np.stack([np.interp(f, self.fractions, flat[:, j]) for j in range(flat.shape[1])], axis=-1)
        return out.reshape(len(f), 2, -1)

    def back_at(self, z: npt.ArrayLike) -> Floats:
        """Rearmost y of the foot at height ``z`` above the floor, mm (foot frame)."""
        return np.interp(np.asarray(z, dtype=np.float64), self.back_z_mm, self.back_y_mm)


def envelope(segments: Floats, medial_sign: float, n_theta: int = N_THETA,
             bridge: bool = False) -> tuple[float, float, float, Floats, Floats, Floats]:
    """Chord and upper envelope of one section given as segments.

    Parameters
    ----------
    segments : (m, 2, 3) float
        The section's segments (x, y, z), mm.
    medial_sign : float
        +1 when +x is medial (left foot), -1 otherwise.
    bridge : bool
        Replace the envelope by its upper convex hull (bridging the gaps between the toes), as
        the shape model does; a last built on one 3D foot follows the foot's own envelope.

    Returns
    -------
    medial_edge, width, height : float, mm
    profile : (n_theta,) float
        Envelope divided by ``height``.
    inset : (2,) float
        How far inside the chord's medial and lateral ends the section's convex hull meets the
        floor (under an arch), fractions of the width.
    wall : (2, len(WALL_S)) float
        The hull's underside from the featherline out to the widest point, medial and lateral:
        heights at ``WALL_S`` divided by the envelope's height at that edge.
    """
    u = medial_sign * segments[:, :, 0]
    z = segments[:, :, 2]
    e_m, e_l = float(u.max()), float(u.min())
    width = e_m - e_l
    theta = np.linspace(0.0, np.pi, n_theta)
    uq = e_m - width * (1.0 - np.cos(theta)) / 2.0
    lo, hi = u.min(axis=1), u.max(axis=1)
    # z of every segment at every uq (NaN where it does not span uq)
    t = (uq[:, None] - u[None, :, 0]) / np.where(np.abs(u[:, 1] - u[:, 0]) > 1e-9, u[:, 1] - u[:, 0], 1.0)[None]
    zq = z[None, :, 0] + t * (z[:, 1] - z[:, 0])[None]
    covers = (uq[:, None] >= lo[None] - 1e-6) & (uq[:, None] <= hi[None] + 1e-6)
    flat = np.abs(u[:, 1] - u[:, 0]) <= 1e-9
    zq = np.where(flat[None], np.maximum(z[:, 0], z[:, 1])[None], zq)
    top = np.where(covers, zq, -np.inf).max(axis=1)
    top = np.where(np.isfinite(top), top, 0.0)
    if bridge:
        top = _upper_hull(uq, top)
    height = float(max(top.max(), 1e-6))
    pts = np.column_stack([u.ravel(), z.ravel()])
    hull = shapely.MultiPoint(pts).convex_hull
    floor = hull.intersection(shapely.LineString([(e_l - 1.0, z.min() + 1.0), (e_m + 1.0, z.min() + 1.0)]))
    wall = np.tile(WALL_S ** 8, (2, 1))
    if floor.is_empty or width <= 1e-6 or hull.geom_type != "Polygon":
        inset = np.zeros(2)
    else:
        lo, _, hi, _ = floor.bounds
        inset = np.clip([(e_m - hi) / width, (lo - e_l) / width], 0.0, 0.45)
        for side, (start, edge, end_z) in enumerate(((hi, e_m, top[0]), (lo, e_l, top[-1]))):
            across = start + (edge - start) * np.clip(WALL_S, 0.0, 0.999)
            under = [_lowest(hull, a) for a in across]
            wall[side] = np.clip((np.asarray(under) - z.min()) / max(end_z - z.min(), 1e-6), 0.0, 1.0)
            wall[side] = np.maximum.accumulate(wall[side])
    return e_m, width, height, np.clip(top / height, 0.0, 1.0), inset, wall


def _upper_hull(x: Floats, z: Floats) -> Floats:
    """The upper convex hull of points (x, z) (x descending or ascending), evaluated at x."""
    order = np.argsort(x)
    px, pz = x[order], z[order]
    hull: list[int] = []
    for i in range(len(px)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            if (px[b] - px[a]) * (pz[i] - pz[a]) - (pz[b] - pz[a]) * (px[i] - px[a]) >= 0.0:
                hull.pop()
            else:
                break
        hull.append(i)
    out = np.empty_like(z)
    out[order] = np.interp(px, px[hull], pz[hull])
    return out


def _lowest(polygon: shapely.Polygon, across: float) -> float:
    """Lowest point of a convex polygon on the vertical line at ``across``."""
    x0, y0, x1, y1 = polygon.bounds
    cut = polygon.intersection(shapely.LineString([(across, y0 - 1.0), (across, y1 + 1.0)]))
    return float(cut.bounds[1]) if not cut.is_empty else float(y0)


def foot_sections(foot_mesh: trimesh.Trimesh, side: str, fractions: npt.ArrayLike = FRACTIONS,
                  bridge: bool = False) -> FootSections:
    """The sections of a 3D foot in the contract's foot frame.

    Parameters
    ----------
    foot_mesh : trimesh.Trimesh
        Millimetres, floor at z = 0, heel at y = 0, +y to the toes (as
        ``fit.foot_mesh.foot_frame`` or the multi-photo capture gives it).
    side : str
        ``"left"`` or ``"right"``.
    fractions : (m,) float
        Stations, fractions of foot length.
    bridge : bool
        See ``envelope``.

    Returns
    -------
    FootSections
    """
    vertices = np.asanyarray(foot_mesh.vertices, dtype=np.float64)
    if vertices.ndim != 2 or vertices.shape[1] != 3:
        raise ValueError("foot mesh vertices must be (n, 3)")
    sign = 1.0 if side == "left" else -1.0
    y0, y1 = float(vertices[:, 1].min()), float(vertices[:, 1].max())
    length = y1 - y0
    stations = np.asarray(fractions, dtype=np.float64)
    heights: list[float] = []
    profiles: list[Floats] = []
    insets: list[Floats] = []
    walls: list[Floats] = []
    for f in stations:
        y = y0 + np.clip(f, 0.004, 0.996) * length
        seg = mesh_section(foot_mesh, [0.0, y, 0.0], [0.0, 1.0, 0.0])
        if len(seg) < 3:
            heights.append(0.0)
            profiles.append(np.zeros(N_THETA))
            insets.append(np.zeros(2))
            walls.append(np.tile(WALL_S ** 8, (2, 1)))
            continue
        _, _, h, g, inset, wall = envelope(seg, sign, bridge=bridge)
        walls.append(wall)
        heights.append(h)
        profiles.append(g)
        insets.append(inset)
    back_z = BACK_Z * length
    back_y: list[float] = []
    for z in back_z:
        seg = mesh_section(foot_mesh, [0.0, 0.0, max(z, 0.5)], [0.0, 0.0, 1.0])
        back_y.append(float(seg[:, :, 1].min()) - y0 if len(seg) else (back_y[-1] if back_y else 0.0))
    return FootSections(length_mm=length, fractions=stations,
                        height_mm=np.asarray(heights), profile=np.asarray(profiles),
                        back_z_mm=back_z, back_y_mm=np.asarray(back_y), height_sd_mm=np.zeros(len(stations)),
                        inset=np.asarray(insets), wall=np.asarray(walls))


@lru_cache(maxsize=1)
def _model() -> dict[str, Any]:
    body: dict[str, Any] = json.loads(_DATA.read_text())
    return body


def features(foot: Foot) -> tuple[float, ...]:
    """The model's conditioning features of a completed foot: ``FEATURES`` over its length.

    Parameters
    ----------
    foot : fit.foot.Foot
        Completed (``fit.estimate.complete_foot``): every feature has a value.

    Returns
    -------
    tuple of float
        Dimensionless ratios, in the order of ``FEATURES``.
    """
    fl = float(foot.foot_length_mm)
    values = [foot.value(name) for name in FEATURES]
    if any(value is None for value in values):
        raise ValueError("shape features need a completed foot (fit.estimate.complete_foot)")
    return tuple(float(value) / fl for value in values if value is not None)


def model_sections(foot_length_mm: float, features: Sequence[float] | None = None) -> FootSections:
    """The shape model's sections for a foot of ``foot_length_mm`` (scaled with length).

    Parameters
    ----------
    foot_length_mm : float
    features : sequence of float or None
        ``features(foot)``: the sections are conditioned on them (the model's regression,
        features clipped to ``MAX_Z`` spreads of its data); None gives the mean sections.

    Returns
    -------
    FootSections
    """
    body = _model()
    fl = float(foot_length_mm)
    parts = {name: np.asarray(body[name], dtype=np.float64)
             for name in ("height_ratio", "profile", "inset", "wall", "back_y_ratio")}
    # the back curve stays the mean one: conditioned, its small wiggles would fold the
    # sheared heel rings into each other on steep pitches
    conditioned = ("height_ratio", "profile", "inset", "wall")
    if features is not None:
        z = (np.asarray(features, dtype=np.float64) - body["feature_mean"]) / np.asarray(body["feature_sd"])
        z = np.clip(z, -MAX_Z, MAX_Z)
        for name in conditioned:
            parts[name] = parts[name] + np.tensordot(z, np.asarray(body["coef"][name]), axes=1)
        parts["profile"] = np.clip(parts["profile"], 0.0, 1.0)
        parts["inset"] = np.clip(parts["inset"], 0.0, 0.45)
        parts["wall"] = np.maximum.accumulate(np.clip(parts["wall"], 0.0, 1.0), axis=-1)
    return FootSections(
        length_mm=fl, fractions=np.asarray(body["fractions"]), height_mm=parts["height_ratio"] * fl,
        profile=parts["profile"], back_z_mm=np.asarray(body["back_z_ratio"]) * fl,
        back_y_mm=parts["back_y_ratio"] * fl, height_sd_mm=np.asarray(body["height_ratio_sd"]) * fl,
        inset=parts["inset"], wall=parts["wall"])


def model_source() -> str:
    """Where the shape model's numbers come from (one sentence)."""
    return str(_model()["source"])
