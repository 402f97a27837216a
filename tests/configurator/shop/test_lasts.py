"""shop.lasts: both lasts built by the one job, stored in every format, rebuilt safely."""

import io

import trimesh

from configurator import storage
from configurator.db import db
from configurator.models import Design, Job, Last
from configurator.shop.lasts import DRAWING_FILES, LAST_FORMATS, build_lasts_job, build_lasts_later
from tests.conftest import SAMPLE_MEASUREMENTS


def test_the_job_builds_both_lasts_in_every_format_and_can_be_rerun(client, app):
    design_id = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    body = client.put(f"/api/v1/designs/{design_id}/measurements", json=SAMPLE_MEASUREMENTS).get_json()
    assert set(body["lasts"]) == {"left", "right"}          # the inline job ran within the request
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == design_id))
        first = {last.side: dict(last.files) for last in design.lasts}
        job = db.session.scalar(db.select(Job))
        assert (job.state, job.attempts) == ("done", 1)
        job.state = "running"               # as if a worker died after building: the message comes again
        db.session.commit()
        built_at = [last.created_at for last in design.lasts]
        build_lasts_job(job.id)
        db.session.expire_all()
        assert {last.side: last.files for last in design.lasts} == first
        assert [last.created_at for last in design.lasts] == built_at and len(db.session.scalars(
            db.select(Last)).all()) == 2
        assert (job.state, job.attempts) == ("done", 2)
        assert build_lasts_later(db.session, design).id == job.id     # the same inputs are not queued again
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


def test_a_build_that_fails_is_recorded_with_its_reason_and_can_be_retried(client, app, tmp_path):
    design_id = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    storage_dir = app.config["STORAGE_DIR"]
    (tmp_path / "not-a-folder").write_text("")
    app.config["STORAGE_DIR"] = str(tmp_path / "not-a-folder")      # every save fails, as on a full disk
    body = client.put(f"/api/v1/designs/{design_id}/measurements", json=SAMPLE_MEASUREMENTS).get_json()
    assert body["job"]["state"] == "failed" and body["job"]["error"]["code"] == "JOB_FAILED"
    page = client.get(f"/designs/{design_id}/review")
    assert page.status_code == 202 and "We could not build your lasts" in page.get_data(as_text=True)
    assert 'id="lasts-build-failed" hidden' not in page.get_data(as_text=True)
    assert client.get(f"/designs/{design_id}/lasts/job").get_json()["state"] == "failed"
    app.config["STORAGE_DIR"] = storage_dir
    assert client.post(f"/designs/{design_id}/lasts/retry").status_code == 302
    assert client.get(f"/designs/{design_id}/lasts/job").get_json()["state"] == "done"
    assert client.get(f"/designs/{design_id}/review").status_code == 200
