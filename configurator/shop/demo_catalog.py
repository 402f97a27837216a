"""The demo catalog loaded by ``flask catalog seed``: four styles with prices in integer cents (EUR)."""

from collections.abc import Iterable, Mapping
from typing import Any


def _toe_group(shapes: Iterable[str], extra_cents: Mapping[str, int] | None = None) -> dict[str, Any]:
    extra_cents = extra_cents or {}
    labels = {"round": "Round toe", "almond": "Almond toe", "square": "Square toe", "pointed": "Pointed toe"}
    return {"key": "toe", "label": "Toe shape", "options": [
        {"code": shape, "label": labels[shape], "price_delta_cents": extra_cents.get(shape, 0),
         "attrs": {"toe_shape": shape}} for shape in shapes]}


def _heel_group(heights_mm: Iterable[int]) -> dict[str, Any]:
    return {"key": "heel", "label": "Heel height", "options": [
        {"code": f"{h}mm", "label": f"{h} mm heel", "attrs": {"heel_height_mm": h}} for h in heights_mm]}


_LEATHER_SOLE_WET = "a leather sole on a suede sneaker-weight upper wears through in the wet; choose rubber."

DEMO_CATALOG = [
    {"key": "oxford", "name": "Oxford", "construction": "goodyear", "base_price_cents": 24900,
     "description": "Closed lacing, the dress shoe. Goodyear welted, resoleable.",
     "groups": [
         {"key": "leather", "label": "Leather and colour", "options": [
             {"code": "calf-black", "label": "Black box calf"},
             {"code": "calf-dark-brown", "label": "Dark brown calf"},
             {"code": "museum-oxblood", "label": "Oxblood museum calf", "price_delta_cents": 3000},
             {"code": "suede-snuff", "label": "Snuff suede", "price_delta_cents": 1500}]},
         {"key": "sole", "label": "Sole", "options": [
             {"code": "leather", "label": "Oak-bark leather sole"},
             {"code": "leather-rubber-insert", "label": "Leather with rubber insert", "price_delta_cents": 1500},
             {"code": "commando", "label": "Commando rubber lug sole", "price_delta_cents": 2000,
              "attrs": {"conflicts": [{"group": "toe", "code": "pointed",
                                       "reason": "a lug sole needs the toe room of a round, almond or square toe."}]}}]},
         _toe_group(("almond", "round", "square", "pointed")),
         _heel_group((25, 30, 35)),
     ]},
    {"key": "derby", "name": "Derby", "construction": "goodyear", "base_price_cents": 22900,
     "description": "Open lacing, a roomier instep. Goodyear welted.",
     "groups": [
         {"key": "leather", "label": "Leather and colour", "options": [
             {"code": "calf-dark-brown", "label": "Dark brown calf"},
             {"code": "calf-black", "label": "Black box calf"},
             {"code": "grain-tan", "label": "Tan scotch grain", "price_delta_cents": 2000}]},
         {"key": "sole", "label": "Sole", "options": [
             {"code": "dainite", "label": "Studded rubber sole"},
             {"code": "leather", "label": "Oak-bark leather sole"},
             {"code": "commando", "label": "Commando rubber lug sole", "price_delta_cents": 2000}]},
         _toe_group(("round", "almond", "square")),
         _heel_group((25, 30)),
     ]},
    {"key": "sneaker", "name": "Sneaker", "construction": "cemented", "base_price_cents": 17900,
     "description": "A low leather court sneaker with a cupsole; room for a sports sock.",
     "groups": [
         {"key": "leather", "label": "Leather and colour", "options": [
             {"code": "nappa-white", "label": "White nappa"},
             {"code": "nappa-black", "label": "Black nappa"},
             {"code": "suede-sand", "label": "Sand suede", "price_delta_cents": 1000,
              "attrs": {"conflicts": [{"group": "sole", "code": "leather", "reason": _LEATHER_SOLE_WET}]}}]},
         {"key": "sole", "label": "Sole", "options": [
             {"code": "rubber-cup", "label": "White rubber cupsole"},
             {"code": "gum-cup", "label": "Gum rubber cupsole", "price_delta_cents": 1000},
             {"code": "leather", "label": "Leather sole", "price_delta_cents": 2500}]},
         _toe_group(("round",)),
         _heel_group((10, 20)),
     ]},
    {"key": "chelsea", "name": "Chelsea boot", "construction": "goodyear", "base_price_cents": 27900,
     "description": "Elastic-sided ankle boot, pulled on by its tabs.",
     "groups": [
         {"key": "leather", "label": "Leather and colour", "options": [
             {"code": "suede-snuff", "label": "Snuff suede"},
             {"code": "calf-black", "label": "Black box calf"},
             {"code": "calf-dark-brown", "label": "Dark brown calf"}]},
         {"key": "sole", "label": "Sole", "options": [
             {"code": "commando", "label": "Commando rubber lug sole"},
             {"code": "leather", "label": "Oak-bark leather sole"}]},
         _toe_group(("round", "almond", "square", "pointed"), extra_cents={"pointed": 1000}),
         _heel_group((30, 40)),
     ]},
]
