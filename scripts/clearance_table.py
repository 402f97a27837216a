"""Print the clearance table: feet set into their own lasts, worst distance outside per station.

For every style (heel height 0: a flat last, so the heel's pitch does not mix into the clearance), every foot is measured
as the capture contract says (``fit.foot_mesh``) and fitted twice: from its numbers plus
footprint outline, and from the 3D foot itself. Each foot is then set into its last
(``fit.clearance``) and the worst distance of a foot point outside the last is printed per
station (fractions of foot length), the worst over the feet of each group.

Feet: procedural feet (``fit.procedural_foot``) and, when present, the dupontgu scans
(``$CORDWAIN_FEET_DIR`` or /work/shared/data/feet) scaled to 250, 270 and 290 mm. Procedural
seeds come in three sets that never overlap: training (1000-1063, ``scripts/derive_section_model.py``),
tuning (600-611: the model's ridge penalty and the last's allowance rules were chosen on them;
``--tuning``) and held-out (900-905 here, 900-901 in ``tests/fit/test_clearance.py``; looked at
only to report).

Run: ``.venv/bin/python scripts/clearance_table.py [--quick] [--tuning]``
"""

import os
import sys
from pathlib import Path

import numpy as np
import trimesh

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fit.clearance import STATIONS as TABLE_STATIONS, clearance  # noqa: E402
from fit.estimate import complete_foot  # noqa: E402
from fit.foot_mesh import foot_frame, measure_foot_mesh  # noqa: E402
from fit.last import build_last, last_spec  # noqa: E402
from fit.procedural_foot import procedural_foot  # noqa: E402
from fit.style import STYLES, rules_for  # noqa: E402

FEET = Path(os.environ.get("CORDWAIN_FEET_DIR", "/work/shared/data/feet"))
HELD_OUT_SEEDS = range(900, 906)
TUNING_SEEDS = range(600, 612)
#: The table's stations plus one between the last two and the foot's tip (the toe box: 85-100 %).
STATIONS = TABLE_STATIONS + (0.975,)


def feet(quick: bool = False, tuning: bool = False) -> list[tuple[str, str, trimesh.Trimesh]]:
    """(group, side, mesh in mm) for every foot."""
    seeds = TUNING_SEEDS if tuning else HELD_OUT_SEEDS
    sides = [("left", "right")[s % 2] for s in seeds]
    out = [("procedural", side, procedural_foot(s, side)) for s, side in zip(seeds[: 2 if quick else None], sides)]
    for side in ("left", "right"):
        path = FEET / f"dupontgu_{side}_foot.stl"
        if not path.exists():
            continue
        scan, _ = foot_frame(trimesh.load(path), "m")
        length = np.ptp(scan.vertices[:, 1])
        for target in ((270.0,) if quick else (250.0, 270.0, 290.0)):
            out.append(("scan", side, trimesh.Trimesh(scan.vertices * target / length, scan.faces)))
    return out


def table(style: str, all_feet: list) -> dict:
    """Rows: (group, mode, worst outside per station) for one style."""
    rows = {}
    for group, side, mesh in all_feet:
        foot = measure_foot_mesh(mesh, side=side)  # the shopper says which foot it is
        frame, _ = foot_frame(mesh)
        rules = rules_for(style, heel_height_mm=0)
        for mode in ("numbers+outline", "3D foot"):
            spec = last_spec(complete_foot(foot), rules, foot_mesh=frame if mode == "3D foot" else None)
            # the 3D criterion holds everywhere below the topline, the numbers one at 50-80 %
            fit_range = (0.0, 1.0) if mode == "3D foot" else (0.5, 0.8)
            result = clearance(frame, build_last(spec), spec, stations=STATIONS, fit_range=fit_range)
            key = (group, mode)
            rows[key] = np.maximum(rows.get(key, 0.0), result.outside_mm)
    return rows


def main(quick: bool = False, tuning: bool = False) -> None:
    all_feet = feet(quick, tuning)
    head = " ".join(f"{100 * s:>5.4g}" for s in STATIONS)
    counts = {g: sum(1 for f in all_feet if f[0] == g) for g in ("procedural", "scan")}
    print(f"foot outside its last, worst of each group (mm); stations in % of foot length; heel height 0; "
          f"{counts['procedural']} procedural feet ({'tuning' if tuning else 'held-out'} seeds), "
          f"{counts['scan']} scanned feet; targets (athletic last): numbers+outline <= 3 mm at 50-80 %, "
          "3D foot <= 2 mm everywhere; both: the toes clear (0 mm at 85-100 %)")
    for style in STYLES:
        rows = table(style, all_feet)
        print(f"\n{style:<10}{'feet':<12}{'built from':<17}{head}   worst 50-80   worst 85-100   worst all")
        for (group, mode), worst in sorted(rows.items()):
            band = [w for s, w in zip(STATIONS, worst) if 0.5 <= s <= 0.8]
            toes = [w for s, w in zip(STATIONS, worst) if s >= 0.85]
            print(f"{'':<10}{group:<12}{mode:<17}" + " ".join(f"{w:5.1f}" for w in worst)
                  + f"   {max(band):11.1f}   {max(toes):12.1f}   {max(worst):9.1f}")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv, tuning="--tuning" in sys.argv)
