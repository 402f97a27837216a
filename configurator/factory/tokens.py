"""Factories and their API tokens: made by an admin command, stored as SHA-256 only, revocable.

A token is ``cwf_`` and 43 URL-safe characters (256 random bits); the database
keeps its SHA-256 and its first characters (to tell tokens apart in a list),
so a leaked database gives no working token.
"""

import hashlib
import re
import secrets
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update

from ..db import DbSession
from ..errors import ShopError
from ..clock import utcnow
from ..models import ApiToken, Factory

TOKEN_PREFIX = "cwf_"
_CODE = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")          # the order-v1 document's factory code


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_factory(session: DbSession, code: str, name: str) -> Factory:
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


def factory_by_code(session: DbSession, code: str) -> Factory | None:
    return session.scalar(select(Factory).where(func.upper(Factory.code) == code.strip().upper()))


def issue_token(session: DbSession, factory: Factory) -> str:
    """A new token for ``factory``: the only time its clear text exists. The caller commits."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(factory=factory, token_sha256=token_sha256(token), prefix=token[:12]))
    session.flush()
    return token


def revoke_tokens(session: DbSession, factory: Factory) -> int:
    """Revoke every live token of ``factory``; returns how many."""
    statement = (update(ApiToken).where(ApiToken.factory_id == factory.id, ApiToken.revoked_at.is_(None))
                 .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
    revoked = cast(CursorResult[Any], session.execute(statement))     # an UPDATE: a cursor with a rowcount
    return revoked.rowcount


def factory_for_token(session: DbSession, token: str | None) -> Factory:
    """The factory whose live token is ``token``; ``ShopError`` 401 otherwise."""
    row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_sha256(token or "")))
    if row is None:
        raise ShopError("This API token is not known. Send 'Authorization: Bearer <token>' with a token from "
                        "'flask factory token'.", code="UNAUTHENTICATED", status=401)
    if row.revoked_at is not None:
        raise ShopError("This API token was revoked; ask Cordwain for a new one.", code="TOKEN_REVOKED",
                        status=401)
    return row.factory


def code_from_name(name: str) -> str:
    """A factory code made from its name (``Felgueiras Lda`` -> ``FELGUEIRAS-LDA``)."""
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")[:16].rstrip("-")
