"""Accuracy table of measure_foot_photo over rendered scenes.

``python scripts/photo_accuracy.py [N] [FIRST_SEED]``: the test's scenes are seeds 1000-1039;
use other seeds (e.g. 5000) for development so the test stays unseen.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fit" / "photo")]

import numpy as np  # noqa: E402

from fit.errors import PhotoError  # noqa: E402
from test_accuracy import run_scenes  # noqa: E402


def main(n=40, first=1000):
    rows, errors = [], 0
    for seed in range(first, first + n):
        try:
            rows += run_scenes([seed])
        except PhotoError as e:
            errors += 1
            print(f"seed {seed}: {e.code}")
    groups = {"all": rows}
    for r in rows:
        groups.setdefault(f"floor={r[1]}", []).append(r)
        groups.setdefault("leg" if r[2] else "no leg", []).append(r)
        groups.setdefault("tilt > 15°" if r[7] > 15 else "tilt <= 15°", []).append(r)
    print(f"| condition | n | length median | length p95 | ball median | ball p95 | heel median | heel p95 | side ok |"
          f"  ({errors} refused)")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, g in groups.items():
        le, be, he = (np.abs([r[i] for r in g]) for i in (3, 4, 6))
        print(f"| {name} | {len(g)} | {np.median(le):.2f} | {np.percentile(le, 95):.2f} | {np.median(be):.2f} | "
              f"{np.percentile(be, 95):.2f} | {np.median(he):.2f} | {np.percentile(he, 95):.2f} | "
              f"{sum(r[5] for r in g)}/{len(g)} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40, int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
