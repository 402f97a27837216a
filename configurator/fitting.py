"""Feet in, lasts out: the shop's side of the ``fit`` library."""

from fit.errors import InvalidSpec
from fit.export import export_mesh
from fit.foot import MEASUREMENT_NAMES, SIDES, Foot
from fit.measure_last import plan_outline_mm
from fit.pipeline import fit_pair
from fit.style import rules_for

from . import storage
from .db import db
from .catalog import last_options
from .jobs import job
from .models import Design, Last

MM_PER_INCH = 25.4
#: Form fields of the typed-measurements form, per side: measurement name -> required?
FORM_FIELDS = {"foot_length_mm": True, "ball_width_mm": True, "ball_girth_mm": False, "instep_girth_mm": False}
LAST_FORMATS = ("glb", "stl", "3mf")


def feet_from_form(form):
    """Both feet from the typed form: fields ``{side}_{name}`` and ``units`` (mm or in).

    Returns ``{"left": Foot, "right": Foot}``; raises ``InvalidSpec`` naming the
    form field (``left_ball_width_mm``) at fault.
    """
    units = form.get("units", "mm")
    if units not in ("mm", "in"):
        raise InvalidSpec("Units must be mm or inches.", field="units")
    scale = MM_PER_INCH if units == "in" else 1.0
    feet = {}
    for side in SIDES:
        values = {}
        for name, required in FORM_FIELDS.items():
            raw = (form.get(f"{side}_{name}") or "").strip().replace(",", ".")
            if not raw:
                if required:
                    raise InvalidSpec(f"Please give the {side} foot's {_words(name)}.", field=f"{side}_{name}")
                continue
            try:
                values[name] = round(float(raw) * scale, 1)
            except ValueError:
                raise InvalidSpec(f"The {side} foot's {_words(name)} must be a number, not {raw!r}.",
                                  field=f"{side}_{name}") from None
        try:
            feet[side] = Foot.from_dict(side, values)
        except InvalidSpec as error:
            error.field = f"{side}_{error.field}" if error.field in MEASUREMENT_NAMES else error.field
            raise
    return feet


def save_feet(design, feet):
    """Store both feet on the design (replacing earlier values) and drop lasts built from old values."""
    design.feet = {side: feet[side].to_dict() for side in SIDES}
    design.lasts.clear()


def rules_for_design(design):
    """Fit rules of the design's style; the catalog's construction is the one the factory uses."""
    style = design.style
    return rules_for(style.key, construction=style.construction, **last_options(style, design.choices))


def build_pair(feet, rules, key_prefix, reference):
    """Build, measure back and store both lasts.

    Parameters
    ----------
    feet : dict
        ``{"left": Foot.to_dict(), "right": ...}`` as stored on designs and orders.
    rules : fit.style.StyleRules
    key_prefix : str
        Storage folder for the files (``designs/<id>`` or ``orders/<reference>``).

    Returns
    -------
    dict
        ``{side: {"report": FootFit.to_dict(), "table": FootFit.table(), "files": {fmt: storage key},
        "plan_outline_mm": the last seen from above}}``
    """
    fits = fit_pair({side: Foot.from_dict(side, feet[side]) for side in SIDES}, rules)
    built = {}
    for side, fitted in fits.items():
        metadata = {"reference": reference, "side": side}
        files = {fmt: storage.save(f"{key_prefix}/{side}.{fmt}", export_mesh(fitted.mesh, fmt, metadata))
                 for fmt in LAST_FORMATS}
        built[side] = {"report": fitted.to_dict(), "table": fitted.table(), "files": files,
                       "plan_outline_mm": plan_outline_mm(fitted.mesh)}
    return built


def build_lasts(session, design):
    """Build both lasts of ``design`` from its stored feet; replaces earlier ones."""
    built = build_pair(design.feet, rules_for_design(design), f"designs/{design.public_id}", design.public_id)
    for side, parts in built.items():
        last = design.last(side)
        if last is None:
            last = Last(side=side)
            design.lasts.append(last)
        last.report, last.table, last.files = parts["report"], parts["table"], parts["files"]
        last.plan_outline_mm = parts["plan_outline_mm"]
    session.flush()
    return design.lasts


@job
def build_lasts_job(design_id):
    design = db.session.get(Design, design_id)
    build_lasts(db.session, design)
    db.session.commit()


def _words(name):
    return name.removesuffix("_mm").replace("_", " ")
