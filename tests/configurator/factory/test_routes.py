"""The factory API: tokens, isolation, pages, the package, moves (their idempotency: test_idempotency).

``new_factory``, ``released_orders``, ``bearer``, ``move`` and ``error_of`` are shared with test_openapi,
test_concurrency and test_idempotency.
"""

import base64
import csv
import hashlib
import io
import json
import secrets
import zipfile

from configurator.staff.services import create_user
from configurator.db import db
from configurator.factory.tokens import create_factory, issue_token, revoke_tokens
from configurator.orders.lifecycle import transition
from configurator.models import Factory, Order, User
from tests.conftest import SAMPLE_MEASUREMENTS
from tests.configurator.conftest import CUSTOMER, token_of

FITTER = ("fitter@cordwain.test", "correct horse battery")


def new_factory(app, code, name=None):
    """A factory with one API token; returns the token."""
    with app.app_context():
        token = issue_token(db.session, create_factory(db.session, code, name or f"Factory {code}"))
        db.session.commit()
    return token


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def released_orders(client, app, factory_code, count=1):
    """``count`` orders (a design each), placed through the API and released to the factory by a fitter."""
    ids = []
    for _ in range(count):
        design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()
        client.put(f"/api/v1/designs/{design['id']}/measurements", json=SAMPLE_MEASUREMENTS)
        ids.append(client.post(f"/api/v1/designs/{design['id']}/order", json=CUSTOMER).get_json()["id"])
    with app.app_context():
        if db.session.scalar(db.select(User).where(User.email == FITTER[0])) is None:
            create_user(db.session, FITTER[0], "Ana Ferreira", FITTER[1], "fitter")
            db.session.commit()
    assert client.post("/staff/login", data={"email": FITTER[0], "password": FITTER[1]}).status_code == 302
    for order_id in ids:
        response = client.post(f"/fitter/orders/{order_id}/approve", data={"factory": factory_code})
        assert response.status_code == 302, response.get_data(as_text=True)
    client.post("/staff/logout")
    return ids


def move(client, token, order_id, key=None, **body):
    headers = {**bearer(token), "Idempotency-Key": key or secrets.token_hex(8)}
    return client.post(f"/api/v1/factory/orders/{order_id}/transitions", json=body, headers=headers)


def error_of(response):
    return response.status_code, response.get_json()["error"]["code"]


def test_requests_need_a_live_token(client, app):
    token = new_factory(app, "PT-FELG")
    response = client.get("/api/v1/factory/orders")
    assert error_of(response) == (401, "UNAUTHENTICATED") and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert error_of(client.get("/api/v1/factory/orders", headers={"Authorization": f"Basic {token}"}))[0] == 401
    assert error_of(client.get("/api/v1/factory/orders", headers=bearer(token + "x"))) == (401, "UNAUTHENTICATED")
    assert client.get("/api/v1/factory/orders", headers=bearer(token)).status_code == 200
    with app.app_context():
        revoke_tokens(db.session, db.session.scalar(db.select(Factory)))
        db.session.commit()
    assert error_of(client.get("/api/v1/factory/orders", headers=bearer(token))) == (401, "TOKEN_REVOKED")


def test_a_factory_sees_only_the_orders_routed_to_it(client, app):
    felg, porto = new_factory(app, "PT-FELG"), new_factory(app, "PT-PORTO")
    (order_id,) = released_orders(client, app, "PT-FELG")
    assert [o["id"] for o in client.get("/api/v1/factory/orders", headers=bearer(felg)).get_json()["orders"]] == [
        order_id]
    assert client.get("/api/v1/factory/orders", headers=bearer(porto)).get_json() == {"orders": [],
                                                                                     "next_cursor": None}
    for path in (f"/api/v1/factory/orders/{order_id}", f"/api/v1/factory/orders/{order_id}/package"):
        assert error_of(client.get(path, headers=bearer(porto))) == (404, "NOT_FOUND")
        assert client.get(path, headers=bearer(felg)).status_code == 200
    assert error_of(move(client, porto, order_id, to="accepted")) == (404, "NOT_FOUND")
    assert client.get("/api/v1/factory/orders.csv", headers=bearer(porto)).get_data(as_text=True).count("\n") == 1
    with app.app_context():
        assert db.session.scalar(db.select(Order)).status == "released"


def test_shoppers_reach_orders_only_by_their_unguessable_tokens(client, app):
    new_factory(app, "PT-FELG")
    first, second = (token_of(app, public_id) for public_id in released_orders(client, app, "PT-FELG", count=2))
    assert len(first) >= 22 and first != second                 # 128 random bits each (models.new_public_id)
    assert client.get(f"/api/v1/orders/{first}").get_json()["links"]["page"].endswith(f"/orders/{first}")
    for guess in (secrets.token_urlsafe(16), "1", "2", first[:-1] + ("A" if first[-1] != "A" else "B")):
        assert error_of(client.get(f"/api/v1/orders/{guess}")) == (404, "NOT_FOUND")
    body = client.get(f"/api/v1/orders/{first}").get_json()
    assert second not in json.dumps(body) and "Bearer" not in json.dumps(body)


def test_the_list_pages_with_an_opaque_cursor(client, app):
    token = new_factory(app, "PT-FELG")
    ids = released_orders(client, app, "PT-FELG", count=5)
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/factory/orders", query_string=query, headers=bearer(token)).get_json()
        pages += 1
        assert len(page["orders"]) <= 2
        seen += [o["id"] for o in page["orders"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and seen == ids                          # oldest first, each once
    first = client.get("/api/v1/factory/orders", headers=bearer(token)).get_json()["orders"][0]
    assert first["status"] == "released" and first["style"] == "oxford" and first["due_date"]
    assert first["links"]["package"].endswith(f"/api/v1/factory/orders/{ids[0]}/package")
    assert client.get("/api/v1/factory/orders?status=accepted", headers=bearer(token)).get_json()["orders"] == []
    assert error_of(client.get("/api/v1/factory/orders?cursor=nonsense", headers=bearer(token))) == (
        400, "INVALID_CURSOR")
    assert error_of(client.get("/api/v1/factory/orders?limit=101", headers=bearer(token))) == (422, "INVALID_FIELD")
    assert error_of(client.get("/api/v1/factory/orders?status=lost", headers=bearer(token))) == (422, "INVALID_FIELD")


def test_the_package_is_the_same_zip_each_time_with_its_sha256_as_etag(client, app):
    token = new_factory(app, "PT-FELG")
    (order_id,) = released_orders(client, app, "PT-FELG")
    path = f"/api/v1/factory/orders/{order_id}/package"
    first, second = client.get(path, headers=bearer(token)), client.get(path, headers=bearer(token))
    assert first.status_code == 200 and first.mimetype == "application/zip"
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["ETag"] == f'"{hashlib.sha256(first.data).hexdigest()}"'
    document = client.get(f"/api/v1/factory/orders/{order_id}", headers=bearer(token)).get_json()
    assert f'filename="{document["reference"]}-package.zip"' in first.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(first.data))
    drawings = [f"{side}_{name}" for side in ("left", "right")
                for name in ("bottom.dxf", "bottom.svg", "curves.dxf", "sections.svg")]
    assert archive.namelist() == ["order.json", "left.3mf", "left.stl", "right.3mf", "right.stl", *drawings,
                                  "work-ticket.pdf", "manifest.json"]
    manifest = json.loads(archive.read("manifest.json"))["files"]
    for name in drawings:                       # referenced by order.json, checksummed by the manifest
        assert manifest[name]["sha256"] == hashlib.sha256(archive.read(name)).hexdigest()
    left = document["feet"]["left"]["last"]
    assert left["files"]["bottom_dxf"] == "left_bottom.dxf" and left["files"]["sections_svg"] == "left_sections.svg"
    sheet = left["measurement_sheet"]          # the last's own values, measured back: the long heel loop is longest
    assert sheet["long_heel_girth_mm"] > max(sheet["short_heel_girth_mm"], sheet["ball_girth_mm"]) > 0
    assert json.loads(archive.read("order.json")) == document and document["factory"] == "PT-FELG"
    assert "Ada" not in archive.read("order.json").decode()      # no name or address for the factory
    not_modified = client.get(path, headers={**bearer(token), "If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and not not_modified.data


def test_a_cancelled_order_has_no_package(client, app):
    token = new_factory(app, "PT-FELG")
    (order_id,) = released_orders(client, app, "PT-FELG")
    with app.app_context():
        transition(db.session, db.session.scalar(db.select(Order)), "cancelled", actor="admin")
        db.session.commit()
    listed = client.get("/api/v1/factory/orders?status=cancelled", headers=bearer(token)).get_json()["orders"]
    assert [o["id"] for o in listed] == [order_id] and "package" not in listed[0]["links"]
    for path in (f"/api/v1/factory/orders/{order_id}", f"/api/v1/factory/orders/{order_id}/package"):
        assert error_of(client.get(path, headers=bearer(token))) == (409, "NOT_RELEASED")


def test_the_factory_moves_the_order_to_delivery_and_the_shopper_sees_each_step(client, app):
    token = new_factory(app, "PT-FELG", "Felgueiras Lasts & Shoes")
    (order_id,) = released_orders(client, app, "PT-FELG")
    for step in ({"to": "accepted", "note": "Leather in stock."}, {"to": "in_production"},
                 {"to": "shipped", "tracking_number": "1Z999AA10123456784"}, {"to": "delivered"}):
        response = move(client, token, order_id, **step)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == step["to"]
    assert response.get_json()["tracking_number"] == "1Z999AA10123456784"
    shopper = token_of(app, order_id)
    timeline = client.get(f"/api/v1/orders/{shopper}").get_json()["timeline"]
    assert [(e["to"], e["actor"]) for e in timeline[-4:]] == [
        ("accepted", "factory"), ("in_production", "factory"), ("shipped", "factory"), ("delivered", "factory")]
    assert timeline[-4]["note"] == "Leather in stock." and timeline[-4]["actor_name"] == "PT-FELG"
    page = client.get(f"/orders/{shopper}").get_data(as_text=True)
    assert 'data-status="delivered"' in page and "1Z999AA10123456784" in page
    for label in ("Accepted by the factory", "In production", "Shipped", "Delivered"):
        assert label in page
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/factory/orders.csv?status=delivered",
                                                      headers=bearer(token)).get_data(as_text=True))))
    assert len(rows) == 1 and rows[0]["factory"] == "PT-FELG"


def test_illegal_and_incomplete_moves_are_refused(client, app):
    token = new_factory(app, "PT-FELG")
    (order_id,) = released_orders(client, app, "PT-FELG")
    assert error_of(move(client, token, order_id, to="in_production")) == (409, "ILLEGAL_TRANSITION")
    assert error_of(move(client, token, order_id, to="cancelled")) == (422, "INVALID_FIELD")
    assert move(client, token, order_id, to="accepted").status_code == 200
    assert error_of(move(client, token, order_id, to="accepted")) == (409, "ILLEGAL_TRANSITION")
    assert move(client, token, order_id, to="in_production").status_code == 200
    missing = move(client, token, order_id, to="shipped")
    assert error_of(missing) == (422, "MISSING_FIELD") and missing.get_json()["error"]["field"] == "tracking_number"
    no_key = client.post(f"/api/v1/factory/orders/{order_id}/transitions", json={"to": "shipped"},
                         headers=bearer(token))
    assert error_of(no_key) == (400, "IDEMPOTENCY_KEY_REQUIRED")
    with app.app_context():
        assert db.session.scalar(db.select(Order)).status == "in_production"


def test_malformed_queries_and_bodies_are_4xx_with_a_code(client, app):
    token = new_factory(app, "PT-EDGE")
    headers = bearer(token)
    assert error_of(client.get("/api/v1/factory/orders?limit=%C2%B2", headers=headers)) == (422, "INVALID_FIELD")
    huge_id = base64.urlsafe_b64encode(json.dumps(["2026-01-01T00:00:00+00:00", 2**63]).encode()).decode()
    assert error_of(client.get(f"/api/v1/factory/orders?cursor={huge_id}", headers=headers)) == (400,
                                                                                                 "INVALID_CURSOR")
    assert error_of(client.get("/api/v1/factory/orders/%00", headers=headers)) == (400, "BAD_REQUEST")
    order_id = released_orders(client, app, "PT-EDGE")[0]
    for body in ({"to": "accepted", "note": ["x"]}, {"to": "accepted", "extra": 1}, {"to": "shipped",
                                                                                      "tracking_number": "9" * 81}):
        assert error_of(move(client, token, order_id, **body)) == (422, "INVALID_FIELD")
    assert error_of(move(client, token, order_id, to="accepted", note="ok\u0000")) == (400, "NUL_CHARACTER")


def test_a_bad_source_can_never_reach_the_planning_csv(client, app):
    """The value that once made a whole status's CSV answer 422 is refused when it is given."""
    token = new_factory(app, "PT-CSV")
    released_orders(client, app, "PT-CSV")
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()
    bogus = {**SAMPLE_MEASUREMENTS, "left": {**SAMPLE_MEASUREMENTS["left"], "sources": {"foot_length_mm": "bogus"}}}
    response = client.put(f"/api/v1/designs/{design['id']}/measurements", json=bogus)
    assert error_of(response) == (422, "INVALID_FIELD")
    planning = client.get("/api/v1/factory/orders.csv", headers=bearer(token))
    assert planning.status_code == 200 and len(list(csv.DictReader(io.StringIO(planning.get_data(as_text=True))))) == 1
