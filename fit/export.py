"""Mesh export for factories (STL, 3MF, OBJ) and the web (GLB), as bytes.

Units are millimetres in every format (3MF declares ``unit="millimeter"``; GLB has no
unit, three.js scenes of Cordwain read it as mm).
"""

import hashlib
import io
import json
import struct
import zipfile
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import quoteattr

import numpy as np
import numpy.typing as npt
import trimesh

FORMATS = ("stl", "3mf", "glb", "obj")

#: XML namespace of Cordwain's own 3MF metadata names (``cordwain:reference``, ``cordwain:side``).
CORDWAIN_3MF_NS = "https://cordwain.example/3mf/metadata/2026"


def export_mesh(mesh: trimesh.Trimesh, fmt: str, metadata: Mapping[str, Any] | None = None) -> bytes:
    """Encode ``mesh`` as ``fmt``.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        Millimetres.
    fmt : str
        ``"stl"`` (binary), ``"3mf"``, ``"glb"`` or ``"obj"``.
    metadata : dict or None
        For 3MF, written as ``<metadata name="cordwain:...">`` (e.g. ``reference``, ``side``); for
        GLB, into ``asset.extras``; for OBJ, as comments.

    Returns
    -------
    bytes
    """
    words = {str(k): str(v) for k, v in (metadata or {}).items()}
    if fmt == "stl":
        return _stl(mesh)
    if fmt == "3mf":
        return _threemf(mesh, words)
    if fmt == "glb":
        return _glb(mesh, words)
    if fmt == "obj":
        return _obj(mesh, words)
    raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")


def _cross(vertices: npt.NDArray[np.float64], faces: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    a, b, c = vertices[faces[:, 0]], vertices[faces[:, 1]], vertices[faces[:, 2]]
    return np.cross(b - a, c - a)


def _normals(vertices: npt.NDArray[np.float64],
             faces: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Unit face normals and area-weighted unit vertex normals, (m, 3) and (n, 3)."""
    cross = _cross(vertices, faces)
    face = cross / np.maximum(np.linalg.norm(cross, axis=1), 1e-30)[:, None]
    flat = faces.ravel()
    vertex = np.column_stack([np.bincount(flat, np.repeat(cross[:, i], 3), len(vertices))
                              for i in range(3)]).astype(np.float64, copy=False)
    vertex /= np.maximum(np.linalg.norm(vertex, axis=1), 1e-30)[:, None]
    return face, vertex


def _stl(mesh: trimesh.Trimesh) -> bytes:
    vertices, faces = np.asarray(mesh.vertices, dtype=np.float64), np.asarray(mesh.faces)
    triangles = vertices[faces].astype(np.float32)
    cross = _cross(vertices, faces)
    normals = (cross / np.maximum(np.linalg.norm(cross, axis=1), 1e-30)[:, None]).astype(np.float32)
    record = np.zeros(len(triangles), dtype=[("n", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    record["n"], record["v"] = normals, triangles
    header = b"Cordwain last, binary STL, millimetres".ljust(80, b" ")
    return header + struct.pack("<I", len(triangles)) + record.tobytes()


def _rows(template: str, array: npt.ArrayLike) -> str:
    """Format rows of ``array`` with a %-template, fast (one % over a repeated template)."""
    values = np.asarray(array)
    return (template * len(values)) % tuple(values.ravel().tolist())


_FACE_TEXT: dict[tuple[str, int, str], str] = {}


def _face_rows(template: str, faces: npt.ArrayLike, offset: int = 0) -> str:
    """``_rows`` for integer faces, cached: every last of one resolution shares its faces."""
    indices = np.ascontiguousarray(faces, dtype=np.int64)
    key = (template, offset, hashlib.sha1(indices.tobytes()).hexdigest())
    text = _FACE_TEXT.get(key)
    if text is None:
        if len(_FACE_TEXT) > 16:
            _FACE_TEXT.clear()
        text = _FACE_TEXT[key] = _rows(template, indices + offset)
    return text


def _threemf(mesh: trimesh.Trimesh, metadata: dict[str, str]) -> bytes:
    # 3MF core spec: well-known names (Title, Application, ...) bare, others namespaced.
    named = {"Title": "Cordwain shoe last", "Application": "Cordwain"}
    named.update({f"cordwain:{k}": v for k, v in metadata.items()})
    meta = "".join(f"  <metadata name={quoteattr(k)}>{_escape(v)}</metadata>\n" for k, v in named.items())
    vertices = _rows('<vertex x="%.4f" y="%.4f" z="%.4f"/>', np.asarray(mesh.vertices, dtype=np.float64))
    triangles = _face_rows('<triangle v1="%d" v2="%d" v3="%d"/>', mesh.faces)
    model = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<model unit="millimeter" xml:lang="en-US" '
        'xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02" '
        f'xmlns:cordwain="{CORDWAIN_3MF_NS}">\n'
        f"{meta}"
        ' <resources>\n  <object id="1" type="model">\n   <mesh>\n'
        f"    <vertices>{vertices}</vertices>\n    <triangles>{triangles}</triangles>\n"
        "   </mesh>\n  </object>\n </resources>\n"
        ' <build>\n  <item objectid="1"/>\n </build>\n</model>\n'
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>'
        "</Types>\n"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Target="/3D/3dmodel.model" Id="rel0" '
        'Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>\n'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("3D/3dmodel.model", model)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _glb(mesh: trimesh.Trimesh, metadata: dict[str, str]) -> bytes:
    """glTF 2.0 binary: positions, smooth normals, indices, a matte non-metallic material."""
    faces = np.asarray(mesh.faces)
    positions = np.ascontiguousarray(mesh.vertices, dtype=np.float32)
    normals = np.ascontiguousarray(_normals(np.asarray(mesh.vertices, dtype=np.float64), faces)[1],
                                   dtype=np.float32)
    small = len(positions) < 65536
    indices = np.ascontiguousarray(faces, dtype=np.uint16 if small else np.uint32).ravel()
    blobs = [positions.tobytes(), normals.tobytes(), indices.tobytes()]
    offsets: list[int] = []
    binary = b""
    for blob in blobs:
        offsets.append(len(binary))
        binary += blob + b"\x00" * (-len(blob) % 4)
    doc: dict[str, Any] = {
        "asset": {"version": "2.0", "generator": "Cordwain fit.export", "extras": metadata},
        "scene": 0, "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0, "name": metadata.get("side", "last")}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1}, "indices": 2, "material": 0}]}],
        "materials": [{"name": "last", "pbrMetallicRoughness": {
            "baseColorFactor": [0.78, 0.66, 0.52, 1.0], "metallicFactor": 0.0, "roughnessFactor": 0.8}}],
        "buffers": [{"byteLength": len(binary)}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": offsets[0], "byteLength": len(blobs[0]), "target": 34962},
            {"buffer": 0, "byteOffset": offsets[1], "byteLength": len(blobs[1]), "target": 34962},
            {"buffer": 0, "byteOffset": offsets[2], "byteLength": len(blobs[2]), "target": 34963},
        ],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": len(positions), "type": "VEC3",
             "min": positions.min(axis=0).tolist(), "max": positions.max(axis=0).tolist()},
            {"bufferView": 1, "componentType": 5126, "count": len(normals), "type": "VEC3"},
            {"bufferView": 2, "componentType": 5123 if small else 5125, "count": len(indices), "type": "SCALAR"},
        ],
    }
    text = json.dumps(doc, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    total = 12 + 8 + len(text) + 8 + len(binary)
    return (struct.pack("<4sII", b"glTF", 2, total) + struct.pack("<I4s", len(text), b"JSON") + text
            + struct.pack("<I4s", len(binary), b"BIN\x00") + binary)


def _obj(mesh: trimesh.Trimesh, metadata: dict[str, str]) -> bytes:
    head = "# Cordwain shoe last, millimetres\n" + "".join(f"# {k}: {v}\n" for k, v in metadata.items())
    vertices = _rows("v %.4f %.4f %.4f\n", np.asarray(mesh.vertices, dtype=np.float64))
    faces = _face_rows("f %d %d %d\n", mesh.faces, offset=1)
    return (head + vertices + faces).encode()
