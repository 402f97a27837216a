"""Factory features of a physical last: the thimble hole and the hinge (scoop-block) cut.

The cone top is cut flat by ``fit.last`` itself. Here, optionally:

- a thimble hole: a vertical bore in the cone top for the metal thimble that takes the
  lasting machine's jack pin. Cordwain assumption: 1/2 in (12.7 mm) across and 38 mm deep,
  the common bore of last thimbles (Thornton, "Textbook of Footwear Manufacture", 1970,
  describes the thimble; its size is set here, not quoted);
- a hinge cut: the plane a hinged (or scoop-block) last is sawn along so the back of the cone
  folds (or lifts) out of a finished shoe. It runs from the front of the cone top down and back
  to the back curve above the heel seat; the two bodies are returned separately. Cordwain assumption
  for its position: from the cone top's front edge (``fit.last.CONE_TOP_END``) down to 45 % of
  the back height, a typical V-hinge layout.
"""

import manifold3d
import numpy as np
import numpy.typing as npt
import trimesh

from .errors import InvalidSpec
from .last import CONE_TOP_END, LastSpec, landmarks

THIMBLE_DIAMETER_MM = 12.7
THIMBLE_DEPTH_MM = 38.0
HINGE_BACK_HEIGHT = 0.45
CUTS = (None, "hinge")


def _manifold(mesh: trimesh.Trimesh) -> manifold3d.Manifold:
    return manifold3d.Manifold(manifold3d.Mesh(vert_properties=np.asarray(mesh.vertices, dtype=np.float32),
                                               tri_verts=np.asarray(mesh.faces, dtype=np.uint32)))


def _trimesh(solid: manifold3d.Manifold) -> trimesh.Trimesh:
    out = solid.to_mesh()
    return trimesh.Trimesh(np.asarray(out.vert_properties)[:, :3], np.asarray(out.tri_verts), process=False)


def thimble_axis(mesh: trimesh.Trimesh, spec: LastSpec) -> npt.NDArray[np.float64]:
    """Top centre of the thimble bore on the cone top, (3,) mm (the bore runs straight down)."""
    v = np.asarray(mesh.vertices)
    y = 0.5 * CONE_TOP_END * float(v[:, 1].max())
    band = v[np.abs(v[:, 1] - y) < 3.0]
    top = band[band[:, 2] >= band[:, 2].max() - 0.5]
    return np.array([float(top[:, 0].mean()), y, float(band[:, 2].max())])


def hinge_plane(mesh: trimesh.Trimesh, spec: LastSpec) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Origin and unit normal of the hinge cut, mm."""
    marks = landmarks(spec)
    v = np.asarray(mesh.vertices)
    cone_front = np.array([0.0, marks["cone_y"], float(v[np.abs(v[:, 1] - marks["cone_y"]) < 3.0, 2].max())])
    back_z = spec.heel_height_mm + HINGE_BACK_HEIGHT * spec.cone_height_mm
    back = np.array([0.0, float(v[:, 1].min()), back_z])
    d = cone_front - back
    normal = np.array([0.0, d[2], -d[1]])
    normal /= np.linalg.norm(normal)
    return cone_front, normal


def factory_bodies(mesh: trimesh.Trimesh, spec: LastSpec, thimble: bool = True,
                   cut: str | None = None) -> dict[str, trimesh.Trimesh]:
    """The last as the factory makes it: optional thimble hole, optional hinge cut.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        The last (``fit.last.build_last(spec)``).
    spec : fit.last.LastSpec
    thimble : bool
        Bore the thimble hole.
    cut : None or "hinge"
        Saw along the hinge plane into a fore part and a back part.

    Returns
    -------
    dict
        Body name -> trimesh.Trimesh: ``{"last": ...}``, or with the cut ``{"fore": ...,
        "block": ...}`` (the block is the back of the cone above the hinge plane).
    """
    if cut not in CUTS:
        raise InvalidSpec(f"Unknown last cut {cut!r}; choose hinge or none.", field="cut")
    solid = _manifold(mesh)
    if thimble:
        top = thimble_axis(mesh, spec)
        bore = manifold3d.Manifold.cylinder(THIMBLE_DEPTH_MM + 1.0, THIMBLE_DIAMETER_MM / 2.0,
                                            THIMBLE_DIAMETER_MM / 2.0, 48)
        solid = solid - bore.translate((float(top[0]), float(top[1]), float(top[2] - THIMBLE_DEPTH_MM)))
    if cut is None:
        return {"last": _trimesh(solid)}
    origin, normal = hinge_plane(mesh, spec)
    offset = float(np.dot(origin, normal))
    pieces = sorted((_trimesh(p) for p in solid.split_by_plane(tuple(float(c) for c in normal), offset)),
                    key=lambda body: body.volume)
    return {"block": pieces[0], "fore": pieces[1]}
