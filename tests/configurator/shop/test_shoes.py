"""The shoe's GLB per style (default last) and per design (the shopper's own last), and catalog pictures."""

import io
import json
import struct
from pathlib import Path

import cv2
import numpy as np
import trimesh

from fit.shoe.form import last_form
from configurator.db import db
from configurator.shop.catalog import style_by_key
from configurator.shop.shoes import seed_shoes
from fit.shoe.materials import LEATHERS, SOLES
from tests.configurator.shop.test_designs import FEET_FORM, new_design


def gltf(data):
    length = struct.unpack("<I", data[12:16])[0]
    return json.loads(data[20:20 + length])


def colour(doc, part):
    node = next(n for n in doc["nodes"] if n.get("name") == part)
    material = doc["materials"][doc["meshes"][node["mesh"]]["primitives"][0]["material"]]
    return material["pbrMetallicRoughness"]["baseColorFactor"][:3]


def stored(app, folder):
    return sorted((Path(app.config["STORAGE_DIR"]) / folder).glob("*"))


def test_style_shoe_follows_the_options_and_is_built_once_per_shape(client, app):
    first = client.get("/styles/derby/shoe.glb")
    assert first.status_code == 200 and first.mimetype == "model/gltf-binary"
    assert len(first.data) < 2 * 1024 * 1024
    assert np.allclose(colour(gltf(first.data), "vamp"), LEATHERS["calf-dark-brown"].rgb, atol=1 / 255)
    black = client.get("/styles/derby/shoe.glb?leather=calf-black&sole=dainite&toe=round&heel=25mm")
    assert np.allclose(colour(gltf(black.data), "vamp"), LEATHERS["calf-black"].rgb, atol=1 / 255)
    assert gltf(black.data)["accessors"] == gltf(first.data)["accessors"]    # the same geometry, recoloured
    assert len(stored(app, "shoes")) == 1
    lug = client.get("/styles/derby/shoe.glb?sole=commando")
    assert np.allclose(colour(gltf(lug.data), "sole"), SOLES["commando"].rgb, atol=1 / 255)
    assert len(stored(app, "shoes")) == 2                                     # a thicker sole: a new shape
    refused = client.get("/styles/derby/shoe.glb?leather=plastic")
    assert refused.status_code == 422 and refused.get_json()["code"] == "UNKNOWN_OPTION"


def test_style_page_shows_the_shoe_in_the_chosen_options(client):
    page = client.get("/styles/oxford").get_data(as_text=True)
    assert 'class="shoe-preview"' in page and 'data-glb-base="/styles/oxford/shoe.glb"' in page
    assert "leather=calf-black" in page and "js/shoe-options.js" in page


def test_design_shoe_stands_on_the_shoppers_own_last(client):
    design_id = new_design(client)
    assert client.get(f"/designs/{design_id}/shoes/left.glb").status_code == 404     # no feet yet
    client.post(f"/designs/{design_id}/feet", data=FEET_FORM)
    page = client.get(f"/designs/{design_id}/review").get_data(as_text=True)
    assert page.count('class="shoe-preview"') == 2 and "The form your shoe is made on" in page
    for side in ("left", "right"):
        data = client.get(f"/designs/{design_id}/shoes/{side}.glb").data
        shoe = trimesh.load(io.BytesIO(data), file_type="glb")
        last = trimesh.load(io.BytesIO(client.get(f"/designs/{design_id}/lasts/{side}.glb").data), file_type="glb")
        sole = shoe.geometry["sole"].bounds
        # the welted sole is the last's bottom pattern (its featherline, measured on the last the
        # shopper sees) plus the welt all round: 4.5 mm a side, 1 mm slack
        feather = last_form(last.to_geometry()).featherline_xy
        extra = (sole[1, :2] - sole[0, :2]) - np.ptp(feather, axis=0)
        assert np.all(np.abs(extra - 2 * 4.5) < 1.0), extra
        assert np.allclose(colour(gltf(data), "vamp"), LEATHERS["calf-black"].rgb, atol=1 / 255)
    assert client.get(f"/designs/{design_id}/shoes/middle.glb").status_code == 404


def test_catalog_cards_show_a_picture_of_each_style(client):
    page = client.get("/").get_data(as_text=True)
    for key in ("oxford", "derby", "sneaker", "chelsea"):
        assert f'data-src="/styles/{key}/picture.png"' in page
    response = client.get("/styles/sneaker/picture.png")
    assert response.mimetype == "image/png"
    image = cv2.imdecode(np.frombuffer(response.data, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape[:2] == (360, 480)
    covered = np.any(np.abs(image.astype(int) - image[0, 0].astype(int)) > 6, axis=-1).mean()
    assert 0.25 < covered < 0.9


def test_catalog_seed_stores_the_pictures_and_the_catalog_serves_the_stored_files(app, runner, client):
    result = runner.invoke(args=["catalog", "seed", "--no-shoes"])
    assert result.exit_code == 0, result.output
    assert "Catalog pictures: 4 files built" in result.output
    pictures = stored(app, "pictures")
    assert sorted(p.name.split("-")[0] for p in pictures) == ["chelsea", "derby", "oxford", "sneaker"]
    assert all(cv2.imread(str(p)).shape == (360, 480, 3) for p in pictures)
    # the route answers with the stored file, not a new rendering: replaced by another image, that one is served
    sneaker = next(p for p in pictures if p.name.startswith("sneaker-"))
    marker = cv2.imencode(".png", np.full((360, 480, 3), 7, np.uint8))[1].tobytes()
    sneaker.write_bytes(marker)
    assert client.get("/styles/sneaker/picture.png").data == marker
    assert stored(app, "pictures") == pictures
    assert "Catalog pictures: 0 files built" in runner.invoke(args=["catalog", "seed", "--no-shoes"]).output


def test_seeded_shoes_one_option_change_away_are_served_from_the_store(app, client):
    with app.app_context():
        sneaker = style_by_key(db.session, "sneaker")
        # the picture, the defaults, two other soles and the other heel height
        assert seed_shoes(sneaker) == 5
        assert seed_shoes(sneaker) == 0
    shoes = stored(app, "shoes")
    assert len(shoes) == 4
    for query in ("", "?sole=gum-cup", "?sole=leather&leather=nappa-black", "?heel=20mm"):
        assert client.get(f"/styles/sneaker/shoe.glb{query}").status_code == 200
    assert stored(app, "shoes") == shoes                          # nothing built on request
    client.get("/styles/sneaker/shoe.glb?sole=gum-cup&heel=20mm")  # two changes away: built now
    assert len(stored(app, "shoes")) == 5
