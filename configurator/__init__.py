"""The storefront: a thin web shell over the ``fit`` library.

``create_app`` builds the app; each area is a blueprint; config comes from the
environment (see ``config.py``) or from ``test_config``.
"""

import os
from pathlib import Path

from flask import Flask
from flask_wtf import CSRFProtect

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()


def create_app(test_config=None):
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    from .config import from_environment

    app.config.from_mapping(from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    from . import (api, auth, catalog_views, cli, db, designs, errors, factory_api, fitters, jobs, openapi, orders,
                   photos)

    db.init_app(app)
    csrf.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    jobs.init_app(app)
    app.register_blueprint(catalog_views.bp)
    app.register_blueprint(designs.bp)
    app.register_blueprint(photos.bp)
    app.register_blueprint(orders.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(fitters.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)   # the JSON API takes no cookies' authority: ids are unguessable capabilities
    for blueprint in (factory_api.bp, openapi.bp):     # bearer tokens and public documents: no cookies either
        app.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    app.jinja_env.filters["money"] = _money
    return app


def _money(cents, currency="EUR"):
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency, currency + " ")
    return f"{symbol}{cents // 100:,}.{cents % 100:02d}"
