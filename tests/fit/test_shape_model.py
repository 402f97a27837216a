import numpy as np
import pytest
import trimesh

from fit.estimate import complete_foot
from fit.foot_mesh import foot_frame, measure_foot_mesh
from fit.procedural_foot import procedural_foot
from fit.shape_model import N_THETA, features, foot_sections, model_sections, model_source


def across_heights(sections, f, inset_mm):
    """Heights of the envelope ``inset_mm`` in from the medial and the lateral edge at fraction f."""
    profile = sections.profile_at([f])[0] * float(sections.height_at(f))
    theta = np.linspace(0.0, np.pi, N_THETA)
    frac = (1.0 - np.cos(theta)) / 2.0  # 0 at the medial edge, 1 at the lateral
    width = 0.38 * sections.length_mm  # about the chord at 55 %
    return (float(np.interp(inset_mm / width, frac, profile)),
            float(np.interp(1.0 - inset_mm / width, frac, profile)))


def test_model_sections_are_tall_medially_and_low_laterally():
    sections = model_sections(265.0)
    medial, lateral = across_heights(sections, 0.55, 10.0)
    assert medial > 1.4 * lateral                      # the medial side stands tall
    crest = np.argmax(sections.profile_at([0.55])[0])
    assert crest < N_THETA // 2                         # the crest lies over the first rays
    assert 0.2 < sections.height_at(0.5) / 265.0 < 0.32
    assert sections.height_at(0.9) < sections.height_at(0.7) < sections.height_at(0.5)
    assert "dupontgu" in model_source() and "procedural" in model_source()


def test_model_back_curve_leans_forward_above_the_bulge():
    sections = model_sections(265.0)
    z = np.linspace(0.0, 80.0, 17)
    back = sections.back_at(z)
    bulge = z[np.argmin(back)]
    assert 15.0 < bulge < 45.0
    assert sections.back_at(75.0) - back.min() > 5.0


@pytest.mark.parametrize("seed, side", [(700, "left"), (701, "right")])
def test_sections_of_a_3d_foot_are_its_own(seed, side):
    frame, outline = foot_frame(procedural_foot(seed, side))
    sections = foot_sections(frame, side)
    assert sections.length_mm == pytest.approx(outline.bounds[3], abs=0.5)
    for f in (0.3, 0.5, 0.7):
        y = f * sections.length_mm
        seg = trimesh.intersections.mesh_plane(frame, plane_normal=[0, 1, 0], plane_origin=[0, y, 0])
        assert sections.height_at(f) == pytest.approx(seg[:, :, 2].max(), abs=1.5)
    assert np.all(sections.profile <= 1.0) and np.all(sections.inset >= 0.0)


@pytest.mark.parametrize("seed, side", [(902, "left"), (903, "right")])  # held out from training and tuning
def test_conditioned_model_is_nearer_the_foot_than_the_mean(seed, side):
    mesh = procedural_foot(seed, side)
    foot = complete_foot(measure_foot_mesh(mesh, side=side))
    frame, _ = foot_frame(mesh)
    own = foot_sections(frame, side)
    f = np.linspace(0.5, 0.8, 7)
    conditioned = model_sections(own.length_mm, features(foot))
    mean = model_sections(own.length_mm)
    error = np.abs(conditioned.height_at(f) - own.height_at(f)).mean()
    assert error < np.abs(mean.height_at(f) - own.height_at(f)).mean()
    assert error < 3.0  # mm of crest height over the forefoot
    assert np.all((conditioned.profile >= 0.0) & (conditioned.profile <= 1.0))
