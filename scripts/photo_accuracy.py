"""Accuracy table of measure_foot_photo over N rendered scenes: ``python scripts/photo_accuracy.py [N] [procedural|scan]``."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fit" / "photo")]

import numpy as np  # noqa: E402

from fit.errors import PhotoError  # noqa: E402
from test_accuracy import run_scenes  # noqa: E402


def main(n=40, mesh="procedural"):
    rows, errors = [], 0
    for seed in range(1000, 1000 + n):
        try:
            rows += run_scenes([seed], mesh)
        except PhotoError as e:
            errors += 1
            print(f"seed {seed}: {e.code}")
    groups = {"all": rows}
    for r in rows:
        groups.setdefault(f"floor={r[1]}", []).append(r)
        groups.setdefault("leg" if r[2] else "heel visible", []).append(r)
    print(f"| condition | n | length median | length p95 | ball median | ball p95 | side ok |  ({mesh}, {errors} refused)")
    print("|---|---|---|---|---|---|---|")
    for name, g in groups.items():
        le, be = np.abs([r[3] for r in g]), np.abs([r[4] for r in g])
        print(f"| {name} | {len(g)} | {np.median(le):.2f} | {np.percentile(le, 95):.2f} | {np.median(be):.2f} | "
              f"{np.percentile(be, 95):.2f} | {sum(r[5] for r in g)}/{len(g)} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40, sys.argv[2] if len(sys.argv) > 2 else "procedural")
