"""The demo catalog loaded by ``flask catalog seed``: four styles with prices in integer cents (EUR)."""

from collections.abc import Iterable, Mapping
from typing import Any

_LEATHERS = {
    "calf-black": "Black box calf", "calf-dark-brown": "Dark brown calf", "museum-oxblood": "Oxblood museum calf",
    "suede-snuff": "Snuff suede", "grain-tan": "Tan scotch grain", "nappa-white": "White nappa",
    "nappa-black": "Black nappa", "suede-sand": "Sand suede",
}
_SOLES = {
    "leather": "Oak-bark leather sole", "leather-rubber-insert": "Leather with rubber insert",
    "commando": "Commando rubber lug sole", "dainite": "Studded rubber sole", "rubber-cup": "White rubber cupsole",
    "gum-cup": "Gum rubber cupsole",
}
_TOES = {"round": "Round toe", "almond": "Almond toe", "square": "Square toe", "pointed": "Pointed toe"}

_LUG_SOLE_TOE = "a lug sole needs the toe room of a round, almond or square toe."
_LEATHER_SOLE_WET = "a leather sole on a suede sneaker-weight upper wears through in the wet; choose rubber."


def _option(code: str, label: str, price_delta_cents: int | None = None,
            attrs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One option as ``seed_demo_catalog`` reads it (no price delta: the style's price)."""
    option: dict[str, Any] = {"code": code, "label": label}
    if price_delta_cents is not None:
        option["price_delta_cents"] = price_delta_cents
    if attrs is not None:
        option["attrs"] = dict(attrs)
    return option


def _leather(code: str, price_delta_cents: int | None = None, **attrs: Any) -> dict[str, Any]:
    return _option(code, _LEATHERS[code], price_delta_cents, attrs or None)


def _sole(code: str, price_delta_cents: int | None = None, label: str | None = None,
          **attrs: Any) -> dict[str, Any]:
    return _option(code, label or _SOLES[code], price_delta_cents, attrs or None)


def _toe_group(shapes: Iterable[str], extra_cents: Mapping[str, int] | None = None) -> dict[str, Any]:
    extra = extra_cents or {}
    return {"key": "toe", "label": "Toe shape", "options": [
        _option(shape, _TOES[shape], extra.get(shape, 0), {"toe_shape": shape}) for shape in shapes]}


def _heel_group(heights_mm: Iterable[int]) -> dict[str, Any]:
    return {"key": "heel", "label": "Heel height", "options": [
        _option(f"{h}mm", f"{h} mm heel", attrs={"heel_height_mm": h}) for h in heights_mm]}


def _style(key: str, name: str, construction: str, base_price_cents: int, description: str,
           leathers: list[dict[str, Any]], soles: list[dict[str, Any]],
           *more_groups: dict[str, Any]) -> dict[str, Any]:
    """A style with its leather and sole groups, then the rest (toe, heel)."""
    return {"key": key, "name": name, "construction": construction, "base_price_cents": base_price_cents,
            "description": description,
            "groups": [{"key": "leather", "label": "Leather and colour", "options": leathers},
                       {"key": "sole", "label": "Sole", "options": soles}, *more_groups]}


DEMO_CATALOG = [
    _style("oxford", "Oxford", "goodyear", 24900, "Closed lacing, the dress shoe. Goodyear welted, resoleable.",
           [_leather("calf-black"), _leather("calf-dark-brown"), _leather("museum-oxblood", 3000),
            _leather("suede-snuff", 1500)],
           [_sole("leather"), _sole("leather-rubber-insert", 1500),
            _sole("commando", 2000, conflicts=[{"group": "toe", "code": "pointed", "reason": _LUG_SOLE_TOE}])],
           _toe_group(("almond", "round", "square", "pointed")), _heel_group((25, 30, 35))),
    _style("derby", "Derby", "goodyear", 22900, "Open lacing, a roomier instep. Goodyear welted.",
           [_leather("calf-dark-brown"), _leather("calf-black"), _leather("grain-tan", 2000)],
           [_sole("dainite"), _sole("leather"), _sole("commando", 2000)],
           _toe_group(("round", "almond", "square")), _heel_group((25, 30))),
    _style("sneaker", "Sneaker", "cemented", 17900,
           "A low leather court sneaker with a cupsole; room for a sports sock.",
           [_leather("nappa-white"), _leather("nappa-black"),
            _leather("suede-sand", 1000,
                     conflicts=[{"group": "sole", "code": "leather", "reason": _LEATHER_SOLE_WET}])],
           [_sole("rubber-cup"), _sole("gum-cup", 1000), _sole("leather", 2500, label="Leather sole")],
           _toe_group(("round",)), _heel_group((10, 20))),
    _style("chelsea", "Chelsea boot", "goodyear", 27900, "Elastic-sided ankle boot, pulled on by its tabs.",
           [_leather("suede-snuff"), _leather("calf-black"), _leather("calf-dark-brown")],
           [_sole("commando"), _sole("leather")],
           _toe_group(("round", "almond", "square", "pointed"), extra_cents={"pointed": 1000}), _heel_group((30, 40))),
]
