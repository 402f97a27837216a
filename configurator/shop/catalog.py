"""The catalog: styles, their option groups, prices, and which combinations can be made."""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..db import DbSession
from ..errors import ShopError
from ..models import Design, Option, OptionGroup, Style

#: The option groups every catalog style has; the factory's planning export has a column for each.
OPTION_GROUPS = ("leather", "sole", "toe", "heel")


@dataclass(frozen=True)
class Quote:
    """Price of one style with one choice per option group, in integer cents."""

    price_cents: int
    currency: str
    lines: tuple     # ((label, cents), ...) base price first


def styles(session: DbSession) -> Sequence[Style]:
    return session.scalars(select(Style).order_by(Style.position)).all()


def style_by_key(session: DbSession, key: str) -> Style:
    style = session.scalar(select(Style).where(Style.key == key))
    if style is None:
        raise ShopError(f"There is no style {key!r} in the catalog.", code="UNKNOWN_STYLE", status=404, field="style")
    return style


def default_choices(style: Style) -> dict[str, str]:
    return {group.key: group.options[0].code for group in style.groups}


def quote(style: Style, choices: Mapping[str, Any]) -> Quote:
    """Check ``choices`` ({group key: option code}) against ``style`` and price them.

    Raises ``ShopError`` (UNKNOWN_OPTION, MISSING_OPTION, INCOMPATIBLE_OPTIONS)
    naming the group at fault.
    """
    chosen = chosen_options(style, choices)
    for option in chosen.values():
        for conflict in option.attrs.get("conflicts", []):
            other = chosen.get(conflict["group"])
            if other is not None and other.code == conflict["code"]:
                raise ShopError(
                    f"{option.label} cannot be combined with {other.label}: {conflict['reason']}",
                    code="INCOMPATIBLE_OPTIONS", field=conflict["group"], status=422)
    lines = [(f"{style.name}", style.base_price_cents)]
    lines += [(opt.label, opt.price_delta_cents) for opt in chosen.values() if opt.price_delta_cents]
    return Quote(price_cents=sum(c for _, c in lines), currency=style.currency, lines=tuple(lines))


def quote_or_none(style: Style, choices: Mapping[str, Any]) -> Quote | None:
    """The quote, or None while the choices do not go together (the page shows why instead)."""
    try:
        return quote(style, choices)
    except ShopError:
        return None


def create_design(session: DbSession, style: Style, choices: Mapping[str, Any]) -> Design:
    """A new design of ``style`` with ``choices``; refused with a reason when they don't go together."""
    design = Design(style=style, choices=dict(choices), price_cents=quote(style, choices).price_cents)
    session.add(design)
    session.flush()
    return design


def last_options(style: Style, choices: Mapping[str, Any]) -> dict[str, Any]:
    """The options that shape the last: toe shape and heel height, from the chosen options."""
    found = {}
    for _, option in _selected(style, choices):
        found.update({k: v for k, v in option.attrs.items() if k in ("toe_shape", "heel_height_mm")})
    return found


def describe_choices(style: Style, choices: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """{group key: {"code", "label", "group_label"}} for pages, snapshots and the factory."""
    return {group.key: {"code": option.code, "label": option.label, "group_label": group.label}
            for group, option in _selected(style, choices)}


def _selected(style: Style, choices: Mapping[str, Any]) -> Iterator[tuple[OptionGroup, Option]]:
    """(group, option) for each group of ``style`` with a known option in ``choices``."""
    for group in style.groups:
        option = group.option(choices.get(group.key))
        if option is not None:
            yield group, option


def chosen_options(style: Style, choices: Any) -> dict[str, Option]:
    """{group key: option} of ``choices``; ShopError (INVALID_OPTIONS, UNKNOWN_OPTION, MISSING_OPTION) naming the
    group at fault."""
    if not isinstance(choices, dict):
        raise ShopError("Options must be an object of {group: option code}.", code="INVALID_OPTIONS")
    unknown_groups = sorted(set(choices) - {g.key for g in style.groups})
    if unknown_groups:
        raise ShopError(f"{style.name} has no option group {unknown_groups[0]!r}.", code="UNKNOWN_OPTION",
                        field=unknown_groups[0], status=422)
    chosen = {}
    for group in style.groups:
        code = choices.get(group.key)
        if code is None:
            raise ShopError(f"Choose a {group.label.lower()}.", code="MISSING_OPTION", field=group.key, status=422)
        option = group.option(code)
        if option is None:
            raise ShopError(f"{code!r} is not a {group.label.lower()} of the {style.name}.", code="UNKNOWN_OPTION",
                            field=group.key, status=422)
        chosen[group.key] = option
    return chosen


def seed_demo_catalog(session: DbSession, catalog: Sequence[Mapping[str, Any]]) -> None:
    """Insert or update the styles of ``catalog`` (a list of dicts, see demo_catalog.py). Idempotent."""
    for position, spec in enumerate(catalog):
        style = session.scalar(select(Style).where(Style.key == spec["key"]))
        if style is None:
            style = Style(key=spec["key"])
            session.add(style)
        style.name, style.description = spec["name"], spec["description"]
        style.construction, style.base_price_cents = spec["construction"], spec["base_price_cents"]
        style.currency, style.position = spec.get("currency", "EUR"), position
        for group_position, group_spec in enumerate(spec["groups"]):
            group = style.group(group_spec["key"])
            if group is None:
                group = OptionGroup(key=group_spec["key"])
                style.groups.append(group)
            group.label, group.position = group_spec["label"], group_position
            for option_position, option_spec in enumerate(group_spec["options"]):
                option = group.option(option_spec["code"])
                if option is None:
                    option = Option(code=option_spec["code"])
                    group.options.append(option)
                option.label = option_spec["label"]
                option.price_delta_cents = option_spec.get("price_delta_cents", 0)
                option.attrs = option_spec.get("attrs", {})
                option.position = option_position
    session.flush()
