"""shop.lasts: both lasts built by the one job, stored in every format, rebuilt safely."""

import io

import trimesh

from configurator import storage
from configurator.db import db
from configurator.models import Design
from configurator.shop.lasts import DRAWING_FILES, LAST_FORMATS, build_lasts_job
from tests.conftest import SAMPLE_MEASUREMENTS


def test_the_job_builds_both_lasts_in_every_format_and_can_be_rerun(client, app):
    design_id = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    body = client.put(f"/api/v1/designs/{design_id}/measurements", json=SAMPLE_MEASUREMENTS).get_json()
    assert set(body["lasts"]) == {"left", "right"}          # the inline job ran within the request
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        first = {last.side: dict(last.files) for last in design.lasts}
        build_lasts_job(design.id)                          # a rerun for the same input
        db.session.expire_all()
        assert {last.side: last.files for last in design.lasts} == first
        for side in ("left", "right"):
            assert set(first[side]) == set(LAST_FORMATS) | set(DRAWING_FILES)
            assert storage.load(first[side]["bottom.svg"]).lstrip().startswith((b"<?xml", b"<svg"))
            assert b"SECTION" in storage.load(first[side]["bottom.dxf"])    # a DXF's section markers
            mesh = trimesh.load(io.BytesIO(storage.load(first[side]["stl"])), file_type="stl")
            length_mm = mesh.extents.max()
            foot_mm = SAMPLE_MEASUREMENTS[side]["foot_length_mm"]
            assert foot_mm < length_mm < foot_mm + 40       # a last is the foot plus a toe allowance


def test_the_job_skips_a_design_deleted_since_it_was_queued(app):
    with app.app_context():
        build_lasts_job(10**9)
