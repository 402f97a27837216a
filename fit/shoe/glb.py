"""The shoe as glTF binary for the web: one mesh per part, one PBR metallic-roughness material each.

Units are millimetres in the last frame (+z up), as ``fit.export`` writes lasts; the preview
turns z-up into three.js's y-up. Each node is named after its part and each material after its
look, so a viewer can recolour the leather without a new file.
"""

import trimesh
from trimesh.visual.material import PBRMaterial


def shoe_glb(shoe, metadata=None):
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
        material = PBRMaterial(name=look.name, baseColorFactor=[*look.rgb, 1.0], metallicFactor=look.metallic,
                               roughnessFactor=look.roughness, doubleSided=False)
        mesh = trimesh.Trimesh(vertices=part.mesh.vertices, faces=part.mesh.faces, process=False,
                               visual=trimesh.visual.TextureVisuals(material=material))
        scene.add_geometry(mesh, node_name=part.name, geom_name=part.name)
    scene.metadata.update({"style": shoe.style, "side": shoe.form.side or "", **(metadata or {})})
    return trimesh.exchange.gltf.export_glb(scene, include_normals=True)
