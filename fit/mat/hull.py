"""The foot's visual hull in the mat frame, cut at the ankle, meshed and smoothed.

The hull is the set of points that no photo sees as background. It is carved as a field: at a
point, each photo gives the signed distance (mm, at the point's depth) from the point's image to
its silhouette's edge, positive off the background; the field is the least of them over photos,
so its zero level is the hull's surface with sub-voxel precision. The field is sampled on a 4 mm
grid, then at 1 mm in a narrow band around the surface; marching cubes (scikit-image) meshes the
zero level of the field smoothed by a small Gaussian (which moves a surface only where it is
curved more sharply than the kernel, so it does not shrink the foot) without the grid's steps.

A visual hull contains the foot, and is larger where no photo looks tangent to the surface (the
concave arch, the gaps between toes, the corners of a section between silhouettes); that bias is
measured on rendered scenes and corrected in ``fit.mat.measure``, not here.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
import trimesh
from scipy import ndimage
from skimage.measure import find_contours, marching_cubes

from .camera import View

#: Carving volume, mat frame, mm: the foot corridor with a margin, up to the ankle cut of a 310 mm
#: foot. Only rays that meet the floor on the sheet carve (the floor around it is unknown), so the
#: volume stays low: higher up, most rays land off the sheet and the hull could not be carved.
GRID_LO_MM = np.array([28.0, 4.0, 0.0])
GRID_HI_MM = np.array([182.0, 296.0, 112.0])
COARSE_MM = 4.0
FINE_MM = 1.0
#: The foot is cut at this fraction of its length above the floor: above the instep of every foot
#: (about 0.31 of length on ANSUR-proportioned feet) and below where the leg leaves the ankle.
ANKLE_CUT_FRACTION = 0.36
#: The footprint is read below this fraction of the foot's length above the floor: the ball
#: (about 0.1 of length high) and the heel's bulge (about 0.12) lie well below it.
FOOTPRINT_TOP_FRACTION = 0.2
#: Below this height the floor's printed lines can stay uncarved (no photo sees under a thin slab);
#: the hull there is taken equal to its section at this height (the sole's contact patch).
FLOOR_MM = 2.0
#: Structures thinner than twice this are not foot, mm (a toe is 15 mm thick).
OPEN_MM = 2.0
#: Gaussian smoothing of the fine field, mm (sigma).
SMOOTH_MM = 1.0
#: Fine points are carved anew within this distance of the coarse surface, mm.
BAND_MM = 4.0
#: The foot's length is read from the hull below this height, mm.
LENGTH_LAYERS_MM = 50.0
_FAR = 1000.0


@dataclass(frozen=True)
class HullView:
    """One photo as the carver uses it: the camera and its silhouette's signed distance."""

    view: View  # at the resolution of ``sd_px``
    sd_px: npt.NDArray[np.float32]  # (H, W), > 0 off the background


def field_at(hull_views: Sequence[HullView], points_mm: npt.ArrayLike) -> npt.NDArray[np.float32]:
    """The hull field (mm, > 0 inside) at mat points ``(n, 3)``."""
    points = np.asarray(points_mm, dtype=np.float64)
    out = np.full(len(points), _FAR, np.float32)
    for hv in hull_views:
        uv, depth = hv.view.project(points)
        n = len(points)
        cols = 1024
        rows = -(-n // cols)
        pad = rows * cols - n
        mx = np.pad(uv[:, 0].astype(np.float32), (0, pad)).reshape(rows, cols)
        my = np.pad(uv[:, 1].astype(np.float32), (0, pad)).reshape(rows, cols)
        sd = cv2.remap(hv.sd_px, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                       borderValue=_FAR).ravel()[:n]
        sd_mm = np.where(sd >= _FAR, _FAR, sd * depth / hv.view.K[0, 0])
        sd_mm[depth <= 0] = _FAR
        np.minimum(out, sd_mm, out=out)
    return out


def _grid(lo: npt.NDArray[np.float64], hi: npt.NDArray[np.float64],
          step: float) -> tuple[list[npt.NDArray[np.float64]], npt.NDArray[np.float64]]:
    axes = [np.arange(a, b + 1e-9, step) for a, b in zip(lo, hi)]
    return axes, np.stack(np.meshgrid(*axes, indexing="ij"), -1)


def coarse_field(hull_views: Sequence[HullView]) -> tuple[list[npt.NDArray[np.float64]], npt.NDArray[np.float32]]:
    """The field on the 4 mm grid: ``(axes, values (nx, ny, nz))``."""
    axes, pts = _grid(GRID_LO_MM, GRID_HI_MM, COARSE_MM)
    values = field_at(hull_views, pts.reshape(-1, 3)).reshape(pts.shape[:3])
    return axes, _largest_component(values)


def _largest_component(values: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    labels, n = ndimage.label(values > 0)
    if n > 1:
        sizes = ndimage.sum_labels(np.ones_like(values), labels, index=np.arange(1, n + 1))
        keep = labels == (1 + int(np.argmax(sizes)))
        values = np.where(keep | (values <= 0), values, -np.abs(values) - 1.0)
    return values


def _open(values: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Remove needles and slabs thinner than ``2 * OPEN_MM`` (rays that only ever met unknown
    floor leave them), then keep the largest piece: the foot."""
    inside = values > 0
    opened = ndimage.binary_opening(inside, structure=ndimage.generate_binary_structure(3, 1),
                                    iterations=int(OPEN_MM / FINE_MM))
    values = np.where(inside & ~opened, -FINE_MM / 2, values)
    return _largest_component(values)


def fine_mesh(hull_views: Sequence[HullView], coarse_axes: Sequence[npt.NDArray[np.float64]],
              coarse_values: npt.NDArray[np.float32],
              ankle_cut_mm: float) -> tuple[trimesh.Trimesh, npt.NDArray[np.float64]] | None:
    """The hull below ``ankle_cut_mm`` meshed at 1 mm.

    Returns
    -------
    mesh : trimesh.Trimesh
        Closed surface, mat frame, mm; the ankle cut and the floor are flat caps.
    footprint : (n, 2) float
        The hull's top-view outline ``(x, y)``, mat frame, mm.

    None when the coarse hull is empty.
    """
    inside = coarse_values > 0
    idx = np.argwhere(inside)
    if len(idx) == 0:
        return None
    lo = np.array([coarse_axes[k][idx[:, k].min()] for k in range(3)]) - 2 * COARSE_MM
    hi = np.array([coarse_axes[k][idx[:, k].max()] for k in range(3)]) + 2 * COARSE_MM
    lo = np.maximum(lo, GRID_LO_MM)
    lo = GRID_LO_MM + np.floor((lo - GRID_LO_MM) / COARSE_MM) * COARSE_MM  # on the coarse grid
    lo[2] = FLOOR_MM
    hi = np.minimum(hi, GRID_HI_MM)
    hi[2] = min(hi[2], ankle_cut_mm)
    axes = [np.arange(a, b + 1e-9, FINE_MM) for a, b in zip(lo, hi)]
    # each fine point takes its nearest coarse value; only points near the surface are carved anew
    near = [np.clip(np.round((axes[k] - coarse_axes[k][0]) / COARSE_MM).astype(int), 0, len(coarse_axes[k]) - 1)
            for k in range(3)]
    approx = coarse_values[np.ix_(*near)]
    band = np.abs(approx) < BAND_MM + 0.87 * COARSE_MM  # + half the coarse cell's diagonal
    values = np.where(approx > 0, 2.0 * COARSE_MM, -2.0 * COARSE_MM).astype(np.float32)
    carved = np.nonzero(band)
    pts = np.column_stack([axes[k][carved[k]] for k in range(3)])
    values[carved] = field_at(hull_views, pts)
    values = _open(values)
    # the floor slab (z < FLOOR_MM) copies the section at FLOOR_MM; caps close floor and ankle cut
    n_floor = int(round(FLOOR_MM / FINE_MM))
    values = np.concatenate([np.repeat(values[:, :, :1], n_floor, axis=2), values], axis=2)
    # smoothing the field, not the mesh: a Gaussian leaves a field that is linear across the
    # surface where it was (no shrinking of flat or gently curved parts) and rounds the grid's steps
    values = ndimage.gaussian_filter(values, SMOOTH_MM / FINE_MM, mode="nearest")
    values = np.pad(values, 1, constant_values=-_FAR)
    verts, faces, _, _ = marching_cubes(values, level=0.0, spacing=(FINE_MM,) * 3)
    origin = np.array([lo[0], lo[1], 0.0]) - FINE_MM
    verts = verts + origin
    verts[:, 2] = np.clip(verts[:, 2], 0.0, ankle_cut_mm)
    mesh = trimesh.Trimesh(verts, faces[:, ::-1], process=True)
    pieces = mesh.split(only_watertight=False)
    mesh = max(pieces, key=lambda m: len(m.faces)) if len(pieces) > 1 else mesh
    # the footprint: the zero level of the field's greatest value over heights (the top view),
    # below FOOTPRINT_TOP_FRACTION of the length (what the leg or an uncarved island adds above
    # that would widen it; a foot is widest and longest lower down)
    top = int(round(FOOTPRINT_TOP_FRACTION * ankle_cut_mm / ANKLE_CUT_FRACTION / FINE_MM)) + 1
    contours = find_contours(values[:, :, :top].max(axis=2), 0.0)
    outline = max(contours, key=len) * FINE_MM + origin[:2]
    return mesh, outline


def footprint_length_mm(coarse_axes: Sequence[npt.NDArray[np.float64]],
                        coarse_values: npt.NDArray[np.float32]) -> float:
    """Foot length from the coarse hull's footprint (extent along its principal axis), mm."""
    low = coarse_axes[2] < LENGTH_LAYERS_MM  # the leg starts higher; it must not lengthen the foot
    cells = np.argwhere((coarse_values[:, :, low] > 0).any(axis=2))
    if len(cells) < 3:
        return 0.0
    xy = np.column_stack([coarse_axes[0][cells[:, 0]], coarse_axes[1][cells[:, 1]]])
    xy = xy - xy.mean(0)
    axis = np.linalg.eigh(xy.T @ xy)[1][:, 1]
    along = xy @ axis
    return float(np.ptp(along) + COARSE_MM)
