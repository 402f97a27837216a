"""Benchmark: a shoe per style on a last: build, GLB encode, recolour, picture; GLB size and sole fit.

Run ``.venv/bin/python bench/bench_shoe.py [runs]``; prints, per style, the median and worst
seconds over the runs (default 3) of building the shoe (last given), encoding its GLB,
recolouring a stored GLB for another leather, and rendering the catalog picture; the GLB size
(target < 2 MB a foot) and the sole's bottom outline against the featherline grown by the margin
(target within 1 mm). Feet: a 271 mm left foot (the default last) and a 310 mm right foot.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from shapely.geometry import LinearRing, Point

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fit.foot import Foot  # noqa: E402
from fit.pipeline import fit_foot  # noqa: E402
from fit.shoe import build_shoe  # noqa: E402
from fit.shoe.glb import recolour_glb, shoe_glb  # noqa: E402
from fit.shoe.picture import render_png  # noqa: E402
from fit.shoe.sole import bottom_edge_xy  # noqa: E402
from fit.style import rules_for  # noqa: E402

OPTIONS = {"oxford": {"leather": "calf-black", "sole": "leather"},
           "derby": {"leather": "calf-dark-brown", "sole": "dainite"},
           "chelsea": {"leather": "suede-snuff", "sole": "commando"},
           "sneaker": {"leather": "nappa-white", "sole": "rubber-cup"}}
FEET = {"271 L": Foot(side="left", foot_length_mm=271.0, ball_width_mm=102.0),
        "310 R": Foot(side="right", foot_length_mm=310.0, ball_width_mm=118.0)}


def outline_error_mm(shoe):
    """Largest |distance from the featherline - margin| along the sole's bottom outline, mm."""
    feather = LinearRing(shoe.form.featherline_xy)
    d = [feather.distance(Point(p)) for p in bottom_edge_xy(shoe.part("sole").mesh, shoe.form)]
    return float(np.max(np.abs(np.asarray(d) - shoe.sole.margin_mm)))


def main(runs=3):
    print(f"shoe per style and foot, {runs} runs (seconds: median / max)")
    head = f"{'style':<9}{'foot':<7}{'build':>13}{'glb':>13}{'recolour':>13}{'picture':>13}{'GLB KB':>8}" \
           f"{'faces':>8}{'sole err mm':>12}"
    print(head)
    for style, options in OPTIONS.items():
        for foot_name, foot in FEET.items():
            fit = fit_foot(foot, rules_for(style))
            times = {"build": [], "glb": [], "recolour": [], "picture": []}
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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
