"""The shopper's shoe: in 3D (GLB) and as a catalog picture, built by ``fit.shoe`` and stored by inputs.

A shoe is stored under a hash of everything that shapes it (the last, the style, its construction,
the last's options and the sole), so each combination is built once; the leather only changes
colours, so a stored shoe is recoloured for it in milliseconds. Before feet are given the shoe
stands on a default last: the mean foot of ANSUR II men (foot length 271.2 mm, horizontal foot
breadth 101.9 mm, 4,082 subjects; Gordon et al. 2014, 2012 Anthropometric Survey of U.S. Army
Personnel, NATICK/TR-15/007, public data).
"""

import hashlib
import io
import json
from collections.abc import Mapping
from typing import Any

import trimesh

from fit.foot import Foot
from fit.pipeline import fit_foot
from fit.shoe import MODEL_VERSION, Shoe, build_shoe
from fit.shoe.glb import recolour_glb, shoe_glb
from fit.shoe.picture import render_png
from fit.style import rules_for

from .. import storage
from ..errors import ShopError
from ..models import Design, Style
from .catalog import default_choices, last_options

#: The default last's foot, mm (ANSUR II men's means, see the module docstring).
DEFAULT_FOOT_LENGTH_MM = 271.0
DEFAULT_BALL_WIDTH_MM = 102.0

#: Option groups that change the shoe's geometry (besides the last's own options).
_GEOMETRY_GROUPS = ("sole",)


def style_choices(style: Style, given: Mapping[str, str]) -> dict[str, str]:
    """The style's default choices, with each given one that is an option of its group."""
    choices = default_choices(style)
    for group in style.groups:
        code = given.get(group.key)
        if code is None:
            continue
        if group.option(code) is None:
            raise ShopError(f"{code!r} is not a {group.label.lower()} of the {style.name}.", code="UNKNOWN_OPTION",
                            field=group.key, status=422)
        choices[group.key] = code
    return choices


def style_shoe_glb(style: Style, choices: Mapping[str, str]) -> bytes:
    """The shoe of ``style`` with ``choices`` on the default last, GLB bytes."""
    key = _shoe_key(style, choices, "default-last")
    if not storage.exists(key):
        storage.save(key, shoe_glb(_default_shoe(style, choices), {"style": style.key}))
    return recolour_glb(storage.load(key), choices)


def design_shoe_glb(design: Design, side: str) -> bytes | None:
    """The shoe of ``design`` on its own ``side`` last, GLB bytes; None before the last is built."""
    last = design.last(side)
    if last is None or not storage.exists(last.files.get("stl")):
        return None
    stl = storage.load(last.files["stl"])
    key = _shoe_key(design.style, design.choices, "last-" + hashlib.sha256(stl).hexdigest())
    if not storage.exists(key):
        mesh = trimesh.load(io.BytesIO(stl), file_type="stl")     # loading merges the STL's vertices
        shoe = build_shoe(mesh, design.style.key, design.choices, construction=design.style.construction,
                          side=side)
        storage.save(key, shoe_glb(shoe, {"style": design.style.key, "side": side}))
    return recolour_glb(storage.load(key), design.choices)


def style_picture_png(style: Style) -> bytes:
    """The catalog picture of ``style`` in its default choices, PNG bytes (rendered once, then stored)."""
    choices = default_choices(style)
    digest = _digest({"shoe": _shoe_key(style, choices, "default-last"), "leather": choices.get("leather")})
    key = f"pictures/{style.key}-{digest}.png"
    if not storage.exists(key):
        storage.save(key, render_png(_default_shoe(style, choices)))
    return storage.load(key)


def _default_shoe(style: Style, choices: Mapping[str, Any]) -> Shoe:
    rules = rules_for(style.key, construction=style.construction, **last_options(style, choices))
    fit = fit_foot(Foot(side="left", foot_length_mm=DEFAULT_FOOT_LENGTH_MM, ball_width_mm=DEFAULT_BALL_WIDTH_MM),
                   rules)
    return build_shoe(fit, style.key, choices, construction=style.construction)


def _shoe_key(style: Style, choices: Mapping[str, Any], last: str) -> str:
    shaping = {"version": MODEL_VERSION, "last": last, "style": style.key, "construction": style.construction,
               "last_options": last_options(style, choices),
               **{group: choices.get(group) for group in _GEOMETRY_GROUPS}}
    return f"shoes/{_digest(shaping)}.glb"


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:32]
