"""Seconds per 12 MP photo and peak memory of ``measure_foot_photo`` (one core).

Run: ``.venv/bin/python bench/bench_photo.py [N]``
"""

import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fit" / "photo")]

import cv2  # noqa: E402
import numpy as np  # noqa: E402

cv2.setNumThreads(1)

import scenes  # noqa: E402
from fit.photo import measure_foot_photo  # noqa: E402


def main(n=5):
    photos = [scenes.photo_bytes(scenes.make_scene(3000 + i, size=(4000, 3000))) for i in range(n)]
    times = []
    for data in photos:
        t = time.perf_counter()
        measure_foot_photo(data)
        times.append(time.perf_counter() - t)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| photos | median s / 12 MP photo | max s | peak RSS MB (incl. renderer) |")
    print("|---|---|---|---|")
    print(f"| {n} | {np.median(times):.3f} | {max(times):.3f} | {peak_mb:.0f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
