"""Seconds per 12 MP photo and peak memory of ``measure_foot_photo`` alone (one core).

Run: ``.venv/bin/python bench/bench_photo.py [N]``. The photos are rendered first by a separate
process into a temporary folder; a fresh process then measures them, so its peak resident memory
is the measurement's (interpreter and libraries included), not the renderer's. Two sets, a row each:
N varied scenes, whose sheet is found as the bright region, and four on floors where it is not
(black and white checks, light tiles), which go through the candidate quads from the image's lines.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fit" / "photo")]


#: Development scenes whose sheet is found from the image's lines (category, seed).
EDGE_SCENES = (("checker", 50_302), ("checker", 50_318), ("light_tile", 50_300), ("light_tile", 50_309))


def render(folder, n):
    import scenes

    for i in range(n):
        data = scenes.photo_bytes(scenes.varied_scene(3000 + i, size=(4000, 3000)))
        Path(folder, f"varied_{i}.jpg").write_bytes(data)
    for category, seed in EDGE_SCENES:
        data = scenes.photo_bytes(scenes.category_scene(seed, category, size=(4000, 3000)))
        Path(folder, f"lines_{category}_{seed}.jpg").write_bytes(data)


def measure(folder):
    import resource
    import time

    import cv2
    import numpy as np

    cv2.setNumThreads(1)
    from fit.errors import PhotoError
    from fit.photo import measure_foot_photo

    rows = []
    for name, prefix in (("varied scenes", "varied_"), ("sheet found from lines", "lines_")):
        times, cpu, refused = [], [], 0
        for path in sorted(Path(folder).glob(prefix + "*.jpg")):
            data = path.read_bytes()
            t, c = time.perf_counter(), time.process_time()
            try:
                measure_foot_photo(data)
            except PhotoError:
                refused += 1
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        rows.append(f"| {name} | {len(times)} | {np.median(times):.3f} | {max(times):.3f} | {np.median(cpu):.3f} | "
                    f"{max(cpu):.3f} | {refused} |")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # CPU seconds too: on a shared machine the wall clock also counts other processes' turns
    print(f"peak RSS (measuring only, both sets): {peak_mb:.0f} MB")
    print("| set | photos | median s / 12 MP photo | max s | median CPU s | max CPU s | refused |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


def main(n=5):
    with tempfile.TemporaryDirectory(prefix="bench_photo_") as folder:
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
        subprocess.run([sys.executable, __file__, "--render", folder, str(n)], check=True, env=env)
        subprocess.run([sys.executable, __file__, "--measure", folder], check=True, env=env)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--render"]:
        render(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:2] == ["--measure"]:
        measure(sys.argv[2])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
