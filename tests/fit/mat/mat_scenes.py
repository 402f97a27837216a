"""Synthetic phone photo sets of a foot standing on the printed mat, with exact ground truth.

A scene is one foot (procedural, or a scan from ``shared/data/feet`` scaled and stretched to many
sizes), bare in one of six skin tones or in a sock, standing with its heel on the heel line of
the mat (rendered from ``fit.mat.printable``, optionally printed at the wrong scale), on a
textured floor with a soft shadow and contact darkening, the leg rising from the ankle; and 6-8
phone cameras around it (top, medial, lateral, toes, heel, diagonals) at 30-65 degrees of
elevation and 40-70 cm away, any roll, stored with an EXIF rotation and with or without the lens
in EXIF.

Mat frame = world frame (mm, z up). Image points are ``(x, y)`` = ``(col, row)``.
Ground truth: ``fit.foot_mesh.measure_foot_mesh`` of the true foot mesh (without the leg) cut at
the same ankle height as the measurer cuts, so both measure the same object.
"""

from dataclasses import dataclass, field, replace
from functools import lru_cache

import cv2
import numpy as np
import trimesh

from fit.foot_mesh import measure_foot_mesh
from fit.mat.hull import ANKLE_CUT_FRACTION
from fit.mat.printable import render_mat
from scenes import FLOORS, SHARED_FEET, SKIN_BGR, _floor_texture, encode, procedural_foot, shared_foot

PAPER_MM = (210.0, 297.0)
MAT_PX_PER_MM = 5.0
#: Azimuths (degrees, 0 = +x, counter-clockwise seen from above) of the shot sequence, before jitter.
SHOTS = {"top": 90.0, "medial": 0.0, "lateral": 180.0, "toe": 90.0, "heel": 270.0,
         "toe-medial": 45.0, "toe-lateral": 135.0, "heel-medial": 315.0, "heel-lateral": 225.0}
#: Elevation of the side and diagonal shots, degrees: the phone at knee height, as the capture page
#: asks (a visual hull's top is made by rays that graze the instep and still land on the sheet).
ELEVATION_DEG = (22.0, 42.0)
#: Socks darker than the paper (the capture page asks for a bare foot or a dark sock).
MAT_SOCK_BGR = [(40, 40, 40), (70, 60, 55), (55, 45, 35), (120, 70, 40), (60, 60, 130)]
#: Held-out seeds: never used while developing or tuning the measurer (scripts/mat_accuracy.py).
HELD_OUT_SEEDS = tuple(range(9000, 9040))
#: Seeds the bias correction and uncertainties were fitted on.
CALIBRATION_SEEDS = tuple(range(100, 140))
#: Seeds a fit on the calibration seeds is checked on before the held-out ones are run.
DEVELOPMENT_SEEDS = tuple(range(300, 400))


@dataclass(frozen=True)
class Camera:
    K: np.ndarray
    R: np.ndarray  # mat -> camera
    t: np.ndarray
    size: tuple  # upright (width, height) px
    orientation: int = 1
    focal_35mm: float | None = 26.0
    blur_px: float = 0.0
    exposure: float = 1.0

    @property
    def centre(self):
        return -self.R.T @ self.t


@dataclass(frozen=True)
class MatScene:
    foot_vertices: np.ndarray
    foot_faces: np.ndarray
    leg_vertices: np.ndarray
    leg_faces: np.ndarray
    side: str
    cameras: tuple
    floor: str
    albedo_bgr: tuple
    print_scale: float = 1.0
    seed: int = 0
    noise: float = 2.0
    quality: int = 90
    truth: object = field(default=None, compare=False)


def make_scene(seed, *, n_views=None, size=(1200, 900), mesh=None, side=None, length_mm=None, sock=None,
               print_scale=1.0, floor=None, exif_focal=None):
    """A random, reproducible mat scene; keywords pin any choice."""
    rng = np.random.default_rng(seed)
    side = side or ("left" if rng.uniform() < 0.5 else "right")
    scan_ok = (SHARED_FEET / "dupontgu_left_foot.stl").exists()
    mesh = mesh or ("scan" if scan_ok and rng.uniform() < 0.35 else "procedural")
    length_mm = length_mm or float(rng.uniform(215, 272))
    if mesh == "procedural":
        v, f = procedural_foot(length_mm, rng.uniform(0.36, 0.42), side, rng)
        base_z = 0.30 * length_mm
    else:
        v, f, side = shared_foot(side, length_mm, rng.uniform(0.9, 1.1), rng.uniform(0.88, 1.12))
        base_z = v[:, 2].max() - 6.0
    v = _place(v, f, rng)
    truth = measure_truth(v, f, side)
    leg_v, leg_f = _leg(v, base_z, rng)
    floor = floor or FLOORS[rng.integers(len(FLOORS))]
    skin = MAT_SOCK_BGR[sock] if sock is not None else (
        MAT_SOCK_BGR[rng.integers(len(MAT_SOCK_BGR))] if rng.uniform() < 0.25 else SKIN_BGR[rng.integers(len(SKIN_BGR))])
    albedo = tuple(float(c) * rng.uniform(0.92, 1.08) for c in skin)
    n_views = n_views or int(rng.integers(6, 9))
    shots = ["top", "medial", "lateral", "toe", "heel", "toe-medial", "toe-lateral", "heel-lateral"][:n_views]
    if exif_focal is None:
        exif_focal = rng.uniform() < 0.7
    f35 = float(rng.uniform(24.0, 28.0))
    target0 = np.array([105.0, 0.5 * truth.foot_length_mm + 12.0, 20.0])
    cameras = tuple(_camera(shot, target0, size, f35, exif_focal, rng) for shot in shots)
    return MatScene(v, f, leg_v, leg_f, side, cameras, floor, albedo, print_scale, seed,
                    noise=float(rng.uniform(1.0, 3.0)), quality=int(rng.integers(82, 96)), truth=truth)


def measure_truth(vertices, faces, side):
    """The contract's measurements of a foot mesh cut at the ankle as the measurer cuts it."""
    mesh = trimesh.Trimesh(vertices, faces, process=False)
    length = measure_foot_mesh(mesh, side=side).foot_length_mm
    cut = trimesh.intersections.slice_mesh_plane(mesh, [0, 0, -1.0], [0, 0, ANKLE_CUT_FRACTION * length], cap=True)
    return measure_foot_mesh(cut, side=side)


def _place(v, f, rng):
    """Heel on the heel line, centred in the corridor (+-8 mm), turned up to +-4 degrees."""
    a = np.radians(rng.uniform(-4, 4))
    c, s = np.cos(a), np.sin(a)
    v = v.copy()
    v[:, :2] = v[:, :2] @ np.array([[c, s], [-s, c]])
    v[:, 0] += 105.0 + rng.uniform(-8, 8) - 0.5 * (v[:, 0].min() + v[:, 0].max())
    v[:, 1] += 12.0 + rng.uniform(-1, 3) - v[:, 1].min()
    v[:, 2] -= v[:, 2].min()
    return v


def _leg(v, base_z, rng, segments=36, rings=12, top_mm=750.0):
    """A tapered, slightly leaning tube from inside the ankle up past the cameras' view."""
    length = np.ptp(v[:, 1])
    near = v[(np.abs(v[:, 2] - base_z) < 8.0) & (v[:, 1] < v[:, 1].min() + 0.45 * length)]
    centre = near[:, :2].mean(0)
    radius = 0.85 * np.median(np.linalg.norm(near[:, :2] - centre, axis=1))
    lean = np.radians(rng.uniform(-10, 10, 2))
    zs = np.linspace(base_z, top_mm, rings)
    radii = np.interp(zs, [base_z, base_z + 150, top_mm], [radius, radius * 1.3, radius * 1.6])
    a = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    rows = [np.column_stack([centre[0] + (z - base_z) * np.tan(lean[0]) + r * np.cos(a),
                             centre[1] + (z - base_z) * np.tan(lean[1]) + 1.1 * r * np.sin(a), np.full(segments, z)])
            for z, r in zip(zs, radii)]
    verts = np.vstack(rows + [np.array([[centre[0], centre[1], base_z]]), rows[-1].mean(0)[None]])
    faces = []
    for i in range(rings - 1):
        for k in range(segments):
            a0, a1 = i * segments + k, i * segments + (k + 1) % segments
            faces += [[a0, a1, a1 + segments], [a0, a1 + segments, a0 + segments]]
    bottom, top = len(verts) - 2, len(verts) - 1
    for k in range(segments):
        faces.append([bottom, (k + 1) % segments, k])
        faces.append([(rings - 1) * segments + k, (rings - 1) * segments + (k + 1) % segments, top])
    return verts, np.array(faces)


def _camera(shot, target0, size, f35, exif_focal, rng):
    az = np.radians(SHOTS[shot] + rng.uniform(-15, 15))
    if shot == "top":  # over the toes, looking down and back at the foot
        elev, dist = np.radians(rng.uniform(62, 75)), rng.uniform(380, 520)
    else:
        elev, dist = np.radians(rng.uniform(*ELEVATION_DEG)), rng.uniform(330, 480)
    target = target0 + [rng.uniform(-20, 20), rng.uniform(-30, 30), 0.0]
    centre = target + dist * np.array([np.cos(elev) * np.cos(az), np.cos(elev) * np.sin(az), np.sin(elev)])
    fwd = (target - centre) / dist
    x_c = np.cross(fwd, [0.0, 0.0, 1.0])
    x_c /= np.linalg.norm(x_c)
    y_c = np.cross(fwd, x_c)
    roll = np.radians(rng.uniform(-12, 12))
    x_r, y_r = np.cos(roll) * x_c + np.sin(roll) * y_c, -np.sin(roll) * x_c + np.cos(roll) * y_c
    R = np.vstack([x_r, y_r, fwd])
    w, h = size if rng.uniform() < 0.5 else size[::-1]
    f = f35 / 43.27 * np.hypot(w, h)
    K = np.array([[f, 0, (w - 1) / 2], [0, f, (h - 1) / 2], [0, 0, 1.0]])
    return Camera(K=K, R=R, t=-R @ centre, size=(w, h), orientation=int(rng.choice([1, 1, 3, 6, 8])),
                  focal_35mm=round(f35) if exif_focal else None, blur_px=float(rng.uniform(0.0, 0.6)),
                  exposure=float(rng.uniform(0.85, 1.1)))


# --------------------------------------------------------------------------- rendering

@lru_cache(maxsize=1)
def _mat_texture():
    return render_mat(MAT_PX_PER_MM).astype(np.float32) / 255.0


@lru_cache(maxsize=2)
def _floor(kind, seed):
    return _floor_texture(kind, np.random.default_rng(seed))


def _shadow(v, f, lo, px_per_mm=2.0, shape=(800, 600)):
    """Multiplicative floor shading (1 = lit) in floor coordinates ``lo + (col, row) / px_per_mm``."""
    mask = np.zeros(shape, np.float32)
    low = np.zeros(shape, np.float32)
    cv2.fillPoly(mask, list(np.round((v[:, :2][f] - lo) * px_per_mm * 16).astype(np.int32)), 1.0, shift=4)
    near = f[v[f][:, :, 2].max(1) < 25.0]
    cv2.fillPoly(low, list(np.round((v[:, :2][near] - lo) * px_per_mm * 16).astype(np.int32)), 1.0, shift=4)
    soft = cv2.GaussianBlur(np.roll(mask, (8, 5), (0, 1)), (0, 0), 10 * px_per_mm)
    contact = cv2.GaussianBlur(low, (0, 0), 1.2 * px_per_mm)
    return 1.0 - 0.25 * soft - 0.2 * contact


def render(scene, cam):
    """The upright photo of ``scene`` through ``cam`` as ``(H, W, 3) uint8`` BGR."""
    rng = np.random.default_rng(scene.seed * 7 + int(cam.t[0] * 1000) % 9973)
    w, h = cam.size
    uu, vv = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    Kinv = np.linalg.inv(cam.K)
    dirs = np.stack([uu * Kinv[0, 0] + Kinv[0, 2], vv * Kinv[1, 1] + Kinv[1, 2], np.ones_like(uu)], -1)
    dirs = dirs @ cam.R.astype(np.float32)  # camera -> mat frame
    c = cam.centre
    tt = -c[2] / np.minimum(dirs[..., 2], -1e-4)
    fx = (c[0] + tt * dirs[..., 0]).astype(np.float32)
    fy = (c[1] + tt * dirs[..., 1]).astype(np.float32)
    del dirs, tt
    floor = cv2.remap(_floor(scene.floor, scene.seed), fx + np.float32(1024 - 105),
                      fy + np.float32(1024 - 150), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    # the page: paper inside the sheet's edges, the layout printed scaled about the page centre
    pw, pl = PAPER_MM
    s = scene.print_scale
    tex = _mat_texture()
    mx = ((fx - pw / 2) / s + pw / 2) * MAT_PX_PER_MM - 0.5
    my = (pl - ((fy - pl / 2) / s + pl / 2)) * MAT_PX_PER_MM - 0.5
    ink = cv2.remap(tex, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                    borderValue=1.0)
    pix_mm = np.abs(tt_scale(c[2], cam)) + 1e-3
    d = np.minimum(np.minimum(fx, pw - fx), np.minimum(fy, pl - fy))
    cover = np.clip(0.5 + d / pix_mm, 0, 1)[..., None]
    paper = (np.array([0.92, 0.93, 0.94], np.float32) * (0.08 + 0.92 * ink)[..., None])
    img = floor * (1 - cover) + paper * cover
    lo = np.array([-100.0, -100.0])
    shade = cv2.remap(_shadow(scene.foot_vertices, scene.foot_faces, lo), ((fx - lo[0]) * 2).astype(np.float32), ((fy - lo[1]) * 2).astype(np.float32),
                      cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=1.0)
    g = rng.uniform(-1, 1, 2) * 0.0008
    light = cam.exposure * (0.93 + g[0] * (fx - 105) + g[1] * (fy - 150))
    img = img * (shade * light)[..., None]
    del fx, fy, mx, my, ink, shade, light, cover, d
    img = _draw_meshes(img, scene, cam, rng)
    if cam.blur_px > 0:
        img = cv2.GaussianBlur(img, (0, 0), cam.blur_px)
    img = img * 255.0 + rng.normal(0, scene.noise, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def tt_scale(height, cam):
    """Approximate size of a pixel on the floor, mm (anti-aliasing width of the sheet's edge)."""
    return height / np.sin(np.radians(45)) / cam.K[0, 0]


def _draw_meshes(img, scene, cam, rng, ss=2):
    v = np.vstack([scene.foot_vertices, scene.leg_vertices])
    f = np.vstack([scene.foot_faces, scene.leg_faces + len(scene.foot_vertices)])
    cam_pts = v @ cam.R.T + cam.t
    depth = cam_pts[:, 2]
    uv = cam_pts[:, :2] / depth[:, None] * [cam.K[0, 0], cam.K[1, 1]] + cam.K[:2, 2]
    v3 = v[f]
    normals = np.cross(v3[:, 1] - v3[:, 0], v3[:, 2] - v3[:, 0])
    normals /= np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12
    facing = np.einsum("ij,ij->i", normals, cam.centre - v3.mean(1)) > 0
    light_dir = np.array([0.3, -0.2, 0.93]) / np.linalg.norm([0.3, -0.2, 0.93])
    lambert = 0.45 + 0.6 * np.clip(normals @ light_dir, 0, 1)
    order = np.argsort(-depth[f].mean(1))
    order = order[facing[order] & (depth[f[order]].min(1) > 30.0)]
    h, w = img.shape[:2]
    tri = uv[f[order]]
    keep = (tri[:, :, 0].max(1) > 0) & (tri[:, :, 0].min(1) < w) & (tri[:, :, 1].max(1) > 0) & (tri[:, :, 1].min(1) < h)
    order, tri = order[keep], tri[keep]
    if len(order) == 0:
        return img
    lo = np.maximum(np.floor(tri.reshape(-1, 2).min(0)).astype(int) - 2, 0)
    hi = np.minimum(np.ceil(tri.reshape(-1, 2).max(0)).astype(int) + 2, [w, h])
    bw, bh = hi - lo
    layer = np.zeros((bh * ss, bw * ss, 3), np.float32)
    cover = np.zeros((bh * ss, bw * ss), np.float32)
    albedo = np.array(scene.albedo_bgr, np.float32) / 255.0
    pts = (uv[f] - lo + 0.5) * ss * 16 - 0.5 * 16
    pts = np.round(np.clip(np.nan_to_num(pts, posinf=2 ** 20, neginf=-2 ** 20), -2 ** 20, 2 ** 20)).astype(np.int32)
    for i in order:
        cv2.fillConvexPoly(layer, pts[i], (albedo * lambert[i] * cam.exposure).tolist(), lineType=cv2.LINE_8, shift=4)
        cv2.fillConvexPoly(cover, pts[i], 1.0, lineType=cv2.LINE_8, shift=4)
    layer = cv2.resize(layer, (bw, bh), interpolation=cv2.INTER_AREA)
    cover = cv2.resize(cover, (bw, bh), interpolation=cv2.INTER_AREA)[..., None]
    skin = 1 + 0.04 * cv2.GaussianBlur(rng.standard_normal((bh, bw)).astype(np.float32), (0, 0), 2)[..., None]
    roi = img[lo[1]:hi[1], lo[0]:hi[0]]
    roi[:] = roi * (1 - cover) + layer * skin
    return img


def photo_bytes(scene, cam):
    """The encoded photo as the phone stores it."""
    return encode(render(scene, cam), orientation=cam.orientation, fmt="JPEG", quality=scene.quality,
                  focal_35mm=cam.focal_35mm)


def photo_set(scene):
    """All photos of ``scene`` as encoded files, in shot order."""
    return [photo_bytes(scene, cam) for cam in scene.cameras]


def with_cameras(scene, **changes):
    """``scene`` with every camera changed (e.g. ``blur_px=4.0``)."""
    return replace(scene, cameras=tuple(replace(c, **changes) for c in scene.cameras))
