"""A phone's capture link: a short-lived, revocable token that can only upload foot photos for one design.

The desktop shows it as a QR code. The token is 128 random bits; the database keeps only its SHA-256,
so a leaked database gives no working link. A token opens nothing but the phone's upload page.
"""

import io
import secrets
from datetime import timedelta

import qrcode
import qrcode.image.svg
from sqlalchemy import update

from ..clock import utcnow
from ..db import DbSession, db
from ..errors import ShopError
from ..factory.tokens import token_sha256
from ..models import CaptureToken, Design


def issue_capture_token(session: DbSession, design: Design, minutes: int) -> str:
    """A new capture token for ``design``, valid ``minutes``; its clear text exists only now. The caller commits."""
    token = secrets.token_urlsafe(16)            # 16 bytes: 128 random bits
    session.add(CaptureToken(design=design, token_sha256=token_sha256(token),
                             expires_at=utcnow() + timedelta(minutes=minutes)))
    session.flush()
    return token


def design_for_capture(session: DbSession, token: str) -> Design:
    """The design a live ``token`` may upload photos for; ``ShopError`` (403) when unknown, expired or revoked."""
    row = session.scalar(db.select(CaptureToken).where(CaptureToken.token_sha256 == token_sha256(token)))
    if row is None or row.revoked_at is not None:
        raise ShopError("This photo link is not valid (it may have been replaced or stopped). Scan the new QR "
                        "code on your computer.", code="CAPTURE_TOKEN_INVALID", status=403)
    if row.expires_at <= utcnow():
        raise ShopError("This photo link has expired. Scan the new QR code on your computer's photo page.",
                        code="CAPTURE_TOKEN_EXPIRED", status=403)
    return row.design


def revoke_capture_tokens(session: DbSession, design: Design) -> None:
    """Stop every live capture link of ``design``. The caller commits."""
    session.execute(update(CaptureToken).where(CaptureToken.design_id == design.id,
                                               CaptureToken.revoked_at.is_(None))
                    .values(revoked_at=utcnow()).execution_options(synchronize_session=False))


def qr_svg(url: str) -> str:
    """``url`` as an inline SVG QR code (no extra request, no script)."""
    buffer = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg"):]                # without the XML declaration, to sit inside HTML
