"""Factory drawings of a last, measured from its mesh: featherline, bottom pattern, sections.

- featherline: the edge of the flat bottom (where the insole is trimmed), found in vertical
  sections ``y = const`` as the outermost points within 0.5 mm of the section's lowest point;
- bottom centre line: ``fit.measure_last.bottom_centre_line``;
- bottom pattern (insole): the featherline flattened along the bottom centre line (its y
  replaced by the arc length of the centre line up to it), drawn 1:1 in mm as DXF and SVG;
- section sheet: heel, waist, instep, ball and toe sections as SVG, 1:1 in mm;
- curves: featherline and bottom centre line as 3D splines through their measured points in
  DXF (layers FEATHERLINE and CENTRE_LINE), in the last frame of ``fit.last``.
"""

import io
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import shapely
import trimesh
from ezdxf.document import Drawing
from ezdxf.entities.lwpolyline import LWPolyline
from ezdxf.entities.spline import Spline
from ezdxf.filemanagement import new as new_dxf
from ezdxf.filemanagement import read as read_dxf

from .measure_last import bottom_centre_line
from .sections import Floats, mesh_section

#: Height above a section's lowest point still counted as the flat bottom, mm.
FEATHER_TOLERANCE_MM = 0.5
#: A slice whose lowest point stands more than ``FLOOR_RISE_MM`` above the lowest point of the
#: slices within ``FLOOR_WINDOW_MM`` of it holds no bottom, mm. The bottom itself rises at
#: most about 0.35 mm per mm along the last (toe spring, heel pitch): 0.7 mm over the window.
FLOOR_RISE_MM = 1.0
FLOOR_WINDOW_MM = 2.0
#: A slice narrower than this share of the median width of the slices within ``NARROW_WINDOW``
#: of it caught only part of the bottom's edge; the bottom's real width changes far less
#: between neighbouring slices, even at the toe.
NARROW_SHARE = 0.7
NARROW_WINDOW = 3


def featherline(mesh: trimesh.Trimesh, bin_mm: float = 0.5) -> Floats:
    """The featherline of a last as a simple closed (k, 3) polyline, mm, heel first.

    The mesh's vertices are grouped in slices ``bin_mm`` thick across y; in each slice the
    outermost vertices within ``FEATHER_TOLERANCE_MM`` of the slice's lowest are the feather
    edge (a last's flat bottom ends in vertices). Slices that hold no bottom (only the
    sheared heel curve behind the seat) or only part of its edge (a slice between two
    sections of the mesh) are left out, so the line never crosses itself: seen from above it
    bounds a simple polygon (``shapely`` ``is_simple`` and ``is_valid``).

    Parameters
    ----------
    mesh : trimesh.Trimesh
        A last in the frame of ``fit.last`` (mm).
    bin_mm : float
        Slice thickness along y, mm.

    Returns
    -------
    (k, 3) float
        The +x edge from heel to toe, then the -x edge back to the heel, mm.
    """
    v = np.asarray(mesh.vertices, dtype=np.float64)
    v = v[v[:, 1] >= 0.0]  # the bottom starts at the heel point
    key = np.floor(v[:, 1] / bin_mm).astype(np.int64)
    order = np.argsort(key, kind="stable")
    v, key = v[order], key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    lowest = np.minimum.reduceat(v[:, 2], starts)
    # a slice holding no bottom vertex (only a sheared piece of the heel's back) stands above
    # the bottom of the slices around it
    centre = key[starts] * bin_mm
    near = np.abs(centre[:, None] - centre[None, :]) <= FLOOR_WINDOW_MM
    floor = np.where(near, lowest[None, :], np.inf).min(axis=1)
    keep = lowest <= floor + FLOOR_RISE_MM
    sizes = np.diff(np.r_[starts, len(v)])
    low = v[:, 2] <= np.repeat(lowest, sizes) + FEATHER_TOLERANCE_MM
    group = np.repeat(np.arange(len(starts)), sizes)
    # per slice, the vertex of largest / smallest x among the low ones (lexsort: slice, then x)
    by_x = np.lexsort((np.where(low, v[:, 0], np.nan), group))  # NaN (not low) sorts last in a slice
    n_low = np.bincount(group, weights=low, minlength=len(starts)).astype(int)
    begin = np.r_[0, np.cumsum(sizes)[:-1]]
    left = by_x[begin]
    right = by_x[begin + np.maximum(n_low, 1) - 1]
    keep &= n_low > 0
    outer, inner = v[right[keep]], v[left[keep]]
    outer, inner = _whole_slices(outer, inner)
    return _untangled(outer, inner)


def _whole_slices(outer: Floats, inner: Floats) -> tuple[Floats, Floats]:
    """Drop slices much narrower than their neighbours (they caught part of the edge only).

    Parameters
    ----------
    outer, inner : (k, 3) float
        Per slice, the +x and the -x feather edge point, mm.
    """
    width = outer[:, 0] - inner[:, 0]
    if len(width) <= 2 * NARROW_WINDOW:
        return outer, inner
    window = np.lib.stride_tricks.sliding_window_view(np.pad(width, NARROW_WINDOW, mode="edge"),
                                                      2 * NARROW_WINDOW + 1)
    ok = width > NARROW_SHARE * np.median(window, axis=1)
    return outer[ok], inner[ok]


def _untangled(outer: Floats, inner: Floats) -> Floats:
    """The closed line through ``outer`` (heel to toe) and ``inner`` (toe to heel), made simple.

    While the line crosses itself, the slices whose segments cross are dropped (at most a few
    on a last's mesh; none on most).

    Parameters
    ----------
    outer, inner : (k, 3) float
        Per slice, the +x and the -x feather edge point, mm.

    Returns
    -------
    (m, 3) float
    """
    for _ in range(64):
        line = np.concatenate([outer, inner[::-1]])
        if len(outer) < 3 or shapely.LinearRing(line[:, :2]).is_simple:
            return line
        bad = _crossing_points(line[:, :2])
        k = len(outer)
        slices = np.unique(np.where(bad < k, bad, 2 * k - 1 - bad))
        slices = slices[(slices >= 0) & (slices < k)]
        keep = np.ones(k, dtype=bool)
        keep[slices] = False
        if keep.sum() < 3:
            break
        outer, inner = outer[keep], inner[keep]
    raise ValueError("the last's featherline could not be made a simple curve")


def _crossing_points(ring: Floats) -> npt.NDArray[np.int64]:
    """Indices of the points starting or ending the segments of closed ``ring`` (k, 2) that cross."""
    a, b = ring, np.roll(ring, -1, axis=0)
    lines = shapely.linestrings(np.stack([a, b], axis=1))
    i, j = shapely.STRtree(lines).query(lines, predicate="intersects")
    k = len(ring)
    # neighbours share an end point: not a crossing
    apart = (j - i) % k
    cross = (apart > 1) & (apart < k - 1)
    i, j = i[cross], j[cross]
    return np.unique(np.concatenate([i, (i + 1) % k, j, (j + 1) % k]))


def bottom_pattern(mesh: trimesh.Trimesh, line: Floats | None = None) -> Floats:
    """The bottom pattern (insole shape) as a closed (k, 2) polygon, mm: (x, arc length).

    The featherline's y is replaced by the arc length of the bottom centre line up to that y,
    so a pitched bottom is laid flat.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        A last in the frame of ``fit.last``, mm.
    line : (m, 3) float or None
        Its bottom centre line (``fit.measure_last.bottom_centre_line``) when already taken.
    """
    line = bottom_centre_line(mesh) if line is None else line
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(line, axis=0), axis=1))])
    edge = featherline(mesh)
    s = np.interp(edge[:, 1], line[:, 1], arc)
    return np.column_stack([edge[:, 0], s])


def pattern_dxf(pattern: Floats) -> str:
    """DXF (R2010, units mm) text of the bottom pattern: one closed polyline on layer BOTTOM_PATTERN."""
    doc = new_dxf("R2010", units=4)  # 4 = millimetres
    doc.layers.add("BOTTOM_PATTERN")
    doc.modelspace().add_lwpolyline([tuple(map(float, p)) for p in pattern], close=True,
                                    dxfattribs={"layer": "BOTTOM_PATTERN"})
    return _dxf_text(doc)


def curves_dxf(feather: Floats, centre: Floats) -> str:
    """DXF text with the featherline (closed) and the bottom centre line as 3D fit-point splines, mm."""
    doc = new_dxf("R2010", units=4)
    msp = doc.modelspace()
    for name in ("FEATHERLINE", "CENTRE_LINE"):
        doc.layers.add(name)
    # splines through the measured points: one entity per curve, as CAD and CAM read curves
    closed = np.vstack([feather, feather[:1]])
    msp.add_spline([tuple(map(float, p)) for p in closed], dxfattribs={"layer": "FEATHERLINE"})
    msp.add_spline([tuple(map(float, p)) for p in centre[::4]], dxfattribs={"layer": "CENTRE_LINE"})
    return _dxf_text(doc)


def read_dxf_polyline(text: str, layer: str) -> Floats:
    """Points of the first polyline (2D) or spline (its fit points, 3D) on ``layer`` of DXF ``text``."""
    doc = read_dxf(io.StringIO(text))
    for entity in doc.modelspace().query(f'*[layer=="{layer}"]'):
        if isinstance(entity, LWPolyline):
            return np.array([p[:2] for p in entity.get_points()], dtype=np.float64)
        if isinstance(entity, Spline):
            return np.array([tuple(p) for p in entity.fit_points], dtype=np.float64)
    raise ValueError(f"no polyline on layer {layer}")


def _dxf_text(doc: Drawing) -> str:
    stream = io.StringIO()
    doc.write(stream)
    return stream.getvalue()


def _svg(width_mm: float, height_mm: float, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_mm:.1f}mm" height="{height_mm:.1f}mm" '
            f'viewBox="0 0 {width_mm:.2f} {height_mm:.2f}">\n{body}</svg>\n')


def _path(points: npt.ArrayLike, dx: float, dy: float, flip_height: float | None = None) -> str:
    pts = np.asarray(points, dtype=np.float64)
    x = pts[:, 0] + dx
    y = (flip_height - (pts[:, 1] + dy)) if flip_height is not None else pts[:, 1] + dy
    return "M " + " L ".join(f"{a:.2f} {b:.2f}" for a, b in zip(x, y)) + " Z"


def _scale_bar(x: float, y: float) -> str:
    return (f'<path d="M {x:.1f} {y:.1f} h 50" stroke="black" stroke-width="0.4"/>'
            f'<text x="{x:.1f}" y="{y - 1.5:.1f}" font-size="3.5" font-family="sans-serif">50 mm (1:1)</text>\n')


def pattern_svg(pattern: Floats, title: str = "") -> str:
    """SVG at 1:1 (mm) of the bottom pattern, toe up, with a 50 mm scale bar."""
    pts = np.asarray(pattern)
    margin = 15.0
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    width, height = hi[0] - lo[0] + 2 * margin, hi[1] - lo[1] + 2 * margin + 10.0
    body = (f'<path d="{_path(pts, margin - lo[0], margin - lo[1], flip_height=height - 10.0)}" fill="none" '
            f'stroke="black" stroke-width="0.3"/>\n'
            f'<text x="3" y="{height - 3:.1f}" font-size="3.5" font-family="sans-serif">{_escape(title)}</text>\n'
            + _scale_bar(width - margin - 50.0, height - 3.0))
    return _svg(width, height, body)


def section_points(mesh: trimesh.Trimesh, origin: npt.ArrayLike, normal: npt.ArrayLike) -> Floats:
    """A section of ``mesh`` as (k, 2) points (across, up), mm, ordered around its hull."""
    axis = np.asarray(normal, dtype=np.float64)
    pts = mesh_section(mesh, origin, axis).reshape(-1, 3)
    across = np.array([axis[1], -axis[0], 0.0])
    across /= np.linalg.norm(across)
    flat = np.column_stack([pts @ across, pts[:, 2]])
    # the section's outline in order: angle about its centre (sections of a last are star-shaped)
    centre = flat.mean(axis=0)
    order = np.argsort(np.arctan2(flat[:, 1] - centre[1], flat[:, 0] - centre[0]))
    return flat[order]


def sections_svg(named_sections: Sequence[tuple[str, Floats]], title: str = "") -> str:
    """SVG at 1:1 (mm) of named sections side by side; each is (k, 2) (across, up) points."""
    margin, gap = 15.0, 15.0
    boxes = [(name, np.asarray(p)) for name, p in named_sections]
    widths = [np.ptp(p[:, 0]) for _, p in boxes]
    height = max(p[:, 1].max() for _, p in boxes) + 2 * margin + 12.0
    width = sum(widths) + gap * (len(boxes) - 1) + 2 * margin
    body, x = "", margin
    base = height - margin - 6.0
    for (name, p), w in zip(boxes, widths):
        body += (f'<path d="{_path(p, x - p[:, 0].min(), 0.0, flip_height=base)}" fill="none" stroke="black" '
                 f'stroke-width="0.3"/>\n<text x="{x:.1f}" y="{base + 6:.1f}" font-size="3.5" '
                 f'font-family="sans-serif">{_escape(name)}</text>\n')
        x += w + gap
    body += f'<text x="3" y="6" font-size="3.5" font-family="sans-serif">{_escape(title)}</text>\n'
    body += _scale_bar(width - margin - 50.0, height - 2.0)
    return _svg(width, height, body)


def _escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def last_drawings(mesh: trimesh.Trimesh, landmarks: dict[str, float], title: str = "") -> dict[str, bytes]:
    """Every drawing of one last, as file name suffix -> bytes.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        A last in the frame of ``fit.last``.
    landmarks : dict
        ``fit.last.landmarks`` of its spec.

    Returns
    -------
    dict
        ``"bottom.dxf"``, ``"bottom.svg"`` (the bottom pattern 1:1), ``"curves.dxf"`` (featherline
        and centre line, 3D), ``"sections.svg"`` (heel, waist, instep, ball, toe, 1:1).
    """
    line = bottom_centre_line(mesh)
    pattern = bottom_pattern(mesh, line)
    sign = landmarks["medial_sign"]
    v = np.asarray(mesh.vertices)
    ym, yl = landmarks["ball_medial_y"], landmarks["ball_lateral_y"]
    pm = v[np.abs(v[:, 1] - ym) < 1.5]
    pl = v[np.abs(v[:, 1] - yl) < 1.5]
    m, lat = pm[np.argmax(sign * pm[:, 0])], pl[np.argmin(sign * pl[:, 0])]
    d = m[:2] - lat[:2]
    ball_normal = np.array([d[1], -d[0], 0.0]) / np.hypot(*d)
    axis = np.array([0.0, 1.0, 0.0])
    named = [("heel", [0.0, landmarks["heel_seat_y"], 0.0], axis), ("waist", [0.0, landmarks["waist_y"], 0.0], axis),
             ("instep", [0.0, landmarks["instep_y"], 0.0], axis), ("ball", [m[0], m[1], 0.0], ball_normal),
             ("toe", [0.0, landmarks["toe_y"] - 10.0, 0.0], axis)]
    sections = [(name, section_points(mesh, origin, normal)) for name, origin, normal in named]
    return {
        "bottom.dxf": pattern_dxf(pattern).encode(),
        "bottom.svg": pattern_svg(pattern, f"{title} bottom pattern (featherline), 1:1, mm").encode(),
        "curves.dxf": curves_dxf(featherline(mesh), line).encode(),
        "sections.svg": sections_svg(sections, f"{title} sections seen from the toe, 1:1, mm").encode(),
    }
