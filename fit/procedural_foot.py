"""Procedural 3D feet: test feet with known anatomy, independent of the last builder.

A foot is built from spheres placed where a foot's bony landmarks and soft-tissue masses
sit (heel, ankle, navicular and cuboid, the instep crest, first and fifth metatarsal heads,
five toes), joined by convex hulls and unions (manifold3d), flattened on the floor where the
sole bears weight and cut above the ankle like the dupontgu scans (cut flat at 100 mm).
Proportions are drawn widely around published ratios (ANSUR II 2012: ball width about 0.39
of foot length, heel about 0.68 of ball width, ball of foot at 0.74 of length; Kouchi 1995:
fifth metatarsal head about 0.64 of length). These feet test ``fit.last``; they share no
code or numbers with its section model beyond the foot frame.

Frame: the capture contract's foot frame of a left foot (x medial-positive); a right foot is
its mirror image.
"""

import manifold3d
import numpy as np
import numpy.typing as npt
import trimesh

#: Sphere resolution, segments per full circle.
SEGMENTS = 24


def _sphere(centre: npt.ArrayLike, radius: float) -> manifold3d.Manifold:
    x, y, z = (float(c) for c in np.asarray(centre, dtype=np.float64))
    return manifold3d.Manifold.sphere(float(radius), SEGMENTS).translate((x, y, z))


def _hull(*parts: manifold3d.Manifold) -> manifold3d.Manifold:
    return manifold3d.Manifold.batch_hull(list(parts))


def procedural_foot(seed: int, side: str = "left", length_mm: float | None = None) -> trimesh.Trimesh:
    """A random plausible foot mesh standing on the floor, in the foot frame, mm.

    Parameters
    ----------
    seed : int
        Random seed; the same seed gives the same foot.
    side : str
        ``"left"`` or ``"right"``.
    length_mm : float or None
        Approximate foot length; drawn from 220-300 mm when None.

    Returns
    -------
    trimesh.Trimesh
        Watertight, floor at z = 0, heel near y = 0, toes toward +y.
    """
    rng = np.random.default_rng(seed)
    u = rng.uniform
    L = float(length_mm) if length_mm is not None else u(220.0, 300.0)
    bw = L * u(0.35, 0.42)
    hw = bw * u(0.62, 0.74)
    crest_h = L * u(0.235, 0.29)          # instep height
    ball_h = L * u(0.14, 0.17)            # dorsal height over the first/second metatarsal heads
    r_heel = 0.5 * hw
    heel = _sphere((0.0, r_heel, 0.85 * r_heel), r_heel)
    ankle = _sphere((u(-0.02, 0.04) * bw, 0.17 * L, 0.24 * L), u(0.085, 0.1) * L)
    leg = _sphere((0.0, 0.15 * L, 0.42 * L), u(0.075, 0.09) * L)
    r_nav = u(0.065, 0.08) * L
    navicular = _sphere((0.40 * bw - r_nav, 0.43 * L, u(0.13, 0.16) * L), r_nav)
    r_cub = u(0.045, 0.06) * L
    cuboid = _sphere((-u(0.42, 0.52) * bw + r_cub, 0.42 * L, r_cub), r_cub)
    r_crest = u(0.07, 0.09) * L
    crest = _sphere((u(0.02, 0.14) * bw, 0.50 * L, crest_h - r_crest), r_crest)
    m1_y, m5_y = L * u(0.71, 0.76), L * u(0.61, 0.67)
    medial_share = u(0.38, 0.45)
    r1, r5 = u(0.065, 0.08) * L, u(0.04, 0.055) * L
    m1 = _sphere((medial_share * bw - r1, m1_y, 0.75 * r1), r1)  # the fat pad flattens under load
    m5 = _sphere((-(1.0 - medial_share) * bw + r5, m5_y, 0.7 * r5), r5)
    r_dorsum = u(0.04, 0.055) * L
    dorsum = _sphere((u(0.1, 0.22) * bw, 0.5 * (m1_y + m5_y), ball_h - r_dorsum), r_dorsum)
    rear = _hull(heel, ankle, navicular, cuboid, crest)
    fore = _hull(navicular, cuboid, crest, m1, m5, dorsum)
    parts = [rear, fore, _hull(ankle, leg)]
    # toes: hallux from the first head, four lesser toes spread to the fifth
    hallux_r = u(0.045, 0.055) * L
    tips = [1.0, u(0.97, 1.01), u(0.93, 0.97), u(0.88, 0.93), u(0.82, 0.88)]
    lesser_r = [u(0.03, 0.036) * L, u(0.028, 0.033) * L, u(0.026, 0.031) * L, u(0.024, 0.03) * L]
    x1 = medial_share * bw - hallux_r * u(1.0, 1.3)
    x5 = -(1.0 - medial_share) * bw + lesser_r[-1] * 1.2
    xs = [x1] + list(np.linspace(x1 - hallux_r - lesser_r[0] * 0.9, x5, 4))
    radii = [hallux_r] + lesser_r
    scale_tip = L / max(tips)
    for i, (x, r, tip) in enumerate(zip(xs, radii, tips)):
        base_y = (m1_y if i == 0 else m1_y + (m5_y - m1_y) * i / 4.0) - 0.02 * L
        tip_y = tip * scale_tip - r
        base = _sphere((x, base_y, 1.2 * r), 1.2 * r)
        end = _sphere((x * u(0.9, 1.0), tip_y, r * u(0.8, 0.95)), r)
        parts.append(_hull(base, end))
    body = manifold3d.Manifold.batch_boolean(parts, manifold3d.OpType.Add)
    sink = u(1.5, 3.5)  # the sole flattens under load
    cut = min(100.0, 0.37 * L)
    body = body.translate((0.0, 0.0, -sink)) ^ manifold3d.Manifold.cube((600.0, 600.0, cut)).translate(
        (-300.0, -300.0, 0.0))
    if side == "right":
        body = body.mirror((1.0, 0.0, 0.0))
    mesh = body.to_mesh()
    out = trimesh.Trimesh(np.asarray(mesh.vert_properties)[:, :3], np.asarray(mesh.tri_verts), process=True)
    return out
