"""Feet in, lasts out: the shop's side of the ``fit`` library.

Building is slow, so it always runs as a tracked job (``build_lasts_later``): in the
request with the inline backend, on a worker with Celery. The work is keyed by the
design's inputs (feet, style and options): the same inputs are built once, and a job
run twice leaves one pair of lasts.
"""

import hashlib
import json
import io
from collections.abc import Mapping
from typing import Any

import trimesh

from fit.foot import SIDES, Foot
from fit.pipeline import DRAWINGS, file_name, make_pair
from fit.style import StyleRules, rules_for

from .. import storage
from ..db import db, DbSession
from ..jobs import enqueue, job, run_tracked, track
from ..models import Design, Job, Last
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
        ``{side: {"report": LastReport.to_dict(), "table": FootFit.table(), "files": {fmt or drawing: storage key},
        "plan_outline_mm": the last seen from above}}`` (``fit.report.LastReport.from_dict`` reads the report back).
    """
    pair = make_pair({side: Foot.from_dict(side, feet[side]) for side in SIDES}, rules, _foot_meshes(captures),
                     reference=reference, formats=LAST_FORMATS)
    built = {}
    for side, report in pair.reports.items():
        files = {name: storage.save(f"{key_prefix}/{file_name(side, name)}", data)
                 for name, data in pair.files[side].items()}
        built[side] = {"report": report.to_dict(), "table": report.table, "files": files,
                       "plan_outline_mm": pair.plan_outline_mm[side]}
    return built


def inputs_sha256(design: Design) -> str:
    """What the design's lasts are built from (feet, style, construction, options), as one digest."""
    style = design.style
    inputs = [design.feet, style.key, style.construction, last_options(style, design.choices)]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def lasts_are_current(design: Design) -> bool:
    """Whether both lasts are built from the design's present inputs."""
    digest = inputs_sha256(design)
    return len(design.lasts) == 2 and all(last.inputs_sha256 == digest for last in design.lasts)


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
    digest = inputs_sha256(design)
    for side, parts in built.items():
        last = design.last(side)
        if last is None:
            last = Last(side=side)
            design.lasts.append(last)
        last.report, last.table, last.files = parts["report"], parts["table"], parts["files"]
        last.plan_outline_mm, last.inputs_sha256 = parts["plan_outline_mm"], digest
    session.flush()
    return design.lasts


def build_lasts_later(session: DbSession, design: Design) -> Job:
    """Queue the build of ``design``'s lasts unless the same inputs are queued, running or built; the job.

    Call it after the feet are committed. It commits the job's row itself, before queueing, so a worker
    always finds it.
    """
    tracked, to_queue = track(session, "build_lasts", design, inputs_sha256(design))
    session.commit()
    if to_queue:
        enqueue("build_lasts_job", job_id=tracked.id)
        session.refresh(tracked)
    return tracked


@job
def build_lasts_job(job_id: int) -> None:
    from ..orders.placing import complete_waiting_order    # orders build on shop, not the other way round

    if run_tracked(job_id, _build_for_job):
        tracked = db.session.get(Job, job_id)
        if tracked is not None and tracked.design_id is not None:
            complete_waiting_order(db.session, tracked.design_id)


def _build_for_job(session: DbSession, tracked: Job) -> None:
    design = session.get(Design, tracked.design_id) if tracked.design_id is not None else None
    if design is None or not design.feet:          # deleted since it was queued: nothing to build
        return
    if inputs_sha256(design) != tracked.inputs_sha256:     # the feet changed since: a newer job builds them
        return
    if not lasts_are_current(design):              # an earlier run of this job may have built them
        build_lasts(session, design)
