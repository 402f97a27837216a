"""Low-level geometry of a lofted last: flat-bottomed rings, grid faces, end caps, tape girths.

A last is a grid of ``n_stations`` cross-section rings of ``n_around`` points each, in
vertical planes ``y = const`` (sheared backwards at the heel to shape the heel curve),
closed at both ends by a zipper cap that stitches each ring point to its mirror image.
"""

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import rtree
import trimesh
from scipy.spatial import ConvexHull

#: Float and integer arrays (shapes in each docstring).
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

def ring_layout(n_around: int) -> tuple[Floats, Floats]:
    """Where the points of a section ring sit, for a ring of ``n_around`` points (a multiple of 4).

    The ring runs, medial side first, from beside the bottom centre along the flat bottom to the
    medial feather edge, up the medial side, over the top, down the lateral side and back along
    the bottom: the mirror of point k (across the section's centre line) is ``n - 1 - k``.

    Returns
    -------
    bottom : (n_around // 4,) float in (0, 1)
        Across positions of the medial bottom points, fractions of the half-width from the
        centre to the feather edge (the lateral ones mirror them).
    theta : (n_around // 2,) float in (0, pi)
        Angles of the top points: across position ``medial_edge - width * (1 - cos theta) / 2``.
    """
    if n_around % 4:
        raise ValueError("n_around must be a multiple of 4")
    q = n_around // 4
    bottom = np.sin(0.5 * np.pi * (np.arange(q) + 0.5) / q)
    theta = np.pi * (np.arange(2 * q) + 0.5) / (2 * q)
    return bottom, theta


def rings(centre: Floats, width: Floats, top: Floats, bottom: Floats, inset: Floats | None = None,
          wall: Floats | None = None) -> tuple[Floats, Floats]:
    """Across and up coordinates of flat-bottomed section rings.

    Parameters
    ----------
    centre, width : (s,) float, mm
        Middle and width of each section's flat bottom (the featherline), medial-positive.
    top : (s, n // 2) float, mm
        Heights of the top points above the bottom, at the angles of ``ring_layout``.
    bottom : (n // 4,) float
        ``ring_layout``'s bottom positions.
    inset : (s, 2) float or None
        Medial and lateral distances of the flat bottom's edges (the featherline) inside the
        section's widest points, mm.
    wall : (s, 2, k) float or None
        Under an arch, the underside from the featherline out to the widest point, medial and
        lateral: heights (fractions of the top's first / last point) at across fractions
        ``wall_s``, as ``fit.shape_model`` gives them.

    Returns
    -------
    across, up : (s, n) float, mm
        Medial-positive across positions and heights above the bottom, in ring order.
    """
    half = 0.5 * width[:, None]
    theta = np.pi * (np.arange(top.shape[1]) + 0.5) / top.shape[1]
    top_u = centre[:, None] + half * np.cos(theta)[None, :]
    inset = np.zeros((len(centre), 2)) if inset is None else np.asarray(inset)
    foot_m, foot_l = centre + 0.5 * width - inset[:, 0], centre - 0.5 * width + inset[:, 1]
    mid, reach = 0.5 * (foot_m + foot_l)[:, None], 0.5 * (foot_m - foot_l)[:, None]
    if wall is None:
        wall = np.broadcast_to(np.linspace(0.0, 1.0, 9) ** 8, (len(centre), 2, 9))
    m_across, m_up = _bottom_side(mid, reach, inset[:, :1], top[:, :1], bottom, wall[:, 0])
    l_across, l_up = _bottom_side(-mid, reach, inset[:, 1:], top[:, -1:], bottom, wall[:, 1])
    across = np.concatenate([m_across, top_u, -l_across[:, ::-1]], axis=1)
    up = np.concatenate([m_up, top, l_up[:, ::-1]], axis=1)
    return across, up


def _bottom_side(mid: Floats, reach: Floats, inset: Floats, wall_top: Floats, bottom: Floats,
                 wall: Floats) -> tuple[Floats, Floats]:
    """One half of a ring's bottom: the flat out to the featherline, then the wall under an arch.

    The wall runs from the featherline out and up to the section's widest point (``inset``
    across, ``wall_top`` up) along the foot's underside ``wall`` (heights as fractions of
    ``wall_top`` at across fractions ``1 - (1 - q) ** 2``, ``q`` evenly spaced).
    """
    k = wall.shape[1]
    q = np.linspace(0.0, 1.0, k)
    # a side that stands upright (no arch) still gets points up its wall: the heel's back curve
    # shears them, and a single tall edge would cut through its neighbours
    upright = np.clip(1.0 - inset / 2.0, 0.0, 1.0)
    length = 1.1 * np.hypot(inset, wall_top)
    s = bottom[None, :] * (reach + length)
    on_flat = s <= reach
    # the outermost flat point lies on the featherline itself: a crisp feather edge
    last_flat = np.maximum(on_flat.sum(axis=1) - 1, 0)
    s[np.arange(len(s)), last_flat] = reach[:, 0]
    on_flat = s <= reach
    t = np.clip((s - reach) / np.where(length > 0, length, 1.0), 0.0, 1.0) * (k - 1)
    j = np.minimum(t.astype(int), k - 2)
    frac = t - j
    rows = np.arange(len(wall))[:, None]
    qs = q[j] * (1.0 - frac) + q[j + 1] * frac
    height = (wall[rows, j] * (1.0 - frac) + wall[rows, j + 1] * frac) * (1.0 - upright) + qs * upright
    across = np.where(on_flat, mid + s, mid + reach + inset * (1.0 - (1.0 - qs) ** 2))
    up = np.where(on_flat, 0.0, wall_top * height)
    return across, up


def grid_faces(n_stations: int, n_around: int) -> Ints:
    """Triangles of a closed loft: side quads plus zipper caps at both ends.

    Returns
    -------
    faces : (2 * n_around * (n_stations - 1) + 2 * (n_around - 2), 3) int64
        Counter-clockwise seen from outside (outward normals) for rings ordered along +y,
        each running counter-clockwise in the (x, z) plane (``rings``).
    """
    s, n = n_stations, n_around
    i = np.arange(s - 1)[:, None]
    k = np.arange(n)[None, :]
    a = i * n + k
    b = i * n + (k + 1) % n
    c = (i + 1) * n + (k + 1) % n
    d = (i + 1) * n + k
    side = np.concatenate([np.stack([a, b, c], -1).reshape(-1, 3), np.stack([a, c, d], -1).reshape(-1, 3)])
    j = np.arange(n // 2 - 1)
    p, q, r, t = j, j + 1, n - 2 - j, n - 1 - j
    zipper = np.concatenate([np.stack([p, r, q], -1), np.stack([p, t, r], -1)])
    # drop degenerate triangles (the last pair shares q == r)
    zipper = zipper[(zipper[:, 0] != zipper[:, 1]) & (zipper[:, 1] != zipper[:, 2]) & (zipper[:, 0] != zipper[:, 2])]
    back = zipper
    front = zipper[:, ::-1] + (s - 1) * n
    # reversed so that normals point outward (checked by tests: volume > 0)
    return np.ascontiguousarray(np.concatenate([side, back, front])[:, ::-1], dtype=np.int64)


def unique_edges(faces: Ints) -> Ints:
    """Unique undirected edges of ``faces``, (m, 2) int64."""
    edges = np.sort(faces[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2), axis=1)
    base = int(edges.max()) + 1
    keys = np.unique(edges[:, 0] * base + edges[:, 1])
    return np.column_stack([keys // base, keys % base])


@lru_cache(maxsize=8)
def topology(n_stations: int, n_around: int) -> tuple[Ints, Ints]:
    """Cached faces and unique edges of the loft grid (read-only arrays)."""
    faces = grid_faces(n_stations, n_around)
    edges = unique_edges(faces)
    faces.flags.writeable = False
    edges.flags.writeable = False
    return faces, edges


def mesh_section(mesh: trimesh.Trimesh, origin: npt.ArrayLike, normal: npt.ArrayLike) -> Floats:
    """Segments where a plane cuts ``mesh`` (trimesh's ``mesh_plane``), (m, 2, 3) float, mm.

    Parameters
    ----------
    mesh : trimesh.Trimesh
    origin, normal : (3,) float
        A point of the plane and its normal.
    """
    segments = trimesh.intersections.mesh_plane(mesh, plane_normal=normal, plane_origin=origin)
    return np.asarray(segments, dtype=np.float64).reshape(-1, 2, 3)


def plane_points(vertices: Floats, edges: Ints, origin: Floats, normal: Floats) -> Floats:
    """Points where ``edges`` cross a plane: the section of a mesh, unordered.

    Parameters
    ----------
    vertices : (n, 3) float, mm
    edges : (m, 2) int
    origin, normal : (3,) float

    Returns
    -------
    (p, 3) float, mm
    """
    normal = np.asarray(normal, dtype=np.float64)
    dist = (vertices - origin) @ normal
    da, db = dist[edges[:, 0]], dist[edges[:, 1]]
    cross = (da * db) < 0
    a, b = edges[cross, 0], edges[cross, 1]
    t = (da[cross] / (da[cross] - db[cross]))[:, None]
    out: Floats = vertices[a] + t * (vertices[b] - vertices[a])
    return out


def tape_girth(points: npt.ArrayLike, normal: npt.ArrayLike) -> float:
    """Tape girth of section points: perimeter of their convex hull in the plane, mm.

    A tape bridges hollows, so the convex perimeter is what it reads.
    """
    pts = np.asarray(points, dtype=np.float64)
    if len(pts) < 3:
        return 0.0
    axis = np.asarray(normal, dtype=np.float64)
    axis = axis / np.linalg.norm(axis)
    helper = np.array([0.0, 0.0, 1.0]) if abs(axis[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    e1 = np.cross(axis, helper)
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(axis, e1)
    flat = np.column_stack([pts @ e1, pts @ e2])
    return float(ConvexHull(flat).area)  # in 2D, qhull's "area" is the perimeter


def self_intersections(vertices: npt.ArrayLike, faces: npt.ArrayLike, tolerance: float = 1e-9) -> Ints:
    """Pairs of triangles that cross each other and share no vertex.

    A closed mesh bounds a solid only if no two of its triangles cross; neighbours
    (sharing a vertex or an edge) touch by construction and are not tested. Candidates
    are triangles whose bounding boxes overlap (an R-tree); a pair crosses when an edge of one
    passes through the interior of the other (Moller-Trumbore, strictly inside by
    ``tolerance``). Coplanar overlaps are not reported.

    Parameters
    ----------
    vertices : (n, 3) float, mm
    faces : (m, 3) int

    Returns
    -------
    (k, 2) int64
        Indices of crossing face pairs, ``i < j``.
    """
    vertices = np.asanyarray(vertices, dtype=np.float64)
    faces = np.asanyarray(faces, dtype=np.int64)
    if vertices.ndim != 2 or vertices.shape[1] != 3 or faces.ndim != 2 or faces.shape[1] != 3:
        raise ValueError("vertices must be (n, 3) and faces (m, 3)")
    tri = vertices[faces]
    i, j = _box_pairs(tri.min(axis=1), tri.max(axis=1))
    shared = (faces[i][:, :, None] == faces[j][:, None, :]).any(axis=(1, 2))
    i, j = i[~shared], j[~shared]
    hit = _edges_cross(tri[i], tri[j], tolerance) | _edges_cross(tri[j], tri[i], tolerance)
    return np.column_stack([i[hit], j[hit]]).astype(np.int64)


def _box_pairs(lo: Floats, hi: Floats) -> tuple[Ints, Ints]:
    """Index pairs ``i < j`` of boxes ``[lo, hi]`` (each (m, 3)) that overlap, via an R-tree."""
    properties = rtree.index.Property()
    properties.dimension = 3
    tree = rtree.index.Index((np.arange(len(lo)), lo, hi), properties=properties)
    ids, counts = tree.intersection_v(lo, hi)
    ids, counts = ids.astype(np.int64), counts.astype(np.int64)
    i = np.repeat(np.arange(len(lo)), counts)
    later = ids > i
    return i[later], ids[later]


def _edges_cross(a: Floats, b: Floats, tolerance: float) -> npt.NDArray[np.bool_]:
    """Whether any edge of triangles ``a`` passes through the interior of triangles ``b``."""
    out = np.zeros(len(a), dtype=bool)
    e1, e2 = b[:, 1] - b[:, 0], b[:, 2] - b[:, 0]
    for k in range(3):
        origin, d = a[:, k], a[:, (k + 1) % 3] - a[:, k]
        p = np.cross(d, e2)
        det = np.einsum("ij,ij->i", e1, p)
        ok = np.abs(det) > 1e-12
        inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
        s = origin - b[:, 0]
        u = np.einsum("ij,ij->i", s, p) * inv
        q = np.cross(s, e1)
        v = np.einsum("ij,ij->i", d, q) * inv
        t = np.einsum("ij,ij->i", e2, q) * inv
        eps = tolerance
        out |= ok & (u > eps) & (v > eps) & (u + v < 1 - eps) & (t > eps) & (t < 1 - eps)
    return out
