"""Factories and their API tokens: made by an admin command, stored as SHA-256 only, revocable.

A token is ``cwf_`` and 43 URL-safe characters (256 random bits); the database
keeps its SHA-256 and its first characters (to tell tokens apart in a list),
so a leaked database gives no working token.
"""

import hashlib
import re
import secrets

import click
from flask.cli import AppGroup
from sqlalchemy import func, select, update

from .db import db
from .errors import ShopError
from .models import ApiToken, Factory, utcnow

TOKEN_PREFIX = "cwf_"
_CODE = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")          # the order-v1 document's factory code
factory_cli = AppGroup("factory", help="Factories and their API tokens.")


def token_sha256(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_factory(session, code, name):
    """A new factory; ``code`` (e.g. ``PT-FELG``) is upper-cased and must be unused."""
    code = code.strip().upper()
    if not _CODE.match(code):
        raise ShopError(f"Factory code {code!r} must be 2-16 capital letters, digits, '-' or '_', "
                        "starting with a letter.", code="INVALID_FACTORY_CODE", field="code", status=422)
    if factory_by_code(session, code) is not None:
        raise ShopError(f"There is already a factory with code {code}.", code="FACTORY_EXISTS", field="code",
                        status=409)
    factory = Factory(code=code, name=name.strip())
    session.add(factory)
    session.flush()
    return factory


def factory_by_code(session, code):
    return session.scalar(select(Factory).where(func.upper(Factory.code) == code.strip().upper()))


def issue_token(session, factory):
    """A new token for ``factory``: the only time its clear text exists. The caller commits."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(factory=factory, token_sha256=token_sha256(token), prefix=token[:12]))
    session.flush()
    return token


def revoke_tokens(session, factory):
    """Revoke every live token of ``factory``; returns how many."""
    revoked = session.execute(update(ApiToken).where(ApiToken.factory_id == factory.id,
                                                     ApiToken.revoked_at.is_(None))
                              .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    return revoked.rowcount


def factory_for_token(session, token):
    """The factory whose live token is ``token``; ``ShopError`` 401 otherwise."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_sha256(token or "")))
    if row is None:
        raise ShopError("This API token is not known. Send 'Authorization: Bearer <token>' with a token from "
                        "'flask factory token'.", code="UNAUTHENTICATED", status=401)
    if row.revoked_at is not None:
        raise ShopError("This API token was revoked; ask Cordwain for a new one.", code="TOKEN_REVOKED",
                        status=401)
    return row.factory


def _code_from_name(name):
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")[:16].rstrip("-")


def _factory_or_exit(code):
    factory = factory_by_code(db.session, code)
    if factory is None:
        raise click.ClickException(f"There is no factory with code {code.upper()}; see 'flask factory list'.")
    return factory


def _show_token(factory, token):
    click.echo(f"API token for {factory.name} ({factory.code}):")
    click.echo(token)
    click.echo("Store it now: it is not saved and will not be shown again.")


@factory_cli.command("add")
@click.argument("name")
@click.option("--code", default=None, help="Short code, e.g. PT-FELG (default: from the name).")
def add_factory(name, code):
    """Add a factory and print its first API token."""
    try:
        factory = create_factory(db.session, code or _code_from_name(name), name)
    except ShopError as error:
        raise click.ClickException(error.message) from None
    token = issue_token(db.session, factory)
    db.session.commit()
    _show_token(factory, token)


@factory_cli.command("token")
@click.argument("code")
def new_token(code):
    """Issue another API token for a factory (the old ones keep working until revoked)."""
    factory = _factory_or_exit(code)
    token = issue_token(db.session, factory)
    db.session.commit()
    _show_token(factory, token)


@factory_cli.command("revoke")
@click.argument("code")
def revoke(code):
    """Revoke every API token of a factory."""
    factory = _factory_or_exit(code)
    count = revoke_tokens(db.session, factory)
    db.session.commit()
    click.echo(f"Revoked {count} token{'' if count == 1 else 's'} of {factory.name} ({factory.code}).")


@factory_cli.command("list")
def list_factories():
    """Factories, with their live tokens' prefixes."""
    for factory in db.session.scalars(select(Factory).order_by(Factory.code)):
        live = [t.prefix + "…" for t in factory.tokens if t.revoked_at is None]
        click.echo(f"{factory.code}\t{factory.name}\t{len(live)} live token(s) {' '.join(live)}".rstrip())
