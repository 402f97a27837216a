"""Email to shoppers: through SMTP when ``MAIL_SERVER`` is set, else each message as an ``.eml`` file.

Services never send directly: ``queue_mail`` puts a message on the session's outbox and it leaves only
when that session commits (a rolled-back order sends nothing). The embedded default writes each
message under ``MAIL_DIR`` (``instance/mail/``) and logs the file's path, so a developer and the
tests can read what a shopper would have received.
"""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_request_context, render_template, url_for
from sqlalchemy import event
from sqlalchemy.orm import Session

from .clock import utcnow

_PENDING, _OUTBOX = "cordwain_mail_pending", "cordwain_outbox"


def compose(to: str, subject: str, template: str, **context: Any) -> EmailMessage:
    """A plain-text message rendered from ``templates/mail/<template>.txt`` with ``context``."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=config["MAIL_DEFAULT_SENDER"].rpartition("@")[2].strip("> ") or None)
    message.set_content(render_template(f"mail/{template}.txt", **context))
    return message


def queue_mail(session: Any, build: Callable[[], EmailMessage]) -> None:
    """Send the message ``build()`` makes when ``session`` commits; nothing is sent on rollback.

    ``build`` runs just before the commit (so it sees the final state, e.g. a tracking number set after
    the move); the message leaves after the commit succeeded.
    """
    raw = _raw_session(session)
    if not raw.in_transaction():
        raw.begin()             # so a rollback (which drops the message) is seen even before any SQL
    raw.info.setdefault(_PENDING, []).append(build)


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute URL that people open from mail or a QR code: on ``PUBLIC_BASE_URL`` when set."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if has_request_context():
        return base + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=base or "http://localhost:5000"):
        return url_for(endpoint, _external=True, **values)


def send_now(message: EmailMessage) -> str:
    """Deliver ``message``: over SMTP when configured, else into ``MAIL_DIR``. Returns where it went."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        _send_smtp(message, config)
        where = f"smtp://{config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    else:
        where = str(_write_eml(message, Path(config["MAIL_DIR"])))
    current_app.logger.info("Mail %r to %s: %s", message["Subject"], message["To"], where)
    return where


def _send_smtp(message: EmailMessage, config: Any) -> None:
    server_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with server_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as server:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            server.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            server.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        server.send_message(message)


def _write_eml(message: EmailMessage, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{message['Message-ID'].strip('<>').split('@')[0]}.eml"
    path.write_bytes(bytes(message))
    return path


def _raw_session(session: Any) -> Session:
    """The plain ``Session`` behind a scoped one (the outbox lives on the real session)."""
    return session() if callable(session) and not isinstance(session, Session) else session


def _compose_pending(session: Session) -> None:
    for build in session.info.pop(_PENDING, []):
        try:
            session.info.setdefault(_OUTBOX, []).append(build())
        except Exception:       # a broken message must never cost the shopper their order: logged for a person
            current_app.logger.exception("Could not compose a mail; the change it reports is saved")


def _flush_outbox(session: Session) -> None:
    for message in session.info.pop(_OUTBOX, []):
        try:
            send_now(message)
        except (OSError, smtplib.SMTPException):
            # The order is saved whatever the mail server does; the failure is logged for a person to resend.
            current_app.logger.exception("Could not send mail %r to %s", message["Subject"], message["To"])


def _drop_outbox(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_OUTBOX, None)


def _drop_after_rollback(session: Session, previous_transaction: Any) -> None:
    _drop_outbox(session)


def init_app(app: Flask) -> None:
    if not event.contains(Session, "after_commit", _flush_outbox):
        event.listen(Session, "before_commit", _compose_pending)
        event.listen(Session, "after_commit", _flush_outbox)
        event.listen(Session, "after_soft_rollback", _drop_after_rollback)

