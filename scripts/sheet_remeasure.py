"""Print the measurement sheet of a few lasts and how far a re-measure from the exported STL differs.

Run: ``.venv/bin/python scripts/sheet_remeasure.py``
"""

import io
import sys
from pathlib import Path

import trimesh

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fit.export import export_mesh  # noqa: E402
from fit.foot import Foot  # noqa: E402
from fit.last import landmarks  # noqa: E402
from fit.measure_last import SHEET, measure_sheet  # noqa: E402
from fit.pipeline import fit_foot  # noqa: E402
from fit.style import STYLES, rules_for  # noqa: E402


def main():
    worst = {name: 0.0 for name, _, _ in SHEET}
    rows = []
    for style in STYLES:
        for side in ("left", "right"):
            fit = fit_foot(Foot(side, 265.0, 102.0, ball_girth_mm=250.0), rules_for(style))
            again = trimesh.load(io.BytesIO(export_mesh(fit.mesh, "stl")), file_type="stl")
            remeasured = measure_sheet(again, landmarks(fit.spec))
            for name in worst:
                worst[name] = max(worst[name], abs(remeasured[name] - fit.sheet[name]))
            if side == "left":
                rows.append((style, fit.sheet))
    print(f"{'measure':<28}" + "".join(f"{s:>10}" for s, _ in rows) + f"{'re-measure max |d|':>20}")
    for name, label, _ in SHEET:
        print(f"{label:<28}" + "".join(f"{sheet[name]:>10.1f}" for _, sheet in rows) + f"{worst[name]:>20.3f}")


if __name__ == "__main__":
    main()
