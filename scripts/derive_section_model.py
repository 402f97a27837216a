"""Derive fit/data/section_model.json: the shape model of foot sections, conditioned on known numbers.

Sources: the dupontgu left and right foot scans (github.com/dupontgu/my-feet, MIT; read from
``$CORDWAIN_FEET_DIR`` or /work/shared/data/feet when present) carry half the weight;
procedural feet (``fit.procedural_foot``, training seeds 1000-1063, never used by the tests or
the clearance table) carry the other half. Each foot is put into the capture contract's frame
(``fit.foot_mesh.foot_frame``), sliced by ``fit.shape_model.foot_sections`` and measured as the
capture contract says (``fit.foot_mesh.measure_foot_mesh``, completed by
``fit.estimate.complete_foot``).

Written: the weighted mean of the normalised sections (heights, envelopes, floor insets, walls,
back curve), the spread of the heights and envelopes, and a weighted ridge regression of every
one of them on the foot's known numbers (``fit.shape_model.FEATURES``, standardised). The
ridge penalty was chosen on procedural tuning seeds 600-611 (``scripts/clearance_table.py
--tuning``), never on the held-out seeds of the tests.

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
from fit import shape_model  # noqa: E402
from fit.estimate import complete_foot  # noqa: E402
from fit.shape_model import BACK_Z, FRACTIONS, foot_sections  # noqa: E402

FEET = Path(os.environ.get("CORDWAIN_FEET_DIR", "/work/shared/data/feet"))
TRAIN_SEEDS = range(1000, 1064)
SCAN_WEIGHT = 0.5
#: Ridge penalty of the conditioned model (on standardised features, weights summing to 1).
RIDGE = 0.3
OUT = Path(__file__).resolve().parents[1] / "fit" / "data" / "section_model.json"


def normalised(mesh: trimesh.Trimesh, units: str = "mm") -> tuple:
    """One foot's normalised sections and its features (``fit.shape_model.FEATURES``)."""
    measured = measure_foot_mesh(mesh, units=units)
    side = measured.side
    features = shape_model.features(complete_foot(measured))
    foot, _ = foot_frame(mesh, units)
    sec = foot_sections(foot, side, bridge=True)  # the model's sections bridge the toes, as a tape does
    length = sec.length_mm
    back = np.interp(BACK_Z * length, sec.back_z_mm, sec.back_y_mm) / length
    return sec.height_mm / length, sec.profile, back, sec.inset, sec.wall, features


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
    for name, items in used.items():
        for item in items:
            share = 1.0 if len(used) == 1 else (SCAN_WEIGHT if name == "scan" else 1.0 - SCAN_WEIGHT)
            weights.append(share / len(items))
            rows.append(item)
    w = np.asarray(weights)
    heights = np.array([r[0] for r in rows])
    profiles = np.array([r[1] for r in rows])
    backs = np.array([r[2] for r in rows])
    insets = np.array([r[3] for r in rows])
    walls = np.array([r[4] for r in rows])
    feats = np.array([r[5] for r in rows])
    mean_h = (w[:, None] * heights).sum(0)
    sd_h = np.sqrt((w[:, None] * (heights - mean_h) ** 2).sum(0))
    mean_p = (w[:, None, None] * profiles).sum(0)
    body = {
        "source": ("weighted mean of normalised foot sections: dupontgu left/right scans (github.com/dupontgu/my-feet, "
                   f"MIT; {len(groups['scan'])} feet, half the weight) and procedural feet (fit.procedural_foot, "
                   f"seeds {TRAIN_SEEDS.start}-{TRAIN_SEEDS.stop - 1}), with a ridge regression on the foot's "
                   "known numbers; scripts/derive_section_model.py"),
        "n_scans": len(groups["scan"]), "n_procedural": len(groups["procedural"]),
        "fractions": np.round(FRACTIONS, 4).tolist(),
        "height_ratio": np.round(mean_h, 5).tolist(),
        "height_ratio_sd": np.round(sd_h, 5).tolist(),
        "profile": np.round(mean_p, 4).tolist(),
        "profile_sd": np.round(np.sqrt((w[:, None, None] * (profiles - mean_p) ** 2).sum(0)), 4).tolist(),
        "inset": np.round((w[:, None, None] * insets).sum(0), 4).tolist(),
        "wall": np.round((w[:, None, None, None] * walls).sum(0), 4).tolist(),
        "back_z_ratio": np.round(BACK_Z, 4).tolist(),
        "back_y_ratio": np.round((w[:, None] * backs).sum(0), 5).tolist(),
    }
    body.update(_regression(w, feats, {"height_ratio": heights, "profile": profiles, "inset": insets, "wall": walls,
                                       "back_y_ratio": backs}))
    OUT.write_text(json.dumps(body) + "\n")
    print(f"wrote {OUT}: {body['n_scans']} scans, {body['n_procedural']} procedural feet")
    for f, h, sd in zip(FRACTIONS[::4], mean_h[::4], sd_h[::4]):
        print(f"  f={f:.2f} crest height {h:.3f} L (sd {sd:.3f})")


def _regression(w: np.ndarray, feats: np.ndarray, responses: dict) -> dict:
    """Weighted ridge regression of each response on the standardised features.

    Returns the features' weighted mean and spread and, per response, the coefficients
    (len(FEATURES), *response shape): the model's sections move from the weighted mean by
    ``z @ coef`` for standardised features ``z``.
    """
    mean = (w[:, None] * feats).sum(0)
    sd = np.sqrt((w[:, None] * (feats - mean) ** 2).sum(0))
    z = (feats - mean) / sd
    gram = z.T @ (w[:, None] * z) + RIDGE * np.eye(z.shape[1])
    out = {"features": list(shape_model.FEATURES), "feature_mean": np.round(mean, 5).tolist(),
           "feature_sd": np.round(sd, 5).tolist(), "ridge": RIDGE, "coef": {}}
    for name, y in responses.items():
        flat = y.reshape(len(y), -1)
        centred = flat - (w[:, None] * flat).sum(0)
        coef = np.linalg.solve(gram, z.T @ (w[:, None] * centred))
        out["coef"][name] = np.round(coef.reshape((z.shape[1],) + y.shape[1:]), 5).tolist()
    return out


if __name__ == "__main__":
    main()
