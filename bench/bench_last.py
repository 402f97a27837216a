"""Benchmark: build + measure back (with the measurement sheet) + export a left/right pair of lasts.

Export is the four mesh formats plus the drawings ``fit.pipeline.write_pair`` writes (bottom
pattern DXF/SVG, curves DXF, section sheet SVG).

Run ``.venv/bin/python bench/bench_last.py [runs]``; prints a table of median and worst
seconds over the runs (default 20) and the peak memory (tracemalloc, and the process's
peak RSS). Target: median <= 0.5 s per pair on a 2-core machine, peak <= 300 MB.
"""

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fit.export import export_mesh  # noqa: E402
from fit.foot import read_measurements  # noqa: E402
from fit.pipeline import EXPORT_FORMATS, fit_pair  # noqa: E402
from fit.style import rules_for  # noqa: E402

MEASUREMENTS = {
    "units": "mm",
    "left": {"foot_length_mm": 262.0, "ball_width_mm": 101.5, "ball_girth_mm": 247.0},
    "right": {"foot_length_mm": 265.5, "ball_width_mm": 102.0},
}


def run_once(feet, rules):
    """Seconds for fit (build + measure), export and drawings of the pair, and the total CPU seconds."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    fits = fit_pair(feet, rules)
    t1 = time.perf_counter()
    size = 0
    for side, fit in fits.items():
        for fmt in EXPORT_FORMATS:
            size += len(export_mesh(fit.mesh, fmt, {"reference": "BENCH", "side": side}))
    t2 = time.perf_counter()
    for side, fit in fits.items():
        size += sum(len(data) for data in fit.drawings(f"BENCH {side}").values())
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, t3 - t0, time.process_time() - c0, size


def main(runs=20):
    feet = read_measurements(MEASUREMENTS)
    rules = rules_for("oxford")
    run_once(feet, rules)  # warm-up: imports, caches
    results = [run_once(feet, rules) for _ in range(runs)]
    tracemalloc.start()
    run_once(feet, rules)
    _, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"pair of lasts (oxford, 262/265.5 mm), {runs} runs")
    print(f"{'step':<26}{'median s':>10}{'max s':>10}")
    # CPU seconds of this process: the honest figure when other jobs share the machine
    for i, name in enumerate(("build + measure back", "export stl/3mf/glb/obj", "drawings dxf/svg", "total",
                              "total, CPU seconds")):
        column = [r[i] for r in results]
        print(f"{name:<26}{statistics.median(column):>10.3f}{max(column):>10.3f}")
    print(f"{'peak tracemalloc (MB)':<26}{peak_traced / 1e6:>10.1f}")
    print(f"{'peak RSS (MB)':<26}{peak_rss_mb:>10.1f}")
    print(f"{'bytes exported per pair':<26}{results[-1][5]:>10d}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
