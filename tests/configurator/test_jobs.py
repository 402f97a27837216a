"""Jobs run in-process by default, and on a real Celery worker with Redis when configured; a worker killed
mid-build loses nothing."""

import os
import shlex
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis

from configurator.db import db
from configurator.jobs import BACKENDS
from configurator.models import Job, Last
from tests.conftest import POSTGRES_URL
from tests.configurator.shop.test_designs import FEET_FORM, new_design

REDIS_URL = os.environ.get("TEST_REDIS_URL")


def test_an_unknown_backend_is_refused_at_start(database_url, tmp_path):
    from configurator import create_app
    from tests.conftest import base_config

    with pytest.raises(RuntimeError, match="JOB_BACKEND must be one of"):
        create_app({**base_config(database_url, tmp_path), "JOB_BACKEND": "cron"})
    assert BACKENDS == ("inline", "celery")


@pytest.fixture
def config_overrides():
    if not REDIS_URL:
        message = "the Celery test needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/15 (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as error:
        pytest.fail(f"TEST_REDIS_URL is set but Redis does not answer: {error}")
    queue = f"cordwain-test-{os.getpid()}"           # one queue per test process: xdist workers stay apart
    return {"JOB_BACKEND": "celery", "CELERY_BROKER_URL": REDIS_URL, "CELERY_QUEUE": queue}


def test_lasts_are_built_by_a_celery_worker(app, client):
    from celery.contrib.testing.worker import start_worker

    celery = app.extensions["celery"]
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        design_id = new_design(client)
        assert client.post(f"/designs/{design_id}/feet", data=FEET_FORM).status_code == 302
        deadline = time.monotonic() + 60
        response = client.get(f"/designs/{design_id}/review")
        while response.status_code == 202 and time.monotonic() < deadline:
            assert "Building your lasts" in response.get_data(as_text=True)
            time.sleep(0.5)
            response = client.get(f"/designs/{design_id}/review")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('class="last-preview"') == 2


# A real worker, started with the README's command, killed with SIGKILL in the middle of a build.

REPO = Path(__file__).resolve().parents[2]


def readme_worker_command():
    """The worker command exactly as the README gives it, with this venv's celery."""
    line = next(line for line in (REPO / "README.md").read_text().splitlines()
                if "celery -A configurator.worker:celery worker" in line)
    words = shlex.split(line.strip())
    assert words[0] == ".venv/bin/celery"
    return [str(Path(sys.executable).with_name("celery")), *words[1:]]


@pytest.fixture
def worker_env(app, database_url, config_overrides, tmp_path):
    if POSTGRES_URL and not database_url.startswith("postgresql"):
        pytest.skip("covered by the postgresql param (one worker process at a time)")
    return {**os.environ, "DATABASE_URL": database_url, "STORAGE_DIR": app.config["STORAGE_DIR"],
            "SECRET_KEY": app.config["SECRET_KEY"], "INSTANCE_PATH": str(tmp_path / "instance"),
            "JOB_BACKEND": "celery", "CELERY_BROKER_URL": REDIS_URL, "CELERY_QUEUE": config_overrides["CELERY_QUEUE"],
            # short enough for a test: a message the killed worker held comes back after 3 s
            "CELERY_VISIBILITY_TIMEOUT_S": "3", "CELERY_RESTORE_INTERVAL_S": "1",
            "JOB_MAX_ATTEMPTS": "3", "JOB_RETRY_BACKOFF_S": "0.5"}


class Worker:
    """The README's worker command as a process group, with its log, killed like the OOM killer would."""

    def __init__(self, env, log_path):
        self.log_path = log_path
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen([*readme_worker_command(), "--concurrency=1"], cwd=REPO, env=env,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        until(lambda: " ready." in log_path.read_text(errors="replace") or self.process.poll() is not None, 90)
        assert self.process.poll() is None, log_path.read_text()

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def until(condition, seconds):
    """Poll ``condition`` until it holds or ``seconds`` pass; returns its last value."""
    deadline = time.monotonic() + seconds
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def build_job(app):
    with app.app_context():
        db.session.remove()
        return db.session.scalar(db.select(Job).order_by(Job.id.desc()))


def test_a_worker_killed_mid_build_leaves_the_job_to_the_next_which_builds_it_once(app, client, worker_env,
                                                                                    tmp_path):
    first = Worker(worker_env, tmp_path / "worker-1.log")
    try:
        design_id = new_design(client)
        assert client.post(f"/designs/{design_id}/feet", data=FEET_FORM).status_code == 302
        assert until(lambda: (job := build_job(app)) is not None and job.state == "running", 90), \
            (tmp_path / "worker-1.log").read_text()
        first.kill()
    finally:
        first.stop()
    killed = build_job(app)
    assert (killed.state, killed.attempts) == ("running", 1)
    page = client.get(f"/designs/{design_id}/review")
    assert page.status_code == 202 and "building now" in page.get_data(as_text=True)
    second = Worker(worker_env, tmp_path / "worker-2.log")
    try:
        assert until(lambda: build_job(app).state == "done", 120), (tmp_path / "worker-2.log").read_text()
    finally:
        second.stop()
    done = build_job(app)
    assert (done.state, done.attempts, done.error_code) == ("done", 2, None)
    with app.app_context():
        assert len(db.session.scalars(db.select(Job)).all()) == 1
        assert len(db.session.scalars(db.select(Last)).all()) == 2
    response = client.get(f"/designs/{design_id}/review")
    assert response.status_code == 200 and response.get_data(as_text=True).count('class="last-preview"') == 2


def test_a_build_that_keeps_failing_ends_failed_and_the_page_says_so(app, client, worker_env, tmp_path):
    (tmp_path / "full-disk").write_text("")         # a file where the worker's storage folder should be
    worker = Worker({**worker_env, "STORAGE_DIR": str(tmp_path / "full-disk")}, tmp_path / "worker.log")
    try:
        design_id = new_design(client)
        assert client.post(f"/designs/{design_id}/feet", data=FEET_FORM).status_code == 302
        assert until(lambda: build_job(app).state == "failed", 120), (tmp_path / "worker.log").read_text()
    finally:
        worker.stop()
    failed = build_job(app)
    assert (failed.attempts, failed.error_code) == (3, "JOB_FAILED")
    page = client.get(f"/designs/{design_id}/review").get_data(as_text=True)
    assert "We could not build your lasts" in page and 'id="lasts-retry"' in page
    assert client.get(f"/designs/{design_id}/lasts/job").get_json()["state"] == "failed"


# Celery beat: the daily purges, named by real registered tasks that really purge.

def test_beat_queues_both_purges_daily_at_the_configured_times_and_each_task_purges(app, client):
    from configurator import storage
    from configurator.clock import utcnow
    from configurator.models import Design, Photo

    celery = app.extensions["celery"]
    schedule = celery.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} == {"cordwain.purge_expired_photos_job",
                                                                "cordwain.purge_abandoned_designs_job"}
    for entry, config_key in (("purge expired photos", "PHOTO_PURGE_AT_UTC"),
                              ("purge abandoned designs", "DESIGN_PURGE_AT_UTC")):
        hour, minute = (int(part) for part in app.config[config_key].split(":"))
        crontab = schedule[entry]["schedule"]
        assert (crontab.hour, crontab.minute, len(crontab.day_of_week)) == ({hour}, {minute}, 7)     # daily
        assert schedule[entry]["task"] in celery.tasks

    abandoned, kept = (client.post("/api/v1/designs", json={"style": "oxford"}).get_json()["id"] for _ in "ab")
    with app.app_context():
        old = db.session.scalar(db.select(Design).where(Design.public_id == abandoned))
        old.created_at = utcnow() - timedelta(days=app.config["DESIGN_RETENTION_DAYS"] + 1)
        photo_key = storage.save(f"photos/{kept}/left.jpg", b"\xff\xd8 a foot photo")
        design = db.session.scalar(db.select(Design).where(Design.public_id == kept))
        db.session.add(Photo(design=design, side="left", storage_key=photo_key, delete_after=utcnow()))
        db.session.commit()

    for entry in schedule.values():        # what a worker runs when beat queues the entry, in this process
        assert celery.tasks[entry["task"]].apply().successful()

    assert client.get(f"/api/v1/designs/{abandoned}").status_code == 404
    assert client.get(f"/api/v1/designs/{kept}").status_code == 200
    with app.app_context():
        assert not storage.exists(photo_key)
        assert db.session.scalar(db.select(db.func.count()).select_from(Photo)) == 0


def test_a_purge_time_that_is_not_a_time_of_day_is_refused_at_start(database_url, tmp_path, config_overrides):
    from configurator import create_app
    from tests.conftest import base_config

    with pytest.raises(RuntimeError, match="DESIGN_PURGE_AT_UTC must be a time of day as HH:MM"):
        create_app({**base_config(database_url, tmp_path), **config_overrides, "DESIGN_PURGE_AT_UTC": "3am"})
