"""Does the floor's texture around the sheet predict a photo measurement's error? (It did not, on
development scenes: see ``BASE_SIGMA_MM`` in ``fit/photo/uncertainty.py``.)

``python scripts/photo_floor_texture.py FIRST_SEED PER_TEXTURED PER_OTHER rows.json``: measures
PER_TEXTURED development scenes of wood, carpet and concrete and PER_OTHER of each other category
from FIRST_SEED on (as ``photo_accuracy.py`` does), and writes each scene's row with the floor's texture
in a ring around the sheet (``tex2``, ``tex4``: robust deviation of the Lab lightness from its 2 mm
and 4 mm Gaussian blur; ``L_spread``, ``ab_spread``: its overall lightness and colour spread) and the
tilt, then prints the Spearman correlation of each with the absolute length and ball errors of the
scenes without a warning that adds to their sigma.
"""

import json
import sys
from pathlib import Path

import cv2
import numpy as np
from scipy.stats import spearmanr

import photo_accuracy  # noqa: E402  (puts the repository and the scenes on the path)
import fit.photo.measure as measure  # noqa: E402

TEXTURED = ("wood", "carpet", "concrete")
NEUTRAL_WARNINGS = {"UNCERTAIN", "FOCAL_FROM_SHEET", "SIDE_UNCLEAR", "SIDE_MISMATCH"}
FEATURES = ("tex2", "tex4", "L_spread", "ab_spread", "tilt_deg")


def floor_ring(valid, sheet_box, mask, ring_px=(9, 105)):
    """Pixels 3-35 mm (on the 3 px/mm grid) outside the sheet's box, in the photo and 3 mm off the foot."""
    x0, y0, x1, y1 = sheet_box
    inner, outer = ring_px
    ring = np.zeros(valid.shape, bool)
    ring[max(y0 - outer, 0):y1 + outer, max(x0 - outer, 0):x1 + outer] = True
    ring[max(y0 - inner, 0):y1 + inner, max(x0 - inner, 0):x1 + inner] = False
    near_foot = cv2.dilate(mask.astype(np.uint8), np.ones((19, 19), np.uint8)).astype(bool)
    inside = cv2.erode(valid.astype(np.uint8), np.ones((19, 19), np.uint8)).astype(bool)
    return ring & inside & ~near_foot


def floor_texture(rect, valid, sheet_box, mask):
    """The features of ``FEATURES`` but the tilt, of the floor ring; empty with under 500 px of floor."""
    sel = floor_ring(valid, sheet_box, mask)
    if np.count_nonzero(sel) < 500:
        return {}
    lab = cv2.cvtColor(rect, cv2.COLOR_BGR2LAB).astype(np.float32)
    L = lab[..., 0]
    out = {}
    for name, blur_px in (("tex2", 6.0), ("tex4", 12.0)):
        fine = (L - cv2.GaussianBlur(L, (0, 0), blur_px))[sel]
        out[name] = float(1.4826 * np.median(np.abs(fine - np.median(fine))))
    out["L_spread"] = float(np.std(L[sel]))
    out["ab_spread"] = float(np.hypot(np.std(lab[..., 1][sel]), np.std(lab[..., 2][sel])))
    return out


def main():
    first, per_textured, per_other, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    assert first in photo_accuracy.scenes.DEVELOPMENT_SEEDS, "development seeds only"
    seen = {}
    segment_foot = measure.segment_foot

    def recording_segment_foot(rect, valid, sheet_box):
        mask, level = segment_foot(rect, valid, sheet_box)
        seen.update(floor_texture(rect, valid, sheet_box, mask))
        return mask, level

    measure.segment_foot = recording_segment_foot
    rows = []
    for category in photo_accuracy.scenes.CATEGORIES:
        for seed in range(first, first + (per_textured if category in TEXTURED else per_other)):
            seen.clear()
            rows.append({**photo_accuracy.measure_scene(seed, category), **seen})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    out.write_text(json.dumps(rows, indent=1))
    quiet = [r for r in rows if "code" not in r and set(r["warnings"]) <= NEUTRAL_WARNINGS and "tex2" in r]
    print(f"{len(quiet)} measured scenes without a warning that adds to the sigma")
    for name in ("foot_length_mm", "ball_width_mm"):
        errors = np.abs([r[name] for r in quiet])
        rhos = ", ".join(f"{f} {spearmanr([r[f] for r in quiet], errors)[0]:+.2f}" for f in FEATURES)
        print(f"{name}: Spearman rho with |error|: {rhos}")


if __name__ == "__main__":
    main()
