"""A still picture of a shoe: a small software rasteriser (numpy + OpenCV, no GPU).

Orthographic view from the lateral side at three-quarters, the same view the web preview opens
with; Lambert shading with a key light, a fill light and ambient, a depth buffer per pixel centre,
drawn at twice the size and averaged down for smooth edges.
"""

from typing import TYPE_CHECKING

import cv2
import numpy as np

if TYPE_CHECKING:
    from . import Shoe

#: View: azimuth from the lateral side toward the toe, and elevation, degrees.
AZIMUTH_DEG = 35.0
ELEVATION_DEG = 22.0

_KEY = np.array([-0.4, 0.5, 0.75])
_FILL = np.array([0.6, -0.3, 0.3])


def _linear_to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * np.power(c, 1.0 / 2.4) - 0.055)


def view_rotation(side: str | None, azimuth_deg: float = AZIMUTH_DEG,
                  elevation_deg: float = ELEVATION_DEG) -> np.ndarray:
    """Rotation (3, 3) from the last frame to the camera frame (x right, y up, z toward the viewer).

    The camera looks at the lateral side (-x for a left foot, +x for a right one), turned
    ``azimuth_deg`` toward the toe and raised ``elevation_deg``.
    """
    lateral = -1.0 if side != "right" else 1.0
    a, e = np.radians(azimuth_deg), np.radians(elevation_deg)
    toward_viewer = np.array([lateral * np.cos(a) * np.cos(e), np.sin(a) * np.cos(e), np.sin(e)])
    up_hint = np.array([0.0, 0.0, 1.0])
    right = np.cross(up_hint, toward_viewer)
    right /= np.linalg.norm(right)
    up = np.cross(toward_viewer, right)
    return np.vstack([right, up, toward_viewer])


def render(shoe: "Shoe", size_px: tuple[int, int] = (480, 360),
           background: tuple[int, int, int] = (246, 243, 238)) -> np.ndarray:
    """The shoe drawn on a plain background.

    Returns
    -------
    (h, w, 3) uint8
        RGB image.
    """
    w, h = size_px
    scale_up = 2
    rot = view_rotation(shoe.form.side)
    tris, colours = [], []
    for part in shoe.parts:
        tri = np.asarray(part.mesh.triangles) @ rot.T
        normal = np.asarray(part.mesh.face_normals) @ rot.T
        keep = normal[:, 2] > 0.0          # back faces are hidden behind front faces of a closed part
        light = 0.25 + 0.65 * np.clip(normal[keep] @ (rot @ _KEY / np.linalg.norm(_KEY)), 0.0, None) \
            + 0.25 * np.clip(normal[keep] @ (rot @ _FILL / np.linalg.norm(_FILL)), 0.0, None)
        gloss = (1.0 - part.look.roughness) * np.clip(normal[keep, 2], 0.0, 1.0) ** 24
        rgb = np.asarray(part.look.rgb)[None, :] * light[:, None] + 0.5 * gloss[:, None]
        tris.append(tri[keep])
        colours.append(_linear_to_srgb(rgb))
    tri = np.concatenate(tris)
    colour = (np.concatenate(colours) * 255.0).astype(np.uint8)
    lo, hi = tri[..., :2].reshape(-1, 2).min(axis=0), tri[..., :2].reshape(-1, 2).max(axis=0)
    px_per_mm = 0.9 * min(w / (hi[0] - lo[0]), h / (hi[1] - lo[1])) * scale_up
    centre = 0.5 * (lo + hi)
    xy = (tri[..., :2] - centre) * px_per_mm
    xy[..., 1] *= -1.0
    xy += np.array([w, h]) * scale_up / 2.0
    image = np.empty((h * scale_up, w * scale_up, 3), dtype=np.uint8)
    image[:] = background
    pixel, face = _rasterise(xy, tri[..., 2], image.shape[:2])
    image.reshape(-1, 3)[pixel] = colour[face]
    return cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)


def render_png(shoe: "Shoe", size_px: tuple[int, int] = (480, 360)) -> bytes:
    """``render`` encoded as PNG bytes."""
    ok, data = cv2.imencode(".png", cv2.cvtColor(render(shoe, size_px), cv2.COLOR_RGB2BGR))
    if not ok:
        raise RuntimeError("PNG encoding failed")
    return data.tobytes()


def _rasterise(xy: np.ndarray, depth: np.ndarray, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The nearest triangle at each covered pixel centre.

    Parameters
    ----------
    xy : (m, 3, 2) float
        Triangle corners in pixels, (x, y) = (col, row).
    depth : (m, 3) float
        Corner depths, larger is nearer.
    shape : (rows, cols)

    Returns
    -------
    pixel : (k,) int
        Flat pixel indices (row * cols + col).
    face : (k,) int
        The triangle seen there.
    """
    rows, cols = shape
    # row by row: each triangle's pixel rows, then the columns between its edges on that row
    # (the work follows the triangle's area, not its bounding box: long thin faces cost little)
    top = np.clip(np.ceil(xy[:, :, 1].min(axis=1) - 0.5).astype(np.int64), 0, rows)
    bottom = np.clip(np.floor(xy[:, :, 1].max(axis=1) - 0.5).astype(np.int64), -1, rows - 1)
    n_rows = np.maximum(bottom - top + 1, 0)
    row_face = np.repeat(np.arange(len(xy)), n_rows)
    row = top[row_face] + np.arange(len(row_face)) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
    py_row = row + 0.5
    p, q = xy[row_face], xy[row_face][:, [1, 2, 0]]
    dy = q[..., 1] - p[..., 1]
    t = (py_row[:, None] - p[..., 1]) / np.where(dy == 0.0, 1.0, dy)
    crosses = (dy != 0.0) & (t >= 0.0) & (t <= 1.0)
    x_cross = p[..., 0] + t * (q[..., 0] - p[..., 0])
    left = np.where(crosses, x_cross, np.inf).min(axis=1)
    right = np.where(crosses, x_cross, -np.inf).max(axis=1)
    first = np.clip(np.ceil(left - 0.5), 0, cols).astype(np.int64)
    last = np.clip(np.floor(right - 0.5), -1, cols - 1).astype(np.int64)
    count = np.where(np.isfinite(left), np.maximum(last - first + 1, 0), 0)
    pair = np.repeat(np.arange(len(row_face)), count)
    face = row_face[pair]
    px = first[pair] + np.arange(len(pair)) - np.repeat(np.cumsum(count) - count, count) + 0.5
    py = py_row[pair]
    a, b, c = xy[face, 0], xy[face, 1], xy[face, 2]
    area = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])
    safe = np.where(np.abs(area) < 1e-12, 1e-12, area)
    w1 = ((px - a[:, 0]) * (c[:, 1] - a[:, 1]) - (py - a[:, 1]) * (c[:, 0] - a[:, 0])) / safe
    w2 = ((b[:, 0] - a[:, 0]) * (py - a[:, 1]) - (b[:, 1] - a[:, 1]) * (px - a[:, 0])) / safe
    w0 = 1.0 - w1 - w2
    inside = (w0 >= -1e-9) & (w1 >= -1e-9) & (w2 >= -1e-9) & (np.abs(area) > 1e-12)
    face, w0, w1, w2 = face[inside], w0[inside], w1[inside], w2[inside]
    z = w0 * depth[face, 0] + w1 * depth[face, 1] + w2 * depth[face, 2]
    pixel = (py[inside] - 0.5).astype(np.int64) * cols + (px[inside] - 0.5).astype(np.int64)
    order = np.lexsort((-z, pixel))        # per pixel, nearest first
    pixel, face = pixel[order], face[order]
    first = np.concatenate([[True], pixel[1:] != pixel[:-1]])
    return pixel[first], face[first]
