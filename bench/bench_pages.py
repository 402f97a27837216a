"""Benchmark: server time of each shopper page on the embedded default (SQLite, files, inline jobs).

Run ``.venv/bin/python bench/bench_pages.py [runs]``; prints, per page, the median and worst
milliseconds over the runs (default 30) of a full request through the app (routing, database,
templates; no network). Target: every page under 200 ms.
"""

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import flask_migrate  # noqa: E402

from configurator import create_app  # noqa: E402
from configurator.db import db  # noqa: E402
from configurator.shop.catalog import seed_demo_catalog  # noqa: E402
from configurator.shop.demo_catalog import DEMO_CATALOG  # noqa: E402

TARGET_MS = 200.0
MEASUREMENTS = {"units": "mm", "left": {"foot_length_mm": 262.0, "ball_width_mm": 101.5, "ball_girth_mm": 247.0},
                "right": {"foot_length_mm": 265.5, "ball_width_mm": 102.0}}
SHOPPER = {"name": "Ada Shoemaker", "email": "ada@example.org", "address": "12 Last Lane, 10115 Berlin",
           "country": "DE"}


def make_app(folder: Path):
    """The app as ``make run`` serves it, in a throw-away instance folder."""
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "STORAGE_DIR": str(folder / "files"), "MAIL_DIR": str(folder / "mail"),
                      "JOB_BACKEND": "inline", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        flask_migrate.upgrade(directory=str(Path(app.root_path) / "migrations"))
        seed_demo_catalog(db.session, DEMO_CATALOG)
        db.session.commit()
    return app


def shopper_pages(client) -> dict[str, str]:
    """Each shopper page's path, with a design that has feet and lasts and a placed order."""
    fresh = client.post("/api/v1/designs", json={"style": "derby"}).get_json()["id"]
    design = client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"]
    client.put(f"/api/v1/designs/{design}/measurements", json=MEASUREMENTS)
    ordered = client.post("/api/v1/designs", json={"style": "chelsea"}).get_json()["id"]
    client.put(f"/api/v1/designs/{ordered}/measurements", json=MEASUREMENTS)
    order = client.post(f"/api/v1/designs/{ordered}/order", json=SHOPPER).get_json()
    page = order["links"]["page"]                            # the shopper's own link (a secret, not the order id)
    photos = client.get(f"/designs/{fresh}/photos").get_data(as_text=True)
    capture = re.search(r'id="capture-url">http://localhost(/capture/[^<]+)<', photos).group(1)
    return {"catalog": "/", "style": "/styles/oxford", "feet (empty)": f"/designs/{fresh}/feet",
            "feet (filled)": f"/designs/{design}/feet", "photos + QR": f"/designs/{fresh}/photos",
            "phone capture": capture, "review": f"/designs/{design}/review", "order form": f"/designs/{design}/order",
            "order page": page, "cancel question": f"{page}/cancel"}


def time_page(client, path: str, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def main(runs: int = 30) -> int:
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        client = app.test_client()
        pages = shopper_pages(client)
        rows = []
        for name, path in pages.items():
            client.get(path)                                  # warm: templates compiled, caches filled
            timings = time_page(client, path, runs)
            rows.append((name, statistics.median(timings), max(timings)))
    print(f"Shopper pages, server time over {runs} requests each (embedded default: SQLite, inline jobs)")
    print(f"{'page':<18}{'median ms':>11}{'worst ms':>10}  target < {TARGET_MS:.0f} ms")
    for name, median, worst in rows:
        print(f"{name:<18}{median:>11.1f}{worst:>10.1f}  {'ok' if median < TARGET_MS else 'SLOW'}")
    return 0 if all(median < TARGET_MS for _, median, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
