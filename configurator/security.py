"""What every request and response gets: NUL characters refused, security headers, rate limits.

Headers (OWASP Secure Headers Project): a Content-Security-Policy with no inline script (the one inline block,
the import map, carries the request's nonce: ``csp_nonce()`` in templates), no framing, ``nosniff``, a strict
referrer policy, ``Cache-Control: no-store`` on every dynamic answer (order, design, fitter and API pages carry
personal data; a view that sets its own caching keeps it), HSTS and ``Secure`` cookies when the site is served
over https (``PREFERRED_URL_SCHEME=https``).

Rate limits (Flask-Limiter; storage ``RATELIMIT_STORAGE_URI``, memory by default, Redis in production so every
worker shares the counts) on staff sign-in and photo uploads per client address, and on the factory API per
token. An answer over the limit is 429 ``TOO_MANY_REQUESTS`` with ``Retry-After``.
"""

import hashlib
import secrets
from typing import Any, cast

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

_CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self' data: blob:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_TOO_MANY = "Too many requests in a short time; wait a minute, then try again."
_HSTS = "max-age=31536000; includeSubDomains"       # one year, as RFC 6797 section 11.2 suggests for long-lived sites

#: Views limited per client, by endpoint: (config key of the limit, HTTP methods counted).
_LIMITED_VIEWS = {"staff.login": ("RATELIMIT_SIGN_IN", ["POST"]), "shop.photos": ("RATELIMIT_PHOTOS", ["POST"])}


def init_app(app: Flask) -> None:
    """Install the checks and headers; call after every blueprint is registered."""
    if app.config.get("PREFERRED_URL_SCHEME") == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
    app.before_request(_refuse_nul_characters)
    app.after_request(_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    _init_limits(app)


def csp_nonce() -> str:
    """This request's nonce for the Content-Security-Policy (the same for every use in one page)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def _refuse_nul_characters() -> None:
    """A NUL in a path, query or form field is never meant; PostgreSQL cannot even compare one."""
    texts = [request.path, *request.args.keys(), *request.args.values()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        texts += [*request.form.keys(), *request.form.values()]
    if any("\x00" in text for text in texts):
        abort(400, "Text may not contain a NUL character.")


def _headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", _CSP.format(nonce=csp_nonce()))
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static" and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    if current_app.config.get("PREFERRED_URL_SCHEME") == "https":
        headers.setdefault("Strict-Transport-Security", _HSTS)
    return response


def _init_limits(app: Flask) -> None:
    limiter = Limiter(get_remote_address, app=app, default_limits=[], headers_enabled=True,
                      storage_uri=app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    for endpoint, (key, methods) in _LIMITED_VIEWS.items():
        view: Any = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(app.config[key], methods=methods, error_message=_TOO_MANY)(view)
    factory_api = cast(Blueprint, app.blueprints["factory"])
    limiter.limit(app.config["RATELIMIT_FACTORY"], key_func=_factory_token_key, error_message=_TOO_MANY)(factory_api)
    app.extensions["cordwain_limiter"] = limiter


def _factory_token_key() -> str:
    """Count a factory's calls by its token (hashed: the key lands in the limiter's storage)."""
    token = request.headers.get("Authorization", "")
    return "factory:" + hashlib.sha256(token.encode()).hexdigest() if token else get_remote_address()
