"""Celery entry point for the workers and for beat, which queues the daily purges (the README's commands)::

    JOB_BACKEND=celery .venv/bin/celery -A configurator.worker:celery worker --loglevel=INFO --concurrency=2
    JOB_BACKEND=celery .venv/bin/celery -A configurator.worker:celery beat --loglevel=INFO \\
        --schedule=/srv/cordwain/celerybeat-schedule

``-A`` names the Celery app object (``celery``) explicitly: a bare ``-A configurator.worker`` makes Celery pick
the Flask app (``app``) in this module, which is not a Celery app.
"""

import os

from . import create_app

os.environ.setdefault("JOB_BACKEND", "celery")
app = create_app()
celery = app.extensions["celery"]
