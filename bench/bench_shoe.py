"""Benchmark: the shoe after an option change, and the shoe's geometry per style.

Run ``.venv/bin/python bench/bench_shoe.py [runs]``. Prints two tables:

1. **Option change -> new GLB served** (server time through the app, embedded default: SQLite,
   files, inline jobs). Per option kind (leather, sole, toe, heel) the time of the request for
   the shoe in the changed options: cold (nothing of it stored or held in memory, the default
   shoe served first; also its CPU seconds, which a busy machine does not inflate), seeded (the
   same after ``seed_shoes``, as ``flask catalog seed`` leaves the store) and warm (asked again).
   On the default last (``/styles/<key>/shoe.glb``, the style page) and on a shopper's own last
   (a design with typed feet: an option change there is a new design whose lasts are built by
   the lasts job, timed separately, then ``/designs/<id>/shoes/left.glb``). Target: every
   request under 1 s (on a machine busy with other work, read the CPU column).
2. **Geometry per style and foot** (median / worst seconds over the runs, default 3): building
   the shoe on a given last, encoding its GLB, recolouring it, rendering the catalog picture;
   the GLB size (target < 2 MB a foot), faces, and the sole's bottom outline against the
   featherline grown by the margin (target within 1 mm).
"""

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from shapely.geometry import LinearRing, Point

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pages import make_app  # noqa: E402

from configurator.db import db  # noqa: E402
from configurator.shop.catalog import style_by_key  # noqa: E402
from configurator.shop.shoes import forget_prepared_lasts, seed_shoes  # noqa: E402

from fit.foot import Foot  # noqa: E402
from fit.pipeline import fit_foot  # noqa: E402
from fit.shoe import Shoe, build_shoe  # noqa: E402
from fit.shoe.glb import recolour_glb, shoe_glb  # noqa: E402
from fit.shoe.picture import render_png  # noqa: E402
from fit.shoe.sole import bottom_edge_xy  # noqa: E402
from fit.style import rules_for  # noqa: E402

TARGET_S = 1.0
OPTIONS = {"oxford": {"leather": "calf-black", "sole": "leather"},
           "derby": {"leather": "calf-dark-brown", "sole": "dainite"},
           "chelsea": {"leather": "suede-snuff", "sole": "commando"},
           "sneaker": {"leather": "nappa-white", "sole": "rubber-cup"}}
FEET = {"271 L": Foot(side="left", foot_length_mm=271.0, ball_width_mm=102.0),
        "310 R": Foot(side="right", foot_length_mm=310.0, ball_width_mm=118.0)}

#: One option change per kind, from each style's default choices (the seeded catalog's first options).
CHANGES = {"oxford": {"leather": "museum-oxblood", "sole": "commando", "toe": "square", "heel": "35mm"},
           "sneaker": {"leather": "nappa-black", "sole": "gum-cup", "heel": "20mm"},
           "chelsea": {"leather": "calf-black", "sole": "leather", "toe": "pointed", "heel": "40mm"}}
#: A shopper's typed feet (mm).
MEASUREMENTS = {"units": "mm", "left": {"foot_length_mm": 252.0, "ball_width_mm": 97.0},
                "right": {"foot_length_mm": 254.0, "ball_width_mm": 97.5}}


def _timed(client: Any, path: str) -> float:
    """Wall seconds of one request (its CPU seconds are added to ``CPU_S[path]``)."""
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    CPU_S[path] = time.process_time() - cpu
    assert response.status_code == 200, (path, response.status_code, response.data[:200])
    return elapsed


#: CPU seconds of the last request to each path: on a machine shared with other work, the wall
#: time is mostly waiting for a core; the CPU time is what the request itself costs.
CPU_S: dict[str, float] = {}


def _cold_start(app: Any) -> None:
    """An empty shoe store and no prepared lasts in memory: a fresh process on an unseeded store."""
    shutil.rmtree(Path(app.config["STORAGE_DIR"]) / "shoes", ignore_errors=True)
    shutil.rmtree(Path(app.config["STORAGE_DIR"]) / "pictures", ignore_errors=True)
    forget_prepared_lasts()


def option_change_rows() -> list[tuple[str, str, str, float, float, float, float, float]]:
    """(last, style, option kind, last job s, cold s, cold CPU s, seeded s, warm s) per change in ``CHANGES``.

    cold: the first request after the change in a process that served the default options
    first, on a store without shoes; seeded: the same after ``seed_shoes`` (a fresh process on a
    seeded store; not applicable to a shopper's last); warm: asked again.
    """
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        client = app.test_client()
        for style, changes in CHANGES.items():
            for kind, code in changes.items():
                path = f"/styles/{style}/shoe.glb?{kind}={code}"
                _cold_start(app)
                _timed(client, f"/styles/{style}/shoe.glb")     # the page's first shoe, in the defaults
                cold = _timed(client, path)
                cold_cpu = CPU_S[path]
                _cold_start(app)
                with app.app_context():
                    seed_shoes(style_by_key(db.session, style))
                forget_prepared_lasts()
                seeded = _timed(client, path)
                warm = _timed(client, path)
                rows.append(("default", style, kind, 0.0, cold, cold_cpu, seeded, warm))
                # the shopper's own last: the design in the defaults is shown first, then the changed one
                _cold_start(app)
                first = client.post("/api/v1/designs", json={"style": style}).get_json()
                client.put(f"/api/v1/designs/{first['id']}/measurements", json=MEASUREMENTS)
                _timed(client, f"/designs/{first['id']}/shoes/left.glb")
                changed = client.post("/api/v1/designs", json={"style": style, "options": {
                    **first["options"], kind: code}}).get_json()
                start = time.perf_counter()
                put = client.put(f"/api/v1/designs/{changed['id']}/measurements", json=MEASUREMENTS)
                job = time.perf_counter() - start
                assert put.status_code == 202, put.get_json()
                cold = _timed(client, f"/designs/{changed['id']}/shoes/left.glb")
                cold_cpu = CPU_S[f"/designs/{changed['id']}/shoes/left.glb"]
                warm = _timed(client, f"/designs/{changed['id']}/shoes/left.glb")
                rows.append(("own", style, kind, job, cold, cold_cpu, float("nan"), warm))
    return rows


def outline_error_mm(shoe: Shoe) -> float:
    """Largest |distance from the featherline - margin| along the sole's bottom outline, mm."""
    feather = LinearRing(shoe.form.featherline_xy)
    d = [feather.distance(Point(p)) for p in bottom_edge_xy(shoe.part("sole").mesh, shoe.form)]
    return float(np.max(np.abs(np.asarray(d) - shoe.sole.margin_mm)))


def geometry_table(runs: int) -> None:
    """Print the geometry table (see the module docstring)."""
    print(f"\nshoe per style and foot, {runs} runs (seconds: median / max)")
    head = f"{'style':<9}{'foot':<7}{'build':>13}{'glb':>13}{'recolour':>13}{'picture':>13}{'GLB KB':>8}" \
           f"{'faces':>8}{'sole err mm':>12}"
    print(head)
    for style, options in OPTIONS.items():
        for foot_name, foot in FEET.items():
            fit = fit_foot(foot, rules_for(style))
            times: dict[str, list[float]] = {"build": [], "glb": [], "recolour": [], "picture": []}
            for _ in range(runs):
                t0 = time.perf_counter()
                shoe = build_shoe(fit, style, options)
                t1 = time.perf_counter()
                data = shoe_glb(shoe)
                t2 = time.perf_counter()
                recolour_glb(data, {**options, "leather": "calf-dark-brown"})
                t3 = time.perf_counter()
                render_png(shoe)
                t4 = time.perf_counter()
                for name, value in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                    times[name].append(value)
            cells = "".join(f"{statistics.median(v):>7.3f}/{max(v):<5.2f}" for v in times.values())
            faces = sum(len(p.mesh.faces) for p in shoe.parts)
            print(f"{style:<9}{foot_name:<7}{cells}{len(data) / 1024:>8.0f}{faces:>8d}{outline_error_mm(shoe):>12.2f}")


def main(runs: int = 3) -> int:
    rows = option_change_rows()
    print("option change -> new GLB served (server time, s; own last: the lasts job runs first, then the shoe)")
    print(f"{'last':<9}{'style':<9}{'option':<9}{'last job':>9}{'cold':>8}{'cold CPU':>9}{'seeded':>8}{'warm':>8}"
          f"  target < {TARGET_S:.0f} s (cold)")
    for last, style, kind, job, cold, cold_cpu, seeded, warm in rows:
        job_cell = f"{job:>9.2f}" if last == "own" else f"{'-':>9}"
        seeded_cell = f"{seeded:>8.3f}" if last == "default" else f"{'-':>8}"
        print(f"{last:<9}{style:<9}{kind:<9}{job_cell}{cold:>8.3f}{cold_cpu:>9.3f}{seeded_cell}{warm:>8.3f}"
              f"  {'ok' if cold < TARGET_S else 'SLOW'}")
    geometry_table(runs)
    return 0 if all(row[4] < TARGET_S for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
