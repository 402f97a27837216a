"""The storefront: a thin web shell over the ``fit`` library.

``create_app`` builds the app; each area is a package with one blueprint (its views in
``routes.py``, its logic in service modules, its templates in ``templates/<area>/``); config
comes from the environment (see ``config.py``) or from ``test_config``.
"""

import os
from typing import Any

from flask import Flask
from flask_wtf import CSRFProtect

csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None)
    os.makedirs(app.instance_path, exist_ok=True)
    from .config import from_environment

    app.config.from_mapping(from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    from . import cli, db, errors, jobs, mail, security
    from .api import routes as api
    from .factory import routes as factory
    from .fitters import routes as fitters
    from .orders import routes as orders
    from .shop import mat_routes as mat
    from .shop import routes as shop
    from .staff import routes as staff

    db.init_app(app)
    csrf.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    jobs.init_app(app)
    mail.init_app(app)
    for area in (shop, mat, orders, staff, fitters):
        app.register_blueprint(area.bp)
    # The JSON APIs take no cookies' authority (shopper ids are unguessable capabilities, factories send
    # bearer tokens), so no CSRF token either.
    for area in (api, factory):
        app.register_blueprint(area.bp)
        csrf.exempt(area.bp)
    security.init_app(app)
    app.jinja_env.filters["money"] = _money
    app.jinja_env.globals["public_url"] = mail.public_url
    return app


def _money(cents: int, currency: str = "EUR") -> str:
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency, currency + " ")
    return f"{symbol}{cents // 100:,}.{cents % 100:02d}"
