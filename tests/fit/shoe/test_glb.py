"""The shoe's GLB: small enough for a phone, one PBR material per part in the chosen colours."""

import json
import struct

import numpy as np
import pytest
import trimesh

from fit.shoe import build_shoe
from fit.shoe.glb import shoe_glb
from fit.shoe.materials import LEATHERS, SOLES
from shoe_cases import OPTIONS

MAX_GLB_BYTES = 2 * 1024 * 1024


def gltf_json(data):
    magic, _, total = struct.unpack("<4sII", data[:12])
    assert magic == b"glTF" and total == len(data)
    length, kind = struct.unpack("<I4s", data[12:20])
    assert kind == b"JSON"
    return json.loads(data[20:20 + length])


def node_colours(doc):
    """Part name -> baseColorFactor RGB of its material."""
    out = {}
    for node in doc["nodes"]:
        if "mesh" in node:
            material = doc["materials"][doc["meshes"][node["mesh"]]["primitives"][0]["material"]]
            out[node["name"]] = material["pbrMetallicRoughness"]["baseColorFactor"][:3]
    return out


@pytest.mark.parametrize("key", list(OPTIONS) + ["big-right"])
def test_glb_is_under_two_megabytes_and_loads_back_whole(shoes, key):
    data = shoe_glb(shoes[key])
    assert len(data) < MAX_GLB_BYTES
    scene = trimesh.load(trimesh.util.wrap_as_stream(data), file_type="glb")
    assert sorted(scene.geometry) == sorted(p.name for p in shoes[key].parts)
    for part in shoes[key].parts:
        assert np.allclose(scene.geometry[part.name].bounds, part.mesh.bounds, atol=1e-3)


def test_materials_carry_the_chosen_leather_and_sole(fits, shoes):
    doc = gltf_json(shoe_glb(shoes["derby"], {"design": "abc"}))
    colours = node_colours(doc)
    assert np.allclose(colours["vamp"], LEATHERS["grain-tan"].rgb, atol=1 / 255)
    assert np.allclose(colours["sole"], SOLES["dainite"].rgb, atol=1 / 255)
    assert doc["scenes"][0]["extras"]["design"] == "abc"
    black = gltf_json(shoe_glb(build_shoe(fits["derby"], "derby", {**OPTIONS["derby"], "leather": "calf-black"})))
    recoloured = node_colours(black)
    assert np.allclose(recoloured["vamp"], LEATHERS["calf-black"].rgb, atol=1 / 255)
    assert np.allclose(recoloured["sole"], colours["sole"])
    for material in doc["materials"]:
        pbr = material["pbrMetallicRoughness"]
        assert 0.0 <= pbr["roughnessFactor"] <= 1.0 and 0.0 <= pbr.get("metallicFactor", 0.0) <= 1.0


def test_recolouring_a_glb_changes_only_the_named_materials(fits, shoes):
    from fit.shoe.glb import recolour_glb

    data = shoe_glb(shoes["oxford"])
    options = {**OPTIONS["oxford"], "leather": "museum-oxblood"}
    recoloured = recolour_glb(data, options)
    rebuilt = node_colours(gltf_json(shoe_glb(build_shoe(fits["oxford"], "oxford", options))))
    got = node_colours(gltf_json(recoloured))
    assert got.keys() == rebuilt.keys()
    for name in got:
        assert np.allclose(got[name], rebuilt[name], atol=1 / 255), name
    scene = trimesh.load(trimesh.util.wrap_as_stream(recoloured), file_type="glb")
    assert len(scene.geometry) == len(shoes["oxford"].parts)
