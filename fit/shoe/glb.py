"""The shoe as glTF binary for the web: one mesh per part, one PBR metallic-roughness material each.

Units are millimetres in the last frame (+z up), as ``fit.export`` writes lasts; the preview
turns z-up into three.js's y-up. Each node is named after its part and each material after its
look, so a viewer can recolour the leather without a new file.
"""

import json
import struct
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import trimesh
from trimesh.visual.material import PBRMaterial

from .materials import Look, part_look

if TYPE_CHECKING:
    from . import Shoe

# trimesh's writers, typed where this module calls them
_PBR_MATERIAL: Callable[..., Any] = PBRMaterial
_TEXTURE_VISUALS: Callable[..., Any] = trimesh.visual.TextureVisuals
_EXPORT_GLB: Callable[..., Any] = trimesh.exchange.gltf.export_glb


def shoe_glb(shoe: "Shoe", metadata: Mapping[str, Any] | None = None) -> bytes:
    """Encode ``shoe`` (``fit.shoe.Shoe``) as GLB bytes.

    Parameters
    ----------
    metadata : dict or None
        Written to the scene's ``extras`` (e.g. style, side, option codes).

    Returns
    -------
    bytes
    """
    scene = trimesh.Scene()
    for part in shoe.parts:
        look = part.look
        material = _PBR_MATERIAL(name=look.name, baseColorFactor=[*look.rgb, 1.0], metallicFactor=look.metallic,
                               roughnessFactor=look.roughness, doubleSided=False)
        mesh = trimesh.Trimesh(vertices=part.mesh.vertices, faces=part.mesh.faces, process=False,
                               visual=_TEXTURE_VISUALS(material=material))
        scene.add_geometry(mesh, node_name=part.name, geom_name=part.name)
    scene.metadata.update({"style": shoe.style, "side": shoe.form.side or "", **(metadata or {})})
    return bytes(_EXPORT_GLB(scene, include_normals=True))


def recolour_glb(data: bytes, options: Mapping[str, str]) -> bytes:
    """The same GLB in the materials of other options (geometry untouched: milliseconds).

    Parameters
    ----------
    data : bytes
        A GLB written by ``shoe_glb``; its nodes are named after the parts.
    options : dict
        Chosen option codes by group key (``"leather"``, ``"sole"``), as for ``build_shoe``.

    Returns
    -------
    bytes
    """
    magic, version, _ = struct.unpack("<4sII", data[:12])
    length, kind = struct.unpack("<I4s", data[12:20])
    if magic != b"glTF" or kind != b"JSON":
        raise ValueError("not a GLB")
    doc = json.loads(data[20:20 + length])
    rest = data[20 + length:]
    for node in doc.get("nodes", []):
        if "mesh" not in node:
            continue
        look = part_look(node.get("name"), dict(options))
        for primitive in doc["meshes"][node["mesh"]]["primitives"]:
            doc["materials"][primitive["material"]] = _material(look)
    body = json.dumps(doc, separators=(",", ":")).encode()
    body += b" " * (-len(body) % 4)
    out = struct.pack("<I4s", len(body), b"JSON") + body + rest
    return struct.pack("<4sII", b"glTF", version, 12 + len(out)) + out


def _material(look: Look) -> dict[str, Any]:
    return {"name": look.name, "doubleSided": False,
            "pbrMetallicRoughness": {"baseColorFactor": [*look.rgb, 1.0], "metallicFactor": look.metallic,
                                     "roughnessFactor": look.roughness}}
