"""Closed solids for the shoe's parts, built and cut with manifold3d (every result is watertight).

Coordinates are the last frame, mm. Regions are drawn the way pattern cutters draw them: a side
view (y, z) outline pushed straight across the last, or a plan (x, y) outline pushed straight up.
"""

from typing import Any

import manifold3d as mf
import numpy as np
import trimesh

#: Half of the span across which a drawn region is pushed, mm (larger than any last).
REACH_MM = 400.0


def to_manifold(mesh: trimesh.Trimesh) -> mf.Manifold:
    """``trimesh.Trimesh`` -> ``manifold3d.Manifold`` (empty when the mesh is not a closed manifold)."""
    return mf.Manifold(mf.Mesh(vert_properties=np.asarray(mesh.vertices, dtype=np.float32),
                               tri_verts=np.asarray(mesh.faces, dtype=np.uint32)))


def to_trimesh(solid: mf.Manifold) -> trimesh.Trimesh:
    """``manifold3d.Manifold`` -> ``trimesh.Trimesh`` (vertices merged by manifold3d)."""
    out = solid.to_mesh()
    return trimesh.Trimesh(vertices=np.asarray(out.vert_properties)[:, :3], faces=np.asarray(out.tri_verts),
                           process=False)


def prism(outline_xy: mf.CrossSection, y_mm: np.ndarray, bottom_z_mm: np.ndarray,
          top_z_mm: np.ndarray) -> mf.Manifold:
    """The solid over a plan outline between two heights that change along the last only.

    Built as the outline pushed straight up, cut by the side-view band between the two height
    profiles: a few hundred triangles whatever the outline's area, and exactly the profiles
    (linear between samples, level beyond the first and last).

    Parameters
    ----------
    outline_xy : manifold3d.CrossSection
        Plan outline, mm.
    y_mm : (n,) float
        Increasing positions along the last, mm.
    bottom_z_mm, top_z_mm : (n,) float
        Heights at ``y_mm``, mm; ``top_z_mm`` above ``bottom_z_mm`` everywhere.
    """
    return plan_region(outline_xy) ^ band(y_mm, bottom_z_mm, top_z_mm)


def band(y_mm: np.ndarray, bottom_z_mm: np.ndarray, top_z_mm: np.ndarray) -> mf.Manifold:
    """The side-view region between two height profiles along y, pushed across all x (see ``prism``)."""
    y = np.concatenate([[-REACH_MM], np.asarray(y_mm, dtype=np.float64), [REACH_MM]])
    low = np.asarray(bottom_z_mm, dtype=np.float64)
    high = np.asarray(top_z_mm, dtype=np.float64)
    low, high = np.concatenate([low[:1], low, low[-1:]]), np.concatenate([high[:1], high, high[-1:]])
    return side_region(np.vstack([np.column_stack([y, low]), np.column_stack([y, high])[::-1]]))


def side_region(points_yz: Any) -> mf.Manifold:
    """A side-view outline (y, z) pushed across all x: a solid region."""
    drawn = mf.CrossSection([np.asarray(points_yz, dtype=np.float64)], mf.FillRule.NonZero)
    solid = mf.Manifold.extrude(drawn, 2.0 * REACH_MM)
    # (u, v, w) -> (x, y, z) = (w - reach, u, v)
    matrix = np.array([[0.0, 0.0, 1.0, -REACH_MM], [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]])
    return solid.transform(matrix)


def plan_region(points_xy: Any) -> mf.Manifold:
    """A plan outline (x, y) pushed through all z: a solid region."""
    drawn = points_xy if isinstance(points_xy, mf.CrossSection) else cross_section(points_xy)
    return mf.Manifold.extrude(drawn, 2.0 * REACH_MM).translate([0.0, 0.0, -REACH_MM])


def cross_section(points_xy: Any) -> mf.CrossSection:
    """A plan outline as a ``manifold3d.CrossSection``."""
    return mf.CrossSection([np.asarray(points_xy, dtype=np.float64)], mf.FillRule.NonZero)


def offset_surface(mesh: trimesh.Trimesh, distance_mm: float) -> trimesh.Trimesh:
    """``mesh`` with every vertex moved ``distance_mm`` along its normal (same topology)."""
    vertices = np.asarray(mesh.vertices) + distance_mm * np.asarray(mesh.vertex_normals)
    return trimesh.Trimesh(vertices=vertices, faces=np.asarray(mesh.faces), process=False)


def extrude(section: mf.CrossSection, height_mm: float) -> mf.Manifold:
    """A ``CrossSection`` pushed up from ``z = 0`` by ``height_mm``."""
    return mf.Manifold.extrude(section, height_mm)


def box(lo: Any, hi: Any) -> mf.Manifold:
    """Axis-aligned box between corners ``lo`` and ``hi``, mm."""
    lo, hi = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
    return mf.Manifold.cube(hi - lo).translate(lo)
