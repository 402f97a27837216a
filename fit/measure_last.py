"""Measure a last back from its mesh, by slicing it with trimesh.

Definitions are those of ``fit.last`` (frame, planes, bands, bottom centre line). Tape girths are the
perimeters of the convex hull of each section (a tape bridges hollows).
"""

from dataclasses import asdict, dataclass

import numpy as np
import trimesh

from . import sections

#: Default landmark positions as fractions of the toe point's y, for lasts without a spec.
DEFAULT_LANDMARKS = {"ball_medial_y": 0.70, "ball_lateral_y": 0.615, "waist_y": 0.56, "instep_y": 0.46}


@dataclass(frozen=True)
class LastMeasurements:
    """A last's measurements, mm (``volume_cm3`` in cm^3)."""

    last_length_mm: float
    stick_length_mm: float
    ball_girth_mm: float
    waist_girth_mm: float
    instep_girth_mm: float
    heel_width_mm: float
    ball_width_mm: float
    tread_width_mm: float
    heel_height_mm: float
    toe_spring_mm: float
    volume_cm3: float

    def to_dict(self):
        return {k: round(float(v), 2) for k, v in asdict(self).items()}


def plan_outline_mm(mesh):
    """The last seen from above: its silhouette on the ground plane.

    Returns
    -------
    list of [x, y]
        Closed polygon in mm (last frame), simplified to 0.2 mm and rounded to
        0.1 mm, so the same mesh always gives the same outline.
    """
    polygon = trimesh.path.polygons.projected(mesh, normal=[0, 0, 1], ignore_sign=True)
    # Projection can leave slivers beside the silhouette: keep the body.
    pieces = getattr(polygon, "geoms", [polygon])
    outline = np.asarray(max(pieces, key=lambda piece: piece.area).simplify(0.2).exterior.coords)
    return [[round(float(x), 1), round(float(y), 1)] for x, y in outline]


def enclosed_volume(mesh):
    """Signed volume enclosed by a closed, outward-wound mesh (divergence theorem), mm^3."""
    tri = np.asarray(mesh.triangles, dtype=np.float64)
    return float(np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6.0)


def _section(mesh, origin, normal, cached_dots=None):
    """Section points of ``mesh`` by a plane: (n, 3) endpoints of trimesh's section segments."""
    segments = trimesh.intersections.mesh_plane(mesh, plane_normal=normal, plane_origin=origin,
                                                cached_dots=cached_dots)
    return segments.reshape(-1, 3)


def toe_point(vertices):
    """The foremost point of a last (its toe point) as ``(x, y)``, mm."""
    y_tip = vertices[:, 1].max()
    front = vertices[vertices[:, 1] >= y_tip - 0.05]
    return float(front[:, 0].mean()), float(y_tip)


def _bottom_line(mesh):
    """Bottom length, heel height and toe spring from the bottom centre line.

    The bottom centre line is the lower edge of the section by the vertical plane through the
    heel point (above the origin) and the toe point, from the heel point (y = 0) to the toe
    point, sampled every 0.25 mm along the plane.
    """
    x_toe, y_tip = toe_point(np.asarray(mesh.vertices))
    along = np.array([x_toe, y_tip, 0.0]) / np.hypot(x_toe, y_tip)
    normal = np.array([along[1], -along[0], 0.0])
    segments = trimesh.intersections.mesh_plane(mesh, plane_normal=normal, plane_origin=[0.0, 0.0, 0.0])
    t = segments @ along  # (m, 2) distance along the plane's floor line
    z = segments[:, :, 2]
    t_end = float(t.max())
    samples = np.linspace(0.0, t_end, int(t_end / 0.25) + 2)
    lo, hi = t.min(axis=1), t.max(axis=1)
    span = np.where(hi - lo > 1e-9, t[:, 1] - t[:, 0], 1.0)
    bottom = np.empty(len(samples))
    for i in range(0, len(samples), 256):  # blocks keep memory small
        q = samples[i:i + 256, None]
        inside = (q >= lo[None] - 1e-9) & (q <= hi[None] + 1e-9)
        zq = z[None, :, 0] + (q - t[None, :, 0]) / span[None] * (z[:, 1] - z[:, 0])[None]
        zq = np.where(np.abs(t[:, 1] - t[:, 0])[None] > 1e-9, zq, np.minimum(z[:, 0], z[:, 1])[None])
        bottom[i:i + 256] = np.where(inside, zq, np.inf).min(axis=1)
    ok = np.isfinite(bottom)
    samples, bottom = samples[ok], bottom[ok]
    length = float(np.hypot(np.diff(samples), np.diff(bottom)).sum())
    # the heel seat is flat: its height is the lowest point within 2 mm of the heel point
    return length, float(bottom[samples <= 2.0].min()), float(bottom[samples >= samples[-1] - 0.5].min())


def measure_last(mesh, landmarks=None):
    """Measure ``mesh`` (a last in the frame of ``fit.last``) back.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        Millimetres, heel point above the origin, +y toward the toe.
    landmarks : dict or None
        ``ball_medial_y``, ``ball_lateral_y``, ``waist_y``, ``instep_y`` (mm) and
        ``medial_sign`` (+1 left, -1 right), as ``fit.last.landmarks`` gives; without them
        the defaults are fractions of the toe point's y (``DEFAULT_LANDMARKS``), left foot.

    Returns
    -------
    LastMeasurements
    """
    vertices = np.asanyarray(mesh.vertices, dtype=np.float64)
    if vertices.ndim != 2 or vertices.shape[1] != 3:
        raise ValueError("mesh vertices must be (n, 3)")
    y_tip = float(vertices[:, 1].max())
    if landmarks is None:
        landmarks = {k: f * y_tip for k, f in DEFAULT_LANDMARKS.items()}
        landmarks["medial_sign"] = 1.0
    length, heel_height, toe_spring = _bottom_line(mesh)
    axis = np.array([0.0, 1.0, 0.0])
    dots = vertices @ axis

    def y_section(y):
        return _section(mesh, [0.0, y, 0.0], axis, cached_dots=dots - y)

    # ball points: the extreme medial / lateral points of the sections at the ball positions
    sign = landmarks["medial_sign"]
    pm, pl = y_section(landmarks["ball_medial_y"]), y_section(landmarks["ball_lateral_y"])
    m, lat = pm[np.argmax(sign * pm[:, 0])], pl[np.argmin(sign * pl[:, 0])]
    d = m[:2] - lat[:2]
    normal = np.array([d[1], -d[0], 0.0]) / np.hypot(*d)
    ball_pts = _section(mesh, [m[0], m[1], 0.0], normal)
    ball = sections.tape_girth(ball_pts, normal)
    waist = sections.tape_girth(y_section(landmarks["waist_y"]), axis)
    instep = sections.tape_girth(y_section(landmarks["instep_y"]), axis)
    along = np.array([-normal[1], normal[0], 0.0])
    tread_pts = ball_pts[ball_pts[:, 2] <= ball_pts[:, 2].min() + 1.0] @ along
    y = vertices[:, 1]

    def caliper(lo, hi):
        band = vertices[(y >= lo * y_tip) & (y <= hi * y_tip), 0]
        return float(band.max() - band.min())

    return LastMeasurements(
        last_length_mm=length, stick_length_mm=float(np.ptp(y)), ball_girth_mm=ball, waist_girth_mm=waist,
        instep_girth_mm=instep, heel_width_mm=caliper(0.05, 0.25), ball_width_mm=caliper(0.55, 0.85),
        tread_width_mm=float(np.ptp(tread_pts)), heel_height_mm=heel_height, toe_spring_mm=toe_spring,
        volume_cm3=enclosed_volume(mesh) / 1000.0,
    )
