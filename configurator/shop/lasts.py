"""Feet in, lasts out: the shop's side of the ``fit`` library.

Building is slow, so it always runs as a job (``build_lasts_later``): in the
request with the inline backend, on a worker with Celery. The job can be rerun
safely for the same design.
"""

import io
from collections.abc import Mapping
from typing import Any

import trimesh

from fit.export import export_mesh
from fit.foot import SIDES, Foot
from fit.measure_last import plan_outline_mm
from fit.pipeline import DRAWINGS, fit_pair
from fit.style import StyleRules, rules_for

from .. import storage
from ..db import db, DbSession
from ..jobs import enqueue, job
from ..models import Design, Last
from .captures import capture_of
from .catalog import last_options

#: Every format a last is stored in: glb for the 3D preview, stl and 3mf for the factory.
LAST_FORMATS = ("glb", "stl", "3mf")
#: The last's drawings stored beside it (``fit.pipeline.DRAWINGS``): bottom pattern DXF/SVG, curves, sections.
DRAWING_FILES = DRAWINGS


def rules_for_design(design: Design) -> StyleRules:
    """Fit rules of the design's style; the catalog's construction is the one the factory uses."""
    style = design.style
    return rules_for(style.key, construction=style.construction, **last_options(style, design.choices))


def build_pair(feet: Mapping[str, Any], rules: StyleRules, key_prefix: str, reference: str,
               captures: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build, measure back and store both lasts.

    Parameters
    ----------
    feet : dict
        ``{"left": Foot.to_dict(), "right": ...}`` as stored on designs and orders.
    rules : fit.style.StyleRules
    key_prefix : str
        Storage folder for the files (``designs/<id>`` or ``orders/<reference>``).
    captures : dict or None
        ``{side: capture evidence}``; a mat capture's 3D foot (``foot_mesh_key``) shapes that side's last.

    Returns
    -------
    dict
        ``{side: {"report": FootFit.to_dict(), "table": FootFit.table(), "files": {fmt or drawing: storage key},
        "plan_outline_mm": the last seen from above}}``
    """
    fits = fit_pair({side: Foot.from_dict(side, feet[side]) for side in SIDES}, rules, _foot_meshes(captures))
    built = {}
    for side, fitted in fits.items():
        metadata = {"reference": reference, "side": side}
        files = {fmt: storage.save(f"{key_prefix}/{side}.{fmt}", export_mesh(fitted.mesh, fmt, metadata))
                 for fmt in LAST_FORMATS}
        for name, data in fitted.drawings(f"{reference} {side}").items():
            files[name] = storage.save(f"{key_prefix}/{side}_{name}", data)
        built[side] = {"report": fitted.to_dict(), "table": fitted.table(), "files": files,
                       "plan_outline_mm": plan_outline_mm(fitted.mesh)}
    return built


def _foot_meshes(captures: Mapping[str, Any] | None) -> dict[str, Any]:
    """The 3D feet (contract foot frame) of the sides captured on the mat."""
    keys = {side: (evidence or {}).get("foot_mesh_key") for side, evidence in (captures or {}).items()}
    return {side: trimesh.load_mesh(io.BytesIO(storage.load(key)), file_type="ply", process=False)
            for side, key in keys.items() if key and storage.exists(key)}


def build_lasts(session: DbSession, design: Design) -> list[Last]:
    """Build both lasts of ``design`` from its stored feet; replaces earlier ones. The caller commits."""
    captures = {side: capture_of(design.captures, design.feet, side) for side in SIDES}
    built = build_pair(design.feet or {}, rules_for_design(design), f"designs/{design.public_id}",
                       design.public_id, captures)
    for side, parts in built.items():
        last = design.last(side)
        if last is None:
            last = Last(side=side)
            design.lasts.append(last)
        last.report, last.table, last.files = parts["report"], parts["table"], parts["files"]
        last.plan_outline_mm = parts["plan_outline_mm"]
    session.flush()
    return design.lasts


def build_lasts_later(design: Design) -> None:
    """Queue the build of ``design``'s lasts; call it after the feet are committed."""
    enqueue("build_lasts_job", design_id=design.id)


@job
def build_lasts_job(design_id: int) -> None:
    design = db.session.get(Design, design_id)
    if design is None:          # deleted since it was queued: nothing to build
        return
    build_lasts(db.session, design)
    db.session.commit()
