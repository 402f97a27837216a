"""Pictures of one last per style and per toe shape, kept as test artifacts.

Written to ``build/test-artifacts/lasts/`` (ignored by git; ``CORDWAIN_ARTIFACTS`` moves it):
side, top and back views and the section sheet of each last.
"""

import io
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fit.drawings import section_points
from fit.estimate import complete_foot
from fit.foot import Foot
from fit.last import build_last, landmarks, last_spec
from fit.render import VIEWS, render_sections, render_view
from fit.style import STYLES, TOE_SHAPES, rules_for

ARTIFACTS = Path(os.environ.get("CORDWAIN_ARTIFACTS", Path(__file__).resolve().parents[2] / "build" / "test-artifacts"))
CASES = [(style, None) for style in STYLES] + [("derby", toe) for toe in TOE_SHAPES if toe != "round"]


@pytest.mark.parametrize("style, toe", CASES)
def test_views_of_one_last_per_style_and_toe_shape(style, toe):
    spec = last_spec(complete_foot(Foot("left", 265.0, 102.0)), rules_for(style, toe_shape=toe))
    mesh = build_last(spec)
    out = ARTIFACTS / "lasts"
    out.mkdir(parents=True, exist_ok=True)
    name = f"{style}_{spec.toe_shape}"
    for view in VIEWS:
        png = render_view(mesh, view, size=(420, 270))
        image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
        # the last fills a good part of the picture and is shaded, not a silhouette
        assert 0.15 < (image < 250).mean() < 0.9
        assert np.ptp(image[image < 250]) > 40
        (out / f"{name}_{view}.png").write_bytes(png)
    marks = landmarks(spec)
    axis = np.array([0.0, 1.0, 0.0])
    named = [(label, section_points(mesh, [0.0, marks[key], 0.0], axis))
             for label, key in (("heel", "heel_seat_y"), ("waist", "waist_y"), ("instep", "instep_y"),
                                ("ball", "ball_medial_y"), ("toe", "toe_y"))]
    (out / f"{name}_sections.png").write_bytes(render_sections(named))
