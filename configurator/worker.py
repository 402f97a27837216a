"""Celery worker entry point: ``JOB_BACKEND=celery celery -A configurator.worker worker``."""

import os

from . import create_app

os.environ.setdefault("JOB_BACKEND", "celery")
app = create_app()
celery = app.extensions["celery"]
