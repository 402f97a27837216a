"""Synthetic phone photos of 3D feet standing on a sheet of paper, with exact ground truth.

A small renderer for tests: a pinhole camera (phone intrinsics, 40-65 cm, up to 25 degrees of
tilt, any roll), a textured floor (wood, tile, carpet, plain), an A4 or Letter sheet with
anti-aliased edges, a soft shadow and contact darkening under the foot, a Lambert-shaded foot
mesh (procedural, or the scans in ``shared/data/feet`` when present) drawn by the painter's
algorithm at 2x supersampling, an optional leg, sensor noise, JPEG/PNG/HEIC and EXIF rotation.

World frame = paper frame: mm, origin at the sheet corner left of the heel edge, x along the
short edge, y toward the toe end, z up. Image points are ``(x, y)`` = ``(col, row)``.
Ground truth is the contract measurement (``fit.photo.footprint``) of the mesh's orthographic
footprint in the same frame.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from scipy.spatial import ConvexHull

from fit.photo.footprint import measure_footprint

PAPERS_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
SHARED_FEET = next((p for p in (Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "feet",
                                 Path(__file__).resolve().parents[4] / "shared" / "data" / "feet") if p.exists()),
                   Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "feet")
SKIN_BGR = [(150, 180, 225), (120, 160, 210), (95, 130, 185), (70, 100, 150), (45, 65, 105), (35, 50, 80)]
SOCK_BGR = [(40, 40, 40), (95, 95, 95), (70, 60, 55), (55, 45, 35)]
LIGHT_SOCK_BGR = [(228, 228, 230), (205, 205, 208), (185, 185, 185), (200, 205, 215)]  # white, light greys
FLOORS = ("wood", "tile", "carpet", "plain")
#: Every floor the renderer draws: light tiles brighter than the paper, black-and-white checks,
#: concrete, and a plain floor nearly as light as the paper, besides the four above.
ALL_FLOORS = FLOORS + ("light_tile", "checker", "concrete", "near_paper")


# --------------------------------------------------------------------------- meshes

def _sphere_points(center, radii, n=18):
    u = np.linspace(0, np.pi, n // 2)[:, None]
    v = np.linspace(0, 2 * np.pi, n, endpoint=False)[None, :]
    pts = np.stack([np.sin(u) * np.cos(v), np.sin(u) * np.sin(v), np.cos(u) * np.ones_like(v)], -1).reshape(-1, 3)
    return np.asarray(center) + pts * np.asarray(radii)


def _hull_mesh(points):
    pts = np.asarray(points, dtype=np.float64).copy()
    pts[:, 2] = np.maximum(pts[:, 2], 0.0)
    hull = ConvexHull(pts)
    faces = hull.simplices.copy()
    # orient outward
    centre = pts[hull.vertices].mean(0)
    a, b, c = pts[faces[:, 0]], pts[faces[:, 1]], pts[faces[:, 2]]
    n = np.cross(b - a, c - a)
    flip = np.einsum("ij,ij->i", n, a - centre) < 0
    faces[flip] = faces[flip][:, ::-1]
    return pts, faces


def _concat(meshes):
    verts, faces, offset = [], [], 0
    for v, f in meshes:
        verts.append(v)
        faces.append(f + offset)
        offset += len(v)
    return np.vstack(verts), np.vstack(faces)


def procedural_foot(length_mm=260.0, width_ratio=0.39, side="left", rng=None):
    """A foot-like closed mesh: a convex body of heel, ball and ankle blobs plus five toe capsules.

    Parameters
    ----------
    length_mm : float
        Approximate foot length, mm (the truth is measured from the mesh afterwards).
    width_ratio : float
        Approximate ball width / length.
    side : str
        ``"left"`` (big toe at +x) or ``"right"``.
    rng : numpy.random.Generator or None

    Returns
    -------
    vertices : (n, 3) float, mm
        Heel near y = 0, toes toward +y, sole at z = 0.
    faces : (m, 3) int
    """
    rng = rng or np.random.default_rng(0)
    L = length_mm
    W = width_ratio * L
    j = lambda s: 1.0 + rng.normal(0, s)  # noqa: E731
    pts = []
    heel_r = 0.125 * L * j(0.05)
    heel_h = 0.105 * L * j(0.08)
    pts.append(_sphere_points((0.0, heel_r, heel_h), (0.33 * W * j(0.05), heel_r, heel_h)))
    ball_y = 0.70 * L
    ball_h = 0.065 * L * j(0.1)
    # medial (big toe, +x for left) and lateral metatarsal heads
    pts.append(_sphere_points((0.22 * W, ball_y, ball_h), (0.29 * W, 0.07 * L, ball_h)))
    pts.append(_sphere_points((-0.25 * W, ball_y - 0.07 * L, 0.8 * ball_h), (0.26 * W, 0.07 * L, 0.8 * ball_h)))
    # arch / instep and ankle
    pts.append(_sphere_points((0.05 * W, 0.45 * L, 0.17 * L), (0.3 * W, 0.12 * L, 0.14 * L)))
    pts.append(_sphere_points((0.0, 0.2 * L, 0.30 * L), (0.28 * W, 0.11 * L, 0.08 * L)))
    body = _hull_mesh(np.vstack(pts))
    meshes = [body]
    # toes: medial (big) to lateral; tips at the toe line, big toe longest (or second, sometimes)
    big_len = 1.0 - 0.01 * rng.uniform(0, 1)
    toe_x = np.array([0.24, 0.05, -0.10, -0.23, -0.34]) * W
    toe_tip = np.array([big_len, 0.985 + rng.uniform(-0.02, 0.018), 0.955, 0.925, 0.885]) * L
    toe_r = np.array([0.11, 0.07, 0.065, 0.06, 0.055]) * W * j(0.05)
    for x, tip, r in zip(toe_x, toe_tip, toe_r):
        rz = r * 0.85
        a = _sphere_points((x, tip - r, rz * 1.05), (r, r, rz), n=14)
        b = _sphere_points((x * 0.95, ball_y, rz * 1.2), (r, r, rz), n=14)
        meshes.append(_hull_mesh(np.vstack([a, b])))
    v, f = _concat(meshes)
    if side == "right":
        v = v * np.array([-1.0, 1.0, 1.0])
        f = f[:, ::-1].copy()
    return v, f


def shared_foot(name, length_mm=None, width_scale=1.0, height_scale=1.0):
    """A scan from ``shared/data/feet`` (metres), aligned: sole at z = 0, principal axis along +y.

    ``width_scale`` and ``height_scale`` stretch it across and up after scaling to ``length_mm``,
    so one person's two scans stand for many feet.

    Returns ``(vertices (n, 3) mm, faces (m, 3) int, side)`` or None when the file is absent.
    """
    import trimesh

    path = SHARED_FEET / f"dupontgu_{name}_foot.stl"
    if not path.exists():
        return None
    mesh = trimesh.load(path, force="mesh")
    v = np.asarray(mesh.vertices, dtype=np.float64) * 1000.0
    f = np.asarray(mesh.faces)
    v[:, 2] -= v[:, 2].min()
    fp = measure_footprint(footprint_outline(v, f), toe_direction=(0.0, -1.0))
    rot = np.arctan2(fp.axis[0], fp.axis[1])  # the scans' toes point along -y: turn them to +y
    v = _yaw(v, rot)
    if length_mm:
        v = v * (length_mm / fp.foot_length_mm)
    v = v * np.array([width_scale, 1.0, height_scale])
    return v, f, name


def _yaw(v, angle):
    c, s = np.cos(angle), np.sin(angle)
    out = v.copy()
    out[:, 0] = c * v[:, 0] - s * v[:, 1]
    out[:, 1] = s * v[:, 0] + c * v[:, 1]
    return out


def footprint_outline(vertices, faces, px_per_mm=10.0):
    """Orthographic footprint outline ``(n, 2)`` ``(x, y)`` mm of a mesh, rasterised finely."""
    xy = vertices[:, :2]
    lo = xy.min(0) - 2
    size = np.ceil((xy.max(0) - lo + 2) * px_per_mm).astype(int)
    mask = np.zeros((size[1], size[0]), np.uint8)
    tri = np.round((xy[faces] - lo) * px_per_mm * 16).astype(np.int32)
    cv2.fillPoly(mask, list(tri), 255, lineType=cv2.LINE_8, shift=4)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    c = max(contours, key=cv2.contourArea).reshape(-1, 2).astype(np.float64)
    return c / px_per_mm + lo


def footprint_of(vertices, faces):
    return measure_footprint(footprint_outline(vertices, faces))


# --------------------------------------------------------------------------- scenes

@dataclass(frozen=True)
class Scene:
    """Everything needed to render one photo, plus its ground truth."""

    vertices: np.ndarray
    faces: np.ndarray
    side: str
    paper: str
    camera_center: np.ndarray
    rotation: np.ndarray  # world -> camera, rows = camera x (right), y (down), z (forward)
    focal_px: float
    size: tuple  # upright (width, height) px
    floor: str
    albedo_bgr: tuple
    leg: bool = False
    orientation: int = 1
    fmt: str = "JPEG"
    quality: int = 90
    noise: float = 2.0
    exposure: float = 1.0
    blur_px: float = 0.0
    focal_35mm: float | None = 26.0
    seed: int = 0
    extra_papers: tuple = ()
    light_bgr: tuple = (1.0, 1.0, 1.0)  # colour of the light (warm, cool), multiplies everything
    paper_bgr: tuple | None = None       # paper albedo, 0-1 (None: bright white)
    shadow: tuple | None = None          # soft shadow across the sheet: (angle rad, offset mm, depth 0-1, blur mm)
    trouser: bool = False                # a trouser leg over the ankle, reaching down past the heel edge
    trouser_bgr: tuple = (90.0, 60.0, 40.0)
    first_trouser_face: int = 1 << 30    # faces from here on are the trouser's
    truth: object = field(default=None, compare=False)

    @property
    def tilt_deg(self):
        return float(np.degrees(np.arccos(np.clip(-self.rotation[2, 2], -1, 1))))


def make_scene(seed, *, paper=None, side=None, floor=None, length_mm=None, leg=False, mesh="procedural",
               sock=None, tilt_deg=None, distance_mm=None, size=(2000, 1500), orientation=None,
               focal_35mm=26.0, target_offset_mm=None, yaw_deg=None, roll_deg=None, **kwargs):
    """A random but reproducible scene; keywords pin any choice.

    Returns
    -------
    Scene
    """
    rng = np.random.default_rng(seed)
    paper = paper or ("a4" if rng.uniform() < 0.6 else "letter")
    side = side or ("left" if rng.uniform() < 0.5 else "right")
    floor = floor or FLOORS[rng.integers(len(FLOORS))]
    length_mm = length_mm or float(np.clip(rng.normal(262, 16), 225, 300))
    if mesh == "procedural":
        v, f = procedural_foot(length_mm, rng.uniform(0.36, 0.42), side, rng)
    else:
        got = shared_foot(side if mesh == "scan" else mesh, length_mm, rng.uniform(0.9, 1.1), rng.uniform(0.88, 1.12))
        if got is None:
            raise FileNotFoundError("shared foot meshes are not present")
        v, f, side = got
    yaw = np.radians(yaw_deg if yaw_deg is not None else rng.uniform(-5, 5))
    v = _yaw(v, yaw)
    pw, pl = PAPERS_MM[paper]
    v = v - [0, 0, 0]
    fp_xy = v[:, :2]
    v[:, 0] += pw / 2 - (fp_xy[:, 0].min() + fp_xy[:, 0].max()) / 2 + rng.uniform(-10, 10)
    v[:, 1] -= footprint_outline(v, f)[:, 1].min()  # heel touches the sheet's short edge
    truth = footprint_of(v, f)
    # camera; with a leg, the phone is held on the toes' side of it (the shopper's own photo), so the
    # leg rises between the camera and the heel and often hides it
    tilt = np.radians(tilt_deg if tilt_deg is not None else rng.uniform(0, 25))
    dist = distance_mm or rng.uniform(400, 650)
    azim = rng.uniform(np.radians(15), np.radians(165)) if leg else rng.uniform(0, 2 * np.pi)
    off = target_offset_mm if target_offset_mm is not None else rng.uniform(-15, 15, 2)
    target = np.array([pw / 2 + off[0], truth.foot_length_mm * 0.5 + 10 + off[1], 0.0])
    centre = target + dist * np.array([np.sin(tilt) * np.cos(azim), np.sin(tilt) * np.sin(azim), np.cos(tilt)])
    fwd = (target - centre) / dist
    width, height = size
    # roll: sheet's long side along the image's long side, +-15 deg, either way round
    ang = np.radians(rng.uniform(-15, 15) if roll_deg is None else roll_deg) + (np.pi if rng.uniform() < 0.5 else 0.0)
    ref = np.array([np.cos(ang), np.sin(ang), 0.0])  # world direction that should point image-right
    if width > height:
        ref = np.array([-np.sin(ang), np.cos(ang), 0.0])
    x_c = ref - fwd * np.dot(ref, fwd)
    x_c /= np.linalg.norm(x_c)
    y_c = np.cross(fwd, x_c)
    rotation = np.vstack([x_c, y_c, fwd])
    if leg:  # the knee stays below the phone
        v, f = _concat([(v, f), _leg_mesh(truth, rng, top_mm=min(520.0, centre[2] - 90.0))])
    if kwargs.get("trouser"):
        kwargs["first_trouser_face"] = len(f)
        v, f = _concat([(v, f), _leg_mesh(truth, rng, top_mm=min(520.0, centre[2] - 90.0), bottom_mm=8.0,
                                          radius_mm=(62.0, 66.0, 75.0), back_mm=rng.uniform(20, 45))])
    f35 = focal_35mm or float(rng.uniform(23.0, 29.0))  # no EXIF: the true lens is unknown to the measurer
    focal_px = f35 / 43.27 * np.hypot(width, height)
    if isinstance(sock, tuple):
        skin = sock
    else:
        skin = SOCK_BGR[sock] if sock is not None else SKIN_BGR[rng.integers(len(SKIN_BGR))]
    albedo = tuple(float(c) * rng.uniform(0.92, 1.08) for c in skin)
    if orientation is None:
        orientation = int(rng.choice([1, 1, 3, 6, 8]))
    kw = dict(quality=int(rng.integers(80, 96)), noise=float(rng.uniform(1.0, 3.0)), exposure=float(rng.uniform(0.85, 1.1)),
              blur_px=float(rng.uniform(0.0, 0.7)))
    kw.update(kwargs)
    return Scene(vertices=v, faces=f, side=side, paper=paper, camera_center=centre, rotation=rotation,
                 focal_px=focal_px, size=(width, height), floor=floor, albedo_bgr=albedo, leg=leg,
                 orientation=orientation, focal_35mm=focal_35mm, seed=seed, truth=truth, **kw)


def _leg_mesh(truth, rng, segments=40, rings=10, top_mm=520.0, bottom_mm=40.0, radius_mm=(36.0, 40.0, 58.0),
              back_mm=0.0):
    """A tapered leg (or trouser leg) rising from ``bottom_mm`` above the ankle to ``top_mm`` and leaning
    back, as a closed tube; ``back_mm`` moves it toward the heel."""
    ankle = truth.to_floor([[0.0, 0.22 * truth.foot_length_mm - back_mm]])[0]
    lean = np.radians(rng.uniform(5, 20))
    height = top_mm
    zs = np.linspace(bottom_mm, height, rings)
    radii = np.interp(zs, [bottom_mm, 150, height], list(radius_mm))
    a = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    verts = []
    for z, r in zip(zs, radii):
        c = np.array([ankle[0], ankle[1] - (z - bottom_mm) * np.tan(lean), z])
        verts.append(c + np.stack([r * np.cos(a), 1.1 * r * np.sin(a), np.zeros_like(a)], -1))
    v = np.vstack(verts)
    faces = []
    for i in range(rings - 1):
        for k in range(segments):
            a0, a1 = i * segments + k, i * segments + (k + 1) % segments
            b0, b1 = a0 + segments, a1 + segments
            faces += [[a0, a1, b1], [a0, b1, b0]]
    top = len(v)
    v = np.vstack([v, [[ankle[0], ankle[1] - (height - bottom_mm) * np.tan(lean), height]]])
    for k in range(segments):
        faces.append([(rings - 1) * segments + k, (rings - 1) * segments + (k + 1) % segments, top])
    return v, np.array(faces)


# --------------------------------------------------------------------------- rendering

def _project(scene, pts):
    cam = (pts - scene.camera_center) @ scene.rotation.T
    w, h = scene.size
    uv = cam[:, :2] / cam[:, 2:3] * scene.focal_px + [(w - 1) / 2, (h - 1) / 2]
    return uv, cam[:, 2]


def _floor_texture(kind, rng, size=2048):
    """Floor albedo, BGR float 0-1, 1 px per mm, centred on the sheet."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    noise = lambda s: cv2.GaussianBlur(rng.standard_normal((size, size)).astype(np.float32), (0, 0), s)  # noqa
    if kind == "wood":
        ang = rng.uniform(0, np.pi)
        u = xx * np.cos(ang) + yy * np.sin(ang)
        vv = -xx * np.sin(ang) + yy * np.cos(ang)
        plank = np.floor(u / 120.0)
        grain = np.sin(vv / 7.0 + 6 * noise(20) * 8 + plank * 3) * 0.5 + 0.5
        base = np.array(rng.choice([[0.25, 0.45, 0.65], [0.2, 0.33, 0.5], [0.45, 0.6, 0.75]]), np.float32)
        tone = 0.8 + 0.2 * grain + 0.08 * np.sin(plank * 12.9898)
        gap = (np.abs((u % 120.0) - 0.5) < 1.0) * 0.5
        tex = base * (tone * (1 - gap))[..., None]
    elif kind == "tile":
        pitch = rng.choice([200.0, 300.0, 330.0])
        ox, oy = rng.uniform(0, pitch, 2)
        gx, gy = (xx + ox) % pitch, (yy + oy) % pitch
        grout = (np.minimum(gx, gy) < 3.0)
        base = np.array(rng.choice([[0.55, 0.55, 0.55], [0.5, 0.6, 0.68], [0.3, 0.3, 0.33]]), np.float32)
        cell = np.sin(np.floor((xx + ox) / pitch) * 7.1 + np.floor((yy + oy) / pitch) * 3.3) * 0.05
        tex = base * (1 + cell + 0.15 * noise(6))[..., None]
        tex[grout] = base * 0.6
    elif kind in ("light_tile", "checker"):
        pitch = rng.choice([150.0, 200.0, 300.0]) if kind == "light_tile" else rng.choice([100.0, 200.0, 250.0])
        ang = rng.uniform(0, np.pi / 2)
        u = xx * np.cos(ang) + yy * np.sin(ang) + rng.uniform(0, pitch)
        vv = -xx * np.sin(ang) + yy * np.cos(ang) + rng.uniform(0, pitch)
        gx, gy = u % pitch, vv % pitch
        grout = np.minimum(gx, gy) < rng.uniform(2.0, 5.0)
        if kind == "light_tile":  # glazed tiles lighter than the paper (or a little darker)
            base = np.array([0.93, 0.94, 0.95], np.float32) * (rng.uniform(1.06, 1.2) if rng.uniform() < 0.7
                                                              else rng.uniform(0.82, 0.9))
            tex = base * (1 + 0.02 * noise(8))[..., None]
            tex[grout] = base * rng.uniform(0.45, 0.75)
        else:
            dark = (np.floor(u / pitch) + np.floor(vv / pitch)) % 2 == 1
            tex = np.where(dark[..., None], np.float32(rng.uniform(0.05, 0.15)), np.float32(rng.uniform(0.85, 0.97)))
            tex = (tex * (1 + 0.02 * noise(5))[..., None]).astype(np.float32) * np.ones(3, np.float32)
            tex[grout] = rng.uniform(0.4, 0.6)
    elif kind == "concrete":
        base = np.float32(rng.uniform(0.42, 0.62)) * np.array([1.0, 1.0, 0.98], np.float32)
        tex = base * (1 + 0.12 * noise(1.0) + 0.1 * noise(25))[..., None]
    elif kind == "near_paper":
        base = np.float32(rng.uniform(0.72, 0.86)) * np.array(rng.choice([[1.0, 1.0, 1.0], [0.95, 0.99, 1.02]]), np.float32)
        tex = base * (1 + 0.03 * noise(3) + 0.05 * noise(40))[..., None]
    elif kind == "carpet":
        base = np.array(rng.choice([[0.3, 0.3, 0.45], [0.45, 0.4, 0.35], [0.25, 0.35, 0.25]]), np.float32)
        tex = base * (1 + 0.5 * noise(0.7) + 0.2 * noise(4))[..., None]
    else:
        base = np.array(rng.choice([[0.35, 0.2, 0.15], [0.4, 0.45, 0.5], [0.2, 0.35, 0.45]]), np.float32)
        tex = base * (1 + 0.6 * noise(60))[..., None]
    return np.clip(tex, 0, 1)


def _shadow_map(scene, lo, px_per_mm=2.0, shape=(1400, 1000)):
    """Multiplicative floor shading (1 = lit) around the foot, in floor coordinates."""
    h, w = shape
    v = scene.vertices
    mask = np.zeros((h, w), np.float32)
    low = np.zeros((h, w), np.float32)
    tri = np.round((v[:, :2][scene.faces] - lo) * px_per_mm * 16).astype(np.int32)
    cv2.fillPoly(mask, list(tri), 1.0, shift=4)
    near = scene.faces[(v[scene.faces][:, :, 2].max(1) < 60.0)]
    cv2.fillPoly(low, list(np.round((v[:, :2][near] - lo) * px_per_mm * 16).astype(np.int32)), 1.0, shift=4)
    soft = cv2.GaussianBlur(np.roll(mask, (6, 4), (0, 1)), (0, 0), 10 * px_per_mm)
    contact = cv2.GaussianBlur(low, (0, 0), 1.5 * px_per_mm)
    return 1.0 - 0.28 * soft - 0.25 * contact


def render(scene):
    """The upright photo of ``scene`` as a ``(H, W, 3) uint8`` BGR array, before encoding."""
    rng = np.random.default_rng(scene.seed + 7919)
    w, h = scene.size
    # floor coordinates of every pixel: intersect pixel rays with z = 0
    uu, vv = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    dirs_cam = np.stack([(uu - (w - 1) / 2) / scene.focal_px, (vv - (h - 1) / 2) / scene.focal_px,
                         np.ones_like(uu)], -1)
    dirs = dirs_cam @ scene.rotation.astype(np.float32)
    t = -scene.camera_center[2] / np.minimum(dirs[..., 2], -1e-3)
    fx = (scene.camera_center[0] + t * dirs[..., 0]).astype(np.float32)
    fy = (scene.camera_center[1] + t * dirs[..., 1]).astype(np.float32)
    del dirs, dirs_cam
    pw, pl = PAPERS_MM[scene.paper]
    tex = _floor_texture(scene.floor, rng)
    centre = np.array([pw / 2, pl / 2])
    floor = cv2.remap(tex, fx - np.float32(centre[0] - 1024), fy - np.float32(centre[1] - 1024), cv2.INTER_LINEAR,
                      borderMode=cv2.BORDER_REFLECT)
    # pixel size in mm for anti-aliasing the sheet edges
    pix_mm = np.sqrt(np.abs(np.gradient(fx, axis=1) * np.gradient(fy, axis=0)
                            - np.gradient(fx, axis=0) * np.gradient(fy, axis=1))) + 1e-3
    papers = [(0.0, 0.0, 0.0, pw, pl)] + list(scene.extra_papers)
    paper_rgb = (np.array(scene.paper_bgr, np.float32) if scene.paper_bgr is not None
                 else np.array([0.93, 0.94, 0.95], np.float32) * rng.uniform(0.95, 1.0))
    img = floor
    for ox, oy, ang, aw, al in papers:
        c, s = np.cos(ang), np.sin(ang)
        px, py = fx - ox, fy - oy
        lx, ly = c * px + s * py, -s * px + c * py
        d = np.minimum(np.minimum(lx, aw - lx), np.minimum(ly, al - ly))
        cover = np.clip(0.5 + d / pix_mm, 0, 1)[..., None]
        img = img * (1 - cover) + paper_rgb * cover
    lo = np.array([-250.0, -300.0])
    shade = _shadow_map(scene, lo)
    shade_img = cv2.remap(shade, (fx - np.float32(lo[0])) * 2, (fy - np.float32(lo[1])) * 2, cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=1.0)
    gx, gy = rng.uniform(-1, 1, 2) * 0.0008
    light = np.float32(scene.exposure) * (0.92 + np.float32(gx) * (fx - np.float32(centre[0])) + np.float32(gy) * (fy - np.float32(centre[1])))
    if scene.shadow is not None:  # a leg's or the photographer's soft shadow across the sheet
        ang, off, depth, soft = scene.shadow
        side = np.cos(ang) * (fx - np.float32(centre[0])) + np.sin(ang) * (fy - np.float32(centre[1])) - np.float32(off)
        shade_img = shade_img * (1 - depth / (1 + np.exp(-side / np.float32(soft))))
    img = img * (shade_img * light)[..., None]
    del fx, fy, pix_mm, shade_img
    # foot and leg, painter's algorithm at 2x
    ss = 2
    uv, depth = _project(scene, scene.vertices)
    tri_uv = uv[scene.faces]
    v3 = scene.vertices[scene.faces]
    normals = np.cross(v3[:, 1] - v3[:, 0], v3[:, 2] - v3[:, 0])
    normals /= np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12
    view = scene.camera_center - v3.mean(1)
    facing = np.einsum("ij,ij->i", normals, view) > 0
    light_dir = np.array([0.3, -0.2, 0.93])
    light_dir /= np.linalg.norm(light_dir)
    lambert = 0.45 + 0.6 * np.clip(normals @ light_dir, 0, 1)
    order = np.argsort(-depth[scene.faces].mean(1))
    order = order[facing[order] & (depth[scene.faces[order]].min(1) > 30.0)]  # near plane
    lo_uv = np.floor(tri_uv[order].reshape(-1, 2).min(0)).astype(int) - 2
    hi_uv = np.ceil(tri_uv[order].reshape(-1, 2).max(0)).astype(int) + 2
    lo_uv = np.maximum(lo_uv, 0)
    hi_uv = np.minimum(hi_uv, [w, h])
    if np.all(hi_uv > lo_uv):
        bw, bh = hi_uv - lo_uv
        layer = np.zeros((bh * ss, bw * ss, 3), np.float32)
        cover = np.zeros((bh * ss, bw * ss), np.float32)
        albedo = np.array(scene.albedo_bgr, np.float32) / 255.0
        trouser = np.array(scene.trouser_bgr, np.float32) / 255.0
        pts = np.round((tri_uv - lo_uv + 0.5) * ss * 16 - 0.5 * 16).astype(np.int32)
        for i in order:
            colour = ((albedo if i < scene.first_trouser_face else trouser) * lambert[i] * scene.exposure).tolist()
            cv2.fillConvexPoly(layer, pts[i], colour, lineType=cv2.LINE_8, shift=4)
            cv2.fillConvexPoly(cover, pts[i], 1.0, lineType=cv2.LINE_8, shift=4)
        layer = cv2.resize(layer, (bw, bh), interpolation=cv2.INTER_AREA)
        cover = cv2.resize(cover, (bw, bh), interpolation=cv2.INTER_AREA)[..., None]
        skin_noise = 1 + 0.04 * cv2.GaussianBlur(rng.standard_normal((bh, bw)).astype(np.float32), (0, 0), 2)[..., None]
        roi = img[lo_uv[1]:hi_uv[1], lo_uv[0]:hi_uv[0]]
        roi[:] = roi * (1 - cover) + layer * skin_noise
    img = img * np.array(scene.light_bgr, np.float32)
    if scene.blur_px > 0:
        img = cv2.GaussianBlur(img, (0, 0), scene.blur_px)
    img = img * 255.0 + rng.normal(0, scene.noise, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


_INVERSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
            5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
            8: Image.Transpose.ROTATE_270}


def encode(image_bgr, *, orientation=1, fmt="JPEG", quality=90, focal_35mm=None):
    """Encode an upright BGR image as a phone would store it (rotated pixels + Orientation tag)."""
    im = Image.fromarray(np.ascontiguousarray(image_bgr[:, :, ::-1]))
    if orientation != 1:
        im = im.transpose(_INVERSE[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Cordwain test camera"
    if focal_35mm:
        exif.get_ifd(0x8769)[0xA405] = int(focal_35mm)
    out = io.BytesIO()
    if fmt == "JPEG":
        im.save(out, format="JPEG", quality=quality, exif=exif.tobytes())
    elif fmt == "PNG":
        im.save(out, format="PNG", exif=exif.tobytes(), compress_level=1)
    else:
        im.save(out, format="HEIF", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def photo_bytes(scene):
    """The encoded photo file of ``scene``."""
    return encode(render(scene), orientation=scene.orientation, fmt=scene.fmt, quality=scene.quality,
                  focal_35mm=scene.focal_35mm)


def varied_scene(seed, size=(2000, 1500)):
    """A scene drawn from the conditions of the accuracy target: foot 210-320 mm, procedural or
    stretched scan, bare (six skin tones) or in a sock, a leg in about 3 of 10, focal length
    24-28 mm or absent from EXIF, plus everything ``make_scene`` varies (paper, floor, light,
    tilt 0-25 degrees, distance 40-65 cm, JPEG quality, EXIF rotation)."""
    rng = np.random.default_rng(seed * 31 + 5)
    kw = {"length_mm": float(rng.uniform(210, 320)), "leg": bool(rng.uniform() < 0.3)}
    focal = float(rng.choice([24.0, 26.0, 26.0, 28.0, 0.0]))
    kw["focal_35mm"] = focal or None
    if rng.uniform() < 0.3:
        kw["sock"] = int(rng.integers(len(SOCK_BGR)))
    scan = rng.uniform() < 0.15 and (SHARED_FEET / "dupontgu_left_foot.stl").exists()
    return make_scene(seed, mesh="scan" if scan else "procedural", size=size, **kw)


#: Conditions the photo path must hold on, one name each (the accuracy script reports per name).
CATEGORIES = ("plain_floors", "tinted_light", "shadow", "light_tile", "rotated", "checker", "concrete", "carpet",
              "wood", "near_paper", "trouser", "overhang", "light_sock", "dark_sock_dark_floor")
#: Seeds the method was developed on, and seeds kept for judging it (never tuned on).
DEVELOPMENT_SEEDS = range(50_000, 60_000)
HELD_OUT_SEEDS = range(90_000, 100_000)


def category_scene(seed, category, size=None):
    """A scene of one of ``CATEGORIES``; everything not pinned by the category is drawn as in
    ``varied_scene`` (foot 215-315 mm, skin tone, paper, tilt 0-25 degrees, EXIF rotation and
    focal length present or not), in portrait or landscape."""
    rng = np.random.default_rng(seed * 7 + CATEGORIES.index(category))
    if size is None:
        size = (2000, 1500) if rng.uniform() < 0.5 else (1500, 2000)
    focal = float(rng.choice([24.0, 26.0, 26.0, 28.0, 0.0]))
    kw = {"length_mm": float(rng.uniform(215, 315)), "focal_35mm": focal or None, "size": size,
          "floor": str(rng.choice(ALL_FLOORS[:4] + ("concrete",)))}
    warm, cool = (0.78, 0.93, 1.08), (1.08, 1.0, 0.86)  # BGR gains of tungsten and of shade daylight
    if category == "tinted_light":
        light = np.array(warm if rng.uniform() < 0.5 else cool) ** rng.uniform(0.5, 1.5)
        kw["light_bgr"] = tuple(float(c) for c in light / light.max())
        if rng.uniform() < 0.5:  # ivory or recycled paper
            kw["paper_bgr"] = tuple(float(c) for c in np.array([0.80, 0.90, 0.94]) * rng.uniform(0.95, 1.02))
    elif category == "shadow":
        kw["shadow"] = (float(rng.uniform(0, 2 * np.pi)), float(rng.uniform(-80, 80)), float(rng.uniform(0.2, 0.5)),
                        float(rng.uniform(8, 40)))
    elif category in ("light_tile", "checker", "concrete", "carpet", "wood", "near_paper"):
        kw["floor"] = category.replace("light_tile", "light_tile")
    elif category == "rotated":
        kw["roll_deg"] = float(rng.uniform(20, 70) * rng.choice([-1, 1]))
    elif category == "trouser":
        kw.update(leg=True, trouser=True, trouser_bgr=tuple(float(c) for c in rng.choice(
            [[90, 60, 40], [40, 40, 40], [150, 150, 150], [60, 90, 120]]) * rng.uniform(0.8, 1.2)))
    elif category == "overhang":
        kw.update(paper="letter", length_mm=float(rng.uniform(292, 305)), leg=bool(rng.uniform() < 0.3))
    elif category == "light_sock":
        kw["sock"] = tuple(float(c) * rng.uniform(0.95, 1.02) for c in LIGHT_SOCK_BGR[rng.integers(len(LIGHT_SOCK_BGR))])
    elif category == "dark_sock_dark_floor":
        kw["sock"] = int(rng.choice([0, 2, 3]))
        kw["floor"] = str(rng.choice(["wood", "carpet", "plain", "checker"]))
    if category == "plain_floors":
        kw["floor"] = "plain"
    if category not in ("rotated",):
        kw.setdefault("roll_deg", float(rng.uniform(-15, 15)))
    if "leg" not in kw:
        kw["leg"] = bool(rng.uniform() < 0.25)
    return make_scene(seed * 16 + CATEGORIES.index(category), **kw)
