import io
import zipfile

import numpy as np
import pytest
import trimesh
from lxml import etree

from fit.estimate import complete_foot
from fit.export import CORDWAIN_3MF_NS, FORMATS, export_mesh
from fit.foot import Foot
from fit.last import build_last, last_spec
from fit.style import rules_for


@pytest.fixture(scope="module")
def mesh():
    return build_last(last_spec(complete_foot(Foot("left", 262.0, 101.5)), rules_for("oxford")))


@pytest.mark.parametrize("fmt", FORMATS)
def test_reimport_keeps_volume(mesh, fmt):
    data = export_mesh(mesh, fmt, {"reference": "CW-TEST-1", "side": "left"})
    back = trimesh.load(io.BytesIO(data), file_type=fmt, force="mesh")
    assert back.volume == pytest.approx(mesh.volume, rel=1e-3)
    assert back.is_watertight
    assert np.allclose(back.bounds, mesh.bounds, atol=0.01)


def test_stl_is_binary(mesh):
    data = export_mesh(mesh, "stl")
    assert len(data) == 84 + 50 * len(mesh.faces)


def test_3mf_units_and_metadata(mesh):
    data = export_mesh(mesh, "3mf", {"reference": "CW-TEST-1", "side": "left"})
    model = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("3D/3dmodel.model"))
    assert model.get("unit") == "millimeter"
    meta = {m.get("name"): m.text for m in model.iter("{*}metadata")}
    assert meta["cordwain:reference"] == "CW-TEST-1" and meta["cordwain:side"] == "left"
    assert model.nsmap["cordwain"] == CORDWAIN_3MF_NS


def test_glb_for_the_web(mesh):
    import json
    import struct
    data = export_mesh(mesh, "glb", {"reference": "CW-TEST-1", "side": "left"})
    assert len(data) < 1_000_000
    magic, version, total = struct.unpack("<4sII", data[:12])
    assert (magic, version, total) == (b"glTF", 2, len(data))
    length = struct.unpack("<I", data[12:16])[0]
    doc = json.loads(data[20:20 + length])
    primitive = doc["meshes"][0]["primitives"][0]
    assert "NORMAL" in primitive["attributes"]
    assert doc["materials"][0]["pbrMetallicRoughness"]["metallicFactor"] == 0.0
    scene = trimesh.load(io.BytesIO(data), file_type="glb")
    loaded = list(scene.geometry.values())[0]
    normals = loaded.vertex_normals
    assert np.allclose(np.linalg.norm(normals, axis=1), 1.0, atol=1e-3)


def test_unknown_format(mesh):
    with pytest.raises(ValueError):
        export_mesh(mesh, "step")
