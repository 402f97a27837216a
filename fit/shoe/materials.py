"""Appearance of the shoe's parts: PBR base colour, roughness and metalness per option code.

Colours are linear-light RGB in [0, 1] (glTF's ``baseColorFactor``), picked by eye from the
materials' usual look (Cordwain assumption: a preview, not a colour promise). A part takes the
material of the option that makes it (leather, sole) or a fixed trim (elastic, tongue lining).
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Look:
    """One PBR material: ``rgb`` linear in [0, 1], ``roughness`` and ``metallic`` in [0, 1]."""

    name: str
    rgb: tuple[float, float, float]
    roughness: float
    metallic: float = 0.0

    def __post_init__(self) -> None:
        if len(self.rgb) != 3 or not all(0.0 <= c <= 1.0 for c in self.rgb):
            raise ValueError(f"{self.name}: rgb must be three values in [0, 1]")

    def shaded(self, factor: float, suffix: str) -> "Look":
        """The same material, ``factor`` times as light (a piece cut the other way shows darker)."""
        r, g, b = (min(1.0, c * factor) for c in self.rgb)
        return Look(f"{self.name}-{suffix}", (r, g, b), self.roughness, self.metallic)


#: (option group, option code, material name, linear RGB, roughness) for every option with a look.
_TABLE: tuple[tuple[str, str, str, tuple[float, float, float], float], ...] = (
    ("leather", "calf-black", "calf-black", (0.012, 0.012, 0.013), 0.32),
    ("leather", "calf-dark-brown", "calf-dark-brown", (0.085, 0.030, 0.012), 0.38),
    ("leather", "museum-oxblood", "museum-oxblood", (0.150, 0.018, 0.020), 0.40),
    ("leather", "suede-snuff", "suede-snuff", (0.240, 0.120, 0.050), 0.95),
    ("leather", "grain-tan", "grain-tan", (0.330, 0.130, 0.040), 0.60),
    ("leather", "nappa-white", "nappa-white", (0.830, 0.820, 0.780), 0.50),
    ("leather", "nappa-black", "nappa-black", (0.015, 0.015, 0.016), 0.45),
    ("leather", "suede-sand", "suede-sand", (0.520, 0.370, 0.200), 0.95),
    ("sole", "leather", "sole-leather", (0.380, 0.190, 0.075), 0.70),
    ("sole", "leather-rubber-insert", "sole-leather-rubber", (0.330, 0.160, 0.060), 0.75),
    ("sole", "dainite", "sole-dainite", (0.020, 0.020, 0.020), 0.85),
    ("sole", "commando", "sole-commando", (0.018, 0.018, 0.018), 0.90),
    ("sole", "rubber-cup", "sole-rubber-white", (0.880, 0.880, 0.860), 0.80),
    ("sole", "gum-cup", "sole-gum", (0.420, 0.190, 0.050), 0.60),
)


def _looks(group: str) -> dict[str, Look]:
    return {code: Look(name, rgb, roughness) for kind, code, name, rgb, roughness in _TABLE if kind == group}


LEATHERS = _looks("leather")
SOLES = _looks("sole")

#: Used when an option code has no look here (a new catalog option): a plain mid grey.
UNKNOWN = Look("unknown", (0.300, 0.300, 0.300), 0.60)
ELASTIC = Look("elastic", (0.030, 0.030, 0.032), 0.90)
#: The heel's top-lift: black rubber whatever the sole (the usual top-piece).
TOP_LIFT = Look("top-lift", (0.022, 0.022, 0.022), 0.85)
#: The welt shows a little darker than the sole below it (edge-inked).
WELT_SHADE = 0.75

#: Pieces that show a little darker than the main leather (cut across the grain, or folded).
_SHADED = {"toe_cap": 0.80, "tongue": 0.85, "heel_counter": 0.85, "eyestay": 0.75, "back": 0.88,
           "quarters": 0.92, "laces": 0.55}


def part_look(part: str | None, options: Mapping[str, str]) -> Look:
    """The material of ``part`` for the chosen ``options`` (``{"leather": code, "sole": code}``)."""
    leather = LEATHERS.get(options.get("leather", ""), UNKNOWN)
    if part in ("sole", "heel"):
        return SOLES.get(options.get("sole", ""), UNKNOWN)
    if part == "welt":
        return SOLES.get(options.get("sole", ""), UNKNOWN).shaded(WELT_SHADE, part)
    if part == "top_lift":
        return TOP_LIFT
    if part == "gussets":
        return ELASTIC
    if part is not None and part in _SHADED:
        return leather.shaded(_SHADED[part], part)
    return leather
