"""Accuracy of the mat capture on rendered scenes: per measurement median and 95th percentile of
the absolute error, the mean error (bias) and how often the truth lies within the reported
one-sigma uncertainty.

    .venv/bin/python scripts/mat_accuracy.py --set held-out            # the reported numbers
    .venv/bin/python scripts/mat_accuracy.py --set calibration --raw   # fits BIAS / UNCERTAINTY_MM
    .venv/bin/python scripts/mat_accuracy.py --set development         # checks a fit on other seeds

``--raw`` undoes ``fit.mat.measure.BIAS`` so the printed fit is of the hull itself. Seeds are in
``tests/fit/mat/mat_scenes.py``; the held-out ones were never used while developing the measurer.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fit" / "mat"))
sys.path.insert(0, str(ROOT / "tests" / "fit" / "photo"))

import mat_scenes  # noqa: E402
from fit.errors import FitError  # noqa: E402
from fit.mat import measure_mat_photos  # noqa: E402
from fit.mat.measure import BIAS, UNCERTAINTY_MM  # noqa: E402

NAMES = tuple(BIAS)
SETS = {"held-out": mat_scenes.HELD_OUT_SEEDS, "calibration": mat_scenes.CALIBRATION_SEEDS,
        "development": mat_scenes.DEVELOPMENT_SEEDS}


def run(seeds, size, raw, out):
    rows = []
    for seed in seeds:
        scene = mat_scenes.make_scene(seed, size=size)
        t0 = time.perf_counter()
        try:
            result = measure_mat_photos(mat_scenes.photo_set(scene))
        except FitError as exc:
            print(f"seed {seed}: refused {exc.code}: {exc.message[:90]}", flush=True)
            rows.append({"seed": seed, "refused": exc.code})
            continue
        row = {"seed": seed, "views": len(scene.cameras), "side_ok": result.foot.side == scene.truth.side,
               "seconds": round(time.perf_counter() - t0, 2)}
        for name in NAMES:
            got = getattr(result.foot, name)
            if raw:
                scale, offset = BIAS[name]
                got = (got - offset) / scale
            row[name] = [float(getattr(scene.truth, name)), float(got)]
        rows.append(row)
        print(json.dumps(row), flush=True)
    if out:
        Path(out).write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return rows


def summary(rows, raw):
    ok = [r for r in rows if "refused" not in r]
    print(f"\n{len(ok)} of {len(rows)} scenes measured; side right in {sum(r['side_ok'] for r in ok)}")
    print(f"{'measurement':18s} {'median':>7s} {'p95':>7s} {'mean':>7s} {'sd':>6s} {'in 1σ':>6s}  fit true = a*hull + b")
    for name in NAMES:
        truth = np.array([r[name][0] for r in ok])
        got = np.array([r[name][1] for r in ok])
        err = got - truth
        within = np.mean(np.abs(err) <= UNCERTAINTY_MM[name])
        a, b = np.polyfit(got, truth, 1) if raw else (1.0, 0.0)
        resid = truth - (a * got + b)
        print(f"{name:18s} {np.median(np.abs(err)):7.2f} {np.percentile(np.abs(err), 95):7.2f} {err.mean():7.2f} "
              f"{err.std():6.2f} {within:6.0%}  a={a:.4f} b={b:+.2f} resid sd={resid.std():.2f} "
              f"resid |68%|={np.percentile(np.abs(resid), 68):.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=tuple(SETS), default="held-out")
    ap.add_argument("--seeds", default=None, help="seeds FIRST-LAST instead of a set's (development seeds only)")
    ap.add_argument("--count", type=int, default=None, help="first N seeds of the set")
    ap.add_argument("--size", default="1200x900", help="photo size WxH, px")
    ap.add_argument("--raw", action="store_true", help="undo the bias correction (to fit it)")
    ap.add_argument("--out", default=None, help="write the rows as JSON lines")
    args = ap.parse_args()
    seeds = SETS[args.set]
    if args.seeds:
        first, last = (int(v) for v in args.seeds.split("-"))
        seeds = tuple(range(first, last + 1))
        if set(seeds) & set(mat_scenes.HELD_OUT_SEEDS):
            ap.error("--seeds must not include held-out seeds")
    seeds = seeds[:args.count] if args.count else seeds
    size = tuple(int(v) for v in args.size.split("x"))
    summary(run(seeds, size, args.raw, args.out), args.raw)


if __name__ == "__main__":
    main()
