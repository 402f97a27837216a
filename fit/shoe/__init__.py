"""A shoe built around a last: sole and heel from its bottom pattern, an upper cut into pattern pieces.

``build_shoe(last, style, options)`` gives a ``Shoe``: named parts, each a watertight mesh in
the last frame (mm, see ``fit.last``; the floor is ``z = -sole thickness``), with its material.
``shoe_glb(shoe)`` writes it for the web (glTF binary, one PBR material per part).

A caller building several shoes on one last splits the work: ``prepare_last`` once (the last's
form and simplified solid), ``shoe_upper`` once per style (it depends on neither the sole nor the
colours), then ``build_shoe(prepared, style, options, upper=...)`` per sole, which only adds the
bottom. Colours never need a build: ``glb.recolour_glb`` rewrites the materials of a stored GLB.

Modules
-------
form       what the shoe reads from a last (mesh, featherline, bottom and top profiles)
solids     watertight solids and regions (manifold3d)
sole       sole, cupsole and heel block
upper      the leather shell, topline and each style's pattern pieces
materials  PBR looks per option code
glb        the GLB writer (quantised, under 2 MB a shoe)
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import manifold3d as mf
import trimesh

from ..errors import InvalidSpec
from . import materials, solids
from .form import LastForm, last_form
from .sole import SolePlan, bottom_parts, sole_plan
from .upper import upper_parts

STYLES = ("oxford", "derby", "chelsea", "sneaker")

#: Bumped whenever the shoe's geometry or looks change, so stored shoes are built again.
MODEL_VERSION = 2

#: The last's surface, and each finished part, is simplified by this much, mm (the GLB stays
#: small and the cuts fast; a fifth of the leather's own thickness, ``upper.LEATHER_MM``).
SURFACE_TOLERANCE_MM = 0.3

#: Each style's usual construction.
CONSTRUCTION = {"oxford": "goodyear", "derby": "goodyear", "chelsea": "blake", "sneaker": "cemented"}


@dataclass(frozen=True)
class ShoePart:
    """One piece: ``mesh`` (watertight, mm, last frame) and its ``look`` (``materials.Look``)."""

    name: str
    mesh: trimesh.Trimesh
    look: materials.Look


@dataclass(frozen=True)
class PreparedLast:
    """A last made ready for shoes: its form (on the simplified surface) and that surface as a solid.

    Preparing is a third of a shoe's build; a caller that builds several shoes on one last (another
    sole, another style) prepares it once.
    """

    form: LastForm
    solid: mf.Manifold


@dataclass(frozen=True)
class Shoe:
    """A shoe for one last: its parts, the form it was built on, and the sole's dimensions."""

    style: str
    parts: tuple[ShoePart, ...]
    form: LastForm
    sole: SolePlan

    def part(self, name: str) -> ShoePart:
        """The part called ``name``."""
        for part in self.parts:
            if part.name == name:
                return part
        raise KeyError(name)


def prepare_last(last: Any, side: str | None = None) -> PreparedLast:
    """Read ``last`` as the shoe needs it (see ``fit.shoe.form.last_form``) and simplify its surface.

    Parameters
    ----------
    last : trimesh.Trimesh or object with ``.mesh``
        Watertight, mm, last frame.
    side : str or None
        ``"left"`` or ``"right"``; read from ``last.spec.side`` when None.

    Returns
    -------
    PreparedLast
    """
    form = last_form(last, side=side)
    last_solid = solids.to_manifold(form.mesh)
    if last_solid.is_empty():
        raise InvalidSpec("The last mesh is not a closed surface; no shoe can be built on it.", field="last")
    simple = last_solid.simplify(SURFACE_TOLERANCE_MM)
    form = LastForm(mesh=solids.to_trimesh(simple), featherline_xy=form.featherline_xy, profile_y=form.profile_y,
                    bottom_z=form.bottom_z, top_z=form.top_z, side=form.side)
    return PreparedLast(form=form, solid=simple)


def shoe_upper(prepared: PreparedLast, style: str) -> dict[str, trimesh.Trimesh]:
    """The upper's pieces of ``style`` on a prepared last, ``{name: watertight mesh}`` (mm, last frame).

    They do not depend on the sole or the colours: a caller may keep them for other options.
    """
    _check_style(style)
    return _finished(upper_parts(prepared.form, style, prepared.solid))


def shoe_bottom(prepared: PreparedLast, plan: SolePlan) -> dict[str, trimesh.Trimesh]:
    """The sole (and heel block) for ``plan`` on a prepared last, ``{name: watertight mesh}``."""
    return _finished(bottom_parts(prepared.form, plan, prepared.solid))


def build_shoe(last: Any, style: str, options: Mapping[str, str] | None = None, construction: str | None = None,
               side: str | None = None, upper: Mapping[str, trimesh.Trimesh] | None = None) -> Shoe:
    """The shoe of ``style`` on ``last``.

    Parameters
    ----------
    last : PreparedLast, trimesh.Trimesh or object with ``.mesh`` (see ``fit.shoe.form.last_form``)
    style : str
        One of ``STYLES``.
    options : dict
        Chosen option codes by group key (``"leather"``, ``"sole"``; others ignored).
    construction : str or None
        ``"goodyear"``, ``"blake"``, ``"cemented"`` or ``"vulcanised"``; the style's usual one when None.
    side : str or None
        Overrides the side read from the last (not used with a ``PreparedLast``).
    upper : dict or None
        The pieces ``shoe_upper(last, style)`` gave before, reused as they are.

    Returns
    -------
    Shoe
    """
    _check_style(style)
    chosen = dict(options or {})
    prepared = last if isinstance(last, PreparedLast) else prepare_last(last, side=side)
    plan = sole_plan(construction or CONSTRUCTION[style], chosen.get("sole"))
    pieces = {**shoe_bottom(prepared, plan), **(upper if upper is not None else shoe_upper(prepared, style))}
    parts = tuple(ShoePart(name, mesh, materials.part_look(name, chosen)) for name, mesh in pieces.items())
    return Shoe(style=style, parts=parts, form=prepared.form, sole=plan)


def _check_style(style: str) -> None:
    if style not in STYLES:
        raise InvalidSpec(f"Unknown style {style!r}; choose one of {', '.join(STYLES)}.", field="style")


def _finished(pieces: Mapping[str, mf.Manifold]) -> dict[str, trimesh.Trimesh]:
    """Each non-empty solid as a mesh; simplified, except the sole, whose floor's edge is measured."""
    return {name: solids.to_trimesh(solid if name == "sole" else solid.simplify(SURFACE_TOLERANCE_MM))
            for name, solid in pieces.items() if not solid.is_empty()}
