"""Measure a last back from its mesh, by slicing it with trimesh.

Definitions are those of ``fit.last`` (frame, planes, bottom centre line) on the capture contract's
bands, ball plane and tape (``fit.contract``). Tape girths are the perimeters of the convex hull of
each section (a tape bridges hollows).
"""

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import trimesh

from . import sections
from .contract import BALL_BAND, HEEL_BAND, ball_plane, caliper_of_points, section_segments, tape_girth

Floats = npt.NDArray[np.float64]

#: Default landmark positions as fractions of the toe point's y, for lasts without a spec.
DEFAULT_LANDMARKS = {"ball_medial_y": 0.70, "ball_lateral_y": 0.615, "waist_y": 0.56, "instep_y": 0.46,
                     "toe_y": 0.93, "heel_seat_y": 0.1, "cone_y": 0.22}


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

    def to_dict(self) -> dict[str, float]:
        """Every measurement, rounded to 0.01."""
        return {k: round(float(v), 2) for k, v in asdict(self).items()}


def plan_outline_mm(mesh: trimesh.Trimesh) -> list[list[float]]:
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


def enclosed_volume(mesh: trimesh.Trimesh) -> float:
    """Signed volume enclosed by a closed, outward-wound mesh (divergence theorem), mm^3."""
    tri = np.asarray(mesh.triangles, dtype=np.float64)
    return float(np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6.0)


def _section(mesh: trimesh.Trimesh, origin: npt.ArrayLike, normal: npt.ArrayLike) -> Floats:
    """Section points of ``mesh`` by a plane: where its edges cross it, (n, 3), mm.

    The edges are trimesh's cached unique edges of the mesh; the points are the corners of
    the section polygon (what a tape girth, a width or a height reads).
    """
    points = sections.plane_points(np.asarray(mesh.vertices), mesh.edges_unique, np.asarray(origin, dtype=np.float64),
                                   np.asarray(normal, dtype=np.float64))
    return np.asarray(points, dtype=np.float64)


def _ball_plane(mesh: trimesh.Trimesh, landmarks: dict[str, float]) -> tuple[Floats, Floats]:
    """The ball girth's plane (``fit.contract.ball_plane``) of a last mesh at its landmarks."""
    return ball_plane(np.asarray(mesh.vertices), mesh.edges_unique, landmarks["ball_medial_y"],
                      landmarks["ball_lateral_y"], landmarks["medial_sign"])


def toe_point(vertices: Floats) -> tuple[float, float]:
    """The foremost point of a last (its toe point) as ``(x, y)``, mm."""
    y_tip = vertices[:, 1].max()
    front = vertices[vertices[:, 1] >= y_tip - 0.05]
    return float(front[:, 0].mean()), float(y_tip)


def _bottom_line(mesh: trimesh.Trimesh) -> tuple[float, float, float]:
    """Bottom length, heel height and toe spring from the bottom centre line (``bottom_centre_line``)."""
    line = bottom_centre_line(mesh)
    t = np.hypot(line[:, 0], line[:, 1])
    length = float(np.linalg.norm(np.diff(line, axis=0), axis=1).sum())
    return length, float(line[t <= 2.0, 2].min()), float(line[t >= t[-1] - 0.5, 2].min())


def bottom_centre_line(mesh: trimesh.Trimesh) -> Floats:
    """The bottom centre line of a last as (k, 3) points, mm, heel point first.

    The bottom centre line is the lower edge of the section by the vertical plane through the
    heel point (above the origin) and the toe point, from the heel point (y = 0) to the toe
    point, sampled every 0.25 mm along the plane. The heel seat is flat: the heel height is the
    lowest point within 2 mm of the heel point, the toe spring the lowest within 0.5 mm of the toe.
    """
    x_toe, y_tip = toe_point(np.asarray(mesh.vertices))
    along = np.array([x_toe, y_tip, 0.0]) / np.hypot(x_toe, y_tip)
    normal = np.array([along[1], -along[0], 0.0])
    segments = section_segments(mesh, [0.0, 0.0, 0.0], normal)
    t = segments @ along  # (m, 2) distance along the plane's floor line
    z = segments[:, :, 2]
    t_end = float(t.max())
    samples = np.linspace(0.0, t_end, int(t_end / 0.25) + 2)
    lo, hi = t.min(axis=1), t.max(axis=1)
    # every (sample, segment) pair where the segment spans the sample: O(samples + segments)
    first = np.searchsorted(samples, lo - 1e-9, side="left")
    last = np.searchsorted(samples, hi + 1e-9, side="right")
    counts = np.maximum(last - first, 0)
    seg = np.repeat(np.arange(len(t)), counts)
    index = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(first, counts)
    dt = t[seg, 1] - t[seg, 0]
    steep = np.abs(dt) <= 1e-9
    frac = np.where(steep, 0.0, (samples[index] - t[seg, 0]) / np.where(steep, 1.0, dt))
    zq = np.where(steep, np.minimum(z[seg, 0], z[seg, 1]), z[seg, 0] + frac * (z[seg, 1] - z[seg, 0]))
    bottom = np.full(len(samples), np.inf)
    np.minimum.at(bottom, index, zq)
    ok = np.isfinite(bottom)
    samples, bottom = samples[ok], bottom[ok]
    return np.column_stack([samples * along[0], samples * along[1], bottom])


def measure_last(mesh: trimesh.Trimesh, landmarks: dict[str, float] | None = None) -> LastMeasurements:
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

    def y_section(y: float) -> Floats:
        return _section(mesh, [0.0, y, 0.0], axis)

    origin, normal = _ball_plane(mesh, landmarks)
    ball_pts = _section(mesh, origin, normal)
    ball = tape_girth(ball_pts, normal)
    waist = tape_girth(y_section(landmarks["waist_y"]), axis)
    instep = tape_girth(y_section(landmarks["instep_y"]), axis)
    along = np.array([-normal[1], normal[0], 0.0])
    tread_pts = ball_pts[ball_pts[:, 2] <= ball_pts[:, 2].min() + 1.0] @ along
    return LastMeasurements(
        last_length_mm=length, stick_length_mm=float(np.ptp(vertices[:, 1])), ball_girth_mm=ball,
        waist_girth_mm=waist, instep_girth_mm=instep, heel_width_mm=caliper_of_points(vertices, y_tip, HEEL_BAND),
        ball_width_mm=caliper_of_points(vertices, y_tip, BALL_BAND),
        tread_width_mm=float(np.ptp(tread_pts)), heel_height_mm=heel_height, toe_spring_mm=toe_spring,
        volume_cm3=enclosed_volume(mesh) / 1000.0,
    )


#: The measurement sheet: name, label and definition, in last-making terms. Definitions follow
#: the usual last-room measures (Thornton, "Textbook of Footwear Manufacture", 1970; ISO/TS
#: 19407:2015 for the sizing terms); where a reference leaves a choice open the choice is
#: Cordwain's and says so.
SHEET = (
    ("stick_length_mm", "Stick length", "straight length heel-back to toe tip, as on a size stick"),
    ("bottom_length_mm", "Bottom length", "arc length of the bottom centre line, heel point to toe point"),
    ("ball_girth_mm", "Ball girth", "tape girth through the medial and lateral ball points"),
    ("waist_girth_mm", "Waist girth", "tape girth midway between instep and ball"),
    ("instep_girth_mm", "Instep girth", "tape girth at 50 % of foot length"),
    ("short_heel_girth_mm", "Short heel girth",
     "tape girth round the rearmost point of the back curve and the front of the cone top (Cordwain choice "
     "of the cone point)"),
    ("long_heel_girth_mm", "Long heel girth",
     "tape girth round the heel point (back of the seat) and the instep point (top of the last at the "
     "instep plane)"),
    ("heel_seat_width_mm", "Heel-seat width", "width of the flat bottom at 12 % of foot length"),
    ("ball_featherline_width_mm", "Ball width on the featherline", "width of the flat bottom across the ball line"),
    ("ball_bottom_width_mm", "Ball bottom width", "width of the last's section across the ball line"),
    ("heel_bottom_width_mm", "Heel bottom width", "width of the last's section at 12 % of foot length"),
    ("toe_thickness_mm", "Toe thickness", "height of the last above its bottom where the foot's toes end"),
    ("back_height_mm", "Back height", "height of the back curve (cone top) above the heel seat"),
    ("toe_spring_mm", "Toe spring", "height of the toe point above the floor with the tread on the floor"),
    ("heel_pitch_mm", "Heel pitch", "height of the heel seat above the floor (the heel height the last is made for)"),
)


def sheet_definitions() -> list[dict[str, str]]:
    """Rows ``{"name", "label", "definition"}`` of the measurement sheet."""
    return [{"name": n, "label": lab, "definition": d} for n, lab, d in SHEET]


def _section_y(mesh: trimesh.Trimesh, y: float) -> Floats:
    """Section points of ``mesh`` by the plane ``y = const``, (n, 3) mm."""
    return _section(mesh, [0.0, y, 0.0], [0.0, 1.0, 0.0])


def featherline_width(mesh: trimesh.Trimesh, y: float | None, origin: npt.ArrayLike | None = None,
                      normal: npt.ArrayLike | None = None, tolerance_mm: float = 0.5) -> tuple[float, float]:
    """Width of the flat bottom in a vertical section: the extent of the points within
    ``tolerance_mm`` of the section's lowest point, mm (the y-plane unless a plane is given)."""
    if normal is None or origin is None:
        if y is None:
            raise ValueError("featherline_width needs y or a plane (origin and normal)")
        pts = _section_y(mesh, y)
        low = pts[pts[:, 2] <= pts[:, 2].min() + tolerance_mm]
        return float(np.ptp(low[:, 0])), float(np.ptp(pts[:, 0]))
    n = np.asarray(normal, dtype=np.float64)
    pts = _section(mesh, origin, n)
    low = pts[pts[:, 2] <= pts[:, 2].min() + tolerance_mm]
    along = np.array([-n[1], n[0], 0.0])
    return float(np.ptp(low @ along)), float(np.ptp(pts @ along))


def _heel_girth(mesh: trimesh.Trimesh, back: npt.ArrayLike, front: npt.ArrayLike) -> float:
    """Tape girth of the section through ``back`` and ``front`` by the plane holding the x axis."""
    d = np.asarray(front, dtype=np.float64) - np.asarray(back, dtype=np.float64)
    normal = np.cross(d, [1.0, 0.0, 0.0])
    normal /= np.linalg.norm(normal)
    return float(tape_girth(_section(mesh, back, normal), normal))


def measure_sheet(mesh: trimesh.Trimesh, landmarks: dict[str, float],
                  measured: LastMeasurements | None = None) -> dict[str, float]:
    """The measurement sheet of a last (``SHEET``), every value measured from ``mesh``.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        A last in the frame of ``fit.last``.
    landmarks : dict
        As ``fit.last.landmarks`` gives them.
    measured : LastMeasurements or None
        ``measure_last(mesh, landmarks)`` when already taken.

    Returns
    -------
    dict
        name -> mm, rounded to 0.01 mm.
    """
    base = measure_last(mesh, landmarks) if measured is None else measured
    v = np.asarray(mesh.vertices)
    seat_z = base.heel_height_mm
    # heel point: the back of the seat on the bottom; rearmost back point: the back curve's bulge
    heel_point = np.array([0.0, 0.0, seat_z])
    rear = v[np.argmin(v[:, 1])]

    def top_at(y: float) -> Floats:
        pts = _section_y(mesh, y)
        return np.asarray(pts[np.argmax(pts[:, 2])], dtype=np.float64)

    instep_point, cone_point = top_at(landmarks["instep_y"]), top_at(landmarks["cone_y"])
    toe = _section_y(mesh, landmarks["toe_y"])
    back = v[v[:, 1] <= landmarks["heel_seat_y"]]
    ball_feather, ball_bottom = featherline_width(mesh, None, *_ball_plane(mesh, landmarks))
    heel_feather, heel_bottom = featherline_width(mesh, landmarks["heel_seat_y"])
    values = {
        "stick_length_mm": base.stick_length_mm, "bottom_length_mm": base.last_length_mm,
        "ball_girth_mm": base.ball_girth_mm, "waist_girth_mm": base.waist_girth_mm,
        "instep_girth_mm": base.instep_girth_mm,
        "short_heel_girth_mm": _heel_girth(mesh, rear, cone_point),
        "long_heel_girth_mm": _heel_girth(mesh, heel_point, instep_point),
        "heel_seat_width_mm": heel_feather,
        "ball_featherline_width_mm": ball_feather, "ball_bottom_width_mm": ball_bottom,
        "heel_bottom_width_mm": heel_bottom,
        "toe_thickness_mm": float(np.ptp(toe[:, 2])),
        "back_height_mm": float(back[:, 2].max() - seat_z),
        "toe_spring_mm": base.toe_spring_mm, "heel_pitch_mm": seat_z,
    }
    return {k: round(float(val), 2) for k, val in values.items()}
