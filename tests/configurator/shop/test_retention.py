"""shop.retention: designs never ordered and untouched for the retention period go, files and rows; safe to rerun."""

from datetime import timedelta
from pathlib import Path

from configurator.clock import utcnow
from configurator.db import db
from configurator.models import Design, Last, Order
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import place_order_via_api, shopper_token


def _design_with_lasts(client):
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    assert client.put(f"/api/v1/designs/{design}/measurements", json=SAMPLE_MEASUREMENTS).status_code == 202
    return design


def _age(app, public_id, days):
    with app.app_context():
        design = db.session.scalar(db.select(Design).where(Design.public_id == public_id))
        then = utcnow() - timedelta(days=days)
        design.created_at = then
        for last in design.lasts:
            last.created_at = then
        db.session.commit()


def _files(app, public_id):
    return sorted(Path(app.config["STORAGE_DIR"], "designs", public_id).glob("*"))


def test_abandoned_designs_are_purged_with_their_files_and_only_they(client, app, runner):
    abandoned, recent = _design_with_lasts(client), _design_with_lasts(client)
    ordered = place_order_via_api(client)
    with app.app_context():
        ordered_design = db.session.scalar(db.select(Order).where(Order.public_id == ordered["id"])).design.public_id
    _age(app, abandoned, 91)
    _age(app, ordered_design, 200)
    _age(app, recent, 30)
    assert len(_files(app, abandoned)) >= 4 and sum(f.stat().st_size for f in _files(app, abandoned)) > 100_000

    result = runner.invoke(args=["designs", "purge"])
    assert result.exit_code == 0 and "Deleted 1 designs" in result.output, result.output
    assert not Path(app.config["STORAGE_DIR"], "designs", abandoned).exists()
    assert client.get(f"/api/v1/designs/{abandoned}").status_code == 404
    for kept in (recent, ordered_design):
        assert client.get(f"/api/v1/designs/{kept}").status_code == 200 and _files(app, kept)
    assert client.get(f"/api/v1/orders/{shopper_token(ordered)}").status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Last)) == 4     # recent's and ordered's

    assert "Deleted 0 designs" in runner.invoke(args=["designs", "purge"]).output     # a rerun finds nothing
    assert "Deleted 1 designs" in runner.invoke(args=["designs", "purge", "--days", "20"]).output


def test_a_design_touched_lately_is_kept(client, app, runner):
    design = _design_with_lasts(client)
    with app.app_context():
        row = db.session.scalar(db.select(Design).where(Design.public_id == design))
        row.created_at = utcnow() - timedelta(days=400)      # started long ago, lasts built today
        db.session.commit()
    assert "Deleted 0 designs" in runner.invoke(args=["designs", "purge"]).output
    assert _files(app, design)
