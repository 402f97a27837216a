"""Accuracy, refusals and uncertainty calibration of measure_foot_photo, per scene category.

``python scripts/photo_accuracy.py [--set held-out|development] [--per-category N] [--categories a,b]
[--json rows.json] [--seeds FIRST-LAST]``: renders N scenes of each of ``scenes.CATEGORIES`` from the chosen seed range
(the held-out seeds are never used while tuning; develop on ``--set development``), measures them
and prints one table row per category: scenes, refusals with their codes, the absolute error of
foot length and ball width (median, 95th percentile, over the measured scenes), and how many
errors fall within the reported one and two sigma.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fit" / "photo")]

import numpy as np  # noqa: E402
import scenes  # noqa: E402

from fit.errors import PhotoError  # noqa: E402
from fit.photo import measure_foot_photo  # noqa: E402

NAMES = ("foot_length_mm", "ball_width_mm", "heel_width_mm")


def measure_scene(seed, category):
    """One row: the scene's category and seed, the refusal code or the signed errors and sigmas, mm."""
    sc = scenes.category_scene(seed, category)
    row = {"seed": seed, "category": category, "tilt_deg": round(sc.tilt_deg, 1)}
    try:
        r = measure_foot_photo(scenes.photo_bytes(sc), side=sc.side)
    except PhotoError as e:
        return {**row, "code": e.code}
    for name in NAMES:
        row[name] = float(getattr(r, name) - getattr(sc.truth, name))
        row[name + "_sigma"] = float(r.uncertainty_mm[name])
    row["warnings"] = list(getattr(r, "warning_codes", ()))
    row["side_ok"] = r.side == sc.side
    return row


def _stats(rows, name):
    e = np.abs([r[name] for r in rows])
    s = np.array([r[name + "_sigma"] for r in rows])
    return np.median(e), np.percentile(e, 95), np.mean(e <= s), np.mean(e <= 2 * s)


def table(rows):
    """Markdown table of ``rows`` per category and over all."""
    out = ["| category | n | refused (codes) | length median / p95 | ball median / p95 | heel median / p95 | "
           "length in 1σ / 2σ | ball in 1σ / 2σ | heel in 1σ / 2σ |", "|---|---|---|---|---|---|---|---|---|"]
    groups = {}
    for r in rows:
        groups.setdefault(r["category"], []).append(r)
    groups["all"] = rows
    for name, g in groups.items():
        ok = [r for r in g if "code" not in r]
        codes = Counter(r["code"] for r in g if "code" in r)
        refused = f"{len(g) - len(ok)} ({', '.join(f'{c} {n}' for c, n in codes.items())})" if codes else "0"
        cells = [name, str(len(g)), refused]
        if ok:
            st = {n: _stats(ok, n) for n in NAMES}
            cells += [f"{st[n][0]:.2f} / {st[n][1]:.2f}" for n in NAMES]
            cells += [f"{st[n][2]:.0%} / {st[n][3]:.0%}" for n in NAMES]
        else:
            cells += ["-"] * 6
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("held-out", "development"), default="held-out")
    ap.add_argument("--per-category", type=int, default=10)
    ap.add_argument("--categories", default=",".join(scenes.CATEGORIES))
    ap.add_argument("--json", help="also write the rows here")
    ap.add_argument("--seeds", help="seeds FIRST-LAST of each category instead of the set's first ones "
                                    "(development seeds only: a check on scenes not tuned on)")
    args = ap.parse_args()
    seeds = (scenes.HELD_OUT_SEEDS if args.set == "held-out" else scenes.DEVELOPMENT_SEEDS)[:args.per_category]
    label = f"{args.set} scenes, {args.per_category} per category"
    if args.seeds:
        first, last = (int(v) for v in args.seeds.split("-"))
        seeds = range(first, last + 1)
        if not set(seeds) <= set(scenes.DEVELOPMENT_SEEDS):
            ap.error("--seeds must be development seeds")
        label = f"development scenes, seeds {first}-{last} of each category"
    rows = []
    for category in args.categories.split(","):
        for seed in seeds:
            rows.append(measure_scene(seed, category))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    print(label)
    print(table(rows))


if __name__ == "__main__":
    main()
