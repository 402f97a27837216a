"""Configuration from the environment (12-factor), read when the app is built."""

import os
import secrets
from pathlib import Path
from collections.abc import Mapping
from typing import Any


def _number(env: Mapping[str, str], name: str, default: float, kind: type[int] | type[float]) -> Any:
    """``name`` from the environment as ``kind``, or ``default``; a clear error naming it when it is no number."""
    text = env.get(name)
    if text is None:
        return kind(default)
    try:
        return kind(text.strip())
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise RuntimeError(f"{name} must be {what}, not {text!r}; fix it in the environment.") from None


def from_environment(instance_path: str | Path) -> dict[str, Any]:
    """Settings for one app, from ``os.environ`` with embedded defaults.

    Defaults: SQLite and files under ``instance/``, jobs run in-process, a
    secret key generated once into ``instance/secret_key`` (never committed).
    """
    instance = Path(instance_path)
    env = os.environ
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or _instance_secret(instance),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or f"sqlite:///{instance / 'cordwain.sqlite3'}",
        "STORAGE_DIR": env.get("STORAGE_DIR") or str(instance / "files"),
        "JOB_BACKEND": env.get("JOB_BACKEND", "inline"),
        "CELERY_BROKER_URL": env.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
        "CELERY_QUEUE": env.get("CELERY_QUEUE", "cordwain"),
        # A pair of lasts takes seconds; the limits stop a stuck build (Cordwain assumption: 20x the usual time).
        "JOB_SOFT_TIME_LIMIT_S": _number(env, "JOB_SOFT_TIME_LIMIT_S", 240, int),
        "JOB_TIME_LIMIT_S": _number(env, "JOB_TIME_LIMIT_S", 300, int),
        "JOB_MAX_ATTEMPTS": _number(env, "JOB_MAX_ATTEMPTS", 5, int),
        "JOB_RETRY_BACKOFF_S": _number(env, "JOB_RETRY_BACKOFF_S", 5, float),
        "JOB_RETRY_BACKOFF_MAX_S": _number(env, "JOB_RETRY_BACKOFF_MAX_S", 120, float),
        # Longer than the hard limit plus the longest retry delay, so Redis never hands a running job out twice.
        "CELERY_VISIBILITY_TIMEOUT_S": _number(env, "CELERY_VISIBILITY_TIMEOUT_S", 900, int),
        # How often a worker looks for messages a dead worker left unacknowledged (older than the timeout above).
        "CELERY_RESTORE_INTERVAL_S": _number(env, "CELERY_RESTORE_INTERVAL_S", 10, int),
        # Upload limits, enforced before any image is decoded.
        "MAX_CONTENT_LENGTH": _number(env, "MAX_UPLOAD_BYTES", 60_000_000, int),
        "MAX_PHOTO_BYTES": _number(env, "MAX_PHOTO_BYTES", 25_000_000, int),
        "MAX_PHOTO_PIXELS": _number(env, "MAX_PHOTO_PIXELS", 50_000_000, int),
        # Raw foot photos are personal data: kept this many days, then deleted.
        "PHOTO_RETENTION_DAYS": _number(env, "PHOTO_RETENTION_DAYS", 30, int),
        # Links in mail and QR codes: the address people reach this server at (e.g. http://192.168.1.20:5000
        # for a phone on the same network); blank means the address of the request being answered.
        "PUBLIC_BASE_URL": (env.get("PUBLIC_BASE_URL") or "").rstrip("/"),
        # A phone's capture link (the QR code) uploads photos for one design for this many minutes.
        "CAPTURE_TOKEN_MINUTES": _number(env, "CAPTURE_TOKEN_MINUTES", 30, int),
        # Mail: SMTP when MAIL_SERVER is set; otherwise each message is written as an .eml file into MAIL_DIR.
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": _number(env, "MAIL_PORT", 587, int),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "true").lower() in ("1", "true", "yes"),
        "MAIL_USE_SSL": env.get("MAIL_USE_SSL", "false").lower() in ("1", "true", "yes"),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "Cordwain <orders@cordwain.example>"),
        "MAIL_DIR": env.get("MAIL_DIR") or str(instance / "mail"),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        # https: Secure cookies and HSTS (security.py). Set it when the site is served over TLS.
        "PREFERRED_URL_SCHEME": env.get("PREFERRED_URL_SCHEME", "http"),
        # Rate limits (Flask-Limiter syntax). Memory counts per process; give Redis in production so every worker
        # shares them. Cordwain assumptions: a person signs in a few times a minute at most, a phone sends a few
        # photos per foot, a factory's planning system polls well under ten times a second.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_SIGN_IN": env.get("RATELIMIT_SIGN_IN", "10 per minute;50 per hour"),
        "RATELIMIT_PHOTOS": env.get("RATELIMIT_PHOTOS", "30 per minute"),
        "RATELIMIT_FACTORY": env.get("RATELIMIT_FACTORY", "600 per minute"),
        # Designs never ordered and untouched this long are deleted with their files (`flask designs purge`).
        "DESIGN_RETENTION_DAYS": _number(env, "DESIGN_RETENTION_DAYS", 90, int),
        # When Celery beat queues the daily purges (UTC, HH:MM; apart, so the two never delete the same photo at once).
        "PHOTO_PURGE_AT_UTC": env.get("PHOTO_PURGE_AT_UTC", "03:15"),
        "DESIGN_PURGE_AT_UTC": env.get("DESIGN_PURGE_AT_UTC", "03:45"),
    }


def _instance_secret(instance: Path) -> str:
    """Read the instance's secret key, creating it (mode 600) on first use."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()
