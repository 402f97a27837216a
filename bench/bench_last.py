"""Benchmark: build + measure back (with the measurement sheet) + export a left/right pair of lasts.

Export is the four mesh formats plus the drawings ``fit.pipeline.write_pair`` writes (bottom
pattern DXF/SVG, curves DXF, section sheet SVG).

Run ``.venv/bin/python bench/bench_last.py [runs]``; prints a table of median and worst
wall and CPU seconds over the runs (default 20) and the peak memory (tracemalloc, and the
process's peak RSS). Target: median <= 0.5 s per pair on a 2-core machine, peak <= 300 MB;
on a shared machine the CPU seconds stand for the wall time of an idle one.
"""

import os
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
from fit.style import StyleRules, rules_for  # noqa: E402

MEASUREMENTS = {
    "units": "mm",
    "left": {"foot_length_mm": 262.0, "ball_width_mm": 101.5, "ball_girth_mm": 247.0},
    "right": {"foot_length_mm": 265.5, "ball_width_mm": 102.0},
}


def run_once(feet: dict, rules: StyleRules) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds of fit (build + measure), export, drawings and in total; bytes written.

    CPU seconds are this process's (``time.process_time``): the honest figure when other jobs
    share the machine and stretch the wall time.
    """
    wall, cpu = [time.perf_counter()], [time.process_time()]
    fits = fit_pair(feet, rules)
    wall.append(time.perf_counter())
    cpu.append(time.process_time())
    size = 0
    for side, fit in fits.items():
        for fmt in EXPORT_FORMATS:
            size += len(export_mesh(fit.mesh, fmt, {"reference": "BENCH", "side": side}))
    wall.append(time.perf_counter())
    cpu.append(time.process_time())
    for side, fit in fits.items():
        size += sum(len(data) for data in fit.drawings(f"BENCH {side}").values())
    wall.append(time.perf_counter())
    cpu.append(time.process_time())
    steps_wall = [b - a for a, b in zip(wall, wall[1:])] + [wall[-1] - wall[0]]
    steps_cpu = [b - a for a, b in zip(cpu, cpu[1:])] + [cpu[-1] - cpu[0]]
    return steps_wall, steps_cpu, size


def main(runs: int = 20) -> None:
    feet = read_measurements(MEASUREMENTS)
    rules = rules_for("oxford")
    run_once(feet, rules)  # warm-up: imports, caches
    results = [run_once(feet, rules) for _ in range(runs)]
    tracemalloc.start()
    run_once(feet, rules)
    _, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"pair of lasts (oxford, 262/265.5 mm), {runs} runs; 1-minute load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    print(f"{'step':<26}{'wall median':>12}{'wall max':>10}{'CPU median':>12}{'CPU max':>10}")
    for i, name in enumerate(("build + measure back", "export stl/3mf/glb/obj", "drawings dxf/svg", "total")):
        wall = [r[0][i] for r in results]
        cpu = [r[1][i] for r in results]
        print(f"{name:<26}{statistics.median(wall):>12.3f}{max(wall):>10.3f}"
              f"{statistics.median(cpu):>12.3f}{max(cpu):>10.3f}")
    print(f"{'peak tracemalloc (MB)':<26}{peak_traced / 1e6:>10.1f}")
    print(f"{'peak RSS (MB)':<26}{peak_rss_mb:>10.1f}")
    print(f"{'bytes exported per pair':<26}{results[-1][2]:>10d}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
