"""shop.demo_catalog: four styles the storefront, the lasts and the shoe pictures can all use; prices in positive
integer cents; conflicts that name real options; loading it twice changes nothing."""

import pytest

from configurator.db import db
from configurator.models import Option, Style
from configurator.shop import catalog
from configurator.shop.catalog import seed_demo_catalog
from configurator.shop.demo_catalog import DEMO_CATALOG
from fit.shoe.materials import LEATHERS, SOLES
from fit.style import CONSTRUCTIONS, STYLES, TOE_SHAPES


def catalog_rows():
    """Everything stored about the catalog, in order, to compare before and after."""
    return [(s.key, s.name, s.description, s.construction, s.base_price_cents, s.currency, s.position,
             [(g.key, g.label, g.position, [(o.code, o.label, o.price_delta_cents, o.attrs, o.position)
                                            for o in g.options]) for g in s.groups])
            for s in catalog.styles(db.session)]


def test_demo_catalog_has_four_styles_with_all_option_groups(app):
    with app.app_context():
        styles = catalog.styles(db.session)
        assert [s.key for s in styles] == ["oxford", "derby", "sneaker", "chelsea"]
        for style in styles:
            assert [g.key for g in style.groups] == list(catalog.OPTION_GROUPS)
            assert all(isinstance(o.price_delta_cents, int) for g in style.groups for o in g.options)


def test_seeding_twice_changes_nothing(app):
    with app.app_context():
        before = db.session.scalar(db.select(db.func.count(Option.id)))
        rows = catalog_rows()
        seed_demo_catalog(db.session, DEMO_CATALOG)
        db.session.commit()
        db.session.expire_all()
        assert db.session.scalar(db.select(db.func.count(Option.id))) == before
        assert db.session.scalar(db.select(db.func.count(Style.id))) == 4
        assert catalog_rows() == rows


@pytest.mark.parametrize("spec", DEMO_CATALOG, ids=[spec["key"] for spec in DEMO_CATALOG])
def test_each_style_is_one_the_library_builds_and_prices_are_positive_cents(spec):
    assert spec["key"] in STYLES and spec["construction"] in CONSTRUCTIONS
    assert isinstance(spec["base_price_cents"], int) and spec["base_price_cents"] > 0
    for group in spec["groups"]:
        codes = [option["code"] for option in group["options"]]
        assert codes and len(codes) == len(set(codes)), group["key"]
        for option in group["options"]:
            delta = option.get("price_delta_cents", 0)
            assert isinstance(delta, int) and delta >= 0 and option["label"], option


@pytest.mark.parametrize("spec", DEMO_CATALOG, ids=[spec["key"] for spec in DEMO_CATALOG])
def test_options_carry_what_the_lasts_and_the_pictures_need(spec):
    groups = {group["key"]: group["options"] for group in spec["groups"]}
    for option in groups["toe"]:
        assert option["attrs"]["toe_shape"] == option["code"] and option["code"] in TOE_SHAPES
    for option in groups["heel"]:
        height = option["attrs"]["heel_height_mm"]
        assert isinstance(height, int) and 0 < height <= 80 and option["code"] == f"{height}mm"
    assert {option["code"] for option in groups["leather"]} <= set(LEATHERS)         # a look, not the grey default
    assert {option["code"] for option in groups["sole"]} <= set(SOLES)
    for options in groups.values():
        for option in options:
            for conflict in option.get("attrs", {}).get("conflicts", []):
                other = {o["code"] for o in groups[conflict["group"]]}
                assert conflict["code"] in other and conflict["reason"].endswith("."), conflict


def test_every_style_opens_with_choices_that_go_together(app):
    with app.app_context():
        for style in catalog.styles(db.session):
            price = catalog.quote(style, catalog.default_choices(style))
            assert price.price_cents == style.base_price_cents + sum(
                g.options[0].price_delta_cents for g in style.groups)
