"""Idempotent POSTs for the factory API: the same Idempotency-Key and body get the stored answer, once."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..db import db
from ..errors import ShopError
from ..models import IdempotentRequest

Answer = tuple[dict[str, Any], int]


def once(factory_id: int, key: str, digest: str, action: Callable[[], Answer]) -> Answer:
    """Run ``action`` (returning ``(body, status)`` or raising ``ShopError``) once per ``key``, then commit.

    The unique (factory_id, key) row decides between concurrent requests: the
    first to insert it runs ``action``; the others wait for its commit, then
    fail to insert and replay its answer. Domain errors are stored too, so a
    replay always gets the first answer.
    """
    stored = _replay(factory_id, key, digest)
    if stored is not None:
        return stored
    record = IdempotentRequest(factory_id=factory_id, key=key, request_sha256=digest, status_code=0, response={})
    db.session.add(record)
    try:
        db.session.flush()
        body, status = action()
    except IntegrityError:
        return _replay_after_race(factory_id, key, digest)
    except ShopError as error:
        db.session.rollback()             # nothing of the refused move is kept; the answer is
        body, status = {"error": error.to_dict()}, error.status
        record = IdempotentRequest(factory_id=factory_id, key=key, request_sha256=digest)
        db.session.add(record)
    record.status_code, record.response = status, body
    try:
        db.session.commit()
    except IntegrityError:
        return _replay_after_race(factory_id, key, digest)
    return body, status


def _replay_after_race(factory_id: int, key: str, digest: str) -> Answer:
    """Another request with ``key`` committed first: give its answer."""
    db.session.rollback()
    stored = _replay(factory_id, key, digest)
    if stored is None:
        raise                             # not the key's constraint: a real error
    return stored


def _replay(factory_id: int, key: str, digest: str) -> Answer | None:
    stored = db.session.scalar(select(IdempotentRequest).where(IdempotentRequest.factory_id == factory_id,
                                                               IdempotentRequest.key == key))
    if stored is None:
        return None
    if stored.request_sha256 != digest:
        raise ShopError("This Idempotency-Key was used for a different request; use a new key for a new request.",
                        code="IDEMPOTENCY_KEY_REUSED", status=422)
    return stored.response, stored.status_code
