"""Derive Cordwain's girth regressions from ANSUR II and write ``fit/data/girth_regression.json``.

Usage::

    .venv/bin/python scripts/derive_girth_regression.py [ANSUR_DIR] [OUT_JSON]

Source: ANSUR II public data (US Army Natick, 2012; Gordon C.C. et al. 2014,
NATICK/TR-15/007), public domain; files ``ANSUR_II_MALE_Public.csv`` and
``ANSUR_II_FEMALE_Public.csv`` (see ``shared/data/ansur/SOURCES.md``). Pooled men and women.

Fits ordinary least squares ``y = a + b * foot_length_mm + c * ball_width_mm`` for ball
girth (``balloffootcircumference``), heel width (``heelbreadth``) and heel-ankle (long heel)
girth (``heelanklecircumference``); ``ball_width_mm`` is ANSUR ``footbreadthhorizontal``.
The residual standard deviation is the one-sigma uncertainty of an estimate.
ANSUR has no instep girth or instep height: those use published ratios, written here
with their source so the JSON carries everything ``fit.estimate`` needs.
"""

import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ANSUR = ROOT.parent / "shared" / "data" / "ansur"
DEFAULT_OUT = ROOT / "fit" / "data" / "girth_regression.json"
FILES = ("ANSUR_II_MALE_Public.csv", "ANSUR_II_FEMALE_Public.csv")
TARGETS = {
    "ball_girth_mm": "balloffootcircumference",
    "heel_width_mm": "heelbreadth",
    "long_heel_girth_mm": "heelanklecircumference",
}


def read_ansur(folder):
    """Rows of (foot length, foot breadth, targets..., ball-of-foot length), mm, both sexes."""
    columns = ["footlength", "footbreadthhorizontal", *TARGETS.values(), "balloffootlength"]
    rows = []
    for name in FILES:
        with open(Path(folder) / name, encoding="latin-1", newline="") as handle:
            for record in csv.DictReader(handle):
                rows.append([float(record[c]) for c in columns])
    return np.asarray(rows, dtype=np.float64)


def fit(x, y):
    """OLS coefficients (a, b, c), residual SD and R^2 of ``y ~ 1 + x``."""
    design = np.column_stack([np.ones(len(x)), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    sd = float(np.sqrt(residual @ residual / (len(y) - design.shape[1])))
    r2 = float(1.0 - residual.var() / y.var())
    return [float(c) for c in coef], sd, r2


def derive(folder):
    data = read_ansur(folder)
    x = data[:, :2]
    out = {
        "source": "ANSUR II public data (US Army Natick 2012; Gordon et al. 2014, NATICK/TR-15/007), "
                  "men and women pooled; OLS y = intercept + foot_length * b + ball_width * c, mm",
        "n": int(len(data)),
        "models": {},
    }
    for i, name in enumerate(TARGETS):
        coef, sd, r2 = fit(x, data[:, 2 + i])
        out["models"][name] = {
            "intercept": round(coef[0], 4), "foot_length": round(coef[1], 5), "ball_width": round(coef[2], 5),
            "residual_sd_mm": round(sd, 3), "r2": round(r2, 4), "ansur_column": TARGETS[name],
        }
    ratio = data[:, -1] / data[:, 0]
    out["ball_of_foot_length_ratio"] = {
        "mean": round(float(ratio.mean()), 4), "sd": round(float(ratio.std(ddof=1)), 4),
        "source": "ANSUR II balloffootlength / footlength (heel to first metatarsal head)",
    }
    # Instep girth: not in ANSUR. Lasting practice grades the instep girth about 1/4 inch
    # (6 mm) over the joint (ball) girth for a standard fitting (Thornton J.H., "Textbook of
    # Footwear Manufacture", 1970, last measurements); foot surveys report instep girth about
    # equal to ball girth with a wider spread. Assumed: instep = ball girth * 1.02, sigma 10 mm.
    out["instep_girth_mm"] = {
        "ratio_to_ball_girth": 1.02, "residual_sd_mm": 10.0,
        "source": "assumed ratio to ball girth (last grading: instep about 1/4 in over joint girth, "
                  "Thornton 1970); no public ANSUR column, so a larger uncertainty",
    }
    # Instep (dorsum) height at 50 % foot length: arch height index, dorsum height / truncated
    # foot length, about 0.34 standing (Williams D.S., McClay I.S., Phys Ther 2000;80:864-871),
    # truncated foot length = heel to first metatarsal head = ANSUR ratio above.
    aht = 0.34 * out["ball_of_foot_length_ratio"]["mean"]
    out["instep_height_mm"] = {
        "ratio_to_foot_length": round(aht, 4), "residual_sd_mm": 5.0,
        "source": "arch height index 0.34 (Williams & McClay 2000) x ANSUR ball-of-foot length ratio",
    }
    return out


def main(argv):
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_ANSUR
    out_path = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    result = derive(folder)
    out_path.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv)
