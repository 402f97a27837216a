"""The shopper's shoe: in 3D (GLB) and as a catalog picture, built by ``fit.shoe`` and stored by inputs.

A shoe is stored under a hash of everything that shapes it (the last, the style, its construction,
the last's options and the sole), so each combination is built once; the leather only changes
colours, so a stored shoe is recoloured for it in milliseconds. Within a process the last made
ready for shoes and each style's upper on it are kept too (a few recent ones), so another sole is
only a new bottom. ``seed_shoes`` builds, for each style, the shoe in its default options and in
every choice one click away from them, and the catalog picture, so the style page answers from
stored files. Before feet are given the shoe
stands on a default last: the mean foot of ANSUR II men (foot length 271.2 mm, horizontal foot
breadth 101.9 mm, 4,082 subjects; Gordon et al. 2014, 2012 Anthropometric Survey of U.S. Army
Personnel, NATICK/TR-15/007, public data).
"""

import hashlib
import io
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import trimesh

from fit.estimate import complete_foot
from fit.foot import Foot
from fit.last import build_last, last_spec
from fit.shoe import MODEL_VERSION, PreparedLast, Shoe, build_shoe, prepare_last, shoe_upper
from fit.shoe.glb import recolour_glb, shoe_glb
from fit.shoe.picture import render_png
from fit.style import rules_for

from .. import storage
from ..models import Design, Style
from .catalog import chosen_options, default_choices, last_options

#: The default last's foot, mm (ANSUR II men's means, see the module docstring).
DEFAULT_FOOT_LENGTH_MM = 271.0
DEFAULT_BALL_WIDTH_MM = 102.0

#: The default last is built coarser than a shopper's (``fit.last`` builds 168 x 128): a quarter of
#: the triangles, a third of the time to ready it for a shoe, and its featherline as well measured
#: (the sole follows it within 0.05 mm either way; ``bench/bench_shoe.py``).
DEFAULT_LAST_STATIONS = 84
DEFAULT_LAST_AROUND = 64

#: Option groups that change the shoe's geometry (besides the last's own options).
_GEOMETRY_GROUPS = ("sole",)
#: Option groups whose choice gives another shoe shape: the sole, and the last's toe and heel.
_SHAPING_GROUPS = (*_GEOMETRY_GROUPS, "toe", "heel")

#: Prepared lasts and uppers kept per process (each a few MB): the recent ones a shopper turns between.
_KEEP = 12
_T = TypeVar("_T")
_prepared: "OrderedDict[str, PreparedLast]" = OrderedDict()
_uppers: "OrderedDict[str, dict[str, trimesh.Trimesh]]" = OrderedDict()
_lock = threading.Lock()


def style_choices(style: Style, given: Mapping[str, str]) -> dict[str, str]:
    """The style's default choices, with each given one for a group of the style (checked: UNKNOWN_OPTION)."""
    choices = default_choices(style)
    choices.update({group.key: given[group.key] for group in style.groups if group.key in given})
    chosen_options(style, choices)
    return choices


def style_shoe_glb(style: Style, choices: Mapping[str, str]) -> bytes:
    """The shoe of ``style`` with ``choices`` on the default last, GLB bytes."""
    key = _shoe_key(style, choices, _default_last_key(style, choices))
    if not storage.exists(key):
        storage.save(key, shoe_glb(_default_shoe(style, choices), {"style": style.key}))
    return recolour_glb(storage.load(key), choices)


def design_shoe_glb(design: Design, side: str) -> bytes | None:
    """The shoe of ``design`` on its own ``side`` last, GLB bytes; None before the last is built."""
    last = design.last(side)
    if last is None or not storage.exists(last.files.get("stl")):
        return None
    stl = storage.load(last.files["stl"])
    last_key = "last-" + hashlib.sha256(stl).hexdigest()
    key = _shoe_key(design.style, design.choices, last_key)
    if not storage.exists(key):
        # loading merges the STL's vertices
        prepared = _remember(_prepared, f"{last_key}-{side}",
                             lambda: prepare_last(trimesh.load(io.BytesIO(stl), file_type="stl"), side=side))
        shoe = _shoe_on(prepared, last_key, design.style, design.choices)
        storage.save(key, shoe_glb(shoe, {"style": design.style.key, "side": side}))
    return recolour_glb(storage.load(key), design.choices)


def style_picture_png(style: Style) -> bytes:
    """The catalog picture of ``style`` in its default choices, PNG bytes (stored by ``seed_shoes``).

    Rendered here only when the store lacks it (a catalog seeded before pictures were stored).
    """
    key = _picture_key(style)
    if not storage.exists(key):
        storage.save(key, render_png(_default_shoe(style, default_choices(style))))
    return storage.load(key)


def seed_shoes(style: Style, variants: bool = True, report: Callable[[str], None] | None = None) -> int:
    """Store the catalog picture of ``style`` and, with ``variants``, its shoes one option change away.

    The shoes are the default choices and each choice that differs from them in one shaping
    group (the ones a shopper reaches with one click on the style page). Stored files are kept,
    so seeding again builds only what is missing.

    Returns
    -------
    int
        Files built (pictures and shoes).
    """
    start, built = time.perf_counter(), 0
    if not storage.exists(_picture_key(style)):
        style_picture_png(style)
        built += 1
    for choices in _one_click_away(style) if variants else []:
        if not storage.exists(_shoe_key(style, choices, _default_last_key(style, choices))):
            style_shoe_glb(style, choices)
            built += 1
    if report is not None:
        report(f"{style.name}: {built} files built in {time.perf_counter() - start:.1f} s.")
    return built


def forget_prepared_lasts() -> None:
    """Drop the prepared lasts and uppers this process keeps (a benchmark's cold start)."""
    with _lock:
        _prepared.clear()
        _uppers.clear()


def _one_click_away(style: Style) -> list[dict[str, str]]:
    defaults = default_choices(style)
    variants = [defaults]
    for group in style.groups:
        if group.key in _SHAPING_GROUPS:
            variants += [{**defaults, group.key: option.code} for option in group.options
                         if option.code != defaults[group.key]]
    return variants


def _default_shoe(style: Style, choices: Mapping[str, str]) -> Shoe:
    last_key = _default_last_key(style, choices)
    prepared = _remember(_prepared, last_key, lambda: prepare_last(_default_last_mesh(style, choices), side="left"))
    return _shoe_on(prepared, last_key, style, choices)


def _default_last_mesh(style: Style, choices: Mapping[str, str]) -> trimesh.Trimesh:
    """The default foot's last for the style's last options (built, not measured: the shoe needs the mesh)."""
    rules = rules_for(style.key, construction=style.construction, **last_options(style, choices))
    foot = Foot(side="left", foot_length_mm=DEFAULT_FOOT_LENGTH_MM, ball_width_mm=DEFAULT_BALL_WIDTH_MM)
    return build_last(last_spec(complete_foot(foot), rules), n_stations=DEFAULT_LAST_STATIONS,
                      n_around=DEFAULT_LAST_AROUND)


def _shoe_on(prepared: PreparedLast, last_key: str, style: Style, choices: Mapping[str, str]) -> Shoe:
    """The shoe on a prepared last, the style's upper on it kept for the next sole."""
    upper = _remember(_uppers, f"{last_key}-{style.key}", lambda: shoe_upper(prepared, style.key))
    return build_shoe(prepared, style.key, choices, construction=style.construction, upper=upper)


def _remember(cache: "OrderedDict[str, _T]", key: str, make: Callable[[], _T]) -> _T:
    """``cache[key]``, made first when missing; the least recently used entries past ``_KEEP`` go.

    The lock guards the bookkeeping only: two threads missing the same key both build it (rare,
    and cheaper than making every request wait behind one build).
    """
    with _lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = make()
    with _lock:
        cache[key] = value
        while len(cache) > _KEEP:
            cache.popitem(last=False)
    return value


def _default_last_key(style: Style, choices: Mapping[str, Any]) -> str:
    return "default-last-" + _digest({"style": style.key, "construction": style.construction,
                                      "foot": [DEFAULT_FOOT_LENGTH_MM, DEFAULT_BALL_WIDTH_MM],
                                      "last_options": last_options(style, choices)})


def _picture_key(style: Style) -> str:
    choices = default_choices(style)
    digest = _digest({"shoe": _shoe_key(style, choices, _default_last_key(style, choices)),
                      "leather": choices.get("leather")})
    return f"pictures/{style.key}-{digest}.png"


def _shoe_key(style: Style, choices: Mapping[str, Any], last: str) -> str:
    shaping = {"version": MODEL_VERSION, "last": last, "style": style.key, "construction": style.construction,
               "last_options": last_options(style, choices),
               **{group: choices.get(group) for group in _GEOMETRY_GROUPS}}
    return f"shoes/{_digest(shaping)}.glb"


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:32]
