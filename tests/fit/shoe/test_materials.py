"""The parts' looks: every option sold has one, PBR values in range, and each part takes the
material of what makes it (the leather, the sole) or its fixed trim."""

import numpy as np
import pytest

from configurator.shop.demo_catalog import DEMO_CATALOG
from fit.shoe.materials import (ELASTIC, LEATHERS, SOLES, TOP_LIFT, UNKNOWN, WELT_SHADE, Look,
                                part_look)

from shoe_cases import ALL, OPTIONS

FIXED = [UNKNOWN, ELASTIC, TOP_LIFT]


def catalog_codes(group):
    return {option["code"] for style in DEMO_CATALOG for g in style["groups"] if g["key"] == group
            for option in g["options"]}


@pytest.mark.parametrize("group, looks", [("leather", LEATHERS), ("sole", SOLES)])
def test_every_option_sold_has_a_look_of_its_own(group, looks):
    codes = catalog_codes(group)
    assert codes and codes <= set(looks), codes - set(looks)
    assert len({look.name for look in looks.values()}) == len(looks)      # no two options share a material
    assert UNKNOWN.name not in {look.name for look in looks.values()}


def test_every_look_is_a_valid_pbr_material():
    for look in [*LEATHERS.values(), *SOLES.values(), *FIXED]:
        assert len(look.rgb) == 3 and all(0.0 <= c <= 1.0 for c in look.rgb), look
        assert 0.0 <= look.roughness <= 1.0 and 0.0 <= look.metallic <= 1.0, look
    # leather and rubber are dielectrics; suede is rougher than any smooth calf
    assert all(look.metallic == 0.0 for look in [*LEATHERS.values(), *SOLES.values()])
    assert LEATHERS["suede-snuff"].roughness > max(LEATHERS[c].roughness for c in LEATHERS if c.startswith("calf"))


def test_a_look_refuses_colours_out_of_range():
    for rgb in [(1.2, 0.0, 0.0), (-0.1, 0.5, 0.5), (0.5, 0.5)]:
        with pytest.raises(ValueError):
            Look("bad", rgb, 0.5)


def test_shading_scales_the_colour_and_keeps_the_surface():
    tan = LEATHERS["grain-tan"]
    darker = tan.shaded(0.8, "toe_cap")
    assert np.allclose(darker.rgb, 0.8 * np.array(tan.rgb))
    assert darker.name == "grain-tan-toe_cap"
    assert (darker.roughness, darker.metallic) == (tan.roughness, tan.metallic)
    assert max(LEATHERS["nappa-white"].shaded(1.5, "x").rgb) == 1.0      # lighter stays within [0, 1]


def test_each_part_takes_its_documented_source():
    options = {"leather": "grain-tan", "sole": "dainite"}
    assert part_look("vamp", options) == part_look(None, options) == LEATHERS["grain-tan"]
    assert part_look("sole", options) == part_look("heel", options) == SOLES["dainite"]
    assert np.allclose(part_look("welt", options).rgb, WELT_SHADE * np.array(SOLES["dainite"].rgb))
    assert part_look("top_lift", options) == part_look("top_lift", {"sole": "gum-cup"}) == TOP_LIFT
    assert part_look("gussets", options) == ELASTIC
    assert part_look("vamp", {"leather": "no-such-leather"}) == UNKNOWN
    assert part_look("sole", {}) == UNKNOWN


@pytest.mark.parametrize("key", ALL)
def test_every_part_of_a_built_shoe_is_coloured_by_its_source(shoes, key):
    chosen = OPTIONS[key if key in OPTIONS else "sneaker"]
    leather, sole = np.array(LEATHERS[chosen["leather"]].rgb), np.array(SOLES[chosen["sole"]].rgb)
    for part in shoes[key].parts:
        rgb = np.array(part.look.rgb)
        if part.name in ("top_lift", "gussets"):
            assert part.look in (TOP_LIFT, ELASTIC), part.name
            continue
        source = sole if part.name in ("sole", "heel", "welt") else leather
        # the source's colour, at most shaded darker: one factor for all three channels
        factor = rgb @ source / (source @ source)
        assert 0.5 <= factor <= 1.0 + 1e-9 and np.allclose(rgb, factor * source, atol=1e-9), part.name
