"""Derive fit/data/section_model.json: the mean normalised sections of feet.

Sources: the dupontgu left and right foot scans (github.com/dupontgu/my-feet, MIT; read from
``$CORDWAIN_FEET_DIR`` or /work/shared/data/feet when present) carry half the weight;
procedural feet (``fit.procedural_foot``, training seeds 1000-1023, never used by the tests)
carry the other half. Each foot is put into the capture contract's frame
(``fit.foot_mesh.foot_frame``) and sliced by ``fit.shape_model.foot_sections``.

Run: ``.venv/bin/python scripts/derive_section_model.py``
"""

import json
import os
import sys
from pathlib import Path

import numpy as np
import trimesh

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fit.foot_mesh import foot_frame, measure_foot_mesh  # noqa: E402
from fit.procedural_foot import procedural_foot  # noqa: E402
from fit.shape_model import BACK_Z, FRACTIONS, foot_sections  # noqa: E402

FEET = Path(os.environ.get("CORDWAIN_FEET_DIR", "/work/shared/data/feet"))
TRAIN_SEEDS = range(1000, 1024)
OUT = Path(__file__).resolve().parents[1] / "fit" / "data" / "section_model.json"


def normalised(mesh, units="mm"):
    side = measure_foot_mesh(mesh, units=units).side
    foot, _ = foot_frame(mesh, units)
    sec = foot_sections(foot, side, bridge=True)  # the model's sections bridge the toes, as a tape does
    length = sec.length_mm
    back = np.interp(BACK_Z * length, sec.back_z_mm, sec.back_y_mm) / length
    return sec.height_mm / length, sec.profile, back, sec.inset, sec.wall


def main():
    groups = {"scan": [], "procedural": []}
    for side in ("left", "right"):
        path = FEET / f"dupontgu_{side}_foot.stl"
        if path.exists():
            groups["scan"].append(normalised(trimesh.load(path), units="m"))
    for seed in TRAIN_SEEDS:
        groups["procedural"].append(normalised(procedural_foot(seed, "left" if seed % 2 else "right")))
    used = {k: v for k, v in groups.items() if v}
    weights, rows = [], []
    for items in used.values():
        for item in items:
            weights.append(1.0 / (len(used) * len(items)))
            rows.append(item)
    w = np.asarray(weights)
    heights = np.array([r[0] for r in rows])
    profiles = np.array([r[1] for r in rows])
    backs = np.array([r[2] for r in rows])
    insets = np.array([r[3] for r in rows])
    walls = np.array([r[4] for r in rows])
    mean_h = (w[:, None] * heights).sum(0)
    sd_h = np.sqrt((w[:, None] * (heights - mean_h) ** 2).sum(0))
    body = {
        "source": ("weighted mean of normalised foot sections: dupontgu left/right scans (github.com/dupontgu/my-feet, "
                   f"MIT; {len(groups['scan'])} feet, half the weight) and procedural feet (fit.procedural_foot, "
                   f"seeds {TRAIN_SEEDS.start}-{TRAIN_SEEDS.stop - 1}); scripts/derive_section_model.py"),
        "n_scans": len(groups["scan"]), "n_procedural": len(groups["procedural"]),
        "fractions": np.round(FRACTIONS, 4).tolist(),
        "height_ratio": np.round(mean_h, 5).tolist(),
        "height_ratio_sd": np.round(sd_h, 5).tolist(),
        "profile": np.round((w[:, None, None] * profiles).sum(0), 4).tolist(),
        "inset": np.round((w[:, None, None] * insets).sum(0), 4).tolist(),
        "wall": np.round((w[:, None, None, None] * walls).sum(0), 4).tolist(),
        "back_z_ratio": np.round(BACK_Z, 4).tolist(),
        "back_y_ratio": np.round((w[:, None] * backs).sum(0), 5).tolist(),
    }
    OUT.write_text(json.dumps(body) + "\n")
    print(f"wrote {OUT}: {body['n_scans']} scans, {body['n_procedural']} procedural feet")
    for f, h, sd in zip(FRACTIONS[::4], mean_h[::4], sd_h[::4]):
        print(f"  f={f:.2f} crest height {h:.3f} L (sd {sd:.3f})")


if __name__ == "__main__":
    main()
