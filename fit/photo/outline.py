"""From the foot's silhouette on the floor to its footprint: correction for the edge's height.

A silhouette point seen by the camera is a ray grazing the foot. Its floor intersection lies
beyond the foot whenever the grazing point is above the floor. Modelling the foot's edge, in
the vertical section across it, as a curve of radius ``r`` whose outermost point is at height
``c``, the ray through the floor point meets that outermost point's vertical where it is at
height ``c + r * tan(theta / 2)``, ``theta`` being the ray's angle from vertical toward the
outward normal (negative on the side facing the camera). ``c`` and ``r`` vary along the foot,
as fractions of foot length, from measured foot scans (heel back high and round, toes low).

Points are floor ``(x, y)`` in mm, frame z up; the camera centre is ``(x, y, z)`` mm.
"""

import numpy as np

from .footprint import measure_footprint

# Height of the footprint's edge above the floor (c) and its vertical radius (r), as fractions of
# foot length, at fractions t of foot length from the heel. c from the dupontgu scans
# (shared/data/feet: median height of the outermost surface over the outline, 8.6-9.5 % at the
# heel back, 7-8 % along the heel, 5 % at the ball, 3.5-4 % at the toes); r is a round-section guess.
_T = np.array([0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0])
_C = np.array([0.090, 0.078, 0.076, 0.068, 0.050, 0.037, 0.040])
_R = np.array([0.070, 0.060, 0.055, 0.050, 0.045, 0.035, 0.030])


def edge_heights(t, tan_theta, foot_length_mm):
    """Height (mm) at which each silhouette ray crosses the footprint's outline.

    Parameters
    ----------
    t : (n,) float
        Position along the foot, fraction of length from the heel.
    tan_theta : (n,) float
        Tangent of each ray's angle from vertical toward the outward normal.
    foot_length_mm : float
    """
    t = np.clip(t, 0, 1)
    c = np.interp(t, _T, _C) * foot_length_mm
    r = np.interp(t, _T, _R) * foot_length_mm
    theta = np.arctan(tan_theta)
    return c + r * np.tan(theta / 2)


def lift_to_height(points, heights, camera_center):
    """Move floor points along their camera rays up to ``heights``; returns ``(n, 2)`` mm."""
    p = np.asarray(points, dtype=np.float64)
    cam = np.asarray(camera_center, dtype=np.float64)
    k = (np.asarray(heights, dtype=np.float64) / cam[2])[:, None]
    return p + (cam[:2] - p) * k


def outward_normals(points, smooth=5):
    """Unit outward normals of a counter-clockwise closed polygon ``(n, 2)``."""
    p = np.asarray(points, dtype=np.float64)
    d = np.roll(p, -smooth, 0) - np.roll(p, smooth, 0)
    n = np.column_stack([d[:, 1], -d[:, 0]])
    return n / (np.linalg.norm(n, axis=1, keepdims=True) + 1e-12)


def correct_silhouette(floor_points, camera_center, toe_direction=(0.0, 1.0), iterations=3):
    """Footprint outline from the silhouette's floor intersections.

    Parameters
    ----------
    floor_points : (n, 2) float
        Silhouette rays' floor intersections, counter-clockwise, mm.
    camera_center : (3,) float
        Camera centre, mm, z above the floor.
    toe_direction : (2,) float
        Rough heel -> toe direction.

    Returns
    -------
    (n, 2) float
        Corrected outline, mm, same frame.
    """
    p = np.asarray(floor_points, dtype=np.float64)
    cam = np.asarray(camera_center, dtype=np.float64)
    normals = outward_normals(p)
    tan_theta = np.einsum("ij,ij->i", p - cam[:2], normals) / cam[2]
    out = p
    for _ in range(iterations):
        fp = measure_footprint(out, toe_direction)
        t = ((out - fp.origin) @ fp.axis) / fp.foot_length_mm
        heights = edge_heights(t, tan_theta, fp.foot_length_mm)
        out = lift_to_height(p, heights, cam)
    return out
