"""Background jobs: in-process (``inline``, the default) or on Celery workers with Redis (``celery``).

Jobs are plain functions taking ids (never ORM objects) so they can be rerun
safely for the same input, in a request or in a worker. A worker runs each job
in an app context with its own database session.
"""

from flask import current_app

_JOBS = {}
BACKENDS = ("inline", "celery")


def job(fn):
    """Register ``fn`` as a job under its name."""
    _JOBS[fn.__name__] = fn
    return fn


def enqueue(name, **kwargs):
    """Run job ``name`` with ``kwargs`` on the configured backend."""
    if current_app.config["JOB_BACKEND"] == "celery":
        current_app.extensions["celery"].send_task(f"cordwain.{name}", kwargs=kwargs)
    else:
        _JOBS[name](**kwargs)


def init_app(app):
    backend = app.config["JOB_BACKEND"]
    if backend not in BACKENDS:
        raise RuntimeError(f"JOB_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}.")
    if backend == "celery":
        app.extensions["celery"] = make_celery(app)


def make_celery(app):
    """A Celery app whose tasks are this app's jobs, each run in an app context."""
    from celery import Celery

    celery = Celery(app.import_name, broker=app.config["CELERY_BROKER_URL"])
    celery.conf.update(task_ignore_result=True, broker_connection_retry_on_startup=True,
                       task_default_queue=app.config.get("CELERY_QUEUE", "cordwain"),
                       worker_hijack_root_logger=False)
    for name, fn in _JOBS.items():
        celery.task(name=f"cordwain.{name}")(_in_app_context(app, fn))
    return celery


def _in_app_context(app, fn):
    def run(**kwargs):
        with app.app_context():
            return fn(**kwargs)
    run.__name__ = fn.__name__
    return run
