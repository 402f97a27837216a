"""Fit the edge-height table of ``fit/photo/edge_heights.py`` from 3D feet seen by many cameras.

``python tests/fit/photo/fit_edge_heights.py [N_PER_MESH [SAMPLES.npy]]`` rewrites
``fit/photo/edge_heights.py`` (about 5 minutes per 100 scenes of each mesh on one core).

For each training scene (seeds 20000 and up, never the accuracy test's or the development
seeds) a foot mesh is placed on the sheet as ``scenes.make_scene`` places it and seen from its
random camera (40-65 cm, 0-25 degrees of tilt, any azimuth). The silhouette's floor points are
computed exactly: every vertex is projected from the camera centre onto the floor and the
triangles are filled. Each silhouette point's camera ray is walked up from the floor to where it
crosses the vertical wall over the true footprint outline; that height, as a fraction of foot
length, is the sample, with the point's position along the foot, its side (medial / lateral) and
the tangent of the ray's angle from vertical toward the outward normal. A table over (side,
position, tangent) is fitted by smoothed least absolute deviations.

Meshes: half the scenes are the stretched dupontgu scans (``shared/data/feet``, one person's
feet, 0.9-1.1 across and 0.88-1.12 up), half the procedural feet of ``scenes.py``.
"""

import sys
from pathlib import Path

import cv2
import numpy as np
import shapely
from scipy.sparse import coo_matrix, diags, vstack
from scipy.sparse.linalg import lsqr
from shapely.geometry import Polygon

sys.path[:0] = [str(Path(__file__).resolve().parents[3]), str(Path(__file__).resolve().parent)]

import scenes  # noqa: E402
from fit.photo.edge_heights import TAN_KNOTS, Y_KNOTS  # noqa: E402
from fit.photo.outline import outward_normals  # noqa: E402

OUT = Path(__file__).resolve().parents[3] / "fit" / "photo" / "edge_heights.py"
SEEDS = 20000


def floor_silhouette(vertices, faces, camera, px_per_mm=8.0):
    """Floor points ``(n, 2)`` mm of a mesh's silhouette seen from ``camera`` (3,), counter-clockwise."""
    k = camera[2] / np.maximum(camera[2] - vertices[:, 2], 1.0)
    q = camera[:2] + (vertices[:, :2] - camera[:2]) * k[:, None]
    lo = q.min(0) - 3
    size = np.ceil((q.max(0) - lo + 3) * px_per_mm).astype(int)
    mask = np.zeros((size[1], size[0]), np.uint8)
    cv2.fillPoly(mask, list(np.round((q[faces] - lo) * px_per_mm * 16).astype(np.int32)), 255, shift=4)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    p = max(contours, key=cv2.contourArea).reshape(-1, 2)[::4] / px_per_mm + lo
    if np.sum(p[:, 0] * np.roll(p[:, 1], -1) - np.roll(p[:, 0], -1) * p[:, 1]) < 0:
        p = p[::-1]
    return p


def scene_samples(seed, mesh):
    """``(position, medial, tan_theta, height)`` rows of one training scene, fractions of length."""
    rng = np.random.default_rng(seed)
    sc = scenes.make_scene(seed, mesh=mesh, length_mm=float(rng.uniform(210, 320)), leg=False)
    cam, truth = sc.camera_center, sc.truth
    sil = floor_silhouette(sc.vertices, sc.faces, cam)
    ring = Polygon(scenes.footprint_outline(sc.vertices, sc.faces)).buffer(0).exterior
    crossings = shapely.intersection(shapely.linestrings(np.stack([sil, sil + (cam[:2] - sil) * 0.35], 1)), ring)
    height = np.full(len(sil), np.nan)
    for i, g in enumerate(crossings):
        if g.is_empty or g.geom_type not in ("Point", "MultiPoint"):
            continue
        pts = np.array([[p.x, p.y] for p in getattr(g, "geoms", [g])])
        height[i] = np.linalg.norm(pts - sil[i], axis=1).min() / np.linalg.norm(cam[:2] - sil[i]) * cam[2]
    tan = np.einsum("ij,ij->i", sil - cam[:2], outward_normals(sil)) / cam[2]
    rel = sil - truth.origin
    across = np.array([truth.axis[1], -truth.axis[0]])
    medial = (rel @ across) * (1 if sc.side == "left" else -1) > 0
    rows = np.column_stack([rel @ truth.axis / truth.foot_length_mm, medial, tan, height / truth.foot_length_mm,
                            np.full(len(sil), 1.0 / len(sil))])
    return rows[np.isfinite(height)]


def _design(position, tan):
    """Sparse bilinear-interpolation matrix of the table knots for each sample."""
    yk, tk = np.asarray(Y_KNOTS), np.asarray(TAN_KNOTS)
    ny, nt = len(yk), len(tk)
    y = np.clip(position, yk[0], yk[-1])
    t = np.clip(tan, tk[0], tk[-1])
    iy = np.clip(np.searchsorted(yk, y) - 1, 0, ny - 2)
    it = np.clip(np.searchsorted(tk, t) - 1, 0, nt - 2)
    fy = (y - yk[iy]) / (yk[iy + 1] - yk[iy])
    ft = (t - tk[it]) / (tk[it + 1] - tk[it])
    cols = np.column_stack([iy * nt + it, (iy + 1) * nt + it, iy * nt + it + 1, (iy + 1) * nt + it + 1])
    vals = np.column_stack([(1 - fy) * (1 - ft), fy * (1 - ft), (1 - fy) * ft, fy * ft])
    rows = np.repeat(np.arange(len(y)), 4)
    return coo_matrix((vals.ravel(), (rows, cols.ravel())), shape=(len(y), ny * nt)).tocsr()


def _second_differences(ny, nt):
    """Rows of second differences of the table along position and along tangent."""
    triples = []
    for i in range(ny):
        for j in range(nt):
            if 0 < i < ny - 1:
                triples.append([(i - 1) * nt + j, i * nt + j, (i + 1) * nt + j])
            if 0 < j < nt - 1:
                triples.append([i * nt + j - 1, i * nt + j, i * nt + j + 1])
    cols = np.array(triples)
    rows = np.repeat(np.arange(len(cols)), 3)
    vals = np.tile([1.0, -2.0, 1.0], len(cols))
    return coo_matrix((vals, (rows, cols.ravel())), shape=(len(cols), ny * nt)).tocsr()


def fit_table(samples, smooth=0.003):
    """``(2, len(Y_KNOTS), len(TAN_KNOTS))`` heights / length: [0] medial, [1] lateral."""
    ny, nt = len(Y_KNOTS), len(TAN_KNOTS)
    D = _second_differences(ny, nt) * smooth
    table = []
    for medial in (1.0, 0.0):
        s = samples[samples[:, 1] == medial]
        A, h, w = _design(s[:, 0], s[:, 2]), s[:, 3], s[:, 4]
        x = np.full(ny * nt, np.median(h))
        weight = w.copy()
        for _ in range(8):  # iteratively reweighted least squares toward least absolute deviations
            sw = np.sqrt(weight / weight.sum())
            x = lsqr(vstack([diags(sw) @ A, D]), np.r_[sw * h, np.zeros(D.shape[0])], x0=x,
                     atol=1e-10, btol=1e-10, iter_lim=5000)[0]
            weight = w / np.maximum(np.abs(A @ x - h), 0.002)
        table.append(x.reshape(ny, nt))
    return np.array(table)


def write_module(table, n_scenes):
    def block(t):
        return "\n".join("    (" + ", ".join(f"{v:.4f}" for v in row) + ")," for row in t)

    text = f'''"""Height of the foot's edge above the floor, as seen along a camera ray: the prior of ``outline``.

Generated by ``tests/fit/photo/fit_edge_heights.py`` from {n_scenes} exactly projected scenes (half
stretched dupontgu scans, half procedural feet); do not edit by hand.

``MEDIAL[i][j]`` / ``LATERAL[i][j]``: the height, as a fraction of foot length, at which a
silhouette ray crosses the vertical wall over the footprint's outline, for a point at
``Y_KNOTS[i]`` of foot length from the heel on that side of the foot axis, whose ray leans
``TAN_KNOTS[j]`` (tangent of its angle from vertical, positive toward the outward normal, i.e.
seen from inside the foot). Interpolate bilinearly; clamp outside the knots.
"""

Y_KNOTS = ({", ".join(f"{v:.2f}" for v in Y_KNOTS)})
TAN_KNOTS = ({", ".join(f"{v:.2f}" for v in TAN_KNOTS)})

MEDIAL = (
{block(table[0])}
)

LATERAL = (
{block(table[1])}
)
'''
    OUT.write_text(text)


def main(n=150, cache=None):
    """Fit on ``n`` scenes of each mesh kind; ``cache``: an ``.npy`` path to keep the samples in."""
    if cache and Path(cache).exists():
        samples = np.load(cache)
    else:
        samples = np.vstack([scene_samples(SEEDS + i, mesh) for i in range(n) for mesh in ("scan", "procedural")])
        if cache:
            np.save(cache, samples)
    write_module(fit_table(samples), 2 * n)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150, sys.argv[2] if len(sys.argv) > 2 else None)
