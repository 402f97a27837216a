"""Plain pictures of a last for people: side, top and back views and its sections, as PNG.

Orthographic views drawn with the painter's algorithm (far triangles first, each shaded by
the angle between its normal and the view), with Pillow; no GPU, no display.
"""

import io
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
import trimesh
from PIL import Image, ImageDraw

#: View name -> (right, up, toward the viewer) axes in the last frame.
VIEWS = {
    "side": (np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0])),
    "top": (np.array([0.0, 1.0, 0.0]), np.array([-1.0, 0.0, 0.0]), np.array([0.0, 0.0, 1.0])),
    "back": (np.array([1.0, 0.0, 0.0]), np.array([0.0, 0.0, 1.0]), np.array([0.0, -1.0, 0.0])),
}


def render_view(mesh: trimesh.Trimesh, view: str, size: tuple[int, int] = (560, 360), margin: int = 20) -> bytes:
    """One view of ``mesh`` as PNG bytes (``view`` is a key of ``VIEWS``)."""
    right, up, toward = VIEWS[view]
    v = np.asarray(mesh.vertices, dtype=np.float64)
    tri = v[np.asarray(mesh.faces)]
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normal /= np.maximum(np.linalg.norm(normal, axis=1), 1e-12)[:, None]
    facing = normal @ toward > 0.0
    tri, shade = tri[facing], normal[facing] @ toward
    u, w = v @ right, v @ up
    scale = min((size[0] - 2 * margin) / max(np.ptp(u), 1e-9), (size[1] - 2 * margin) / max(np.ptp(w), 1e-9))
    px = margin + (tri @ right - u.min()) * scale
    py = size[1] - margin - (tri @ up - w.min()) * scale
    order = np.argsort(tri.mean(axis=1) @ toward)  # far first
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    grey = (70 + 170 * shade).astype(int)
    for i in order:
        g = int(grey[i])
        draw.polygon([(px[i, 0], py[i, 0]), (px[i, 1], py[i, 1]), (px[i, 2], py[i, 2])], fill=(g, int(g * 0.9), int(g * 0.8)))
    draw.text((6, 4), f"{view} view, {np.ptp(u):.0f} x {np.ptp(w):.0f} mm", fill=(0, 0, 0))
    return _png(image)


def render_sections(named_sections: Iterable[tuple[str, npt.ArrayLike]], size: tuple[int, int] = (900, 260),
                    margin: int = 20) -> bytes:
    """Named (k, 2) sections (across, up; mm) side by side at one common scale, as PNG bytes."""
    boxes = [(name, np.asarray(p, dtype=np.float64)) for name, p in named_sections]
    total = sum(np.ptp(p[:, 0]) for _, p in boxes) + 15.0 * (len(boxes) - 1)
    tall = max(np.ptp(p[:, 1]) for _, p in boxes)
    scale = min((size[0] - 2 * margin) / total, (size[1] - 2 * margin - 14) / tall)
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    x = float(margin)
    for name, p in boxes:
        xs = x + (p[:, 0] - p[:, 0].min()) * scale
        ys = size[1] - margin - 14 - (p[:, 1] - p[:, 1].min()) * scale
        draw.polygon(list(zip(xs, ys)), outline=(0, 0, 0), fill=(225, 205, 180))
        draw.text((x, size[1] - margin - 10), name, fill=(0, 0, 0))
        x += np.ptp(p[:, 0]) * scale + 15.0 * scale
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
