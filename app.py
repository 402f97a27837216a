"""Entry point for ``flask run``: Flask finds the app factory here."""

from configurator import create_app

__all__ = ["create_app"]
