"""Seconds and peak memory of ``measure_mat_photos`` on 8 photos of 12 MP (measurements and mesh).

Run: ``.venv/bin/python bench/bench_mat.py [SETS]``. The photo sets are rendered first by a
separate process into a temporary folder; a fresh process then measures them, so its peak resident
memory is the measurement's (interpreter and libraries included), not the renderer's. The target
is 6 s and 1.5 GB per set on the project's 2-core machine; the CPU seconds and the load average
are printed too, since other work on the machine stretches the wall-clock time.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fit" / "mat"), str(ROOT / "tests" / "fit" / "photo")]
#: Scenes with 8 photos, a black sock on carpet (a floor the measurer can tell from the foot).
SEEDS = (5001, 5002, 5003)


def render(folder, n):
    """Scenes rendered at 2000 x 1500 and enlarged to 4000 x 3000 (12 MP): the measurer's work is
    that of a 12 MP photo (decoding, the same working sizes), the renderer's is a quarter of it."""
    import cv2
    import mat_scenes
    from scenes import encode

    for seed in SEEDS[:n]:
        scene = mat_scenes.make_scene(seed, n_views=8, size=(2000, 1500), floor="carpet", sock=0)
        for i, cam in enumerate(scene.cameras):
            big = cv2.resize(mat_scenes.render(scene, cam), None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
            data = encode(big, orientation=cam.orientation, quality=scene.quality, focal_35mm=cam.focal_35mm)
            Path(folder, f"{seed}_{i}.jpg").write_bytes(data)


def measure(folder):
    import resource
    import time

    import numpy as np

    from fit.errors import FitError
    from fit.mat import measure_mat_photos

    times, cpu, refused = [], [], []
    seeds = sorted({p.name.split("_")[0] for p in Path(folder).glob("*.jpg")})
    for seed in seeds:
        photos = [p.read_bytes() for p in sorted(Path(folder).glob(f"{seed}_*.jpg"))]
        t, c = time.perf_counter(), time.process_time()
        try:
            result = measure_mat_photos(photos)
            result.mesh_ply()
        except FitError as exc:
            refused.append(exc.code)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0]
    print("| sets | photos per set | median s per set (12 MP) | max s | CPU s per set | peak RSS MB (measuring only) "
          "| load average | refused |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {len(times)} | 8 | {np.median(times):.2f} | {max(times):.2f} | {np.median(cpu):.2f} | {peak_mb:.0f} "
          f"| {load:.1f} | {refused or 0} |")


def main(n=2):
    with tempfile.TemporaryDirectory(prefix="bench_mat_") as folder:
        subprocess.run([sys.executable, __file__, "--render", folder, str(n)], check=True)
        subprocess.run([sys.executable, __file__, "--measure", folder], check=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--render":
        render(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    else:
        main(*(int(a) for a in sys.argv[1:2]))
