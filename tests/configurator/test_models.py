"""models: the database keeps one live order per design, children go with their parents, and the lookups on
rows (a style's group, a group's option, a design's last) find what is there and nothing else."""

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from configurator.clock import utcnow
from configurator.db import db
from configurator.models import (ApiToken, CaptureToken, Factory, Job, Last, Option, OptionGroup, Order,
                                 OrderEvent, Photo, Style, new_public_id)
from configurator.shop.catalog import create_design, default_choices
from configurator.shop.demo_catalog import DEMO_CATALOG


def a_design(style_key="oxford"):
    style = db.session.scalar(db.select(Style).where(Style.key == style_key))
    return create_design(db.session, style, default_choices(style))


def an_order(design, reference, status="placed"):
    order = Order(reference=reference, design=design, status=status, customer_name="Ada Shoemaker",
                  email="ada@example.org", address="12 Last Lane", country="DE", snapshot={})
    db.session.add(order)
    return order


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_public_ids_are_unguessable_and_distinct():
    ids = {new_public_id() for _ in range(100)}
    assert len(ids) == 100 and all(len(i) == 22 for i in ids)        # 16 random bytes, URL-safe base64


def test_one_live_order_per_design_is_enforced_by_the_database(app):
    with app.app_context():
        design = a_design()
        an_order(design, "CW-1")
        db.session.commit()
        an_order(design, "CW-2")
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()

        db.session.scalar(db.select(Order).where(Order.reference == "CW-1")).status = "cancelled"
        an_order(design, "CW-2")
        an_order(a_design(), "CW-3")                                 # another design is another matter
        db.session.commit()
        assert count(Order) == 3


def test_an_order_starts_placed_with_its_own_two_identities_and_the_shopper_link_rotates(app):
    with app.app_context():
        order = an_order(a_design(), "CW-7")
        db.session.commit()
        assert order.status == "placed" and order.public_id != order.shopper_token
        public_id, old = order.public_id, order.shopper_token
        new = order.rotate_shopper_token()
        db.session.commit()
        db.session.expire_all()
        stored = db.session.scalar(db.select(Order).where(Order.reference == "CW-7"))
        assert stored.shopper_token == new != old and stored.public_id == public_id
        assert stored.placed_at.utcoffset() == timedelta(0)


def test_children_are_deleted_with_their_parents(app):
    with app.app_context():
        design = a_design()
        design.lasts.append(Last(side="left", report={}, table=[], files={}))
        design.photos.append(Photo(side="left"))
        order = an_order(design, "CW-9")
        order.events.append(OrderEvent(to_status="placed", actor="shopper"))
        factory = Factory(code="PT-CASCADE", name="Cascade")
        factory.tokens.append(ApiToken(token_sha256="a" * 64, prefix="cw_a"))
        db.session.add(factory)
        db.session.commit()
        for parent in (order, design, factory, db.session.scalar(db.select(Style).where(Style.key == "derby"))):
            db.session.delete(parent)
        db.session.commit()
        assert (count(OrderEvent), count(Last), count(Photo), count(ApiToken)) == (0, 0, 0, 0)
        assert count(Style) == len(DEMO_CATALOG) - 1
        derby_groups = db.session.scalar(db.select(db.func.count()).select_from(OptionGroup)
                                         .where(OptionGroup.style_id.not_in(db.select(Style.id))))
        assert derby_groups == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(Option)
                                 .where(Option.group_id.not_in(db.select(OptionGroup.id)))) == 0


def test_a_deleted_design_takes_its_jobs_and_capture_tokens(app):
    """``ondelete="CASCADE"``: the database itself deletes them (no relationship on the design), on
    SQLite too (``db._sqlite_enforces_foreign_keys``)."""
    with app.app_context():
        design = a_design()
        db.session.add(Job(kind="build_lasts", design_id=design.id, inputs_sha256="0" * 64))
        db.session.add(CaptureToken(design=design, token_sha256="b" * 64, expires_at=utcnow()))
        db.session.commit()
        db.session.delete(design)
        db.session.commit()
        assert (count(Job), count(CaptureToken)) == (0, 0)


def test_lookups_find_what_is_there_and_nothing_else(app):
    with app.app_context():
        oxford = db.session.scalar(db.select(Style).where(Style.key == "oxford"))
        spec = next(s for s in DEMO_CATALOG if s["key"] == "oxford")
        for group_spec in spec["groups"]:
            group = oxford.group(group_spec["key"])
            assert group is not None and group.style is oxford
            for option_spec in group_spec["options"]:
                assert group.option(option_spec["code"]).label == option_spec["label"]
            assert group.option("no-such-option") is None and group.option(None) is None
        assert oxford.group("laces") is None
        assert [g.key for g in oxford.groups] == [g["key"] for g in spec["groups"]]          # by position

        design = a_design()
        design.lasts.append(Last(side="right", report={}, table=[], files={}))
        db.session.flush()
        assert design.last("right").side == "right" and design.last("left") is None
