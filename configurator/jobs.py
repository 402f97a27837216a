"""Background jobs. ``inline`` runs a job in-process right away; a queue backend comes later.

Jobs are plain functions taking ids (never ORM objects) so they can be rerun safely
for the same input, in a request or in a worker.
"""

from flask import current_app

_JOBS = {}


def job(fn):
    """Register ``fn`` as a job under its name."""
    _JOBS[fn.__name__] = fn
    return fn


def enqueue(name, **kwargs):
    """Run job ``name`` with ``kwargs`` on the configured backend."""
    backend = current_app.config["JOB_BACKEND"]
    if backend == "inline":
        return _JOBS[name](**kwargs)
    raise RuntimeError(f"Unknown JOB_BACKEND {backend!r}; use 'inline'.")
