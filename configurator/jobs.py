"""Background jobs: in-process (``inline``, the default) or on Celery workers with Redis (``celery``).

Jobs are plain functions taking ids (never ORM objects) so they can be rerun
safely for the same input, in a request or in a worker. A worker runs each job
in an app context with its own database session.

Slow work a person waits for (building lasts) is *tracked*: a ``Job`` row holds its
state (queued, running, done, failed), attempts and error, so pages and the API can
show progress and a failure, and a retry can be asked for. On Celery a task is
acknowledged only after it ran (a worker killed mid-job leaves it to be redelivered),
is retried with backoff after an unexpected error, and has soft and hard time limits.

Daily work (the retention purges) is queued by Celery beat from ``beat_schedule``, at times from the config.
"""

import logging
import random
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Flask, current_app, g
from sqlalchemy import select

from fit.errors import FitError

from .clock import utcnow
from .db import db, DbSession
from .errors import ShopError
from .models import Design, Job

if TYPE_CHECKING:
    from celery import Celery

_JOBS: dict[str, Callable[..., Any]] = {}
BACKENDS = ("inline", "celery")
STATES = ("queued", "running", "done", "failed")
log = logging.getLogger(__name__)

JobFunction = TypeVar("JobFunction", bound=Callable[..., Any])


def job(fn: JobFunction) -> JobFunction:
    """Register ``fn`` as a job under its name."""
    _JOBS[fn.__name__] = fn
    return fn


def enqueue(name: str, **kwargs: Any) -> None:
    """Run job ``name`` with ``kwargs`` on the configured backend."""
    if current_app.config["JOB_BACKEND"] == "celery":
        current_app.extensions["celery"].send_task(f"cordwain.{name}", kwargs=kwargs)
    else:
        g.job_final_attempt = True          # in-process: no retries, a failure is recorded at once
        _JOBS[name](**kwargs)


def track(session: DbSession, kind: str, design: Design, inputs_sha256: str) -> tuple[Job, bool]:
    """The job doing ``kind`` for these inputs, and whether it still has to be queued.

    An unfinished or done job for the same inputs is reused (the work is keyed by its inputs); a failed one
    is queued again. The caller commits before queueing, so a worker always finds the row.
    """
    found = session.scalar(select(Job).where(Job.kind == kind, Job.design_id == design.id,
                                             Job.inputs_sha256 == inputs_sha256).order_by(Job.id.desc()))
    if found is not None and found.state != "failed":
        return found, False
    if found is not None:
        found.state, found.error_code, found.error_message = "queued", None, None
        return found, True
    new = Job(kind=kind, design_id=design.id, inputs_sha256=inputs_sha256, state="queued", attempts=0)
    session.add(new)
    session.flush()
    return new, True


def latest_job(session: DbSession, kind: str, design: Design) -> Job | None:
    return session.scalar(select(Job).where(Job.kind == kind, Job.design_id == design.id).order_by(Job.id.desc()))


def run_tracked(job_id: int, work: Callable[[DbSession, Job], None]) -> bool:
    """Run ``work`` for the tracked job ``job_id`` and record the outcome; returns whether it is done.

    A job already done or failed is left alone (a redelivered message). Bad input (``ShopError``, ``FitError``)
    fails at once: a retry would give the same answer. Any other error is retried by the worker until the last
    attempt, then recorded as failed. ``work`` flushes; the result and the state commit together.
    """
    session = db.session
    tracked = session.get(Job, job_id)
    if tracked is None or tracked.state in ("done", "failed"):
        return tracked is not None and tracked.state == "done"
    tracked.state, tracked.attempts, tracked.started_at = "running", tracked.attempts + 1, utcnow()
    session.commit()
    try:
        work(session, tracked)
    except (ShopError, FitError) as error:
        session.rollback()
        _finish(tracked, "failed", error.code, error.message)
        return False
    except Exception as error:
        session.rollback()
        if not g.get("job_final_attempt", True):
            tracked.state, tracked.error_message = "queued", f"Attempt {tracked.attempts} failed; retrying."
            session.commit()
            raise                                       # the worker retries it with backoff
        log.exception("Job %s failed after %s attempts", tracked.public_id, tracked.attempts)
        _finish(tracked, "failed", "JOB_FAILED", f"This did not work after {tracked.attempts} attempts "
                f"({type(error).__name__}); please try again.")
        return False
    _finish(tracked, "done", None, None)
    return True


def _finish(tracked: Job, state: str, code: str | None, message: str | None) -> None:
    tracked.state, tracked.error_code, tracked.error_message = state, code, message
    tracked.finished_at = utcnow()
    db.session.commit()


def init_app(app: Flask) -> None:
    backend = app.config["JOB_BACKEND"]
    if backend not in BACKENDS:
        raise RuntimeError(f"JOB_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}.")
    if backend == "celery":
        app.extensions["celery"] = make_celery(app)


def make_celery(app: Flask) -> "Celery":
    """A Celery app whose tasks are this app's jobs, each run in an app context.

    Delivery is at least once, so every job is idempotent: acks after the task (``acks_late``), a child killed
    by the kernel is redelivered (``reject_on_worker_lost``), one message at a time per process (prefetch 1),
    and Redis hands an unacknowledged message to another worker only after ``visibility_timeout``, which is
    longer than the hard time limit plus the longest retry delay, so a running job is not handed out twice.
    """
    from celery import Celery

    config = app.config
    celery = Celery(app.import_name, broker=config["CELERY_BROKER_URL"])
    celery.conf.update(
        task_ignore_result=True, broker_connection_retry_on_startup=True,
        task_default_queue=config["CELERY_QUEUE"], worker_hijack_root_logger=False,
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_soft_time_limit=config["JOB_SOFT_TIME_LIMIT_S"], task_time_limit=config["JOB_TIME_LIMIT_S"],
        broker_transport_options={"visibility_timeout": config["CELERY_VISIBILITY_TIMEOUT_S"],
                                  "unacked_restore_interval": config["CELERY_RESTORE_INTERVAL_S"],
                                  "unacked_restore_throttle": 1},
        timezone="UTC", beat_schedule=beat_schedule(config),
    )
    for name, fn in _JOBS.items():          # not shared: each app (one per test) keeps its own tasks
        celery.task(name=f"cordwain.{name}", bind=True, shared=False,
                    max_retries=config["JOB_MAX_ATTEMPTS"] - 1)(_in_app_context(app, fn))
    return celery


#: Jobs Celery beat queues once a day: schedule entry -> (job, config key of its time of day).
DAILY_JOBS = {"purge expired photos": ("purge_expired_photos_job", "PHOTO_PURGE_AT_UTC"),
              "purge abandoned designs": ("purge_abandoned_designs_job", "DESIGN_PURGE_AT_UTC")}


def beat_schedule(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Celery beat's entries: each of ``DAILY_JOBS`` once a day at its configured UTC time ("HH:MM")."""
    from celery.schedules import crontab

    schedule = {}
    for entry, (name, key) in DAILY_JOBS.items():
        hour, minute = daily_time(config[key], key)
        schedule[entry] = {"task": f"cordwain.{name}", "schedule": crontab(hour=hour, minute=minute)}
    return schedule


def daily_time(text: str, key: str) -> tuple[int, int]:
    """(hour, minute) of a 24-hour "HH:MM"; a clear error at start for anything else."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if match is None:
        raise RuntimeError(f"{key} must be a time of day as HH:MM (24-hour, UTC), not {text!r}.")
    return int(match[1]), int(match[2])


def _in_app_context(app: Flask, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(task: Any, **kwargs: Any) -> Any:
        with app.app_context():
            g.job_final_attempt = task.request.retries >= task.max_retries
            try:
                return fn(**kwargs)
            except Exception as error:
                if g.job_final_attempt:
                    raise
                raise task.retry(exc=error, countdown=retry_delay_s(app, task.request.retries)) from error
    run.__name__ = fn.__name__
    return run


def retry_delay_s(app: Flask, retries: int) -> float:
    """Exponential backoff with full jitter, capped: spreads retries so a shared fault is not hammered."""
    cap = min(app.config["JOB_RETRY_BACKOFF_MAX_S"], app.config["JOB_RETRY_BACKOFF_S"] * 2 ** retries)
    return random.uniform(cap / 2, cap)
