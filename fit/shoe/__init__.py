"""A shoe built around a last: sole and heel from its bottom pattern, an upper cut into pattern pieces.

``build_shoe(last, style, options)`` gives a ``Shoe``: named parts, each a watertight mesh in
the last frame (mm, see ``fit.last``; the floor is ``z = -sole thickness``), with its material.
``shoe_glb(shoe)`` writes it for the web (glTF binary, one PBR material per part).

Modules
-------
form       what the shoe reads from a last (mesh, featherline, bottom and top profiles)
solids     watertight solids and regions (manifold3d)
sole       sole, cupsole and heel block
upper      the leather shell, topline and each style's pattern pieces
materials  PBR looks per option code
glb        the GLB writer (quantised, under 2 MB a shoe)
"""

from dataclasses import dataclass

import trimesh

from ..errors import InvalidSpec
from . import materials, solids
from .form import LastForm, last_form
from .sole import SolePlan, bottom_parts, sole_plan
from .upper import upper_parts

STYLES = ("oxford", "derby", "chelsea", "sneaker")

#: Bumped whenever the shoe's geometry or looks change, so stored shoes are built again.
MODEL_VERSION = 1

#: The last's surface, and each finished part, is simplified by this much, mm (the GLB stays
#: small; far below the leather's own thickness).
SURFACE_TOLERANCE_MM = 0.15


@dataclass(frozen=True)
class ShoePart:
    """One piece: ``mesh`` (watertight, mm, last frame) and its ``look`` (``materials.Look``)."""

    name: str
    mesh: trimesh.Trimesh
    look: materials.Look


@dataclass(frozen=True)
class Shoe:
    """A shoe for one last: its parts, the form it was built on, and the sole's dimensions."""

    style: str
    parts: tuple
    form: LastForm
    sole: SolePlan

    def part(self, name):
        """The part called ``name``."""
        for part in self.parts:
            if part.name == name:
                return part
        raise KeyError(name)


def build_shoe(last, style, options=None, construction=None, side=None):
    """The shoe of ``style`` on ``last``.

    Parameters
    ----------
    last : trimesh.Trimesh or object with ``.mesh`` (see ``fit.shoe.form.last_form``)
    style : str
        One of ``STYLES``.
    options : dict
        Chosen option codes by group key (``"leather"``, ``"sole"``; others ignored).
    construction : str or None
        ``"goodyear"``, ``"blake"``, ``"cemented"`` or ``"vulcanised"``; the style's usual one when None.

    Returns
    -------
    Shoe
    """
    if style not in STYLES:
        raise InvalidSpec(f"Unknown style {style!r}; choose one of {', '.join(STYLES)}.", field="style")
    options = dict(options or {})
    form = last_form(last, side=side)
    plan = sole_plan(construction or _CONSTRUCTION[style], options.get("sole"))
    last_solid = solids.to_manifold(form.mesh)
    if last_solid.is_empty():
        raise InvalidSpec("The last mesh is not a closed surface; no shoe can be built on it.", field="last")
    simple = last_solid.simplify(SURFACE_TOLERANCE_MM)
    form = LastForm(mesh=solids.to_trimesh(simple), featherline_xy=form.featherline_xy, profile_y=form.profile_y,
                    bottom_z=form.bottom_z, top_z=form.top_z, side=form.side)
    # the sole is cut by the last itself (its floor edge is measured); the upper by the simplified last
    pieces = {**bottom_parts(form, plan, last_solid), **upper_parts(form, style, simple)}
    # the sole keeps its refined floor and vertical walls: the floor's edge is measured on it
    parts = tuple(ShoePart(name, solids.to_trimesh(solid if name == "sole" else solid.simplify(SURFACE_TOLERANCE_MM)),
                           materials.part_look(name, options))
                  for name, solid in pieces.items() if not solid.is_empty())
    return Shoe(style=style, parts=parts, form=form, sole=plan)


_CONSTRUCTION = {"oxford": "goodyear", "derby": "goodyear", "chelsea": "blake", "sneaker": "cemented"}
